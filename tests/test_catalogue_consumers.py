"""The CLI, the TUI, the design layer, the evidence layer and the validation table all follow
the procedure catalogue: none offers a procedure or a parameter it does not describe."""

from __future__ import annotations

import argparse
import typing

import pytest

from trialkit.cli import power as cli
from trialkit.design.model import GroupSequentialPlan
from trialkit.design.sizing import procedures
from trialkit.errors import InvalidParameter
from trialkit.evidence import inputs as evidence_inputs
from trialkit.power import catalogue, validation
from trialkit.power.catalogue import CATALOGUE
from trialkit.power.catalogue_extra import ASSURANCE_OPTIONS, INTERIM_PROCEDURES


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_procedure_the_cli_offers_is_in_the_catalogue():
    commands = _subcommands()
    offered = {p.command: p for p in (*CATALOGUE, *INTERIM_PROCEDURES)}
    assert set(commands) == set(offered)
    assurance = {p.name for p in ASSURANCE_OPTIONS}
    for command, parser in commands.items():
        proc = offered[command]
        assert cli.PROCEDURES[command] is proc, command
        dests = {a.dest for a in parser._actions} - {"help", "json", "sweep"}
        expected = set(proc.names()) | set(proc.deprecated)
        assert dests == expected | (assurance if proc.sizes_design else set()), command


def test_cli_names_the_option_and_its_label_from_the_error_data(capsys):
    from trialkit.cli import main

    assert main(["power", "two-means", "--delta", "0.5", "--sd", "-1", "--power", "0.8"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "trialkit: error: SD (--sd) = -1.0 is invalid: must be greater than 0"


def test_cli_names_a_missing_required_option_in_words(capsys):
    from trialkit.cli import main

    assert main(["power", "two-means", "--delta", "0.5", "--power", "0.8"]) == 2
    assert capsys.readouterr().err.strip() == (
        "trialkit: error: --sd (SD) is required by this procedure")


def test_design_procedures_are_the_catalogues():
    assert procedures() == [p.name for p in catalogue.design_procedures()]
    assert "cluster_randomised" not in procedures()  # takes a result, not a design's inputs


def test_the_tui_offers_exactly_the_catalogues_design_procedures():
    from trialkit.tui.procedures import available_forms, form_named

    assert [f.name for f in available_forms()] == [p.name for p in catalogue.design_procedures()]
    assert form_named("group_sequential") is None  # interim looks are planned apart


def test_evidence_supplies_only_catalogue_parameters_including_the_effect():
    for name, supplied in evidence_inputs.SUPPLIES.items():
        proc = catalogue.procedure(name)
        assert proc is not None and proc.sizes_design, name
        assert set(supplied) <= set(proc.names()), name
        assert proc.effect is not None and proc.effect.name in supplied, name
    assert set(evidence_inputs.DEFAULT_PROCEDURE.values()) <= set(evidence_inputs.PROCEDURES)


def test_validation_table_runs_the_catalogues_functions():
    # The interim procedures (conditional power) are offered beside the catalogue.
    interim = {p.name: p for p in INTERIM_PROCEDURES}
    for name, function in validation.PROCEDURES.items():
        proc = catalogue.procedure(name) or interim.get(name)
        assert proc is not None, name
        assert proc.function() is function, name
    for case in validation.CASES:
        proc = catalogue.procedure(case.procedure) or interim.get(case.procedure)
        assert proc is not None, case.id
        unknown = set(case.inputs) - set(proc.names()) - set(proc.deprecated)
        assert not unknown, (case.id, unknown)


def test_spending_functions_are_named_once():
    """The engine, the design file, the forms and the protocol's paragraph all offer exactly
    the catalogue's boundaries, with the catalogue's words and references."""
    from trialkit.power import group_sequential
    from trialkit.power.catalogue_spending import Spending
    from trialkit.tui.steps import sample_size as form

    sequential = catalogue.procedure("group_sequential")
    assert sequential is not None
    spending, futility = sequential.parameter("spending"), sequential.parameter("futility")
    assert spending is not None and futility is not None
    names = [c.value for c in spending.choices]
    fut_names = [c.value for c in futility.choices]
    allowed = typing.get_args(GroupSequentialPlan.model_fields["spending"].annotation)
    optional = typing.get_args(GroupSequentialPlan.model_fields["futility"].annotation)
    assert list(allowed) == names
    assert optional[1] is type(None)
    assert list(typing.get_args(optional[0])) == fut_names
    assert [v for _, v in form.SPENDING] == names
    assert [label for label, _ in form.SPENDING] == [c.label for c in spending.choices]
    assert [v for _, v in form.FUTILITY][1:] == fut_names
    assert [label for label, _ in form.FUTILITY][1:] == [c.label for c in futility.choices]
    for choice in spending.choices:
        assert isinstance(choice, Spending) and choice.phrase and choice.reference
        gamma = {"gamma": -4.0} if choice.value == "hsd" else {}
        design = group_sequential(k=2, spending=choice.value, **gamma)
        assert choice.phrase.format(gamma="-4") in design.justification
        assert choice.reference in str(design.method)
    for name in fut_names:
        gamma = {"futility_gamma": -2.0} if name == "hsd" else {}
        design = group_sequential(k=2, futility=name, **gamma)
        phrase = next(c for c in spending.choices if c.value == name).phrase
        assert phrase.replace("alpha", "beta").format(gamma="-2") in design.justification
    with pytest.raises(InvalidParameter):
        group_sequential(k=2, spending="haybittle")
    with pytest.raises(InvalidParameter):
        group_sequential(k=2, futility="classical_obf")
    # The futility bound may be binding (a parameter of its own): its help must not say
    # non-binding only.
    assert "binding" in futility.help.lower().replace("non-binding", "")


@pytest.mark.parametrize("proc", [p for p in CATALOGUE if p.sizes_design], ids=lambda p: p.name)
def test_switching_to_each_procedure_leaves_only_its_own_inputs(proc):
    from trialkit.tui.procedures import switched_parameters

    everything = {p.name: 1 for q in CATALOGUE for p in q.parameters}
    for old in catalogue.design_procedures():
        kept = switched_parameters(old.name, proc.name, {n: 1 for n in old.names()})
        assert set(kept) <= set(proc.names()), (old.name, proc.name)
    assert set(switched_parameters(None, proc.name, everything)) <= set(proc.names())


@pytest.mark.parametrize(("command", "option", "args"), [
    ("two-means", "--sd-source", ["--delta", "0.5", "--sd", "1"]),
    ("one-mean", "--sd-source", ["--delta", "0.5", "--sd", "1"]),
    ("crossover", "--sd-source", ["--delta", "0.5", "--sd", "1"]),
    ("equivalence-means", "--sd-source", ["--margin", "0.2", "--sd", "0.3"]),
    ("ratio-of-means", "--cv-source", ["--mean-ratio", "1.3", "--cv", "0.6"]),
])
def test_the_cli_takes_the_source_of_the_sd_as_text(capsys, command, option, args):
    from trialkit.cli import main

    source = "Smith et al. (2020) Lancet 395:1-10"
    assert main(["power", command, *args, "--power", "0.8", option, source]) == 0
    out = capsys.readouterr().out
    assert f"(from: {source})" in " ".join(out.split())
