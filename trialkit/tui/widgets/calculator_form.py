"""The calculators' form: one field per parameter of a catalogue procedure, checked as typed.

Labels, help lines, choices, defaults and ranges all come from the power catalogue
(trialkit.power.catalogue); a value the catalogue's range refuses is marked in words on its
field before any engine call, and the engine's own complaints are marked the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, Select, Static

from trialkit.power.catalogue import Parameter, Procedure
from trialkit.tui.procedures import TYPED, parse, short_hint
from trialkit.tui.widgets.forms import FieldInput, show_error


def value_text(value: Any) -> str:
    """A value as its field shows it (a pair of sizes as '40, 20', a float to 6 digits)."""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, tuple | list):
        return ", ".join(value_text(v) for v in value)
    return "" if value is None else str(value)


def default_words(param: Parameter) -> str:
    """'default: 0.05' (a choice's default by its label), or '' when there is none."""
    if param.default is None or param.default == "":
        return ""
    shown = param.choice_label(param.default) if param.choices else value_text(param.default)
    return f"default: {shown}"


def help_line(param: Parameter) -> str:
    """The whole help of a field, with its valid range and default, as shown while it is focused."""
    extra = [param.valid.words()] if param.valid is not None and not param.choices else []
    extra += [default_words(param)] if default_words(param) else []
    tail = f" ({'; '.join(extra)})" if extra else ""
    return f"{param.label}: {param.help}{tail}"


def checked(param: Parameter, text: str) -> Any:
    """The value typed into ``param``'s field; ValueError in words if it cannot be that value."""
    value = parse(param, text)
    valid = param.valid
    if valid is None or param.kind not in ("number", "integer", "sizes"):
        return value
    for number in value if isinstance(value, tuple) else (value,):
        below = number < valid.low or (valid.low_open and number == valid.low)
        above = number > valid.high or (valid.high_open and number == valid.high)
        if below or above:
            raise ValueError(f"must be {valid.words()} (now {value_text(value)})")
    return value


class CalculatorForm(Vertical):
    """The fields of one procedure; posts ``Edited`` whenever its values change."""

    class Edited(Message):
        """The values of the form changed (or a field became invalid)."""

    def __init__(self, procedure: Procedure, texts: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.procedure = procedure
        self.texts = dict(texts)
        """What is typed (or picked) in each field, by parameter name."""
        self.errors: dict[str, str] = {}
        """The fields whose text is not a valid value, with the reason in words."""

    def compose(self) -> ComposeResult:
        with Vertical(id="calc-fields"):
            for param in self.procedure.parameters:
                with Vertical(classes="field"):
                    yield Label(param.label + (" *" if param.required else ""),
                                classes="field-label")
                    if param.kind in TYPED:
                        yield FieldInput(value_text(self.texts.get(param.name)),
                                         id=f"calc-p-{param.name}", compact=True,
                                         placeholder=default_words(param) or short_hint(param.help),
                                         tooltip=param.help)
                    else:
                        current = self.texts.get(param.name)
                        values = [c.value for c in param.choices]
                        yield Select([(c.label, c.value) for c in param.choices],
                                     id=f"calc-c-{param.name}", compact=True,
                                     value=current if current in values else Select.NULL,
                                     prompt=default_words(param) or "(none)", tooltip=param.help)
                    yield Static("", id=f"calc-e-{param.name}", classes="field-error")
        yield Static("", id="calc-help", classes="conversion", markup=False)

    def on_mount(self) -> None:
        for param in self.procedure.parameters:
            if param.kind in TYPED and self.texts.get(param.name) not in (None, ""):
                self._check(param, value_text(self.texts[param.name]))

    def values(self) -> dict[str, Any]:
        """The valid values typed or picked, by the engine's keywords (blank fields left out)."""
        found: dict[str, Any] = {}
        for param in self.procedure.parameters:
            raw = self.texts.get(param.name)
            if param.name in self.errors or raw is None or raw == "":
                continue
            found[param.name] = checked(param, raw) if param.kind in TYPED else raw
        return found

    def missing(self) -> list[str]:
        """The labels of required fields still blank."""
        return [p.label for p in self.procedure.parameters
                if p.required and self.texts.get(p.name) in (None, "")]

    def mark(self, name: str, message: str) -> bool:
        """Mark the field of parameter ``name`` with ``message`` ('' clears it); False if the
        procedure has no such field."""
        found = self.query(f"#calc-p-{name}, #calc-c-{name}")
        if not found:
            return False
        found.first().set_class(bool(message), "-invalid-field")
        show_error(self.query_one(f"#calc-e-{name}", Static), message)
        return True

    def _check(self, param: Parameter, text: str) -> None:
        """Record the text of ``param``'s field and mark it if it is not a valid value."""
        self.texts[param.name] = text
        self.errors.pop(param.name, None)
        message = ""
        if text.strip():
            try:
                checked(param, text)
            except ValueError as exc:
                message = f"{param.label}{'' if str(exc).startswith('must') else ':'} {exc}"
                self.errors[param.name] = message
        self.mark(param.name, message)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        param = self.procedure.parameter((event.input.id or "").removeprefix("calc-p-"))
        if param is not None:
            self._check(param, event.value.strip())
            self.post_message(self.Edited())

    @on(Select.Changed)
    def _picked(self, event: Select.Changed) -> None:
        event.stop()
        param = self.procedure.parameter((event.select.id or "").removeprefix("calc-c-"))
        if param is not None:
            self.texts[param.name] = None if event.value is Select.NULL else event.value
            self.mark(param.name, "")
            self.post_message(self.Edited())

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Under the fields: the whole help line of the field being filled in."""
        wid = event.widget.id or ""
        param = self.procedure.parameter(wid[7:]) if wid.startswith(("calc-p-", "calc-c-")) \
            else None
        show_error(self.query_one("#calc-help", Static), help_line(param) if param else "")
