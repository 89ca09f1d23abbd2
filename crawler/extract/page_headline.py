"""The headline of a page: its title sources and shown headings, weighed by ``crawler.extract.headline``.

The usual page is settled without weighing (JSON-LD and og:title agree, or the first title heading reads
as they do); the reader remembers on the page which heading shows the headline, for the section and tag
rules that look around it.
"""

from __future__ import annotations

from lxml import etree

from crawler.extract import headline as titles
from crawler.extract.metadata import jsonld_text
from crawler.extract.page import Page
from crawler.extract.render import render_text
from crawler.extract.site_names import is_site_name

SHORT_HEADING_WORDS = 3  # an <h1> this short is a logo or a channel name, not a title
# No headline runs this long (the longest of the bench pages: 142 characters): a longer title source or
# heading is a page's text in the wrong element, or stuffing, and is not weighed at all.
HEADLINE_MAX_CHARS = 500
TITLE_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ")
# an element whose own text holds the title: the heading of a theme with no <h1> for it
_TEXT_HOLDING = etree.XPath(
    "//body/descendant::*[not(self::a or self::script or self::style or self::option or ancestor::a)]"
    "[contains(text(), $t)]"
)


def read_headline(page: Page) -> str:
    """By agreement between JSON-LD, og:title, twitter:title, <title> and the shown headings
    (``crawler.extract.headline``); the shown form wins when it reads the same."""
    meta = page.meta
    sources = [
        ("jsonld", _bounded(jsonld_text(meta.article.get("headline")))),
        ("og", _bounded(meta.first("og:title"))),
        ("twitter", _bounded(meta.first("twitter:title"))),
        ("title", _bounded(meta.title or None)),
    ]
    declared, og = sources[0][1], sources[1][1]
    if declared and og and _same_title(declared, og):
        # JSON-LD and og:title agree: the usual page, nothing to weigh (its heading is found only
        # if a later rule asks for it)
        declared = _without_site_suffix(declared, page.sites)
        page.remember_headline(text=declared)
        return declared
    chosen = page.own_nodes("headline")
    # the usual page: its first title heading reads as JSON-LD or og:title does, nothing to weigh
    first = chosen[:1] or page.index.select("h1")[:1]
    if first:
        text = _bounded(render_text(first[0]))
        declared = sources[0][1] or _without_site(sources[1][1], page.sites)
        if text and declared and titles.key(text) == titles.key(declared):
            page.remember_headline(node=first[0])
            return text
    nodes = [*chosen, *page.headings]
    nodes = list(dict.fromkeys(nodes))
    shown = [_bounded(render_text(n)) or "" for n in nodes]
    nodes = [n for n, t in zip(nodes, shown, strict=True) if t]
    shown = [t for t in shown if t]
    choice = titles.choose(sources, shown, page.sites)
    if (
        choice is not None
        and choice.shown is None
        and len(choice.text) >= 8
        and not any(
            len(t.split()) > SHORT_HEADING_WORDS for n, t in zip(nodes, shown, strict=True) if n.tag == "h1"
        )
    ):
        # no <h1> holds a title (only a logo or a channel name): look for the element that shows
        # it, the <div> of an old theme
        found = [n for n in _TEXT_HOLDING(page.root, t=choice.text.split(":")[-1].strip()) if n not in nodes]
        held = [(n, text) for n in found if (text := _bounded(render_text(n)))]
        if held:
            nodes += [n for n, _ in held]
            shown += [text for _, text in held]
            choice = titles.choose(sources, shown, page.sites)
    if choice is None:
        return ""
    if choice.shown is not None:
        page.remember_headline(node=nodes[choice.shown])
    return choice.text


def _bounded(text: str | None) -> str | None:
    """The text, unless it is too long to be a headline (``HEADLINE_MAX_CHARS``)."""
    return text if text is None or len(text) <= HEADLINE_MAX_CHARS else None


def _same_title(headline: str, og_title: str) -> bool:
    """og:title is the headline, or the headline and a site suffix (``Judul - JagatBisnis``)."""
    if og_title == headline:
        return True
    rest = og_title[len(headline) :] if og_title.startswith(headline) else ""
    return bool(rest) and any(rest.startswith(sep) for sep in TITLE_SEPARATORS) and len(rest.split()) <= 5


def _without_site_suffix(headline: str, sites: frozenset[str]) -> str:
    """The headline without the site's name after a separator, when the page's own data writes it in the
    headline itself (ign's JSON-LD headline and og:title both end ``… and More - IGN``)."""
    for separator in TITLE_SEPARATORS:
        head, found, tail = headline.rpartition(separator)
        if found and head and is_site_name(tail, sites):
            return head.rstrip()
    return headline


def _without_site(title: str | None, sites: frozenset[str]) -> str | None:
    """og:title without a trailing site segment (`` - Kompas.com``), for the fast headline check."""
    if not title:
        return None
    return titles.title_runs(title, sites)[0]
