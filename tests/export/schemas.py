"""The published schemas the exports are validated against, made strict for the tests.

- ClinicalTrials.gov REST API OpenAPI definition ``ctg-oas-v2.yaml``, info.version 2.0.0
  (National Library of Medicine), as vendored by the public repository
  jrenewhite/clinical-trials-api-wrapper (docs/ctg-oas-v2.yaml, commit e263820, Feb 2024).
- CDISC DDF-RA ``USDM_API.json``, USDM v4.0.0 (tag v4.0.0, commit aa303cb; MIT licence),
  from the public repository cdisc-org/DDF-RA (Deliverables/API/USDM_API.json).

Both are loose (few required fields, open objects); ``strict`` closes every object so a key
the definition does not name is an error.
"""

from __future__ import annotations

import copy
import functools
import json
import pathlib
from typing import Any

import jsonschema
import yaml

FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"


def strict(schema: Any) -> Any:
    """A copy of ``schema`` with additionalProperties false on every object that lists properties."""
    schema = copy.deepcopy(schema)

    def close(node: Any) -> None:
        if isinstance(node, dict):
            if "properties" in node and node.get("type", "object") == "object":
                node["additionalProperties"] = False
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    close(schema)
    return schema


@functools.cache
def ctgov_validator() -> jsonschema.Validator:
    """Validates a whole study record (the OpenAPI ``Study`` schema), strictly."""
    spec = yaml.safe_load((FIXTURES / "ctg-oas-v2.yaml").read_text(encoding="utf-8"))
    assert spec["info"]["version"] == "2.0.0"
    root = {"components": strict(spec["components"]), "$ref": "#/components/schemas/Study"}
    return jsonschema.Draft7Validator(root)


@functools.cache
def usdm_validator() -> jsonschema.Validator:
    """Validates a USDM v4.0.0 Wrapper (the API's ``Wrapper-Input`` schema), strictly."""
    spec = json.loads((FIXTURES / "USDM_API.json").read_text(encoding="utf-8"))
    assert spec["info"]["version"] == "4.0.0"
    root = {"components": strict(spec["components"]), "$ref": "#/components/schemas/Wrapper-Input"}
    return jsonschema.Draft202012Validator(root)


def problems(validator: jsonschema.Validator, record: Any) -> list[str]:
    """Every schema violation as 'path: message' (empty when valid)."""
    return [f"{e.json_path}: {_short(e.message)}" for e in validator.iter_errors(record)]


def _short(message: str) -> str:
    return message if len(message) <= 300 else message[:150] + " ... " + message[-120:]
