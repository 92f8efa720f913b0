"""Hostile text in a design is shown literally in Markdown, HTML and Word: no heading, link,
image, script, quote or code block appears that the templates did not write.

The Markdown is read back with markdown-it-py (a CommonMark parser, installed with Rich),
the HTML with the standard library's parser, the .docx with python-docx.
"""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from markdown_it import MarkdownIt

from trialkit.design import Trial, load_trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.render.blocks import parse_inline, plain_text
from trialkit.render.context import build_context, placeholder
from trialkit.render.docx import write_docx
from trialkit.render.environment import css_string, md_escape
from trialkit.render.html import render_html
from trialkit.render.markdown import render_markdown

MAIN = Path(__file__).resolve().parents[2] / "examples" / "anakinra-t1d.yaml"

SNIPPETS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "![x](http://evil.example/x.png)",
    "[click](http://evil.example/)",
    "<http://evil.example/auto>",
    "&lt;b&gt; &amp; &#60;",
    "{{ 7*7 }} {% if true %}yes{% endif %}",
    "Anakinra [/] [@click=app.quit]X[/]",
    "*em* **strong** _u_ ~~gone~~ `code`",
    "[ref]: http://evil.example/def",
    "back\\slash \\*",
)
LINE_STARTS = ("Heading?", "===", "Paragraph", "---", "# atx", "> quote", "    indented code",
               "\tTab code", "- item", "+ plus", "1. one", "2) two", "***", "- - -", "```",
               "~~~", "| a | b |", "|---|---|", "<div>", "")
MULTILINE = "\n".join(LINE_STARTS) + "\n" + " and ".join(SNIPPETS)
ONE_LINE = " ".join(SNIPPETS)
PROTOCOL_ID = 'X1"\n}}} body{display:none} @import url(http://evil.example/c.css); </style><b>'

FORBIDDEN_MD = {"link_open", "image", "html_block", "html_inline", "code_block", "fence",
                "code_inline", "blockquote_open", "hr", "s_open"}


def hostile(trial: Trial) -> Trial:
    """The main example with hostile text in a paragraph, a list, a table, ids and the CSS."""
    trial.background.rationale = MULTILINE
    trial.population.inclusion.append(MULTILINE)
    trial.title_page.full_title = ONE_LINE
    trial.title_page.protocol_id = PROTOCOL_ID
    trial.title_page.version = ONE_LINE
    trial.arms[0].id = ONE_LINE  # printed inside the "[Name arm ...]" prompt
    trial.arms[0].name = None
    trial.arms[1].name = ONE_LINE
    trial.sample_size.procedure = ONE_LINE  # named in the "could not be computed" prompt
    return trial


def contexts() -> tuple[tuple[Trial, dict], tuple[Trial, dict]]:
    plain = load_trial(MAIN)
    plain.sample_size.procedure = "no such procedure"
    plain.arms[0].name = None
    bad = hostile(load_trial(MAIN))
    link = EvidenceLink.empty()
    return (plain, build_context(plain, evidence=link)), (bad, build_context(bad, evidence=link))


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[Trial, dict]]:
    plain, bad = contexts()
    return {"plain": plain, "hostile": bad}


def _md_tokens(text: str) -> list:
    parser = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    tokens = parser.parse(text)
    flat = []
    for token in tokens:
        flat.append(token)
        flat.extend(token.children or [])
    return flat


def _squash(text: str) -> str:
    return " ".join(text.split())


def _md_headings(tokens: list) -> list[str]:
    """Heading texts as shown (escapes resolved), the title left out (it is user text)."""
    inlines = [tokens[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open"]
    return ["".join(c.content for c in token.children) for token in inlines][1:]


def test_markdown_has_only_the_templates_structure(rendered: dict) -> None:
    plain = render_markdown(rendered["plain"][0], context=rendered["plain"][1])
    bad = render_markdown(rendered["hostile"][0], context=rendered["hostile"][1])
    plain_tokens, bad_tokens = _md_tokens(plain), _md_tokens(bad)
    assert not FORBIDDEN_MD & {t.type for t in plain_tokens}
    assert not FORBIDDEN_MD & {t.type for t in bad_tokens}, sorted(
        FORBIDDEN_MD & {t.type for t in bad_tokens})
    assert _md_headings(bad_tokens) == _md_headings(plain_tokens)
    for kind in ("strong_open", "em_open", "table_open"):
        assert sum(t.type == kind for t in bad_tokens) == sum(t.type == kind for t in plain_tokens)


def test_markdown_shows_the_exact_characters(rendered: dict) -> None:
    bad = render_markdown(rendered["hostile"][0], context=rendered["hostile"][1])
    shown = _squash(" ".join(t.content for t in _md_tokens(bad) if t.type == "text"))
    for snippet in (*SNIPPETS, *(s.strip() for s in LINE_STARTS if s)):
        assert _squash(snippet) in shown, snippet
    assert _squash(f"Name arm {ONE_LINE}") in shown
    assert _squash(rendered["hostile"][1].sizing.message) in shown


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.headings: list[str] = []
        self.style = ""
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in.append(tag)
        if re.fullmatch(r"h\d", tag):
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "style":
            self.style += data
            return
        self.text.append(data)
        if any(re.fullmatch(r"h\d", t) for t in self._in):
            self.headings[-1] += data


def _html(pair: tuple[Trial, dict]) -> _Html:
    parser = _Html()
    parser.feed(render_html(pair[0], context=pair[1]))
    parser.close()
    return parser


def test_html_has_no_script_link_image_or_handler(rendered: dict) -> None:
    plain, bad = _html(rendered["plain"]), _html(rendered["hostile"])
    plain_tags = sorted({tag for tag, _ in plain.tags})
    assert sorted({tag for tag, _ in bad.tags}) == plain_tags
    assert not {"script", "img", "div", "b"} & set(plain_tags)
    ids = {value for _, attrs in bad.tags for name, value in attrs if name == "id"}
    for tag, attrs in bad.tags:
        assert not [name for name, _ in attrs if name.startswith("on")]
        if tag == "a":  # only the contents list's links to the document's own headings
            assert [name for name, _ in attrs] == ["href"]
            assert dict(attrs)["href"][1:] in ids and dict(attrs)["href"].startswith("#")
    assert bad.headings[0] == ONE_LINE
    assert bad.headings[1:] == plain.headings[1:]
    shown = _squash(" ".join(bad.text))
    for snippet in (*SNIPPETS, "===", "---", "> quote", "# atx", PROTOCOL_ID):
        assert _squash(snippet) in shown, snippet


def _css_strings(style: str) -> list[str]:
    return re.findall(r'"((?:[^"\\\n]|\\[0-9a-fA-F]{1,6} ?|\\[^0-9a-fA-F\n])*)"', style)


def _css_unescape(body: str) -> str:
    return re.sub(r"\\([0-9a-fA-F]{1,6}) ?", lambda m: chr(int(m.group(1), 16)), body)


def test_html_stylesheet_holds_the_id_inside_one_css_string(rendered: dict) -> None:
    plain, bad = _html(rendered["plain"]), _html(rendered["hostile"])
    assert bad.style.count("{") == plain.style.count("{")
    assert bad.style.count("}") == plain.style.count("}")
    assert "@import" not in bad.style and "</style" not in bad.style.lower()
    head = [s for s in _css_strings(bad.style) if _css_unescape(s).startswith("X1")]
    assert len(head) == 1
    expected = " ".join(PROTOCOL_ID.split("\n")) + " v" + ONE_LINE
    assert _css_unescape(head[0]) == expected


@pytest.mark.parametrize("text", ['"', "\\", "\n}", "</style>", "a\u2028b", "é 中文", "x\x00y"])
def test_css_string_escapes_everything_that_could_end_it(text: str) -> None:
    quoted = str(css_string(text))
    assert re.fullmatch(r'"(?:[\w .,\-:/\'()+]|\\[0-9a-f]{1,6} )*"', quoted), quoted
    assert _css_unescape(quoted[1:-1]) == text.replace("\n", " ").replace("\x00", "").replace(
        "\u2028", "")


def _docx_text(path: Path) -> tuple[str, list[str]]:
    """Every paragraph's text (body, tables, headers) and the headings, read by python-docx."""
    document = docx.Document(str(path))
    roots = [document.element.body] + [s.header._element for s in document.sections]
    texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for root in roots
             for p in root.iter(qn("w:p"))]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    return "\n".join(texts), headings


def _hyperlinks(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode().count("<w:hyperlink")


def test_word_shows_the_exact_characters_and_no_links(rendered: dict, tmp_path: Path) -> None:
    paths = {}
    for name in ("plain", "hostile"):
        trial, context = rendered[name]
        paths[name] = write_docx(trial, tmp_path / f"{name}.docx", context=context)
    text, headings = _docx_text(paths["hostile"])
    _, plain_headings = _docx_text(paths["plain"])
    assert headings == plain_headings
    shown = _squash(text)
    for snippet in (*SNIPPETS, "===", "---", "> quote", "# atx", "1. one", "2) two"):
        assert _squash(snippet) in shown, snippet
    assert _squash(f"[Name arm {ONE_LINE}]") in shown
    with zipfile.ZipFile(paths["hostile"]) as archive:
        body = archive.read("word/document.xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
    assert "evil.example" not in rels
    assert body.count("<w:hyperlink") == _hyperlinks(paths["plain"])  # the contents' own


def test_placeholder_prompt_is_escaped_inside_its_brackets() -> None:
    prompt = placeholder("Name arm <b>*x*</b> ] [y")
    escaped = md_escape(prompt)
    assert escaped.startswith("[") and escaped.endswith("]")
    (span,) = parse_inline(escaped)
    assert span.placeholder and span.text == "[Name arm <b>*x*</b> ] [y]"


@pytest.mark.parametrize("line", ["===", "---", "= = =", "--", "-", "+", "1.", "12)", "  ---  "])
def test_setext_and_list_markers_are_escaped_at_line_starts(line: str) -> None:
    text = f"Above\n{line}\nBelow"
    tokens = _md_tokens(md_escape(text))
    assert [t.type for t in tokens if t.type.endswith("_open")] == ["paragraph_open"]
    assert plain_text(md_escape(text)).split("\n") == ["Above", line.lstrip(), "Below"]
