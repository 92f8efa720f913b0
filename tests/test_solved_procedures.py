"""Procedures written once as their checked preparation (``_procedure.solved``) stay proper
public functions: their own name (so they pickle into worker processes), the full keywords
with the sample size and power, their documentation, and the answers of the preparation."""

from __future__ import annotations

import inspect
import pickle

import pytest

from trialkit.power import _procedure, equivalence, means, proportions, rates, repeated
from trialkit.power.result import PowerResult

SOLVED = [
    (means.two_means, means.prepare_two_means, "n_per_arm", {"delta": 0.5, "sd": 1.0}),
    (means.one_mean, means.prepare_one_mean, "n", {"delta": 0.5, "sd": 1.0}),
    (equivalence.equivalence_means, equivalence.prepare_equivalence_means, "n_per_arm",
     {"margin": 0.5, "sd": 1.0}),
    (equivalence.crossover, equivalence.prepare_crossover, "n_per_sequence",
     {"delta": 0.5, "sd": 1.0}),
    (rates.two_rates, rates.prepare_two_rates, "n_per_arm", {"rate1": 0.5, "rate2": 1.0}),
    (repeated.repeated_measures, repeated.prepare_repeated_measures, "n_per_arm",
     {"delta": 0.5, "sd": 1.0, "retention": [1.0, 0.9, 0.8], "rho": 0.5}),
    (proportions.two_proportions, proportions.prepare_two_proportions, "n_per_arm",
     {"p1": 0.6, "p2": 0.4}),
    (proportions.two_proportions, proportions.prepare_two_proportions, "n_per_arm",
     {"p1": 0.8, "p2": 0.8, "margin": 0.1, "method": "farrington_manning"}),
    (proportions.two_proportions, proportions.prepare_two_proportions, "n_per_arm",
     {"p1": 0.5, "p2": 0.5, "margin": 0.8, "method": "farrington_manning", "scale": "ratio",
      "equivalence": True}),
]
IDS = [f.__name__ + ("-" + "-".join(sorted({"margin", "equivalence"} & set(inputs))) if
                     {"margin", "equivalence"} & set(inputs) else "")
       for f, _, _, inputs in SOLVED]


@pytest.mark.parametrize("function, prepare, size, inputs", SOLVED,
                         ids=IDS)
def test_a_solved_procedure_is_a_named_documented_function(function, prepare, size, inputs):
    name = prepare.__name__.removeprefix("prepare_")
    assert function.__name__ == function.__qualname__ == name
    assert getattr(inspect.getmodule(prepare), name) is function
    assert pickle.loads(pickle.dumps(function)) is function
    signature = inspect.signature(function)
    assert {size, "power"} <= set(signature.parameters)
    assert signature.parameters == inspect.signature(prepare).parameters
    assert signature.return_annotation == "PowerResult"
    assert function.__doc__ and function.__doc__ == prepare.__doc__
    assert not function.__doc__.startswith("Validate")  # the user's documentation, not a helper's


@pytest.mark.parametrize("function, prepare, size, inputs", SOLVED,
                         ids=IDS)
def test_a_solved_procedure_answers_as_its_preparation_run(function, prepare, size, inputs):
    result = function(**inputs, power=0.8)
    assert isinstance(result, PowerResult) and result.solved_for == "n"
    again = _procedure.run(prepare(**inputs), n_per_arm=None, power=0.8)
    assert result.n_per_arm == again.n_per_arm and result.justification == again.justification
    sized = function(**inputs, **{size: result.n_per_arm if len(result.n_per_arm) == 2
                                  else result.n_per_arm[0]})
    assert sized.solved_for == "power" and sized.power == pytest.approx(result.power)


def test_an_unknown_keyword_is_refused_by_the_procedure():
    with pytest.raises(TypeError, match="allocation"):
        means.two_means(delta=0.5, sd=1.0, power=0.8, allocation=2)  # type: ignore[call-arg]
