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
        """'Larsen et al.', 'Larsen & Donath', 'Mandrup-Poulsen', or 'Anonymous'."""
        families = [a.split(",")[0].strip() for a in self.authors]
        if not families:
            return "Anonymous"
        if len(families) == 1:
            return f"{families[0]} et al." if self.et_al else families[0]
        if len(families) == 2:
            return f"{families[0]} & {families[1]}"
        return f"{families[0]} et al."

    def locus(self) -> str:
        """'Diabetes Care 32:1663-1668' (journal, volume and pages as far as known)."""
        text = self.journal
        if self.volume:
            text += f" {self.volume}"
            if self.issue:
                text += f"({self.issue})"
        if self.pages:
            text += f":{self.pages}" if self.volume else f", {self.pages}"
        return text

    def short(self) -> str:
        """'Larsen et al. (2009, Diabetes Care 32:1663-1668)' for use in a sentence."""
        return f"{self.author_text()} ({self.year}, {self.locus()})"

    def full(self) -> str:
        """A reference-list entry with DOI / PMID where known."""
        authors = "; ".join(self.authors) + ("; et al." if self.et_al else "")
        authors = authors or "Author not named"
        text = f"{authors} ({self.year}). {self.title}. {self.locus()}."
        if self.doi:
            text += f" doi:{self.doi}"
        if self.pmid:
            text += f" PMID {self.pmid}"
        return text


class Related(Strict):
    """Another publication the document reports on or depends on."""

    relation: str
    citation: Citation
