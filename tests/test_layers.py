"""Layers stay apart: nothing imports upward (power <- evidence, design <- render, export <- tui, cli).

Each lower package is imported in a fresh interpreter and must not pull in the libraries of
the layers above it (harlequin's import-hygiene test does the same for its TUI).
"""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "trialkit"

FORBIDDEN = {
    "trialkit.power": {"pydantic", "yaml", "jinja2", "docx", "matplotlib", "textual",
                       "trialkit.evidence", "trialkit.design", "trialkit.render", "trialkit.tui"},
    "trialkit.evidence": {"jinja2", "docx", "matplotlib", "textual", "trialkit.design",
                          "trialkit.render", "trialkit.tui", "trialkit.cli"},
    "trialkit.design": {"jinja2", "docx", "matplotlib", "textual", "trialkit.render",
                        "trialkit.tui", "trialkit.cli"},
    "trialkit.render": {"textual", "trialkit.tui", "trialkit.cli"},
    "trialkit.export": {"textual", "trialkit.tui", "trialkit.cli"},
}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_importing_a_layer_loads_nothing_from_above(package):
    code = f"import sys, {package}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    loaded = set(out.stdout.split())
    leaked = {m for m in loaded for f in FORBIDDEN[package] if m == f or m.startswith(f + ".")}
    assert not leaked, f"{package} loads {sorted(leaked)}"


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_module_of_a_layer_imports_upward_even_lazily(package):
    folder = PACKAGE / package.split(".")[1]
    assert folder.is_dir(), f"{package} is missing"
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                bad = [f for f in FORBIDDEN[package] if name == f or name.startswith(f + ".")]
                assert not bad, f"{path.relative_to(PACKAGE.parent)} imports {name}"
