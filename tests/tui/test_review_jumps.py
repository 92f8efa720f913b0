"""The review's jump lands on the field that fills the gap (issue 12, audit F2): when only a
printed prompt remains, the field whose prompt it is (an endpoint's intercurrent events for
'[Choose a strategy]', the expected adverse events), and the registration by the registry
entries a person edits, never the derived 'registrations'."""

from __future__ import annotations

from pathlib import Path

import yaml
from textual.widgets import OptionList

from tests.tui.conftest import editor_at, settle, wait_until
from tests.tui.test_every_field import _edits
from trialkit.tui.app import make_app

ROOT = Path(__file__).resolve().parents[2]


def _gaps_design(folder: Path) -> Path:
    """The main example with an intercurrent event lacking a strategy, no screen failures, no
    discontinuation, no expected adverse events and a registry not yet registered."""
    data = yaml.safe_load((ROOT / "examples" / "anakinra-t1d.yaml").read_text(encoding="utf-8"))
    estimand = data["objectives"][0]["endpoints"][0]["estimand"]
    estimand["intercurrent_events"].append({"event": "Rescue insulin"})
    data["population"]["screen_failures"] = None
    data["discontinuation"] = {}
    data["safety"]["expected_adverse_events"] = []
    path = folder / "gaps.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


async def test_enter_on_every_review_line_lands_on_the_field_it_names(tmp_path: Path):
    app = make_app(_gaps_design(tmp_path), offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await editor_at(pilot, "review")
        review = editor.pane("review")
        listing = review.query_one("#review-list", OptionList)
        await wait_until(pilot, lambda: bool(review.targets), "the review is listed", 30)
        lines = {listing.get_option_at_index(i).id: str(listing.get_option_at_index(i).prompt)
                 for i in range(listing.option_count)}
        targets = dict(review.targets)
        by_item = {lines[key].split(" ")[1]: field for key, (_, field) in targets.items()
                   if lines[key].startswith("SPIRIT ")}
        assert by_item["4"] == "title_page.registry_ids.identifier"
        assert by_item["10"] == by_item["16"] == \
            "objectives.0.endpoints.0.estimand.intercurrent_events"
        assert by_item["17"] == "safety.expected_adverse_events"
        assert not any("registrations" in line for line in lines.values()), lines
        missed = []
        for index in range(listing.option_count):
            key = listing.get_option_at_index(index).id
            if key not in targets:
                continue
            editor.show_step("review")
            await settle(pilot)
            listing.focus()
            listing.highlighted = index
            await pilot.press("enter")
            await settle(pilot)
            step, field = targets[key]
            pane = editor.pane(step)
            if not (editor.current == step and app.focused is not None
                    and _edits(pane, app.focused, field)):
                missed.append(f"{lines[key][:60]} -> {field}: {getattr(app.focused, 'id', None)}")
        assert not missed, "\n".join(missed)
