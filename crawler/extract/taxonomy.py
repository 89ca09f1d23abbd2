"""Section and tags: which channel labels and keyword lists belong to the article.

Portals print words that look like a section or a tag but describe the site: a breadcrumb's "Home" and
"Berita", the channel picker's "News", a header bar of the day's trending tags, keywords meta padded with
"berita terkini, portal Indonesia", JSON-LD keywords carrying the CMS's own labels ("Editor:Iskandar",
"Tekno:Telko", "Topic: Indra Birowo"). These rules keep what names the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from crawler.extract.render import fold, render_text

# breadcrumb and channel labels that name no section of their own
GENERIC_SECTIONS = frozenset(
    {
        "home",
        "beranda",
        "news",
        "berita",
        "detail berita",
        "detail artikel",
        "artikel",
        "index",
        "indeks",
        "index berita",
        "home page",
        "homepage",
        "halaman utama",
        "utama",
        "main",
        "read",
        "baca",
    }
)
# a subchannel that only means "the rest of the channel": its parent channel is the section
CATCH_ALL_SECTIONS = frozenset({"umum", "lainnya", "lain-lain", "general", "others", "other"})
SECTION_MAX_WORDS = 5
# words of keyword terms that describe any news site ("berita terkini", "portal Indonesia")
_SITE_WORDS = frozenset(
    {
        "berita",
        "news",
        "terkini",
        "terbaru",
        "terupdate",
        "indonesia",
        "online",
        "portal",
        "harian",
        "hari",
        "ini",
        "info",
        "informasi",
        "situs",
        "media",
        "kabar",
        "update",
        "headline",
        "today",
        "latest",
    }
)
# the label of a pseudo-tag whose value is a tag ("Topic: Indra Birowo"); other labels are dropped
_TAG_LABELS = frozenset({"topic", "topik", "tag", "tags", "label"})
_LABELLED = re.compile(r"^\s*([^\W\d][\w .&-]{0,30}?)\s*:\s*(.*)$")
# words that make a keyword list a bag of the description's words, not tags
_FUNCTION_WORDS = frozenset(
    "di ke dari yang dan ini itu dengan untuk pada apa sih ya nya juga akan dalam tak tidak "
    "the a an of to in and is for on with at by".split()
)
# a tag container whose label says it lists the site's tags, not the article's
_SITE_WIDE = re.compile(r"trending|popul|terpopuler|populer|hot\b|terhangat|pilihan|terbaru", re.IGNORECASE)


def meaningful_section(text: str | None, sites: frozenset[str] = frozenset()) -> str | None:
    """``text`` when it can be a section: not a generic label, not the site's name, short."""
    if not text:
        return None
    value = fold(text).strip().strip("»›>/|·-").strip()
    low = value.casefold()
    if not value or low in GENERIC_SECTIONS or len(value.split()) > SECTION_MAX_WORDS:
        return None
    flat = re.sub(r"[\W_]+", "", low)
    if any(site == flat or (site in flat and len(value.split()) <= 2) for site in sites):
        return None
    return value


def breadcrumb_section(
    items: list[str], headline: str, sites: frozenset[str] = frozenset()
) -> str | None:
    """The most specific meaningful item of a breadcrumb (the article's own title excluded); a
    catch-all subchannel ("Umum") gives way to its parent."""
    head = headline.casefold().strip()
    found = [
        v
        for v in (meaningful_section(i, sites) for i in items)
        if v is not None and v.casefold() != head and v.casefold() not in CATCH_ALL_SECTIONS
    ]
    return found[-1] if found else None


def clean_keywords(values: Iterable[str]) -> list[str]:
    """Keyword terms as tags: comma lists split, CMS labels dropped ("Editor:Iskandar", "Tekno:Telko")
    or unwrapped ("Topic: Indra Birowo"), terms that describe any news site dropped; a list that is
    mostly function words (the description cut into words) gives nothing."""
    terms = [t.strip() for v in values for t in fold(v).split(",")]
    terms = [t for t in terms if t]
    if not terms:
        return []
    single = [t for t in terms if len(t.split()) == 1]
    function = sum(1 for t in single if t.casefold() in _FUNCTION_WORDS)
    if len(terms) >= 6 and len(single) == len(terms) and function >= 2:
        return []
    out = []
    for term in terms:
        match = _LABELLED.match(term)
        if match:
            label, value = match.group(1).strip().casefold(), match.group(2).strip()
            if label not in _TAG_LABELS or not value:
                continue
            term = value
        term = term.lstrip("#").strip()
        words = term.casefold().split()
        if len(words) >= 2 and all(w in _SITE_WORDS for w in words):
            continue
        if term:
            out.append(term)
    return out


def is_site_wide(container: etree._Element) -> bool:
    """A tag block labelled as the site's trending or popular list, by its class, id or heading."""
    for node in (container, container.getparent()):
        if node is None:
            continue
        marks = f"{node.get('class') or ''} {node.get('id') or ''}"
        if _SITE_WIDE.search(marks):
            return True
    label = next((render_text(h) for h in container.iter("h2", "h3", "h4", "strong", "span") if len(h) == 0), "")
    return bool(label and _SITE_WIDE.search(label[:40]))
