"""The trial design model, its YAML files, the SPIRIT checklists and design checks.

This layer depends on pydantic and PyYAML (and trialkit.power / trialkit.evidence) only.
"""

from trialkit.design.io import dump_trial, load_trial, parse_trial, save_trial
from trialkit.design.model import SCHEMA_VERSION, Trial

__all__ = ["SCHEMA_VERSION", "Trial", "dump_trial", "load_trial", "parse_trial", "save_trial"]
