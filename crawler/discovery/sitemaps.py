"""Sitemaps: an index's child sitemaps, a sitemap's article URLs with ``lastmod``, a news sitemap's dates.

One reader for all three, since a news sitemap is a sitemap whose entries carry ``news:news`` (a sitemap
found through robots.txt may be either). A body may come gzipped (``.xml.gz``, or a server that sends the
file itself gzipped); it is unpacked up to a size limit, so a small download cannot become a huge
document. XML is parsed without entities or network access and with lxml's size limits, whatever the
document declares.
"""

from __future__ import annotations

import gzip
import io
import re
import struct
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lxml import etree

from crawler.dates.precedence import DateCandidate, choose_published
from crawler.dates.results import to_item_date
from crawler.discovery.found import Found, Rejected, article_url, looks_like_article, rejected_by_pattern
from crawler.extract.when import read_candidate
from crawler.profiles import Profile
from crawler.state.articles import change_signal
from crawler.urls import join_url, same_site, url_place

NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
# Sitemaps and feeds are parsed without entities or network access, whatever they declare.
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
_GZIP_MAGIC = b"\x1f\x8b"
# Character references to UTF-16 units of the surrogate range (``&#55357;&#56832;``: an encoder that
# escapes each UTF-16 unit of an emoji): libxml2's recovery keeps them as bytes that are no UTF-8, and lxml
# raises UnicodeDecodeError on reading that text (a loc, a date), which ended the whole document. A run of
# them is read as the units it names before parsing.
_SURROGATE_REFS = re.compile(rb"(?:&#(?:[xX]0{0,4}[dD][89a-fA-F][0-9a-fA-F]{2}|0{0,4}5[5-7][0-9]{3});)+")
# The byte order marks and opening bytes by which an XML document shows it is in UTF-16 or UTF-32 (XML 1.0,
# appendix F), longest first: its closing tag is looked for in its text, as its bytes hold NULs between
# the letters.
_WIDE_OPENINGS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)
_GUNZIP_CHUNK = 64 * 1024  # unpacked at a time, so a gzip bomb stops within a chunk of the size limit
_PUBLISHED = f"{{{NEWS_NS}}}news/{{{NEWS_NS}}}publication_date"


@dataclass
class SitemapPage:
    """What one sitemap document holds for this portal."""

    kind: str | None  # ``urlset``, ``sitemapindex``, or None for a document that is neither
    children: list[str] = field(default_factory=list)  # child sitemaps of an index, on the site
    articles: list[Found] = field(default_factory=list)  # article URLs of a urlset, on the site
    offsite: int = 0  # entries on another host, left out
    rejected: Rejected = field(default_factory=Rejected)  # on-site entries the article pattern turned down
    truncated: bool = False  # the document ends before its closing tag: only the entries before the cut


def unpack(body: bytes, max_size: int) -> bytes | None:
    """The body, gunzipped when it is gzip; None when it unpacks to more than ``max_size`` bytes
    (0: no limit) or is not readable gzip.

    Every member of the file is read, as ``gunzip`` and Scrapy's sitemap spider read them: a ``.xml.gz``
    may be several gzip members one after the other (files joined with ``cat``, a generator that writes
    each batch as a member). A file cut short, or with bytes after its last member, gives what it holds
    before that, as Scrapy's ``gunzip`` does; damaged compressed data is unreadable."""
    if not body.startswith(_GZIP_MAGIC):
        return body
    data = bytearray()
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as packed:
        while True:
            try:
                chunk = packed.read1(_GUNZIP_CHUNK)
            except zlib.error:
                return None
            except (OSError, EOFError, struct.error):
                if not data:
                    return None
                break
            if not chunk:
                break
            data += chunk
            if 0 < max_size < len(data):
                return None
    return bytes(data)


@dataclass
class RobotsSitemaps:
    """The ``Sitemap:`` lines of a robots.txt."""

    urls: list[str] = field(default_factory=list)  # absolute, in file order
    unreadable: list[str] = field(default_factory=list)  # values that are no URL a request can be made for


def read_robots(robots: bytes | str, base_url: str) -> RobotsSitemaps:
    """The ``Sitemap:`` URLs of a robots.txt, absolute, and the values that cannot be read: no http(s) URL
    with a host and port (``https://example.com:443:/sitemap.xml``), which Scrapy's ``Request`` would refuse
    with a ValueError, ending the robots.txt callback before the lines after it. Those are kept apart so the
    crawl can say which sitemap it could not ask for."""
    text = robots.decode("utf-8", "replace") if isinstance(robots, bytes) else robots
    found = RobotsSitemaps()
    for line in text.splitlines():
        name, colon, value = line.strip().partition(":")
        value = value.strip()
        if not colon or not value or name.strip().lower() != "sitemap":
            continue
        if (url := join_url(base_url, value)) and url_place(url) is not None:
            found.urls.append(url)
        else:
            found.unreadable.append(value)
    return found


def sitemaps_in_robots(robots: bytes | str, base_url: str) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt that a request can be made for (``read_robots``)."""
    return read_robots(robots, base_url).urls


def xml_root(body: bytes) -> etree._Element | None:
    """The document's root element (recovered from what errors it has), or None for no XML at all."""
    if b"&#" in body:
        body = _SURROGATE_REFS.sub(_joined_surrogates, body)
    try:
        return etree.fromstring(body, parser=XML_PARSER)
    except etree.XMLSyntaxError:
        return None


def is_cut_short(body: bytes, root: etree._Element) -> bool:
    """Whether the document ends before its root's closing tag (``</urlset>``, ``</rss>``, ``</rdf:RDF>``).
    One without it was cut short (a generator stopped by its time limit mid-way, a file still being
    written): the parser recovers the entries before the cut, and nothing else tells that the rest is
    missing."""
    name = _local(root.tag)
    for opening, codec in _WIDE_OPENINGS:
        if body.startswith(opening):
            text = body.decode(codec, "replace")
            return re.search(r"</(?:[\w.-]+:)?" + re.escape(name) + r"\s*>", text) is None
    return re.search(rb"</(?:[\w.-]+:)?" + re.escape(name.encode()) + rb"\s*>", body) is None


def _joined_surrogates(match: re.Match[bytes]) -> bytes:
    """The run of references as the characters its UTF-16 units spell: a pair as its character, a lone
    half as U+FFFD (units outside the surrogates stay themselves)."""
    units = [
        int(ref[3:], 16) if ref[2:3] in b"xX" else int(ref[2:]) for ref in match.group().split(b";")[:-1]
    ]
    text = struct.pack(f"<{len(units)}H", *units).decode("utf-16-le", "replace")
    return text.encode("ascii", "xmlcharrefreplace")


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def read_sitemap(body: bytes, profile: Profile) -> SitemapPage:
    """The child sitemaps (of an index) or the article URLs (of a urlset) that are on the portal.

    An article's change signal is the latest of its ``lastmod`` and its ``news:publication_date``;
    ``published`` keeps the latter as written. Entries are taken in document order, each URL once.
    """
    root = xml_root(body)
    kind = _local(root.tag) if root is not None else None
    if kind not in ("urlset", "sitemapindex"):
        return SitemapPage(None)
    page = SitemapPage(kind, truncated=is_cut_short(body, root))
    seen: set[str] = set()
    for entry in root.iter("{*}url", "{*}sitemap"):
        loc = (entry.findtext("{*}loc") or "").strip()
        if not loc:
            continue
        if not same_site(loc, profile.origins):
            page.offsite += 1
            continue
        if kind == "sitemapindex":
            page.children.append(loc)
            continue
        canonical = article_url(loc, loc, profile)
        if canonical is None and (url := rejected_by_pattern(loc, loc, profile)) is not None:
            # a news sitemap entry is an article whatever its URL looks like
            news = entry.find(f"{{{NEWS_NS}}}news") is not None
            page.rejected.add(url, article_like=news or looks_like_article(url))
        if canonical is None or canonical in seen:
            continue
        seen.add(canonical)
        published = (entry.findtext(_PUBLISHED) or "").strip() or None
        signals = (change_signal(published), change_signal((entry.findtext("{*}lastmod") or "").strip()))
        page.articles.append(Found(canonical, max(filter(None, signals), default=None), published))
    return page


def with_sitemap_date(item: dict[str, Any], raw: str, timezone: str) -> dict[str, Any]:
    """The item with a news sitemap's publication date when the date precedence prefers it to the page's
    own (``crawler.dates.precedence``: a page with no date, or only its permalink's day)."""
    page_value = None
    if item.get("datePublished"):
        try:
            page_value = datetime.fromisoformat(item["datePublished"])
        except ValueError:
            page_value = None
    source = item.get("datePublishedSource")
    if source not in (None, "url"):  # the page's own date (in the page's own zone) stands
        return item
    candidates = [read_candidate("sitemap", raw, tz=timezone, reference=None)]
    if source is not None and page_value is not None:
        precision = item.get("datePublishedPrecision") or ("day" if source == "url" else "second")
        candidates.insert(0, DateCandidate(source, item.get("datePublishedRaw"), page_value, precision))
    choice = choose_published(candidates)
    if choice.source != "sitemap" or choice.value is None or choice.precision is None:
        return item
    return {
        **item,
        "datePublished": to_item_date(choice.value, choice.precision),
        "datePublishedRaw": raw,
        "datePublishedSource": "sitemap",
        "datePublishedPrecision": choice.precision,
    }
