"""``trialkit evidence list|show|size|schema``: browse the evidence library, size from a record.

``--evidence DIR`` (repeatable, before or after the subcommand) adds a folder of the user's
own records to the built-in seeds; so does the TRIALKIT_EVIDENCE environment variable.
"""

from __future__ import annotations

import argparse
import json
import textwrap
from typing import TYPE_CHECKING, Any

from trialkit.cli.terminal import printable
from trialkit.power._text import typeset

if TYPE_CHECKING:
    from trialkit.evidence import Estimate, Library, Source

WIDTH = 100


def _evidence_option(parser: argparse.ArgumentParser, dest: str) -> None:
    parser.add_argument(
        "--evidence", metavar="DIR", action="append", dest=dest, default=None,
        help="extra folder of evidence YAML files (repeatable; also $TRIALKIT_EVIDENCE)",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``trialkit evidence``."""
    _evidence_option(parser, "evidence_before")
    sub = parser.add_subparsers(dest="evidence_command", metavar="SUBCOMMAND", required=True,
                                parser_class=type(parser))
    lister = sub.add_parser("list", help="table of every estimate: id, source, outcome, kind, "
                            "value, CI", description="Table of every estimate in the library.")
    lister.add_argument("--kind", help="only estimates of this kind (e.g. smd_pre_post)")
    lister.add_argument("--source", help="only estimates of this source id")
    _evidence_option(lister, "evidence_after")

    show = sub.add_parser("show", help="one source or estimate in full, with its provenance",
                          description="Show a source (ID) or an estimate (SOURCE.ESTIMATE).")
    show.add_argument("id", metavar="ID", help="source id or <source>.<estimate>")
    show.add_argument("--json", action="store_true", help="print the record as JSON")
    _evidence_option(show, "evidence_after")

    schema = sub.add_parser("schema", help="JSON Schema of an evidence file (for your own records)",
                            description="Print the JSON Schema every evidence YAML file follows.")
    _evidence_option(schema, "evidence_after")

    size = sub.add_parser(
        "size", help="sample size straight from an estimate, with the conversion shown",
        description="Sample size with the effect taken from an evidence estimate. The "
        "justification cites the source and states every conversion.",
    )
    size.add_argument("id", metavar="ID", help="estimate id <source>.<estimate>")
    size.add_argument("--procedure", choices=("two_means", "one_mean", "ratio_of_means",
                      "two_proportions", "one_proportion"),
                      help="power procedure (default: a two-arm comparison fitting the kind)")
    size.add_argument("--power", type=float, default=0.8, help="target power (default 0.8)")
    size.add_argument("--alpha", type=float, default=0.05, help="significance level (0.05)")
    size.add_argument("--sides", type=int, choices=(1, 2), default=2, help="1 or 2 (default 2)")
    size.add_argument("--ratio", type=float, default=1.0, help="allocation treatment:control")
    size.add_argument("--dropout", type=float, default=0.0, help="fraction lost, in [0, 1)")
    size.add_argument("--sd", type=float, help="standard deviation, if not derived from the record")
    size.add_argument("--cv", type=float, help="coefficient of variation (ratio_of_means)")
    size.add_argument("--control-rate", type=float, help="control-arm rate for two_proportions")
    size.add_argument("--control", metavar="ID", help="estimate id of a control-arm record")
    size.add_argument("--null-rate", type=float, help="rate to beat for one_proportion")
    size.add_argument("--distribution", choices=("t", "z"), default="t",
                      help="reference distribution when an SD is derived from a CI or P (t)")
    size.add_argument("--assurance", action="store_true",
                      help="also the probability of success (assurance), with the estimate as "
                      "the prior's mean and the standard error its CI implies as its SD")
    size.add_argument("--json", action="store_true", help="print the result as JSON")
    _evidence_option(size, "evidence_after")


def run(args: argparse.Namespace) -> int:
    """Run the chosen evidence subcommand."""
    from trialkit.cli.terminal import printable_json
    from trialkit.evidence import Source, load_library

    if args.evidence_command == "schema":
        print(json.dumps(Source.model_json_schema(), indent=2, ensure_ascii=False))
        return 0
    folders = (args.evidence_before or []) + (args.evidence_after or [])
    library = load_library(folders)
    if args.evidence_command == "list":
        text = list_table(library, kind=args.kind, source=args.source)
    elif args.evidence_command == "show":
        text = show_json(library, args.id) if args.json else show_text(library, args.id)
    else:
        text = size_text(library, args)
    # Records are other people's files: their text is shown, its control characters are not
    # sent to the terminal.
    print(printable_json(text) if getattr(args, "json", False) else printable(text))
    return 0


def _cell(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def list_table(library: Library, *, kind: str | None = None, source: str | None = None) -> str:
    """The estimates as an aligned text table, then the sources that have no estimates."""
    if source is not None:
        library.source(source)
    rows: list[tuple[str, ...]] = [("ID", "SOURCE", "OUTCOME", "KIND", "VALUE", "CI")]
    for e in library.estimates():
        if (kind and e.kind != kind) or (source and e.source.id != source):
            continue
        citation = e.source.citation
        ci = f"{e.ci.lower:g} to {e.ci.upper:g} ({e.ci.level:.0%})" if e.ci else "-"
        value = f"{e.value:g}" + (f" {e.units}" if e.units else "")
        cells = (e.full_id, f"{citation.author_text()} {citation.year}",
                 _cell(e.outcome, 34), e.kind, value, ci)
        rows.append(tuple(printable(c) for c in cells))  # escapes counted in the widths
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    if len(rows) == 1:
        lines.append("(no estimates match)")
    qualitative = [s for s in library.sources.values() if not s.estimates]
    if qualitative and not (kind or source):
        lines.append("")
        lines.append("Sources without estimates (cautions, findings and adverse events only): "
                     + ", ".join(s.id for s in qualitative))
    return "\n".join(lines)


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")


def _source_lines(source: Source) -> list[str]:
    d = source.design
    lines = [_wrap(f"{source.id}: {source.citation.full()}", ""),
             _wrap(f"Document: {source.document}", "")]
    lines.append(f"Design: {d.type.replace('_', ' ')}")
    for label, value in (
        ("condition", d.condition), ("population", d.population),
        ("randomised", d.n_randomised), ("analysed", d.n_analysed), ("trials", d.n_studies),
        ("randomisation", d.randomisation), ("blinding", d.blinding), ("duration", d.duration),
        ("follow-up", d.follow_up), ("analysis", d.analysis),
        ("primary outcome", d.primary_outcome),
    ):
        if value is not None:
            lines.append(_wrap(f"{label}: {value}"))
    for arm in d.arms:
        parts = [arm.intervention, arm.dose, arm.route, arm.frequency, arm.duration]
        lines.append(_wrap(f"arm {arm.label}: " + ", ".join(p for p in parts if p)))
    for related in source.related:
        lines.append(_wrap(f"related: {related.citation.full()} - {related.relation}"))
    if d.cautions:
        lines.append("Cautions:")
        lines.extend(_wrap(f"- {c}") for c in d.cautions)
    return lines


def _estimate_lines(e: Estimate) -> list[str]:
    lines = [f"{e.full_id}: {e.outcome}", f"  kind: {e.kind} ({e.meaning})",
             f"  value: {e.summary()}"]
    for label, value in (
        ("comparison", e.comparison), ("arm", e.arm), ("subgroup", e.subgroup),
        ("timepoint", e.timepoint), ("n", e.n and str(e.n)),
        ("lower is better", e.lower_is_better), ("where", e.locator),
    ):
        if value is not None:
            lines.append(_wrap(f"{label}: {value}"))
    lines.extend(_wrap(f"note: {n}") for n in e.notes)
    lines.append(_wrap(f"source: {e.source.citation.full()}"))
    lines.append("  provenance:")
    lines.append(_wrap("- value as reported in the source", "    "))
    lines.extend(_wrap(f"- {step.sentence()}", "    ") for step in e.provenance)
    return lines


def show_text(library: Library, record_id: str) -> str:
    """A source with all its records, or one estimate with its source and provenance."""
    if "." in record_id:
        e = library.estimate(record_id)
        return "\n".join([*_estimate_lines(e), "", "Source:", *_source_lines(e.source)])
    source = library.source(record_id)
    lines = _source_lines(source)
    if source.estimates:
        lines += ["", "Estimates:"]
        lines += [_wrap(f"{e.full_id} [{e.kind}] {e.outcome}: {e.summary()}")
                  for e in source.estimates]
    if source.findings:
        lines += ["", "Findings (no numbers reported):"]
        lines += [_wrap(f"{f.id}: {f.outcome} - {f.result.replace('_', ' ')}: {f.detail}")
                  for f in source.findings]
    if source.adverse_events:
        lines += ["", "Adverse events:"]
        lines += [_wrap(f"{a.id}: {a.event} ({a.occurrence.replace('_', ' ')}, "
                        f"{a.frequency.replace('_', ' ')}"
                        f"{', dose-related' if a.dose_related else ''})")
                  for a in source.adverse_events]
    return "\n".join(lines)


def show_json(library: Library, record_id: str) -> str:
    """The record as JSON (a source, or an estimate with its source id)."""
    if "." in record_id:
        e = library.estimate(record_id)
        data: dict[str, Any] = {"source": e.source.id, **e.model_dump(mode="json")}
    else:
        data = library.source(record_id).model_dump(mode="json")
    return json.dumps(data, indent=2, ensure_ascii=False)


def size_text(library: Library, args: argparse.Namespace) -> str:
    """Size from an estimate; text with inputs, provenance and justification, or JSON."""
    from trialkit.evidence import size_from_estimate

    estimate = library.estimate(args.id)
    supplied: dict[str, Any] = {
        "sd": args.sd, "cv": args.cv, "control_rate": args.control_rate,
        "null_rate": args.null_rate,
        "control": library.estimate(args.control) if args.control else None,
    }
    result = size_from_estimate(
        estimate, args.procedure, power=args.power, alpha=args.alpha, sides=args.sides,
        ratio=args.ratio, dropout=args.dropout, distribution=args.distribution,
        **{k: v for k, v in supplied.items() if v is not None},
    )
    success = _assurance(estimate, result, args.distribution) if args.assurance else None
    if args.json:
        payload = result.to_dict()
        if success is not None:
            payload["assurance"] = success.to_dict()
        return json.dumps(payload, indent=2, ensure_ascii=False)
    from trialkit.power import catalogue

    proc = catalogue.procedure(result.procedure)
    arms = " + ".join(str(n) for n in result.n_per_arm)
    label = proc.label if proc is not None else result.procedure
    lines = [f"{label} from {estimate.full_id}: n = {arms} (total {result.n_total}), "
             f"power {result.power:.4f}"]
    if result.dropout:
        lines.append(f"enrol {result.n_total_enrolled} allowing for {result.dropout:.0%} dropout")
    if proc is not None:
        names = {proc.label_of(k) for k, v in result.inputs.items() if v is not None}
        lines.append("inputs: " + ", ".join(f"{name} {value}" for name, value
                                             in result.summary_rows() if name in names))
    lines += ["", "Justification:", textwrap.fill(typeset(result.justification), WIDTH)]
    if success is not None:
        lines.insert(1, f"assurance {success.assurance:.4f} (probability of success given the "
                     "evidence)")
        lines += ["", "Assurance:", textwrap.fill(typeset(success.justification), WIDTH)]
    return "\n".join(lines)


def _assurance(estimate: Estimate, result: Any, distribution: Any) -> Any:
    """The assurance of ``result`` with the prior the estimate's confidence interval implies."""
    from trialkit.evidence.prior import assurance_from_estimate

    return assurance_from_estimate(estimate, result, distribution=distribution)
