"""A wheel carries seeds, templates and examples, and an installed trialkit finds them.

Top-level seeds/, templates/ and examples/ are not inside the package; setup.py copies them
into the wheel as trialkit/_data. This builds a real wheel (offline, with the test extra's
setuptools) and runs trialkit from its unpacked contents in another directory.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]

# One worker builds the wheel once for both tests (two builds at once would share build/).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wheel")]


@pytest.fixture(scope="module")
def unpacked_wheel(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("wheel")
    # setuptools' PEP 517 backend, as a build front end calls it (the test venv has no pip).
    code = "import sys\nfrom setuptools import build_meta\nbuild_meta.build_wheel(sys.argv[1])"
    build = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True,
                           cwd=ROOT, timeout=300)
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = out.glob("trialkit-*.whl")
    target = out / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def test_wheel_contains_every_data_folder(unpacked_wheel):
    for name in ("seeds", "templates", "examples"):
        shipped = sorted(p.name for p in (unpacked_wheel / "trialkit" / "_data" / name).rglob("*")
                         if p.is_file())
        source = sorted(p.name for p in (ROOT / name).rglob("*")
                        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
        assert shipped == source, name


def test_installed_copy_finds_its_data_and_runs(unpacked_wheel, tmp_path):
    code = (
        "import trialkit, trialkit.resources as r\n"
        "print(trialkit.__file__)\n"
        "print(r.data_dir('seeds'))\n"
        "print(r.data_dir('templates'))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(unpacked_wheel)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.split()
    assert all(line.startswith(str(unpacked_wheel)) for line in lines), lines
    selftest = subprocess.run([sys.executable, "-m", "trialkit", "selftest"], capture_output=True,
                              text=True, cwd=tmp_path, env=env, timeout=120)
    assert selftest.returncode == 0, selftest.stdout[-1500:]
