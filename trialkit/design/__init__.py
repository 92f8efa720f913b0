"""The trial design model, its YAML files, the SPIRIT checklists and design checks.

This layer depends on pydantic and PyYAML (and trialkit.power / trialkit.evidence) only.
``assess`` (one assessment of a design: sizing, problems, SPIRIT coverage, evidence links)
is imported on first use, so opening a design file does not load the power engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trialkit.design.io import dump_trial, load_trial, parse_trial, save_trial
from trialkit.design.model import SCHEMA_VERSION, Trial

if TYPE_CHECKING:
    from trialkit.design.assessment import Assessment, assess

__all__ = [
    "SCHEMA_VERSION", "Assessment", "Trial", "assess", "dump_trial", "load_trial", "parse_trial",
    "save_trial",
]


def __getattr__(name: str) -> Any:
    if name in ("assess", "Assessment"):
        from trialkit.design import assessment as module

        return getattr(module, name)
    raise AttributeError(f"module 'trialkit.design' has no attribute {name!r}")
