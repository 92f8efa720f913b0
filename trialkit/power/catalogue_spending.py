"""The boundaries of a group-sequential design, once: the spending functions and classical
boundaries the catalogue offers, with the phrase the interim-analysis paragraph uses and the
published method.

The engine's accepted names, the design file's allowed values, the forms' choices and the
protocol's words are all read from ``SPENDING_CHOICES``. Plain data: no numpy or scipy.
"""

from __future__ import annotations

from dataclasses import dataclass

from trialkit.power.catalogue_types import Choice


@dataclass(frozen=True)
class Spending(Choice):
    """One efficacy boundary: its name, its label, its words in a paragraph and its source."""

    phrase: str = ""
    """How the interim-analysis paragraph names it ('{gamma}' stands for the HSD parameter)."""
    reference: str = ""
    """The published method (authors, journal, year)."""
    futility_label: str = ""
    """The words for its beta-spending futility bound; empty when it has none."""

    def futility_phrase(self) -> str:
        """The paragraph's words for the beta-spending bound of the same family."""
        return self.phrase.replace("alpha-spending", "beta-spending")


_LAN_DEMETS = "Lan & DeMets (1983) Biometrika 70:659-663"

SPENDING_CHOICES: tuple[Spending, ...] = (
    Spending("obf", "Lan-DeMets O'Brien-Fleming-type alpha spending",
             "a Lan-DeMets O'Brien-Fleming-type alpha-spending function", _LAN_DEMETS,
             "O'Brien-Fleming-type beta spending"),
    Spending("pocock", "Lan-DeMets Pocock-type alpha spending",
             "a Lan-DeMets Pocock-type alpha-spending function", _LAN_DEMETS,
             "Pocock-type beta spending"),
    Spending("hsd", "Hwang-Shih-DeCani alpha spending",
             "a Hwang-Shih-DeCani alpha-spending function (gamma = {gamma})",
             "Hwang, Shih & DeCani (1990) Stat Med 9:1439-1445",
             "Hwang-Shih-DeCani beta spending"),
    Spending("classical_obf", "classical O'Brien-Fleming boundaries",
             "the classical O'Brien-Fleming boundary (critical values proportional to "
             "1/sqrt(information fraction))", "O'Brien & Fleming (1979) Biometrics 35:549-556"),
    Spending("classical_pocock", "classical Pocock boundaries",
             "the classical Pocock boundary (the same critical value at every look)",
             "Pocock (1977) Biometrika 64:191-199"),
)
"""The efficacy boundaries, in the order the forms list them."""

FUTILITY_CHOICES: tuple[Choice, ...] = tuple(
    Choice(s.value, s.futility_label) for s in SPENDING_CHOICES if s.futility_label
)
"""The futility bounds by beta spending: the spending functions that have one."""

SPENDING_NAMES: tuple[str, ...] = tuple(s.value for s in SPENDING_CHOICES)
"""The engine's names of the efficacy boundaries."""
FUTILITY_NAMES: tuple[str, ...] = tuple(c.value for c in FUTILITY_CHOICES)
"""The engine's names of the futility bounds."""

_BY_NAME = {s.value: s for s in SPENDING_CHOICES}


def spending(name: str) -> Spending:
    """The boundary called ``name`` (KeyError if there is none)."""
    return _BY_NAME[name]
