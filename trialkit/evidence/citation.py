"""How an evidence source is cited: its bibliographic facts and the publications it relates to."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from trialkit.evidence.base import Strict, error


class Citation(Strict):
    """Bibliographic facts of a document; authors are written 'Family, Given'."""

    authors: list[str] = Field(default_factory=list)
    et_al: bool = False
    title: str
    journal: str
    year: int = Field(ge=1900, le=2100)
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = Field(default=None, pattern=r"^10\.\d{4,9}/\S+$")
    pmid: str | None = Field(default=None, pattern=r"^\d{1,9}$")
    publication_type: Literal[
        "journal_article", "conference_abstract", "review", "meta_analysis", "blog_post"
    ]
    note: str | None = None

    @field_validator("volume", "issue", "pages", "pmid", mode="before")
    @classmethod
    def _number_as_text(cls, value: Any) -> Any:
        """Volume 32 or PMID 38270322 written as YAML numbers are read as text."""
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("authors")
    @classmethod
    def _family_given(cls, authors: list[str]) -> list[str]:
        for name in authors:
            if "," not in name:
                raise error("authors", f"author {name!r} must be written 'Family, Given'")
        return authors

    @model_validator(mode="after")
    def _authors_or_note(self) -> Citation:
        if not self.authors and not self.note:
            raise error("authors", "give the authors, or a note saying why they are not known")
        return self

    def author_text(self) -> str:
        """'Larsen et al.', 'Larsen & Donath', 'Mandrup-Poulsen'; a source without named authors
        goes by its title, as the Vancouver reference list puts it first ('Stem cells for
        diabetes: what the clinics offer')."""
        families = [a.split(",")[0].strip() for a in self.authors]
        if not families:
            return _short_title(self.title)
        if len(families) == 1:
            return f"{families[0]} et al." if self.et_al else families[0]
        if len(families) == 2:
            return f"{families[0]} & {families[1]}"
        return f"{families[0]} et al."

    def locus(self) -> str:
        """'Diabetes Care 32:1663-1668' (journal, volume and pages as far as known)."""
        return self.journal + self._volume_pages(" ", ", ")

    def _volume_pages(self, before_volume: str, before_bare_pages: str) -> str:
        """'<before_volume>32(4):1663-1668' as far as known; pages without a volume follow
        ``before_bare_pages``. Shared by the in-text locus and the reference-list entry."""
        text = ""
        if self.volume:
            text += f"{before_volume}{self.volume}"
            if self.issue:
                text += f"({self.issue})"
        if self.pages:
            text += f":{self.pages}" if self.volume else f"{before_bare_pages}{self.pages}"
        return text

    def short(self) -> str:
        """'Larsen et al. (2009, Diabetes Care 32:1663-1668)' for use in a sentence."""
        return f"{self.author_text()} ({self.year}, {self.locus()})"

    def full(self) -> str:
        """The reference-list entry in the Vancouver (NLM) style, with DOI and PMID where known.

        'Su QY, Luo J, Wang XM, et al. Title. Journal. 2024;12(1):e1165. PMID: 38270322.'; up
        to six authors, then "et al."; a source without named authors starts with its title.
        """
        names = [_initials(name) for name in self.authors]
        authors = ", ".join(names[:6])
        if len(names) > 6 or (self.et_al and names):
            authors += ", et al"
        title = self.title.strip().rstrip(".")
        text = f"{authors}. {title}." if authors else f"{title}."
        text += f" {self.journal.strip().rstrip('.')}. {self.year}"
        text += self._volume_pages(";", "; ") + "."
        if self.doi:
            text += f" doi:{self.doi}."
        if self.pmid:
            text += f" PMID: {self.pmid}."
        return text


def _initials(name: str) -> str:
    """'Su, Qin-Yi' -> 'Su QY'; 'Larsen, Claus M.' -> 'Larsen CM'."""
    family, _, given = name.partition(",")
    letters = "".join(part[0] for part in given.replace("-", " ").replace(".", " ").split()
                      if part[:1].isalpha())
    return f"{family.strip()} {letters.upper()}".strip()


def _short_title(title: str, words: int = 8) -> str:
    """The title up to its first colon or ``words`` words, for citing a source with no author."""
    head = title.strip().rstrip(".").split(":")[0].split()
    return " ".join(head[:words]) + ("\u2026" if len(head) > words else "")


class Related(Strict):
    """Another publication the document reports on or depends on."""

    relation: str
    citation: Citation
