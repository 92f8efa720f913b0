"""trialkit.resources.data_dir finds seeds/ in a checkout and in a wheel's package data."""

from __future__ import annotations

from pathlib import Path

import pytest

import trialkit.resources as res


def test_checkout_finds_the_repository_folder():
    root = Path(res.__file__).resolve().parents[1]
    assert res.data_dir("seeds") == root / "seeds"


def test_installed_package_uses_its_data_folder(tmp_path, monkeypatch):
    # A wheel install: site-packages/trialkit/_data/seeds, and no pyproject.toml beside it.
    package = tmp_path / "site-packages" / "trialkit"
    (package / "_data" / "seeds").mkdir(parents=True)
    (tmp_path / "site-packages" / "seeds").mkdir()  # a stray folder must not be picked up
    monkeypatch.setattr(res, "_PACKAGE_DIR", package)
    monkeypatch.setattr(res.resources, "files", lambda name: package)
    assert res.data_dir("seeds") == package / "_data" / "seeds"
    with pytest.raises(FileNotFoundError, match="templates"):
        res.data_dir("templates")
