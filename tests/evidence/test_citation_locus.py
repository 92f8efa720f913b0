"""A citation's volume(issue):pages reads the same in the text and in the reference list."""

from __future__ import annotations

import pytest

from trialkit.evidence.citation import Citation


def _cite(**known: str) -> Citation:
    return Citation(authors=["Larsen, Claus"], title="A trial", journal="Diabetes Care", year=2009,
                    publication_type="journal_article",
                    **known)


@pytest.mark.parametrize(("known", "locus", "entry"), [
    ({"volume": "32", "issue": "9", "pages": "1663-1668"},
     "Diabetes Care 32(9):1663-1668", "Diabetes Care. 2009;32(9):1663-1668."),
    ({"volume": "32", "pages": "1663-1668"},
     "Diabetes Care 32:1663-1668", "Diabetes Care. 2009;32:1663-1668."),
    ({"volume": "32"}, "Diabetes Care 32", "Diabetes Care. 2009;32."),
    ({"pages": "e1165"}, "Diabetes Care, e1165", "Diabetes Care. 2009; e1165."),
    ({}, "Diabetes Care", "Diabetes Care. 2009."),
])
def test_volume_issue_pages(known: dict[str, str], locus: str, entry: str) -> None:
    c = _cite(**known)
    assert c.locus() == locus
    assert entry in c.full()
