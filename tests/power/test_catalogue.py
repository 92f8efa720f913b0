"""The procedure catalogue describes the engine's functions exactly, and costs nothing to import."""

from __future__ import annotations

import inspect
import math
import re
import subprocess
import sys
import warnings
from typing import Any

import pytest

from trialkit.errors import InvalidParameter, TrialkitError
from trialkit.power import catalogue
from trialkit.power.catalogue import CATALOGUE, Parameter, Procedure, Range

NAMES = [p.name for p in CATALOGUE]


def _signature(proc: Procedure) -> dict[str, inspect.Parameter]:
    return {
        name: param for name, param in inspect.signature(proc.function()).parameters.items()
        if param.kind is inspect.Parameter.KEYWORD_ONLY
    }


def test_importing_the_catalogue_loads_neither_numpy_nor_scipy():
    code = ("import sys, trialkit.power.catalogue as c; c.procedure('two_means').parameters; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'scipy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("name", NAMES)
def test_every_parameter_is_a_keyword_of_its_function_and_back(name: str):
    proc = catalogue.procedure(name)
    assert proc is not None
    keywords = _signature(proc)
    described = set(proc.names())
    assert described <= set(keywords), f"not accepted by {name}: {described - set(keywords)}"
    missing = set(keywords) - described - set(proc.deprecated)
    assert not missing, f"{name} takes {missing}, which the catalogue does not describe"
    assert set(proc.deprecated) <= set(keywords), "a deprecated keyword the engine dropped"


@pytest.mark.parametrize("name", NAMES)
def test_defaults_and_required_agree_with_the_function(name: str):
    proc = catalogue.procedure(name)
    assert proc is not None
    keywords = _signature(proc)
    for param in proc.parameters:
        engine = keywords[param.name]
        required = engine.default is inspect.Parameter.empty
        assert param.required == required, (name, param.name)
        if not required:
            assert param.default == engine.default, (name, param.name, engine.default)


@pytest.mark.parametrize("name", NAMES)
def test_each_procedure_has_one_effect_size_and_words(name: str):
    proc = catalogue.procedure(name)
    assert proc is not None
    for role in ("effect", "size", "allocation", "power"):
        assert sum(p.role == role for p in proc.parameters) <= 1, (name, role)
    assert proc.reference and "(" in proc.reference  # authors (year) ...
    assert len(set(proc.names())) == len(proc.parameters)
    for param in proc.parameters:
        assert param.label and param.help, (name, param.name)
        assert "_" not in param.label, f"{name}.{param.name}: a label is words, not a keyword"
        if param.kind in ("choice", "flag"):
            assert param.choices, (name, param.name)
            assert all(c.label for c in param.choices)
    if proc.sizes_design:
        assert proc.effect is not None
        # Simon's design and the cluster designs search their own n (in whole clusters).
        assert proc.size is not None or name in (
            "simon_two_stage", "cluster_two_means", "cluster_two_proportions")


@pytest.mark.parametrize("name", NAMES)
def test_the_example_call_runs(name: str):
    proc = catalogue.procedure(name)
    assert proc is not None
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)  # examples use today's names
        proc.function()(**proc.example)


@pytest.mark.parametrize("name", NAMES)
def test_the_reference_is_the_one_the_result_cites(name: str):
    proc = catalogue.procedure(name)
    assert proc is not None
    first = re.match(r"[^(]+\(\d{4}\)", proc.reference)
    assert first is not None, proc.reference
    result = proc.function()(**proc.example)
    assert first.group(0) in result.method.reference, (name, result.method.reference)


def _outside(param: Parameter, valid: Range) -> list[float]:
    """Values just outside the range (or on an open end)."""
    step = 1.0 if param.kind in ("integer", "sizes") else 1e-6
    values = []
    if math.isfinite(valid.low):
        values.append(valid.low if valid.low_open else valid.low - step)
    if math.isfinite(valid.high):
        values.append(valid.high if valid.high_open else valid.high + step)
    return values


COMPANIONS = {
    ("two_proportions", "margin"): {"method": "farrington_manning"},
    ("logrank", "dropout_time"): {"dropout": 0.1},
}
"""Inputs a parameter only applies with (a margin asks for the non-inferiority test; the
dropout time dates a dropout probability)."""


def _call_with(proc: Procedure, param: Parameter, value: Any) -> dict[str, Any]:
    call = {**proc.example, **COMPANIONS.get((proc.name, param.name), {})}
    if param.role == "size":
        call.pop("power", None)
    if param.role == "power" and proc.size is not None:
        call.pop(proc.size.name, None)
    call[param.name] = value
    return call


CASES = [
    (proc.name, param.name)
    for proc in CATALOGUE for param in proc.parameters
    if param.valid is not None and param.kind in ("number", "integer", "sizes")
    and proc.name != "ancova_log_power"  # simulation: its checks are the procedures' own
]


@pytest.mark.parametrize(("name", "param_name"), CASES)
def test_a_value_outside_the_stated_range_is_refused_naming_the_parameter(
    name: str, param_name: str
):
    proc = catalogue.procedure(name)
    assert proc is not None
    param = proc.parameter(param_name)
    assert param is not None and param.valid is not None
    for value in _outside(param, param.valid):
        bad = int(value) if param.kind in ("integer", "sizes") else value
        with pytest.raises(InvalidParameter) as info:
            proc.function()(**_call_with(proc, param, bad))
        assert info.value.name == param.name, (name, param.name, value, str(info.value))


@pytest.mark.parametrize("name", [p.name for p in CATALOGUE if p.name != "ancova_log_power"])
def test_every_choice_is_accepted(name: str):
    proc = catalogue.procedure(name)
    assert proc is not None
    for param in proc.parameters:
        for choice in param.choices:
            call = {**proc.example, param.name: choice.value}
            try:
                proc.function()(**call)
            except InvalidParameter as exc:
                # a choice may need a companion input (hsd needs gamma, a margin test a margin)
                assert exc.name != param.name, (name, param.name, choice.value, str(exc))
            except TrialkitError:
                pass


def test_carry_over_keeps_only_values_of_the_same_meaning():
    ratio = catalogue.procedure("ratio_of_means")
    means = catalogue.procedure("two_means")
    assert ratio is not None and means is not None
    assert ratio.effect is not None and ratio.allocation is not None
    kept = catalogue.carry_over(ratio, means, {
        ratio.effect.name: 1.3, "cv": 0.6, ratio.allocation.name: 2.0, "power": 0.8,
        "alpha": 0.05, "sides": 2, "dropout": 0.1,
    })
    # the ratio of means and its CV mean nothing in a difference design; the allocation does
    assert kept == {"ratio": 2.0, "power": 0.8, "alpha": 0.05, "sides": 2, "dropout": 0.1}
    back = catalogue.carry_over(means, ratio, {"delta": 0.1, "sd": 0.2, "ratio": 2.0})
    assert back == {ratio.allocation.name: 2.0}
    # the control rate of two proportions is not a null rate; the treated rate is kept
    two = catalogue.procedure("two_proportions")
    one = catalogue.procedure("one_proportion")
    assert two is not None and one is not None
    assert catalogue.carry_over(two, one, {"p1": 0.4, "p2": 0.2}) == {"p1": 0.4}


def test_ranges_in_words():
    assert Range(0.0, 1.0, low_open=True, high_open=True).words() == "between 0 and 1"
    assert Range(0.0, math.inf, low_open=True).words() == "greater than 0"
    assert Range(2.0).words() == "at least 2"
    assert Range(0.0, 1.0, high_open=True).words() == "from 0 up to (not including) 1"


def test_labels_never_show_the_keyword():
    assert catalogue.label("two_means", "sd") == "SD"
    assert catalogue.label("ratio_of_means", "cv") == "CV"
    assert catalogue.label(None, "hazard_ratio") == "Hazard ratio"
    assert catalogue.label(None, "n_sims") == "Simulated trials"
    assert catalogue.label("two_means", "something_else") == "Something else"
