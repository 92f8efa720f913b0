"""The expected adverse event's evidence is chosen from the records that report adverse events,
named by citation (issue 12, the drives: it took a record id typed by hand); the file keeps the
record's id, and an id the library does not hold stays, named as not found."""

from __future__ import annotations

from pathlib import Path

import yaml
from textual.widgets import Select

from tests.tui.conftest import editor_at, settle, wait_until
from trialkit.design import load_trial
from trialkit.tui.app import make_app

RATE = "su2024.injection_site_reaction_rate"


def _prompts(select: Select) -> list[str]:
    return [str(prompt) for prompt, _ in select._options]


async def test_the_evidence_is_chosen_by_citation_and_kept_by_id(example: Path):
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    data["safety"]["expected_adverse_events"][1]["evidence"] = "nosuch.rate"
    example.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await editor_at(pilot, "safety")
        pane = editor.pane("safety")
        await wait_until(pilot, lambda: pane.library is not None, "the library is read", 60)
        await settle(pilot)
        field = pane.query_one("#adverse-events-evidence", Select)
        prompts = _prompts(field)
        assert field.prompt == "(none)" and field._options[0][1] is Select.NULL
        assert "injection-site reaction, 33.1%, Su et al. (2024" in prompts[1]
        assert any(p.startswith("Moran et al. (2013") and "(no rate)" in p for p in prompts)
        assert not any("su2024" in p or "moran2013" in p for p in prompts), prompts
        # By keyboard: open the menu, the first record, Enter.
        field.focus()
        await settle(pilot)
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        assert app.trial.safety.expected_adverse_events[0].evidence == RATE
        # An id the library does not hold is shown as such, not dropped.
        items = pane.query_one("#adverse-events-items")
        items.focus()
        items.highlighted = 1
        await settle(pilot)
        assert field.value == "nosuch.rate"
        assert "'nosuch.rate' (not found)" in _prompts(field)
        assert app.trial.safety.expected_adverse_events[1].evidence == "nosuch.rate"
        app.action_save()
        await settle(pilot)
        saved = load_trial(example).safety.expected_adverse_events
        assert [saved[0].evidence, saved[1].evidence] == [RATE, "nosuch.rate"]
