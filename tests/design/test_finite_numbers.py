"""Design and evidence numbers are finite, and an allocation ratio has no part of 0 or less:
both are refused in words naming the field (audit N1, N3), never a crash or "18 to inf years"."""

from __future__ import annotations

import inspect
import math
import typing
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from trialkit.cli import main
from trialkit.design import model
from trialkit.evidence import models as evidence_models

EXAMPLE = Path(__file__).parents[2] / "examples" / "anakinra-t1d.yaml"
SEEDS = Path(__file__).parents[2] / "seeds"


def _admits_float(annotation: object) -> bool:
    return annotation is float or any(_admits_float(a) for a in typing.get_args(annotation))


def _is_list(annotation: object) -> bool:
    return typing.get_origin(annotation) is list or any(
        _is_list(a) for a in typing.get_args(annotation))


def _float_fields(module: object) -> list[tuple[type[BaseModel], str]]:
    """Every (model, field) of a module whose type admits a float (or a list of floats)."""
    found = []
    for _, cls in inspect.getmembers(module, inspect.isclass):
        if not issubclass(cls, BaseModel) or cls.__module__ != getattr(module, "__name__", ""):
            continue
        for name, info in cls.model_fields.items():
            if _admits_float(info.annotation):
                found.append((cls, name))
    return found


DESIGN_FLOATS = _float_fields(model)


def test_the_design_has_float_fields_to_check() -> None:
    names = {f"{cls.__name__}.{name}" for cls, name in DESIGN_FLOATS}
    assert {"Population.age_max", "Design.screening_weeks"} <= names


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
@pytest.mark.parametrize(("cls", "name"), DESIGN_FLOATS,
                         ids=[f"{c.__name__}.{n}" for c, n in DESIGN_FLOATS])
def test_every_design_float_refuses_non_finite(cls: type[BaseModel], name: str,
                                               value: float) -> None:
    part = cls.model_construct()
    given = [value] if _is_list(cls.model_fields[name].annotation) else value
    with pytest.raises(ValidationError, match="finite number"):
        cls.__pydantic_validator__.validate_assignment(part, name, given)


def _write(tmp_path: Path, change: typing.Callable[[dict], None]) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "trial.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(("section", "key", "value", "label"), [
    ("population", "age_max", math.inf, "Population, maximum age"),
    ("design", "screening_weeks", math.inf, "Design, screening"),
    ("population", "age_min", math.nan, "Population, minimum age"),
])
def test_check_refuses_inf_and_nan_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               section: str, key: str, value: float,
                                               label: str) -> None:
    path = _write(tmp_path, lambda d: d[section].__setitem__(key, value))
    for command in (["check", str(path)], ["render", str(path), "--to", "md",
                                           "-o", str(tmp_path / "p.md")]):
        assert main(command) == 2
        err = capsys.readouterr().err.strip()
        assert "\n" not in err and label in err and "finite number" in err, err
    assert not (tmp_path / "p.md").exists()


@pytest.mark.parametrize("ratio", ["1:0", "0:0", "0:1", "1:1:0", "-1:1", "0"])
def test_allocation_ratio_refuses_zero_and_negative_parts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ratio: str
) -> None:
    path = _write(tmp_path, lambda d: d["design"].__setitem__("allocation_ratio", ratio))
    for command in (["check", str(path)], ["render", str(path), "--to", "md"]):
        assert main(command) == 2
        err = capsys.readouterr().err.strip()
        assert "\n" not in err and "Design, allocation ratio" in err, err
        assert "internal error" not in err and "e.g. 1:1 or 2:1:1" in err, err
        assert err.count("allocation ratio") == 1, err  # the label once, not twice


def test_allocation_ratio_says_why_a_part_of_zero_is_wrong() -> None:
    with pytest.raises(ValidationError, match=r"above 0.*no participants"):
        model.Design(allocation_ratio="2:1:0")
    assert model.Design(allocation_ratio="2:1:1").allocation_ratio == "2:1:1"
    assert model.Design(allocation_ratio="1.5:1").allocation_ratio == "1.5:1"


@pytest.mark.parametrize("value", [".nan", ".inf"])
def test_an_evidence_estimate_of_nan_is_refused_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    text = (SEEDS / "larsen2009.yaml").read_text(encoding="utf-8")
    assert "    value: -0.07\n" in text
    (tmp_path / "larsen2009.yaml").write_text(text.replace("    value: -0.07\n",
                                                           f"    value: {value}\n", 1))
    assert main(["evidence", "--evidence", str(tmp_path), "list"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "field value" in err and "finite number" in err, err
    assert "CI" not in err, err


def test_every_evidence_model_refuses_non_finite_numbers() -> None:
    floats = _float_fields(evidence_models)
    assert floats
    for cls, _ in floats:
        assert cls.model_config.get("allow_inf_nan") is False, cls.__name__
