"""The assurance options of a sizing command (``trialkit power ... --prior-mean``) and its rows.

The interim procedures' tables are trialkit.power.interim_summary's, shared with the terminal UI.
"""

from __future__ import annotations

from typing import Any


def assurance_options(args: Any) -> dict[str, Any] | None:
    """The assurance's keywords from --prior-mean/--prior-sd/--target-assurance (None if absent)."""
    from trialkit.errors import TrialkitError

    mean = getattr(args, "prior_mean", None)
    sd = getattr(args, "prior_sd", None)
    target = getattr(args, "target_assurance", None)
    if mean is None and sd is None and target is None:
        return None
    if mean is None or sd is None:
        raise TrialkitError("the assurance needs both --prior-mean (Prior mean) and --prior-sd "
                            "(Prior SD)")
    return {"prior_mean": mean, "prior_sd": sd, "target": target}


def assurance_rows(answer: Any) -> list[tuple[str, str]]:
    """The assurance's lines for the table."""
    rows = [("assurance", f"{answer.assurance:.4f}"),
            ("power at the prior mean", f"{answer.power_at_prior_mean:.4f}"),
            ("largest possible assurance", f"{answer.limit:.4f}")]
    if answer.solved_for == "n":
        rows.append((f"{answer.size_name.replace('_', ' ')} for the assurance",
                     " + ".join(map(str, answer.sizes))))
    return rows
