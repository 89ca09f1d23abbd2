"""Section and tags: which channel labels and keyword lists belong to the article.

Portals print words that look like a section or a tag but describe the site: a breadcrumb's "Home" and
"Berita", the channel picker's "News", a header bar of the day's trending tags, keywords meta padded with
"berita terkini, portal Indonesia", JSON-LD keywords carrying the CMS's own labels ("Editor:Iskandar",
"Tekno:Telko", "Topic: Indra Birowo"). These rules keep what names the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import islice

from lxml import etree

from crawler.extract.render import Line, fold
from crawler.extract.site_names import is_site_name

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
        # the content type a CMS writes where its channel should be (JSON-LD articleSection "post",
        # "articles"; a trail ending in "Article"), and a category that holds everything ("All")
        "article",
        "articles",
        "post",
        "posts",
        "story",
        "stories",
        "all",
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
        # the latest-news index every channel has: where a story is listed, not what it is about
        "terkini",
        "terbaru",
        "berita terkini",
        "berita terbaru",
        "latest",
        "latest news",
    }
)
# a subchannel that only means "the rest of the channel": its parent channel is the section
CATCH_ALL_SECTIONS = frozenset({"umum", "lainnya", "lain-lain", "general", "others", "other"})
SECTION_MAX_WORDS = 5
# an address, not a channel's name: an e-mail or a handle (an author box read as the section), a URL, a
# host name (a site's own domain where its channel should be: ``www.wday.ru``)
_ADDRESS = re.compile(r"@|://|^(?:www\.)?(?:[a-z0-9-]+\.)+[a-z]{2,}$", re.IGNORECASE)
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
# a keyword term that names no topic: what names no section (the content type, "Article" opening Reuters'
# keywords; "Berita", "Home"), and schema.org's article types
_NOT_A_TOPIC = GENERIC_SECTIONS | {"newsarticle", "blogposting"}
# the label of a pseudo-tag whose value is a tag ("Topic: Indra Birowo"); other labels are dropped
_PADDING_HEADS = frozenset({"berita", "portal", "situs", "news"})
# labels printed before a tag ("Topic: Indra Birowo" in keywords, "Filed to: innovation" on a tag link)
_TAG_LABELS = frozenset(
    {
        "topic",
        "topics",
        "topik",
        "tag",
        "tags",
        "tagar",
        "hashtag",
        "label",
        "kata kunci",
        "keyword",
        "keywords",
        "filed to",
        "filed under",
        "tagged",
    }
)
_LABELLED = re.compile(r"^\s*([^\W\d][\w .&-]{0,30}?)\s*:\s*(.*)$")
# words that make a keyword list a bag of the description's words, not tags
_FUNCTION_WORDS = frozenset(
    [
        "di",
        "ke",
        "dari",
        "yang",
        "dan",
        "ini",
        "itu",
        "dengan",
        "untuk",
        "pada",
        "apa",
        "sih",
        "ya",
        "nya",
        "juga",
        "akan",
        "dalam",
        "tak",
        "tidak",
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "and",
        "is",
        "for",
        "on",
        "with",
        "at",
        "by",
    ]
)
# a tag container whose label says it lists the site's tags, not the article's
LABEL_CHARS = 40  # a tag block's label is within its first characters
_SITE_WIDE = re.compile(r"trending|popul|terpopuler|populer|hot\b|terhangat|pilihan|terbaru", re.IGNORECASE)


def meaningful_section(text: str | None, sites: frozenset[str] = frozenset()) -> str | None:
    """``text`` when it can be a section: not a generic label, not the site's name, not an address,
    short."""
    if not text:
        return None
    value = fold(text).strip().strip("»›>/|·-").strip()
    low = value.casefold()
    if not value or low in GENERIC_SECTIONS or len(value.split()) > SECTION_MAX_WORDS:
        return None
    if _ADDRESS.search(value):
        return None
    if is_site_name(value, sites):
        return None
    return value


def channel_of_site_segment(segment: str, sites: frozenset[str]) -> str | None:
    """``Otomotif`` of ``ANTARA News Otomotif``, ``Regional`` of ``Kompas.com Regional``: a title
    segment that is the site's name plus one channel word."""
    words = segment.split()
    if not 2 <= len(words) <= 4 or is_site_name(segment, sites):
        return None
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        if is_site_name(head, sites) and len(words) - cut == 1:
            return meaningful_section(tail, sites)
        if is_site_name(tail, sites) and cut == 1:
            return meaningful_section(head, sites)
    return None


def breadcrumb_section(items: list[str], headline: str, sites: frozenset[str] = frozenset()) -> str | None:
    """The most specific meaningful item of a breadcrumb (the article's own title excluded); a
    catch-all subchannel ("Umum") gives way to its parent."""
    head = headline.casefold().strip()
    found = [
        v
        for v in (meaningful_section(i, sites) for i in items)
        if v is not None and v.casefold() != head and v.casefold() not in CATCH_ALL_SECTIONS
    ]
    return found[-1] if found else None


def keyword_label(term: str) -> tuple[str, str] | None:
    """(label, value) of a CMS's labelled keyword term (``Celebrity: Hot Gossip``, ``Topic: Indra``,
    ``Editor:Iskandar``), None for a plain term."""
    match = _LABELLED.match(term)
    return (match.group(1).strip(), match.group(2).strip()) if match else None


# What a tag list holds that is no tag: a CMS's machine label (``channel_other``, ``type_news``, an
# ``@river`` routing label), a link to more of the list (``Read More``, ``More in World``, ``Lihat Semua``),
# or a sentence (a related story's title and teaser taken for a tag block)
_MACHINE_LABEL = re.compile(r"^@\S+$|^[a-z0-9]+(?:_[a-z0-9]+)+$")
_MORE_LINK = re.compile(
    r"^(?:(?:read|show|see|view|load)\s+(?:more|all)|more(?:\s+in)?(?:\s+\w+)?|selengkapnya|lainnya"
    r"|(?:baca|lihat)\s+(?:selengkapnya|semua|lainnya)|tampilkan\s+(?:lebih\s+banyak|semua))$",
    re.IGNORECASE,
)
# a named-entity tagger's class labels, written into the keyword terms by a wire's CMS (AP's feeds:
# ``Mark Esper GOVERNMENT_FIGURE PERSON``, ``PERSON POLITICIAN``, ``Andrew Yang NEWSMAKER``): an upper-case
# token joined by underscores is a class name, and so are the broad classes written alone (upper case
# only: a tag ``Person`` or ``Politician`` stays)
_ENTITY_CLASS = re.compile(r"\b(?:[A-Z]+(?:_[A-Z]+)+|PERSON|NEWSMAKER|POLITICIAN|ORGANI[SZ]ATION|LOCATION)\b")
TAG_MAX_WORDS = 12  # the bench pages' longest real tag has 7 words; a related story's title runs longer
# Keyword terms a page's keywords are read up to: real lists hold a few dozen, a stuffed one half a million
# (5.8 s a page when every one was cleaned and tested, for the 100 tags an item keeps at most).
MAX_KEYWORD_TERMS = 1000


def is_tag(term: str) -> bool:
    """Whether a term of a tag block or keyword list can be a tag (see ``_MACHINE_LABEL``, ``_MORE_LINK``)."""
    return not (
        _MACHINE_LABEL.match(term)
        or _MORE_LINK.match(term)
        or len(term.split(None, TAG_MAX_WORDS)) > TAG_MAX_WORDS
    )


def clean_keywords(values: Iterable[str]) -> list[str]:
    """Keyword terms as tags: comma lists split, CMS labels dropped ("Editor:Iskandar", "Tekno:Telko")
    or unwrapped ("Topic: Indra Birowo"), terms that describe any news site dropped; a list that is
    mostly function words (the description cut into words) gives nothing. Only the first
    ``MAX_KEYWORD_TERMS`` terms are read."""
    split = (t.strip() for v in values for t in fold(v).split(","))
    terms = list(islice((t for t in split if t), MAX_KEYWORD_TERMS))
    if not terms:
        return []
    single = [t for t in terms if len(t.split()) == 1]
    function = sum(1 for t in single if t.casefold() in _FUNCTION_WORDS)
    if len(terms) >= 6 and len(single) >= 0.7 * len(terms) and function >= 2:
        return []
    # SEO padding: several "berita …"/"portal …" terms describe the site, not the article
    padding = [t for t in terms if t.split()[0].casefold() in _PADDING_HEADS]
    if len(padding) >= 2:
        terms = [t for t in terms if t not in padding]
    tagged = _ENTITY_CLASS.search("\n".join(terms)) is not None  # one scan: the usual list has no class
    out = []
    for term in terms:
        labelled = keyword_label(term)
        if labelled:
            label, value = labelled
            if label.casefold() not in _TAG_LABELS or not value:
                continue
            term = value
        term = term.lstrip("#").strip()
        if tagged:
            term = _without_entity_classes(term)
        words = term.casefold().split()
        if len(words) >= 2 and all(w in _SITE_WORDS for w in words):
            continue
        if " ".join(words) in _NOT_A_TOPIC:
            continue
        if term:
            out.append(term)
    return out


def _without_entity_classes(term: str) -> str:
    """A keyword term without the entity classes a tagger put around the name (``_ENTITY_CLASS``): in a
    term that carries one, every upper-case word is a class (``COACH SPORTS_FIGURE PERSON``); "" when the
    term was nothing else."""
    if not _ENTITY_CLASS.search(term):
        return term
    return " ".join(w for w in term.split() if not (w.isupper() and len(w) > 1))


def shown_tag(text: str) -> str:
    """A tag block's term as a tag: ``#Info Kesehatan`` -> ``Info Kesehatan``, and a tag label printed
    inside the link dropped (gizmodo's ``<span>Filed to:</span><span>innovation</span>``)."""
    term = fold(text).strip().lstrip("#").strip()
    labelled = keyword_label(term) if ":" in term else None
    if labelled and labelled[1] and labelled[0].casefold() in _TAG_LABELS:
        return labelled[1].lstrip("#").strip()
    return term


# what may stand between the links of a tag run: spaces, list separators, the hash of a tag outside its link
_TAG_RUN_GAP = re.compile(r"[\s,;|/·•#]*")


def is_tag_run(line: Line) -> bool:
    """A line that is nothing but tag links: hashtags (``#Jokowi #Pilpres``) or links after a tag label
    (``Tags: A, B, C``), the page's tag list printed in the story's container. Only separators may stand
    between the links, so a sentence that links a tag page stays."""
    if not line.links:
        return False
    text, gaps, pos = line.text, [], 0
    for start, end in line.links:
        gaps.append(text[pos:start])
        pos = end
    if not all(_TAG_RUN_GAP.fullmatch(gap) for gap in gaps[1:]) or not _TAG_RUN_GAP.fullmatch(text[pos:]):
        return False
    if not _TAG_RUN_GAP.fullmatch(gaps[0]):
        label = gaps[0].strip().removesuffix(":").strip()
        return label.casefold() in _TAG_LABELS
    return all(
        text[start:end].lstrip().startswith("#") or gap.rstrip().endswith("#")
        for (start, end), gap in zip(line.links, gaps, strict=True)
    )


def is_site_wide(container: etree._Element) -> bool:
    """A tag block labelled as the site's trending or popular list, by its class, id or heading."""
    for node in (container, container.getparent()):
        if node is None:
            continue
        marks = f"{node.get('class') or ''} {node.get('id') or ''}"
        if _SITE_WIDE.search(marks):
            return True
    head = ""
    for text in container.itertext():  # its label opens it: no need to render a whole block
        head += text
        if len(head) >= LABEL_CHARS:
            break
    return bool(_SITE_WIDE.search(head[:LABEL_CHARS]))
