"""The calculators screen (F5) offers every procedure the command line has that does not size a
design (issue 12: ``trialkit power ancova-log|design-effect|adjusted-alpha|conditional-power|
promising-zone`` had no place in the UI), with the engine's own table and paragraph."""

from __future__ import annotations

from textual.widgets import Input, Select, Static

from tests.tui.conftest import MAIN_EXAMPLE, settle, type_into, wait_until
from trialkit.cli.power import PROCEDURES
from trialkit.design import load_trial
from trialkit.power import catalogue
from trialkit.power.ancova_log1p import ancova_log
from trialkit.power.catalogue_extra import INTERIM_PROCEDURES
from trialkit.resources import data_dir
from trialkit.tui.app import make_app
from trialkit.tui.calculations import CALCULATORS, calculate
from trialkit.tui.procedures import available_forms
from trialkit.tui.screens.calculator import CalculatorScreen, calculator_commands
from trialkit.tui.screens.help import help_text

SIZE = (80, 24)
QUICK = {
    "cluster_design_effect": {"cluster_size": "20", "icc": "0.05", "cluster_size_cv": "0.4"},
    "adjusted_alpha": {"endpoints": "3"},
    "conditional_power": {"z_interim": "1.2", "information_fraction": "0.5"},
    "promising_zone": {"n_interim": "208", "n_planned": "442", "n_max": "884",
                       "z_interim": "1.5", "design_power": "0.9"},
}
"""Values typed into each quick calculator (the catalogue's examples, and some options)."""
SIMULATED = {"control_mean": "0.4", "cv": "0.8", "mean_ratio": "1.3",
             "baseline_correlation": "0.7", "n_per_arm": "12", "n_sims": "400"}


def _text(screen, wid: str) -> str:
    return str(screen.query_one(wid, Static).render())


async def _pick(pilot, screen, name: str) -> None:
    screen.query_one("#calc-procedure", Select).value = name
    await settle(pilot)
    assert screen.form.procedure.name == name


async def _fill(pilot, screen, texts: dict[str, str]) -> None:
    """The first value typed key by key, the others set as a paste would (fewer redraws)."""
    first, *others = texts.items()
    for name, text in others:
        screen.query_one(f"#calc-p-{name}", Input).value = text
    await type_into(pilot, screen.query_one(f"#calc-p-{first[0]}", Input), first[1])


def _bound_to(key: str) -> list[str]:
    """Every class of the app (and its widgets) that binds ``key``, with the action."""
    import importlib
    import pkgutil

    import trialkit.tui

    found = []
    for info in pkgutil.walk_packages(trialkit.tui.__path__, "trialkit.tui."):
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if isinstance(cls, type) and cls.__module__ == info.name:
                for binding in getattr(cls, "BINDINGS", []):
                    keys, action = (binding.key, binding.action) if hasattr(binding, "key") \
                        else binding[:2]
                    if key in keys.split(","):
                        found.append(f"{cls.__name__}: {action}")
    return found


def _keys(screen) -> set[str]:
    """The actions of the keys the footer offers."""
    return {binding.action for _, binding, _, _ in screen.active_bindings.values()}


def _engine(name: str, texts: dict[str, str]):
    """The same calculation made directly, from the typed text as the engine's values."""
    proc = next(p for p in CALCULATORS if p.name == name)
    values = {k: (int(v) if proc.parameter(k).kind in ("integer", "sizes") else float(v))
              for k, v in texts.items() if v}
    return calculate(proc, values)


def test_the_calculators_are_the_procedures_that_size_no_design_and_the_palette_has_them():
    offered = {p.command for p in CALCULATORS}
    assert offered == {"ancova-log", "design-effect", "adjusted-alpha", "conditional-power",
                       "promising-zone"}
    every = {p.command for p in (*catalogue.CATALOGUE, *INTERIM_PROCEDURES)
             if not p.sizes_design}
    assert every - offered == {"group-sequential"}  # the sample-size step's interim looks
    # Every `trialkit power` subcommand has a place in the UI: the sample-size form, its
    # interim looks, or a calculator.
    in_the_ui = {p.command for p in (*available_forms(), *CALCULATORS)} | {"group-sequential"}
    assert set(PROCEDURES) == in_the_ui
    assert "| F5 | calculators" in help_text()
    assert _bound_to("f5") == ["TrialkitApp: calculators"]  # no other screen or widget takes F5
    app = make_app()
    assert {c.title for c in calculator_commands(app)} == {f"Calculator: {p.label}"
                                                           for p in CALCULATORS}


async def test_calculators_from_the_key_to_the_table_bad_values_cancelling_and_the_design():
    """One session (F5 from the welcome screen) for the four parts: cheaper than four."""
    app = make_app(offer_recovery=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CalculatorScreen)
        assert app.focused.id == "calc-procedure"  # Enter then opens the list of calculators
        assert not screen.query_one("#calc").can_focus  # no invisible tab stop
        await _each_calculator_shows_the_engines_table_and_paragraph(pilot, screen)
        await _a_bad_value_is_marked_in_words_and_the_screen_carries_on(pilot, screen)
        await _a_long_simulation_shows_its_progress_and_is_cancelled_by_escape(pilot, screen)
        await _a_design_sized_by_the_closed_form_opens_its_simulated_check_filled_in(pilot)


async def _each_calculator_shows_the_engines_table_and_paragraph(pilot, screen) -> None:
    # The form is the catalogue's: one field per parameter, the closed form's SD input too.
    proc = screen.procedure
    assert proc.name == "ancova_log_power"
    assert [w.id for w in screen.query("#calc-fields Input, #calc-fields Select")] == [
        f"calc-{'p' if p.kind not in ('choice', 'flag') else 'c'}-{p.name}"
        for p in proc.parameters]
    for name, texts in QUICK.items():
        await _pick(pilot, screen, name)
        await _fill(pilot, screen, texts)
        want = _engine(name, texts)
        assert screen.rows == want.rows and len(want.rows) > 3, name
        assert _text(screen, "#calc-text") == want.text
    assert dict(screen.rows)["zone"] == "promising"  # the last one: z = 1.5 at 208 of 442
    assert "run" not in _keys(screen)  # nothing to simulate: ctrl+r is not offered

    # The simulation runs only when asked, in a worker, with its seed in the table.
    await _pick(pilot, screen, "ancova_log_power")
    await _fill(pilot, screen, SIMULATED)
    assert screen.rows == []
    assert "random seed 1" in _text(screen, "#calc-progress")
    assert "run" in _keys(screen)
    await pilot.press("ctrl+r")
    await settle(pilot)
    want = _engine("ancova_log_power", SIMULATED)
    assert screen.rows == want.rows
    assert dict(screen.rows)["Random seed"] == "1"
    assert screen.texts["adjusted_alpha"] == {"endpoints": "3"}  # kept while switching


async def _a_bad_value_is_marked_in_words_and_the_screen_carries_on(pilot, screen) -> None:
    await _pick(pilot, screen, "cluster_design_effect")
    await _fill(pilot, screen, {"cluster_size": "20", "icc": "1.5"})
    icc = screen.query_one("#calc-p-icc", Input)
    assert icc.has_class("-invalid-field") and screen.rows == []
    assert _text(screen, "#calc-e-icc") == "ICC must be from 0 to 1 (now 1.5)"
    await type_into(pilot, icc, "abc")
    # The focused field's whole help line, with its range, from the catalogue.
    assert _text(screen, "#calc-help") == "ICC: intracluster correlation coefficient (from 0 to 1)"
    assert _text(screen, "#calc-e-icc") == "ICC: 'abc' is not a number"
    await type_into(pilot, icc, "0.05")
    assert not icc.has_class("-invalid-field") and dict(screen.rows)["Design effect"]

    # The engine's own complaint marks the field it names: 'the design effect' needs the
    # design power.
    await _pick(pilot, screen, "conditional_power")
    await _fill(pilot, screen, QUICK["conditional_power"])
    screen.query_one("#calc-c-under", Select).value = "design"
    await settle(pilot)
    assert screen.rows == []
    assert screen.query_one("#calc-p-design_power", Input).has_class("-invalid-field")
    assert _text(screen, "#calc-e-design_power").startswith("Design power must be given")
    await _fill(pilot, screen, {"design_power": "0.9"})
    assert not screen.query_one("#calc-p-design_power", Input).has_class("-invalid-field")
    assert dict(screen.rows)["assumed effect"] == "the design effect"


async def _a_long_simulation_shows_its_progress_and_is_cancelled_by_escape(pilot, screen):
    app = pilot.app
    await _pick(pilot, screen, "ancova_log_power")
    await _fill(pilot, screen, {**SIMULATED, "n_per_arm": "20", "n_sims": "5000000"})
    await pilot.press("ctrl+r")
    worker = screen.running
    assert worker is not None
    await wait_until(pilot, lambda: "% of 5,000,000 trials" in _text(screen, "#calc-progress"),
                     "the progress is shown")
    await pilot.press("escape")
    await wait_until(pilot, lambda: worker.is_finished, "the worker stops")
    await settle(pilot)
    assert app.screen is screen and screen.rows == []
    assert _text(screen, "#calc-progress").startswith("Simulation cancelled")
    await pilot.press("escape")  # nothing runs: back
    await settle(pilot)
    assert not isinstance(app.screen, CalculatorScreen)


async def _a_design_sized_by_the_closed_form_opens_its_simulated_check_filled_in(pilot):
    # Shieh (2020) Psychometrika 85:101-120: at 11 per arm the closed form (slope known) is
    # about 1.6 points optimistic; the module's own example: 80.7% closed form, 79.1% simulated.
    app = pilot.app
    trial = load_trial(data_dir("examples") / MAIN_EXAMPLE)
    trial.sample_size.procedure = "ancova_log"
    trial.sample_size.parameters = {"control_mean": 0.3, "cv": 0.2, "mean_ratio": 1.2,
                                    "baseline_correlation": 0.7, "power": 0.8, "dropout": 0.1}
    app.trial = trial
    await pilot.press("f5")
    await settle(pilot)
    screen = app.screen
    assert screen.procedure.name == "ancova_log_power"
    fields = {n: screen.query_one(f"#calc-p-{n}", Input).value
              for n in ("control_mean", "cv", "mean_ratio", "baseline_correlation",
                        "n_per_arm", "power")}
    assert fields == {"control_mean": "0.3", "cv": "0.2", "mean_ratio": "1.2",
                      "baseline_correlation": "0.7", "n_per_arm": "11", "power": ""}
    closed = ancova_log(**trial.sample_size.parameters)
    assert closed.n_per_arm == (11, 11)
    assert "a power of 80.7% at 11 per arm" in _text(screen, "#calc-design-note")
    await _fill(pilot, screen, {"n_sims": "2000"})
    await pilot.press("ctrl+r")
    await settle(pilot)
    assert screen.rows == _engine("ancova_log_power", {**fields, "n_sims": "2000",
                                                       "power": ""}).rows
