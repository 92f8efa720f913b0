"""The Design step's menus say what the protocol says ('Active comparator', 'No control',
'Single-blind', 'Sponsor staff'), from the design's one table of words (audit N7)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select

from tests.tui.conftest import editor_at
from trialkit.design.value_words import menu_words
from trialkit.evidence import load_library
from trialkit.tui.app import make_app


async def test_design_menus_use_the_protocols_words(example: Path):
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        design = (await editor_at(pilot, "design")).pane("design")
        control = design.query_one("#design-design--control-type", Select)
        words = [str(prompt) for prompt, _ in control._options]
        assert {"Active comparator", "No control", "Historical control"} <= set(words), words
        level = design.query_one("#blind-design--blinding--level", Select)
        assert "Single-blind" in [str(prompt) for prompt, _ in level._options]
        masked = design.query_one("#blind-design--blinding--masked")
        shown = [str(o.prompt) for o in masked._options]
        assert "Sponsor staff" in shown and "Participants" in shown, shown
        for prompt, value in control._options:
            if isinstance(value, str):
                assert str(prompt) == menu_words(value)


def test_evidence_details_name_study_type_and_estimate_kind_as_the_protocol_does():
    from trialkit.evidence.models import KIND_LABEL
    from trialkit.render.sources import STUDY_TYPES
    from trialkit.tui.steps.question import describe_source

    library = load_library()
    for source in library.sources.values():
        shown = describe_source(source)
        assert STUDY_TYPES[source.design.type] in shown
        for estimate in source.estimates:
            assert f"{KIND_LABEL[estimate.kind]} {estimate.summary()}" in shown
            assert estimate.kind not in shown.replace(estimate.full_id, "")
