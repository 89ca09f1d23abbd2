"""Reading a page as paragraphs, the way a browser lays its text out, for the generic body finder.

Block tags and ``<br>`` end a paragraph, inline tags (links, emphasis) do not, so the text inside
``<a>``/``<strong>`` stays in its sentence. Each paragraph remembers the block that holds it, how much
of it is link text and whether it reads as prose.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from lxml import etree

from crawler.extract.generic_furniture import is_furniture
from crawler.extract.render import MAX_DEPTH, flat_text

# lxml.html elements (HtmlElement) and plain lxml.etree elements are both accepted.
Element = etree._Element

# Tags whose content never belongs to an article body.
_SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "svg",
        "canvas",
        "button",
        "select",
        "option",
        "input",
        "textarea",
        "nav",
        "aside",
        "footer",
        "figcaption",
        "object",
        "embed",
        "video",
        "audio",
        "map",
        "head",
        "title",
        "meta",
        "link",
    ]
)
# Tags that start a new paragraph; every other tag is read as inline text.
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "figure",
        "hr",
        "address",
        "center",
        "details",
        "summary",
        "body",
        "html",
    ]
)
_HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
# Elements that hold a single paragraph; the body container is at least their parent.
PARAGRAPH_TAGS = frozenset(["p", "li", "dt", "dd", "blockquote", "pre", "tr", "td", "th", *_HEADING_TAGS])
# Table cells stay on their row's line, separated by a space.
_CELL_TAGS = frozenset({"td", "th"})

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")

# A paragraph is prose when it has at least this many characters and little link text.
MIN_PROSE_CHARS = 25
MAX_PROSE_LINK_SHARE = 0.5
# ... and at least this many words of three letters or more that are not capitalised.
MIN_PROSE_WORDS = 1
_LETTER_WORD = re.compile(r"[^\W\d_]{3,}")
_URL = re.compile(r"(?:https?://|www\.)\S+")


@dataclass
class Paragraph:
    """One paragraph of page text (whitespace folded) and what the finder needs to know about it."""

    text: str
    link_chars: int
    kind: str  # "p", "h" (heading) or "li"
    owner: Element  # innermost block element holding the text
    furniture: bool  # inside an element whose class/id marks furniture
    prose: bool = field(init=False)

    def flagged(self, furniture: bool) -> Paragraph:
        """The same paragraph with another furniture flag (its prose test not run again)."""
        twin = copy.copy(self)
        twin.furniture = furniture
        return twin

    def __post_init__(self) -> None:
        self.prose = (
            self.kind != "h"
            and len(self.text) >= MIN_PROSE_CHARS
            and self.link_chars <= MAX_PROSE_LINK_SHARE * len(self.text)
            and looks_like_words(self.text)
        )


def paragraphs_within(reader: ParagraphReader, part: Element) -> list[Paragraph] | None:
    """What ``ParagraphReader(part).read()`` gives, taken from ``reader``'s reading (of an element
    holding ``part``, furniture not marked) instead of reading ``part`` again: the paragraphs whose block
    lies in ``part``, flagged as furniture when a block between theirs and ``part`` (``part`` left out)
    is. None where the two readings could differ: ``part`` not a block (its text runs on with the text
    around it), inside a link (its text would count as link text), or some text read too deep."""
    if reader.too_deep or part.tag not in _BLOCK_TAGS or any(up.tag == "a" for up in part.iterancestors()):
        return None
    # element -> (inside part, furniture between it and part)
    known: dict[Element, tuple[bool, bool]] = {part: (True, False)}
    out = []
    for paragraph in reader.paragraphs:
        path = []
        el = paragraph.owner
        while el is not None and el not in known:
            path.append(el)
            el = el.getparent()
        inside, furniture = known[el] if el is not None else (False, False)
        for up in reversed(path):
            furniture = furniture or (inside and up.tag in _BLOCK_TAGS and is_furniture(up))
            known[up] = (inside, furniture)
        inside, furniture = known[paragraph.owner]
        if inside:
            out.append(paragraph if paragraph.furniture == furniture else paragraph.flagged(furniture))
    return out


def looks_like_words(text: str) -> bool:
    """Running text has a word that is not capitalised; a date, byline, URL or title-case line has not.

    Scripts without case (Chinese, Japanese, Korean, Thai…) pass as they have no capitals.
    """
    if "://" in text or "www." in text:  # what every URL the pattern takes holds
        text = _URL.sub(" ", text)
    found = 0
    for word in _LETTER_WORD.finditer(text):  # prose shows one within its first words: stop there
        if not word.group()[0].isupper():
            found += 1
            if found >= MIN_PROSE_WORDS:
                return True
    return False


def folded_len(text: str) -> int:
    """The length ``text`` has in its paragraph, whitespace folded as ``_flush`` folds it: a pretty-printed
    link's tabs and newlines are no link text (counted raw, they made a sentence look like a link list)."""
    if text.isprintable() and "  " not in text:
        return len(text.strip(" "))
    return len(" ".join(text.split()))


def is_hidden(el: Element) -> bool:
    """Hidden by an attribute or an inline style (a stylesheet cannot be read here). The attribute names
    are listed at once: most elements carry none of the three, and lxml answers each ``get`` slowly."""
    names = el.keys()
    if "hidden" in names or ("aria-hidden" in names and el.get("aria-hidden") == "true"):
        return True
    style = el.get("style") if "style" in names else None
    return bool(style) and _HIDDEN_STYLE.search(style) is not None


class ParagraphReader:
    """Cuts a subtree into paragraphs in page order, remembering where each one came from.

    ``mark_furniture`` also flags paragraphs under furniture below ``top`` (needed when reading the
    chosen container, not when scoring the whole page, which judges furniture per ancestor).
    """

    def __init__(self, top: Element, mark_furniture: bool = True) -> None:
        self.top = top
        self.mark_furniture = mark_furniture
        self.paragraphs: list[Paragraph] = []
        self.too_deep = False  # some subtree lay below MAX_DEPTH and was read as one run of text
        self._buffer: list[str] = []
        self._link_chars = 0

    def read(self) -> list[Paragraph]:
        top = self.top
        tag = top.tag
        if isinstance(tag, str) and tag not in _SKIP_TAGS and not is_hidden(top):
            if tag == "br":
                self._flush(top, "p", False)
            else:
                self._visit(top, tag, top, False, False, 0)
        if self._buffer:
            self._flush(top, "p", False)
        return self.paragraphs

    def _flush(self, owner: Element, kind: str, furniture: bool) -> None:
        buffer = self._buffer
        if not buffer:
            return
        text = "".join(buffer)
        # whitespace folded: text whose only whitespace is single ASCII spaces (``isprintable`` rules out
        # every other space) is folded once its ends are stripped, without a string a word
        text = text.strip(" ") if text.isprintable() and "  " not in text else " ".join(text.split())
        if text:
            self.paragraphs.append(Paragraph(text, min(self._link_chars, len(text)), kind, owner, furniture))
        buffer.clear()  # the same list: ``_visit`` holds it
        self._link_chars = 0

    def _visit(
        self, el: Element, tag: str, owner: Element, in_link: bool, furniture: bool, depth: int
    ) -> None:
        """Read ``el`` (its tag read by the caller, and neither skipped, hidden nor a ``<br>``); the
        children are checked here, before a call: most skipped ones are a call saved."""
        if depth > MAX_DEPTH:  # pathological nesting: read the rest as one run of text
            self.too_deep = True
            text = flat_text(el)
            if text:
                self._buffer.append(text)
                if in_link or tag == "a":
                    self._link_chars += folded_len(text)
            return
        buffer = self._buffer
        is_block = tag in _BLOCK_TAGS
        if is_block:
            if buffer:
                self._flush(owner, "p", furniture)
            owner = el
            if self.mark_furniture and not furniture and el is not self.top:
                furniture = is_furniture(el)
        if tag == "a":
            in_link = True
        elif tag in _CELL_TAGS and buffer:
            buffer.append(" ")
        # whitespace opening a paragraph is folded away: not buffered, it leaves a block boundary (the
        # indentation between blocks) nothing to flush
        text = el.text
        if text and (buffer or not text.isspace()):
            buffer.append(text)
            if in_link:
                self._link_chars += folded_len(text)
        if len(el):  # a leaf (most inline elements) has no children to make an iterator for
            depth += 1
            for child in el:
                ctag = child.tag
                if isinstance(ctag, str) and ctag not in _SKIP_TAGS and not is_hidden(child):
                    if ctag == "br":
                        if buffer:
                            self._flush(owner, "p", furniture)
                    else:
                        self._visit(child, ctag, owner, in_link, furniture, depth)
                text = child.tail
                if text and (buffer or not text.isspace()):
                    buffer.append(text)
                    if in_link:
                        self._link_chars += folded_len(text)
        if is_block and buffer:
            self._flush(el, "h" if tag in _HEADING_TAGS else "li" if tag == "li" else "p", furniture)
