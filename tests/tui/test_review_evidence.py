"""The review step lists the evidence problems ``trialkit check`` and the protocol report."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import OptionList

from tests.test_assessment import with_unknown_evidence
from tests.tui.conftest import editor_at, wait_until
from trialkit.tui.app import make_app
from trialkit.tui.steps.review import ReviewStep


async def test_review_lists_evidence_ids_the_library_cannot_resolve(example: Path):
    design = with_unknown_evidence(example, example.parent)
    app = make_app(design, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await editor_at(pilot, "review")
        review = editor.pane("review")
        assert isinstance(review, ReviewStep)
        listing = review.query_one("#review-list", OptionList)
        await wait_until(pilot, lambda: any(field == "background.evidence"
                                            for _, field in review.targets.values()),
                         "the review lists the unknown evidence")
        lines = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        cited = [line for line in lines if line.startswith("ERROR: Question, evidence cited:")]
        assert cited and "nosuch2099" in cited[0]
        rate = [line for line in lines
                if line.startswith("ERROR: Safety, expected adverse events:")]
        assert rate and "nosuch2099" in rate[0]
        assert not [line for line in lines if re.search(r"[a-z]_[a-z]|\w\.\w+\.|\.\d", line)
                    and "to fill" in line], "a SPIRIT line names a field by its model path"
        fields = {field for _, field in review.targets.values()}
        assert {"background.evidence", "safety.expected_adverse_events"} <= fields
