"""Earlier schema versions keep opening: every stored example of every version migrates and renders."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from trialkit.design import SCHEMA_VERSION, Trial, load_trial, parse_trial, save_trial
from trialkit.design.io import trial_data
from trialkit.design.migrate import STEPS, migrate
from trialkit.render.markdown import render_markdown

VERSIONS = Path(__file__).with_name("versions")
OLD = sorted(VERSIONS.glob("*/*.yaml"))


def test_every_earlier_version_has_examples_and_a_step() -> None:
    versions = {int(path.parent.name) for path in OLD}
    assert versions == set(range(1, SCHEMA_VERSION)), "keep the examples of every earlier version"
    assert set(STEPS) == versions


@pytest.mark.parametrize("path", OLD, ids=lambda p: f"v{p.parent.name}/{p.name}")
def test_old_example_migrates_keeping_every_value(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    trial = load_trial(path)
    assert trial.schema_version == SCHEMA_VERSION
    old = yaml.safe_load(text)
    assert old["schema_version"] < SCHEMA_VERSION
    # the examples have no free-text events: read as the current version, they are the same
    assert Trial.model_validate({**old, "schema_version": SCHEMA_VERSION}) == trial
    assert trial_data(trial)["schema_version"] == SCHEMA_VERSION
    assert path.read_text(encoding="utf-8") == text  # reading never rewrites the file


@pytest.mark.parametrize("path", OLD, ids=lambda p: f"v{p.parent.name}/{p.name}")
def test_old_example_renders(path: Path) -> None:
    text = render_markdown(load_trial(path))
    assert "] strategy" not in text
    assert "[Name the registry" in text or "Trial registration" in text


def test_free_text_intercurrent_events_become_rows_to_choose_a_strategy_for() -> None:
    text = (
        "schema_version: 1\nobjectives:\n  - id: O1\n    level: primary\n    endpoints:\n"
        "      - id: E1\n        estimand:\n          intercurrent_events:\n"
        "            - Rescue insulin; stopping treatment\n"
        "            - event: Death\n              strategy: composite\n"
    )
    trial = parse_trial(text)
    events = trial.objectives[0].endpoints[0].estimand.intercurrent_events  # type: ignore[union-attr]
    assert [(e.event, e.strategy) for e in events] == [
        ("Rescue insulin", None), ("stopping treatment", None), ("Death", "composite"),
    ]
    rendered = render_markdown(trial)
    assert "| Intercurrent event: Rescue insulin | [Choose a strategy" in rendered
    assert "] strategy" not in rendered and "[choose a strategy]" not in rendered
    assert "| Intercurrent event: Death | Composite strategy |" in rendered


def test_a_whole_free_text_field_is_split_into_rows() -> None:
    data = {"schema_version": 1, "objectives": [{"id": "O1", "endpoints": [
        {"id": "E1", "estimand": {"intercurrent_events": "Rescue\n- Withdrawal\n"}}]}]}
    migrated = migrate(data)
    events = migrated["objectives"][0]["endpoints"][0]["estimand"]["intercurrent_events"]
    assert events == [{"event": "Rescue"}, {"event": "Withdrawal"}]
    assert data["objectives"][0]["endpoints"][0]["estimand"]["intercurrent_events"] == (
        "Rescue\n- Withdrawal\n"
    ), "the caller's data is left alone"
    assert Trial.model_validate(data).schema_version == SCHEMA_VERSION


def test_saving_a_migrated_file_writes_the_current_version_and_keeps_the_layout(
    tmp_path: Path,
) -> None:
    source = VERSIONS / "1" / "anakinra-t1d.yaml"
    text = source.read_text(encoding="utf-8")
    path = tmp_path / "design.yaml"
    path.write_text(text, encoding="utf-8")
    trial = load_trial(path)
    save_trial(trial, path, keep_layout_of=text)
    saved = path.read_text(encoding="utf-8")
    assert f"schema_version: {SCHEMA_VERSION}\n" in saved
    assert "# Main example: IL-1 blockade" in saved  # comments kept
    assert load_trial(path) == trial


def test_a_version_no_trialkit_wrote_is_refused_naming_the_field(tmp_path: Path) -> None:
    from trialkit.errors import DesignError

    for bad in ("0", "'1'"):
        path = tmp_path / "design.yaml"
        path.write_text(f"schema_version: {bad}\n", encoding="utf-8")
        with pytest.raises(DesignError, match="Schema version"):
            load_trial(path)


RELEASED = sorted(Path(__file__).with_name("released").glob("*/*.yaml"))
"""The examples as the previous release wrote them, in the current schema version: the fields
added since (structured analyses, binding futility, ICH M11 parts) are optional, so they open."""


@pytest.mark.parametrize("path", RELEASED, ids=lambda p: f"v{p.parent.name}/{p.name}")
def test_files_of_the_previous_release_open_and_render(path: Path) -> None:
    assert RELEASED and yaml.safe_load(path.read_text(encoding="utf-8"))["schema_version"] == 2
    trial = load_trial(path)
    assert trial.schema_version == SCHEMA_VERSION
    assert "### 10.7 Sample size determination" in render_markdown(trial)
