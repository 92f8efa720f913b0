"""Where trialkit's top-level data folders (seeds/, templates/) live in every kind of install.

A source checkout or an editable install keeps them next to the package, at the repository
root; a wheel ships them as package data under ``trialkit/_data/<name>``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``name`` (e.g. "seeds", "templates") of the running trialkit installation.

    The repository root counts only when it holds pyproject.toml, so a stray folder of the same
    name beside an installed package in site-packages is never picked up by mistake.
    """
    checkout = _PACKAGE_DIR.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / name).is_dir():
        return checkout / name
    packaged = resources.files("trialkit").joinpath("_data", name)
    if packaged.is_dir():
        return Path(str(packaged))
    raise FileNotFoundError(
        f"trialkit data folder {name!r} not found: looked in {checkout / name} "
        f"and in the package data at {_PACKAGE_DIR / '_data' / name}"
    )
