"""The welcome screen reads each example's title from its title_page section alone (a fast
launch), and finds the same title as reading the whole file."""

from __future__ import annotations

from pathlib import Path

import yaml

from trialkit.tui.screens.welcome import example_files, example_title


def test_each_example_title_is_the_one_in_the_whole_file():
    files = example_files()
    assert files
    for path in files:
        page = yaml.safe_load(path.read_text(encoding="utf-8"))["title_page"]
        assert example_title(path) == str(page.get("short_title") or page.get("full_title"))


def test_a_title_page_after_other_sections_and_comments_is_found(tmp_path: Path):
    design = tmp_path / "late.yaml"
    design.write_text("schema_version: 2\nbackground:\n  condition: x\n# note\ntitle_page:\n"
                      "  # the short one\n  short_title: Late title\n\n  acronym: LT\n"
                      "objectives: []\n", encoding="utf-8")
    assert example_title(design) == "Late title"
    (tmp_path / "none.yaml").write_text("schema_version: 2\n", encoding="utf-8")
    assert example_title(tmp_path / "none.yaml") == "none"
