"""Build hook: ship the top-level data folders inside the wheel.

seeds/, templates/ and examples/ live at the repository root (the project's layout), where a
checkout and an editable install find them; a wheel carries them as trialkit/_data/<name>,
which trialkit.resources.data_dir looks up. Everything else is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_FOLDERS = ("seeds", "templates", "examples")


class BuildPyWithData(build_py):
    """build_py that also copies the data folders into the built package."""

    def run(self) -> None:
        super().run()
        root = Path(__file__).resolve().parent
        for name in DATA_FOLDERS:
            source = root / name
            if not source.is_dir():
                continue
            target = Path(self.build_lib) / "trialkit" / "_data" / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildPyWithData})
