"""Render an HTML subtree as paragraphs of lines, keeping the text of inline tags.

Why not ``text_content()`` or the paragraphs' own text nodes: those either glue blocks together or lose
the words inside ``<a>``/``<strong>`` (the seed article's missing ``Rusia``/``Ukraina``). Here block
tags start a paragraph, ``<br>`` starts a line, inline tags keep their text, and every line remembers
which character ranges came from links, so an inline "Baca Juga: <a>title</a>" can be cut exactly,
and the bold text opening it, which sets a dateline apart when no dash does
(``<b>Liputan6.com, Jakarta</b> London Love Story, film …``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from crawler.vocabulary import RANGE_END, RANGE_START


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


BLOCK_TAGS = _words(
    """p div section article main header footer aside nav h1 h2 h3 h4 h5 h6 ul ol li dl dt dd
    blockquote pre table thead tbody tfoot tr td th caption figure figcaption hr address center
    details summary form fieldset"""
)
_BOLD_TAGS = frozenset({"b", "strong"})
SKIP_TAGS = _words(
    """script style noscript template iframe svg button input select textarea option object embed
    canvas audio video img picture source map head title meta link"""
)
# character references left in the text by HTML escaped twice (``&amp;quot;`` in the HTML shows as the
# literal text ``&quot;``), a semicolon required (``html.unescape`` alone also reads legacy forms without
# one, and would make ``&region=`` of a URL ``®ion=``) but for a no-break space, written so as well
_LITERAL_REFERENCE = re.compile(
    r"&(?:nbsp;?|#160;?|#xa0;?|#[0-9]{1,7};|#x[0-9a-f]{1,6};|[a-z][a-z0-9]{1,31};)", re.IGNORECASE
)
_NO_BREAK_SPACE = frozenset({"&nbsp", "&#160", "&#xa0"})


def _put_back(match: re.Match[str]) -> str:
    reference = match.group()
    return " " if reference.rstrip(";").lower() in _NO_BREAK_SPACE else html.unescape(reference)


def holds_references(text: str) -> bool:
    """Whether ``text`` holds a character reference ``put_back_references`` would put back."""
    return "&" in text and _LITERAL_REFERENCE.search(text) is not None


def put_back_references(text: str) -> str:
    """``text`` with the character references left in it put back (``&quot;`` -> ``"``, ``&#8220;`` ->
    ``“``, ``&nbsp;`` -> a space): text escaped once more than the HTML parser reads, as portals' double
    escaping leaves it, and JSON-LD, which the parser leaves as raw text and CMSs write escaped."""
    return _LITERAL_REFERENCE.sub(_put_back, text) if "&" in text else text


# zero-width characters, soft hyphens and the C0 controls lxml keeps in text (whitespace aside)
_INVISIBLE = dict.fromkeys(
    [*map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\x7f"), *(c for c in range(32) if chr(c) not in "\t\n\r")]
)
# the same characters as a class: searching is faster than translating, and most text has none
_HAS_INVISIBLE = re.compile("[" + "".join(re.escape(chr(c)) for c in _INVISIBLE) + "]")


def fold(text: str) -> str:
    """Whitespace folded to single spaces, character references left in the text put back
    (``put_back_references``), invisible characters removed.

    ``str.split()`` knows every Unicode space (no-break, thin, ideographic), and is several times
    faster than a regular expression; a leading or trailing space is kept, inline text needs it.
    """
    if "&" in text:
        text = _LITERAL_REFERENCE.sub(_put_back, text)
    # every one of them is unprintable: printable text (the usual, in any script) skips the search
    if text.isprintable():
        # its only whitespace is the ASCII space (every other space is unprintable): without a double
        # one it is folded already
        if "  " not in text:
            return text
    elif _HAS_INVISIBLE.search(text):
        text = text.translate(_INVISIBLE)
    words = text.split()
    if not words:
        return " " if text else ""
    folded = " ".join(words)
    if text[0].isspace():
        folded = " " + folded
    if text[-1].isspace():
        folded += " "
    return folded


@dataclass
class Line:
    """One rendered line: its folded text, the character ranges that were link text, and the bold text
    that opens it ("" when it does not open in bold; it stays valid while ``text`` starts with it)."""

    text: str = ""
    links: list[tuple[int, int]] = field(default_factory=list)
    lead: str = ""

    def link_ratio(self) -> float:
        """Share of the line's visible characters that sit inside links (0 for an empty line)."""
        total = len(self.text.replace(" ", ""))
        if not total:
            return 0.0
        linked = sum(len(self.text[a:b].replace(" ", "")) for a, b in self.links)
        return linked / total

    def cut(self, start: int, end: int) -> Line:
        """The line without ``text[start:end]``, link ranges shifted to match."""
        width = end - start
        links = []
        for a, b in self.links:
            if b <= start:
                links.append((a, b))
            elif a >= end:
                links.append((a - width, b - width))
        text = self.text[:start] + self.text[end:]
        return Line(text, links, self.lead if start >= len(self.lead) else "").tidy()

    def tidy(self) -> Line:
        """Fold doubled spaces and strip the ends, keeping link ranges aligned."""
        text, links = self.text, self.links
        if text and text[0] != " " and text[-1] != " " and "  " not in text:
            return self  # the usual case: nothing to fold
        while "  " in text:
            i = text.index("  ")
            text = text[:i] + text[i + 1 :]
            links = [(a - (a > i), b - (b > i)) for a, b in links]
        shift = len(text) - len(text.lstrip(" "))
        text = text.strip(" ")
        links = [(max(a - shift, 0), min(b - shift, len(text))) for a, b in links]
        return Line(
            text, [(a, b) for a, b in links if b > a], self.lead if text.startswith(self.lead) else ""
        )


Block = list[Line]


_PLAIN_SPACE = " \t\n\r"


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.lines: Block = []
        self.text: list[str] = []
        self.size = 0
        self.links: list[tuple[int, int]] = []
        self.lead = ""
        self.after_break = False

    def add(self, text: str | None, in_link: bool) -> None:
        if not text:
            return
        if not text.strip(_PLAIN_SPACE):  # the layout whitespace between tags: what ``fold`` makes of it
            piece = " "
        else:
            piece = fold(text)
            if not piece:
                return
        if piece[0] == " " and (self.size == 0 or self.text[-1].endswith(" ")):
            piece = piece[1:]
            if not piece:
                return
        start = self.size
        self.after_break = False
        self.text.append(piece)
        self.size += len(piece)
        if in_link:
            self.links.append((start, self.size))

    def end_line(self) -> None:
        if not self.text:
            return  # nothing since the last line ended (block ends come in runs)
        raw = "".join(self.text)
        if raw.strip():
            self.lines.append(Line(raw, self.links, self.lead).tidy())
        self.text, self.size, self.links, self.lead = [], 0, [], ""

    def line_break(self) -> None:
        """``<br>`` ends the line; a second ``<br>`` with nothing between them ends the paragraph."""
        if self.size == 0 and self.after_break:
            self.end_block()
            return
        self.end_line()
        self.after_break = True

    def end_block(self) -> None:
        self.end_line()
        self.after_break = False
        if self.lines:
            self.blocks.append(self.lines)
        self.lines = []


Skip = Callable[[etree._Element], bool]
# Levels below the element a reader starts from that it follows one call a level (the parser keeps up to
# 2048, Python's calls go about 1000 deep); deeper, a subtree is read as one run of text (``flat_text``).
MAX_DEPTH = 400


def flat_text(element: etree._Element) -> str:
    """The text of ``element`` and its descendants but for ``SKIP_TAGS``' (scripts, styles), its own tail
    left out, read without a call a level: for subtrees nested past ``MAX_DEPTH``."""
    parts: list[str] = []
    walk = etree.iterwalk(element, events=("start", "end", "comment", "pi"))
    for event, el in walk:
        if event == "start":
            if el.tag in SKIP_TAGS:
                walk.skip_subtree()  # its "end" still comes: its tail is read there
            elif el.text:
                parts.append(el.text)
        elif el is not element and el.tail:  # an element's end, a comment, a processing instruction
            parts.append(el.tail)
    return "".join(parts)


_COMMENT = etree.Comment  # the ``tag`` of a comment node


def _walk(
    node: etree._Element, out: _Builder, in_link: bool, skip: Skip | None, tag: object = None, depth: int = 0
) -> None:
    if tag is None:  # the caller read it already: lxml makes a new string on every read of ``tag``
        tag = node.tag
    if not isinstance(tag, str):  # comment or processing instruction: only its tail is text
        return
    if tag in SKIP_TAGS:  # lxml's HTML parser gives lower-case tag names
        return
    if tag == "br":
        out.line_break()
        return
    if depth > MAX_DEPTH:  # pathological nesting: the rest as one run of text, not a call a level
        out.add(flat_text(node), in_link or tag == "a")
        return
    block = tag in BLOCK_TAGS
    if block and (out.text or out.lines or out.after_break):
        out.end_block()  # (a call saved where it has nothing to end: blocks open and close in runs)
    # bold text opening a line: where it ends is recorded once the element is read
    opening = (len(out.lines), len(out.blocks)) if tag in _BOLD_TAGS and out.size == 0 else None
    link = in_link or tag == "a"
    text = node.text
    if text:  # (most elements of a body open with a child, not text: no call for them)
        out.add(text, link)
    if len(node):  # a leaf (a link, an inline run) has no children to make an iterator for
        in_range = False
        for child in node:
            child_tag = child.tag
            if child_tag is _COMMENT:
                marker = child.text or ""
                if RANGE_START.match(marker):
                    in_range = True
                    continue
                if RANGE_END.match(marker):
                    in_range = False
            if in_range:
                continue  # between <!--BACA JUGA START--> and <!--BACA JUGA END-->, tails included
            if skip is None or not skip(child):
                _walk(child, out, link, skip, child_tag, depth + 1)
            tail = child.tail  # read once: lxml decodes the text on every read
            if tail:
                out.add(tail, link)
    if opening is not None and out.size and opening == (len(out.lines), len(out.blocks)):
        out.lead = "".join(out.text).strip()
    if block and (out.text or out.lines or out.after_break):
        out.end_block()


def render_blocks(element: etree._Element, skip: Skip | None = None) -> list[Block]:
    """Paragraphs (blocks of lines) of an element, in document order; empty ones dropped.

    ``skip`` says which descendants are noise: they are passed over (their tail text is kept).
    """
    out = _Builder()
    _walk(element, out, False, skip)
    out.end_block()
    return out.blocks


def render_text(element: etree._Element) -> str:
    """The element's visible text on one line, whitespace folded (for headlines, names, dates)."""
    if not len(element):
        # a leaf (a tag link, a date line, a name: most callers' elements, several a page) shows its own
        # text, folded, as the walk would render it, without a builder and its lines for one string
        tag = element.tag
        if not isinstance(tag, str) or tag in SKIP_TAGS or tag == "br":
            return ""
        return fold(element.text or "").strip(" ")
    return " ".join(line.text for block in render_blocks(element) for line in block)
