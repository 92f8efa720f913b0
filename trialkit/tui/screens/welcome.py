"""The first screen: start from a scenario, start blank, open a file, or reopen a recent one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import yaml
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from trialkit.tui.widgets.key_bar import KeyBar
from trialkit.tui.widgets.text import literal


def example_files() -> list[Path]:
    """The example designs shipped with trialkit (one per seed scenario), main example first."""
    try:
        from trialkit.resources import data_dir

        folder = data_dir("examples")
    except (FileNotFoundError, ImportError):
        return []
    files = sorted(folder.glob("*.yaml"))
    return sorted(files, key=lambda p: (0 if "t1d" in p.stem or "type1" in p.stem else 1, p.stem))


def _title_block(text: str) -> str:
    """The lines of the file's top-level ``title_page`` section, without the rest of the file."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("title_page:"):
            end = next((j for j in range(i + 1, len(lines)) if lines[j][:1].strip()
                        and not lines[j].startswith("#")), len(lines))
            return "\n".join(lines[i:end])
    return ""


def example_title(path: Path) -> str:
    """The example's short (or full) title, read cheaply from its YAML.

    Only the title_page section is parsed: five whole examples took a quarter of a second of
    the launch.
    """
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(_title_block(path.read_text(encoding="utf-8")), Loader=loader) or {}
        title = data.get("title_page", {}) or {}
        text = title.get("short_title") or title.get("full_title") or path.stem
    except (OSError, yaml.YAMLError, AttributeError):
        text = path.stem
    return str(text)


class WelcomeScreen(Screen[None]):
    """Choose how to start."""

    BINDINGS: ClassVar[list[BindingType]] = [("escape", "back", "Back to the design")]

    def __init__(self) -> None:
        super().__init__()
        self.choices: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="welcome"):
            yield Static("trialkit", id="welcome-title")
            yield Static(
                "Design a clinical trial step by step, from the question to a protocol "
                "you can send to co-investigators.", id="welcome-text",
            )
            yield OptionList(id="welcome-options")
        yield KeyBar()

    def _files(self, options: list[Option], heading: str, key: str, paths: list[Path],
               label: Callable[[Path], str]) -> None:
        """A heading and one option a file (remembered in ``choices``), if there are any."""
        if not paths:
            return
        options.append(Option(heading, disabled=True))
        for i, path in enumerate(paths):
            self.choices[f"{key}-{i}"] = path
            options.append(Option(literal(f"  {label(path)}"), id=f"{key}-{i}"))

    def on_mount(self) -> None:
        options: list[Option] = []
        self._files(options, "Start from a scenario", "example", example_files(), example_title)
        options.append(Option("Start", disabled=True))
        options.append(Option("  Blank design", id="blank"))
        options.append(Option("  Open a design file...", id="open"))
        recent = self.app.recent.paths()  # type: ignore[attr-defined]
        self._files(options, "Recent files", "recent", recent,
                    lambda path: f"{path.name}  ({path.parent})")
        listing = self.query_one(OptionList)
        listing.add_options(options)
        listing.highlighted = next(i for i, o in enumerate(options) if not o.disabled)
        listing.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer "back" only when a design is open underneath."""
        if action == "back":
            return len(self.app.screen_stack) > 2
        return True

    def action_back(self) -> None:
        """Return to the design being edited."""
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    @on(OptionList.OptionSelected, "#welcome-options")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id or ""
        app: Any = self.app
        if key == "blank":
            app.leave_design(app.start_blank)
        elif key == "open":
            app.action_open()
        elif key.startswith("example-"):
            app.leave_design(lambda: app.start_from(self.choices[key]))
        elif key.startswith("recent-"):
            app.leave_design(lambda: app.open_design(self.choices[key]))
