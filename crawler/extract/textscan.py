"""The text nodes of a page's body that open with a pattern, found in one regular-expression scan.

Asking lxml for the body's text nodes as nodes (``//body//text()``) makes a string and an element proxy
for each of the hundreds a page has, and matching a pattern against each of them is a Python call per
node, only to keep the one or two that open with, say, a credit label. Here the text nodes come as plain
strings, joined by NUL (libxml2 text never holds one, and NUL is neither ``\\s`` nor ``\\w``), one
``finditer`` finds the nodes the pattern opens, and only those are fetched, each by its position.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache

from lxml import etree

_TEXTS = "//body/descendant::text()"
_PLAIN_TEXTS = etree.XPath(_TEXTS, smart_strings=False)
_JOIN = "\x00"


@lru_cache(maxsize=4096)
def _text_at(position: int) -> etree.XPath:
    """The body's ``position``-th text node (1-based), counted over every ``<body>`` of the page."""
    return etree.XPath(f"({_TEXTS})[{position}]")


@lru_cache(maxsize=4096)
def _first_body_text_at(position: int) -> etree.XPath:
    """The ``position``-th text node of the page's first ``<body>``: a position in a location step (not
    in a filter on a whole node-set, as ``_text_at``'s) lets libxml2 stop once it is reached, so a hit near
    the top costs a part of a walk instead of a whole one. It is ``_text_at``'s node whenever there is
    one: the first body's text nodes open the page's list in document order (a second ``<body>``, after
    ``</html>``, adds its own after them; one nested in it adds none)."""
    return etree.XPath(f"/descendant::body[1]/descendant::text()[{position}]")


def text_at(root: etree._Element, position: int) -> list[etree._ElementUnicodeResult]:
    """``_text_at(position)(root)``: from the first body when it holds that many text nodes."""
    return _first_body_text_at(position)(root) or _text_at(position)(root)


# Text nodes fetched one by one, each by a walk from the body's start, before ``TextNodes`` fetches them
# all at once: a walk a hit is cheapest for the one or two hits a page has, and one a hit for thousands
# (a table of years, a list of credit lines) made a page's time grow with the square of its size. All at
# once costs a string and an element proxy for every text node: on the AEB pages (181, 26 of which ask for
# more than 8) 16 walks cost less than 8 and the fetch (callgrind, 30 pages: -0.6%; 12 gave nothing there)
MAX_WALKS = 16
_SMART_TEXTS = etree.XPath(_TEXTS)


class TextNodes:
    """The body's text nodes by position (1-based, as ``text_at``), as lxml's smart strings: the first
    ``MAX_WALKS`` asked for fetched one by one (``text_at``), then every one at once and the rest picked
    from that list, so one page costs at most ``MAX_WALKS`` walks and one pass."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self._walks = 0
        self._all: list[etree._ElementUnicodeResult] | None = None

    def at(self, position: int) -> list[etree._ElementUnicodeResult]:
        """The text node at ``position`` (a list of it, empty where there is none), as ``text_at``."""
        if self._all is None:
            if self._walks < MAX_WALKS:
                self._walks += 1
                return text_at(self.root, position)
            self._all = _SMART_TEXTS(self.root)
        return [self._all[position - 1]] if 0 < position <= len(self._all) else []


def body_texts(root: etree._Element) -> list[str]:
    """Every text node of the body as a plain string, in document order (``text_at`` fetches one as a
    node by its 1-based position): for a page whose texts several scans read
    (``crawler.extract.page.Page.body_texts``), one scan instead of one per reader. Plain, not lxml's
    smart strings: those make an element proxy for the parent of every text node, where a reader keeps
    a few of the hundreds."""
    return _PLAIN_TEXTS(root)


class OpeningScan:
    """Text nodes whose text opens with ``pattern`` after any whitespace, i.e. those for which
    ``re.match(r"\\s*" + pattern, text, flags)`` matches; ``starts`` holds every character a match of
    ``pattern`` can begin with (under ``flags``), a quick look-ahead that rules out most nodes at once.
    ``pattern`` must not match NUL (no text node holds it, so none of its matches can), nor begin with
    whitespace (the leading run is taken whole, never given back to it)."""

    def __init__(self, pattern: str, starts: str, flags: int = 0) -> None:
        # ``\s*+``, possessive: a text node's indentation is skipped once; a plain ``\s*`` gives it back a
        # character at a time, trying the pattern after each (most of a page's scan on indented markup).
        # The same matches: ``pattern`` does not begin with whitespace
        self._pattern, self._flags = pattern, flags
        self.starts = starts
        lead = f"(?=[{re.escape(starts)}])" if starts else ""
        self._joined = re.compile(rf"{_JOIN}\s*+{lead}(?:{pattern})", flags)

    @cached_property
    def one(self) -> re.Pattern[str]:
        """The pattern for one text, compiled on first use: the page scan never needs it (a long
        alternation costs the regex compiler, pure Python, millions of instructions)."""
        return re.compile(rf"\s*+(?:{self._pattern})", self._flags)

    def opens(self, text: str) -> bool:
        """Whether ``pattern`` opens ``text`` (the definition the page scan keeps to)."""
        return self.one.match(text) is not None

    def positions(self, texts: list[str]) -> list[int]:
        """The 1-based positions of the texts that ``pattern`` opens."""
        joined = _JOIN.join(["", *texts])  # one copy of the texts (``_JOIN + ...`` copied the join again)
        out: list[int] = []
        position, counted_to = 0, 0
        for m in self._joined.finditer(joined):
            position += joined.count(_JOIN, counted_to, m.start() + 1)
            counted_to = m.start() + 1
            out.append(position)
        return out

    def __call__(self, root: etree._Element, texts: list | None = None) -> list[etree._ElementUnicodeResult]:
        """The body's text nodes that ``pattern`` opens, in document order, as lxml's smart strings
        (``getparent()``, ``is_tail``): the same as ``[t for t in root.xpath("//body//text()") if
        self.opens(t)]``. ``texts``: those texts already read (``body_texts``)."""
        positions = self.positions(_PLAIN_TEXTS(root) if texts is None else texts)
        nodes = TextNodes(root)
        return [node for position in positions for node in nodes.at(position)]
