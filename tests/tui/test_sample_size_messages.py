"""Every message the sample-size step shows about a picked record names a field the user can
fill, in words (issue 12: "Supply the control arm's rate" had no field to supply it in)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from tests.tui.conftest import editor_at, settle, type_into
from trialkit.design import load_trial
from trialkit.design.evidence_link import CONVERSION_FIELDS, CONVERSION_FOR, EvidenceLink
from trialkit.design.evidence_rank import rank_evidence
from trialkit.evidence import load_library
from trialkit.evidence.inputs import SUPPLIES
from trialkit.tui.app import make_app
from trialkit.tui.procedures import form_named
from trialkit.tui.widgets.evidence_picker import MORE

_NAMED_FIELD = re.compile(r"\(the ([^()]+?) field\)")
_ASKS = re.compile(r"\bSupply\b")


@pytest.mark.parametrize("procedure", sorted(SUPPLIES))
def test_a_record_that_needs_more_names_the_field_to_type_it_in(example: Path,
                                                               procedure: str) -> None:
    trial = load_trial(example)
    form = form_named(procedure)
    assert form is not None
    fields = {p.label for p in form.parameters}
    fields |= {CONVERSION_FIELDS[name] for name in CONVERSION_FOR.get(procedure, ())}
    reasons = [r.reason for r in rank_evidence(trial, EvidenceLink(load_library()), form, "E1")
               if not r.fits]
    for reason in reasons:
        assert "=..." not in reason and " --" not in reason, reason
        assert not re.search(r"\b(control_rate|null_rate|sd|cv)\b", reason), reason
        if _ASKS.search(reason) and procedure in CONVERSION_FOR:
            named = _NAMED_FIELD.findall(reason)
            assert named and set(named) <= fields, reason


async def test_the_control_arms_rate_has_a_field_and_typing_it_sizes_the_design(example: Path):
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await editor_at(pilot, "sample_size")
        step = editor.pane("sample_size")
        step.query_one("#ss-procedure", Select).value = "two_proportions"
        await settle(pilot)
        picker = step.query_one("#ss-evidence", Select)
        picker.value = MORE
        await settle(pilot)
        picker.value = "su2024.fever_rate"  # a rate in one group: says nothing of the control
        await settle(pilot)
        note = str(step.query_one("#ss-evidence-note", Static).render())
        assert "(the Control arm's rate field)" in note, note
        field = step.query_one("#ss-x-control_rate", Input)
        assert field.display and field.parent.display and step.query_one("#ss-supply").display
        assert step.focus_field("sample_size.parameters.control_rate")
        await pilot.pause()
        assert app.focused is field
        await type_into(pilot, field, "150%")
        assert "is not a rate" in str(step.query_one("#ss-x-control_rate-error", Static).render())
        await type_into(pilot, field, "10%")
        assert app.trial.sample_size.parameters["control_rate"] == pytest.approx(0.1)
        assert step.sizing is not None and step.sizing.result is not None
        assert "cannot size" not in str(step.query_one("#ss-evidence-note", Static).render())
        assert str(step.query_one("#ss-message", Static).render()) == ""
        picker.clear()
        await settle(pilot)
        assert not step.query_one("#ss-supply").display
