"""One parsed page and its profile, as every field reads it.

The field readers (``page_headline``, ``page_section``, ``page_tags``, ``page_dates``, ``page_fields``,
``body_assembly``, ``galleries``) share what is costly or what one of them learns for the others: the
layout the page was served with, the layered selector lookup (the profile's selectors, then generic
ones), the site's names, the element showing the headline, and the elements named as breadcrumbs, tag
blocks or active menu items. The page is parsed once; selectors and patterns are compiled once per
process.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from functools import cache, cached_property
from itertools import chain
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

from lxml import etree

from crawler.extract import headline as titles
from crawler.extract import page_dates
from crawler.extract.metadata import PageMeta, read_metadata
from crawler.extract.prune import NoiseFilter
from crawler.extract.render import render_text
from crawler.extract.selectors import PageIndex, holding, wanted_names
from crawler.extract.site_names import is_site_name, site_names, squash
from crawler.extract.textscan import body_texts
from crawler.extract.when import DateReads, PublishedDate, url_day
from crawler.profiles import Layout, Profile
from crawler.urls import MAX_URL_CHARS
from crawler.vocabulary import NOISE_CLASSES, PUBLISHED_LABEL, TAXONOMY_CLASS, UPDATED_LABEL

# Generic selectors, used after the profile's own (or alone when there is no profile).
GENERIC_SELECTORS: dict[str, tuple[str, ...]] = {
    "headline": ("h1.entry-title", "h1.post-title", "article h1", "h1"),
    "authors": (
        "[rel~='author']",
        ".author-name",
        ".byline .author",
        "[itemprop='author'] [itemprop='name']",
        "author",  # suara 2015 writes the byline in an <author> element
    ),
    "published": (
        "time[itemprop='datePublished']",
        "[itemprop='datePublished']",
        "time.published",
        "time.entry-date",
        "time[datetime]",
        ".post-date",
        ".date",
        "[class*='date']",  # theme-prefixed date lines: jb-post__date, td-post-date, entry-meta-date
        "time",
    ),
    "modified": ("time[itemprop='dateModified']", "[itemprop='dateModified']", "time.updated"),
    "section": ("[rel~='category']", ".cat-links a", ".post-category a"),
    "tags": ("[rel~='tag']", ".tags-links a", ".post-tags a"),
    "image": ("article img", ".post-thumbnail img", "main img"),
}
# an XPath condition: a link outside menus, masthead, footer, sidebars and body text (the last-resort
# rules read author, category and tag links so)
LINK_OUTSIDE_CHROME = (
    "not(ancestor::nav or ancestor::header or ancestor::footer or ancestor::p or ancestor::aside)"
)
_TAG_CLASS = re.compile(r"(?:^|[\s_-])(?:tags?|tagging|topi[ck]s?|keywords?)(?:$|[\s_-])", re.IGNORECASE)


TITLE_SITE_MAX_WORDS = 4  # a site name, not the rest of a long title


class Page:
    """One parsed page and its profile; the field readers take it whole."""

    def __init__(
        self,
        root: etree._Element,
        url: str,
        profile: Profile | None,
        reference: datetime | None,
        source: str = "",
    ):
        self.root = root
        self.url = url
        self.profile = profile
        self.reference = reference
        self.tz = profile.timezone if profile else "Asia/Jakarta"
        self.meta: PageMeta = read_metadata(root)
        self.source = source  # the page's text, for cheap "is this word anywhere" checks ("" unknown)
        # the noise classes listed too: the generic finder prunes what carries one (``prune_for_a_while``),
        # told where they are by the index's pass instead of splitting every class value again
        self.index = PageIndex(
            root,
            _wanted_by(profile),
            source or None,
            remember=profile is not None,
            listed=NOISE_CLASSES,
        )
        self.layout = self._layout()
        self.selectors = self.layout.selectors
        self._nodes: dict[str, list[etree._Element]] = {}
        self._texts: dict[etree._Element, str] = {}
        self._headline_node: etree._Element | None = None
        self._headline_text = ""  # set when the headline was taken without looking at the headings

    def _layout(self) -> Layout:
        """The profile layout this page was served with: among the layouts in the order the page's
        date suggests, the first whose body or headline selectors match; else the newest."""
        if self.profile is None:
            return Layout()
        layouts = self.profile.layouts
        if len(layouts) == 1:
            return layouts[0]
        ordered = self.profile.layouts_for(_day_of(self.url))
        for layout in ordered:
            probe = layout.selectors.get("body") or layout.selectors.get("headline") or ()
            if probe and self.index.first_match(probe):
                return layout
        return layouts[0]

    # ---- selectors ------------------------------------------------------------------------------
    def nodes(self, name: str) -> list[etree._Element]:
        """The profile's first matching selector, else the first generic one matching outside page
        chrome (dates) or other than category links (tags). Cached: the date zone and the date itself
        ask for the same nodes."""
        found = self._nodes.get(name)
        if found is None:
            own = self.selectors.get(name, ())
            found = self.index.first_match(own) if own else []
            if not found:
                keep = _GENERIC_FILTERS.get(name)
                for selector in GENERIC_SELECTORS.get(name, ()):
                    if selector in own:
                        continue
                    found = self.index.select(selector)
                    if keep is not None:
                        found = [node for node in found if keep(node)]
                    if found:
                        break
            self._nodes[name] = found
        return found

    def own_nodes(self, name: str) -> list[etree._Element]:
        """What the profile's own selectors for ``name`` match (the first that does), no generic ones."""
        own = self.selectors.get(name, ())
        return self.index.first_match(own) if own else []

    def texts(self, name: str) -> list[str]:
        return [t for t in (render_text(n) for n in self.nodes(name)) if t]

    def rendered(self, node: etree._Element) -> str:
        """``render_text`` once per node: the date line is read for its zone, then for its date."""
        text = self._texts.get(node)
        if text is None:
            text = self._texts[node] = render_text(node)
        return text

    def profile_misses(self, extracted_by: str) -> list[str]:
        """Selector fields the profile configures whose own selectors match nothing on this page."""
        if self.profile is None:
            return []
        misses = []
        for name, selectors in self.selectors.items():
            if name == "gallery":
                continue  # only photo pages have captions
            if not selectors:
                continue
            if name == "body":
                if extracted_by != "profile":
                    misses.append(name)
            elif not self.index.first_match(selectors):
                misses.append(name)
        return sorted(misses)

    # ---- what several fields share --------------------------------------------------------------
    @cached_property
    def base_url(self) -> str:
        """What the page's relative URLs (images, canonical) resolve against, as a browser resolves them:
        its first ``<base href>``, made absolute against the page's URL, when that is an http(s) URL;
        else the page's URL (a theme's ``<base href="https://cdn…/media/">`` put images elsewhere)."""
        href = (self.meta.base_href or "").strip()
        if not href or len(href) > MAX_URL_CHARS:
            return self.url
        try:
            base = urljoin(self.url, href)
        except ValueError:
            return self.url
        return base if base.startswith(("http://", "https://")) and len(base) <= MAX_URL_CHARS else self.url

    @cached_property
    def sites(self) -> frozenset[str]:
        """The site's own names (``crawler.extract.site_names``): og:site_name, application-name, the
        profile's title, and the hosts of the page's own URLs."""
        names = (self.meta.first("og:site_name"), self.meta.first("application-name"))
        names += (self.profile.title,) if self.profile else ()
        hosts = tuple(own.host for own in self.own_urls)
        if not any(names):  # nothing declared: the name the title prints after the heading
            names += (_without_channel(self.title_site, site_names((), hosts)),)
        return site_names(names, hosts)

    @cached_property
    def body(self) -> etree._Element | None:
        """The page's ``<body>``: lxml's parser puts it under the root (no search of the whole tree);
        the first one anywhere else."""
        found = self.root.find("body")
        if found is None:
            found = next(self.root.iter("body"), None)
        return found

    @cached_property
    def body_texts(self) -> list[str]:
        """The body's text nodes, in page order, as plain strings (``textscan.text_at`` fetches one as a
        node): one scan for the readers that look for a label or a date line among them."""
        return body_texts(self.root)

    @property
    def body_texts_if_read(self) -> list[str] | None:
        """``body_texts`` when a reader has made the list already, else None: a reader that needs only
        the texts opening with a label scans the page itself (``textscan.OpeningScan``)."""
        return self.__dict__.get("body_texts")

    @cached_property
    def title_site(self) -> str | None:
        """What the ``<title>`` adds after the page's heading: ``Hujan Deras - Kabar Kota`` over an
        ``<h1>`` ``Hujan Deras`` names the site ``Kabar Kota``, on a page that declares no site name."""
        title = " ".join((self.root.findtext(".//title") or "").split())
        if not title:
            return None
        flat = squash(title)
        for heading in [h for h in self.headings if h.tag == "h1"][:3]:
            text = " ".join("".join(heading.itertext()).split())
            if len(text) < 8 or not flat.startswith(squash(text)):
                continue
            rest = titles.segments(title[len(text) :] if title.startswith(text) else "")
            if rest and len(rest[-1].split()) <= TITLE_SITE_MAX_WORDS:
                return rest[-1]
        return None

    def remember_headline(self, node: etree._Element | None = None, text: str = "") -> None:
        """The element showing the headline, or the headline's text when it was chosen without looking
        at the headings (the element is then looked for only if a rule asks for it)."""
        self._headline_node = node
        self._headline_text = "" if node is not None else text

    @property
    def headline_node(self) -> etree._Element | None:
        """The heading that shows the headline (for the rules that look around it)."""
        if self._headline_node is None and self._headline_text:
            want = titles.key(self._headline_text)
            for node in chain(self.own_nodes("headline"), self.headings):
                if titles.key(render_text(node)) == want:
                    self._headline_node = node
                    break
            self._headline_text = ""
        return self._headline_node

    @cached_property
    def headings(self) -> list[etree._Element]:
        """The ``<h1>`` and ``<h2>`` elements inside a ``<body>``, in page order (what
        ``//body/descendant::h1 | //body/descendant::h2`` selects): for the headline, the element showing
        it and the site's name in the title, read once. Walked with ``iter``: a quarter of the XPath
        union's instructions (two walks, then a merge of the two node sets)."""
        found: list[etree._Element] = []
        for body in self.root.iter("body"):
            if not in_body(body):  # a <body> inside another: its headings are the outer one's
                found.extend(body.iter("h1", "h2"))
        return found

    @cached_property
    def own_urls(self) -> list[OwnUrl]:
        """The fetched URL and those the page gives for itself (``rel=canonical``, og:url): a page served
        from a mirror, an AMP path or a test server still says which host and channel it belongs to
        (``photo.liputan6.com``). For telling what a page is, never for where it is."""
        found = []
        for url in dict.fromkeys((self.url, self.meta.links.get("canonical"), self.meta.first("og:url"))):
            if not url:
                continue
            try:
                parts = urlsplit(url)
                host = (parts.hostname or "").lower()
            except ValueError:  # a declared URL is untrusted: a broken one says nothing
                continue
            found.append(OwnUrl(url, host, [s.lower() for s in parts.path.split("/") if s]))
        return found

    @cached_property
    def marked(self) -> Marked:
        """Elements whose class or id names a breadcrumb, a tag block or the active menu item."""
        # ids from the page index's one pass, those inside <body> naming a breadcrumb or a tag block
        ids = self.index.id_values if "id=" in (self.source or "id=") else []
        ids = [v for v in ids if ("bread" in v or "tag" in v) and in_body(v.getparent())]
        return Marked.of([*holding(self.index.class_values, _MARK_WORDS, lower=True), *ids])

    @cached_property
    def published_date(self) -> PublishedDate:
        """The published date, cross-checked among every source (``page_dates``); kept for the item and
        for the crawl's date-disagreement count."""
        return page_dates.published_date(self)

    @cached_property
    def date_reads(self) -> DateReads:
        """The page's raw date strings, each read once for every date field."""
        return DateReads(tz=self.tz, reference=self.reference, page_zone=self.page_zone)

    @cached_property
    def page_zone(self) -> str | None:
        """The zone the visible date line states (WIB/WITA/WIT), which every date is shown in."""
        return page_dates.page_zone(self)


def in_body(node: etree._Element) -> bool:
    """Whether ``node`` lies inside a ``<body>`` (what ``//body//*`` selects)."""
    return any(up.tag == "body" for up in node.iterancestors())


class OwnUrl(NamedTuple):
    """A URL of the page, with its host (lower case) and path segments (lower case) split out."""

    url: str
    host: str
    segments: list[str]


@dataclasses.dataclass
class Marked:
    """Elements named as breadcrumbs (outermost only), tag blocks and active menu items, in page order."""

    breadcrumbs: list[etree._Element]
    tag_blocks: list[etree._Element]
    active: list[etree._Element]

    @classmethod
    def of(cls, values: list) -> Marked:
        """From class and id attribute values (lxml's, whose ``getparent()`` is the element)."""
        crumbs: dict[etree._Element, None] = {}
        tags: dict[etree._Element, None] = {}
        active: dict[etree._Element, None] = {}
        marks_of: dict[str, int] = {}  # a page repeats its class strings: each distinct one read once
        for value in values:
            marks = marks_of.get(value)
            if marks is None:
                marks = marks_of[value] = _marks(value)
            if marks:
                el = value.getparent()
                if marks & _CRUMB:
                    crumbs[el] = None
                if marks & _TAGS:
                    tags[el] = None
                if marks & _ACTIVE:
                    active[el] = None
        outer = [c for c in crumbs if not any(up in crumbs for up in c.iterancestors())]
        return cls(sorted(outer, key=document_path), sorted(tags, key=document_path), list(active))


_CRUMB, _TAGS, _ACTIVE = 1, 2, 4


# a breadcrumb's class or id: "breadcrumb", "breadcrumbs", "breadcrump", "bread-c", "bread_crumb"
_CRUMB_NAME = re.compile(r"(?:^|[\s_-])bread(?:crum|[\s_-]|$)")


def names_breadcrumb(value: str) -> bool:
    """A class or id value (lower case) that names a breadcrumb."""
    return _CRUMB_NAME.search(value) is not None


# the words one of ``_marks``' tests needs in a value (lower-cased): a value holding none marks nothing
_MARK_WORDS = ("bread", "tag", "topi", "keyword", "active")


def _marks(value: str) -> int:
    """What a class or id value names: a breadcrumb, a tag block, the active item (bits, 0 for none)."""
    low = value.lower()
    marks = 0
    if "bread" in low and names_breadcrumb(low):
        marks |= _CRUMB
    if ("tag" in low or "topi" in low or "keyword" in low) and _TAG_CLASS.search(_layout_classes(low)):
        marks |= _TAGS
    if "active" in low and "active" in low.split():
        marks |= _ACTIVE
    return marks


# the classes WordPress' post_class() gives a post's element: among them one per tag of the post
_POST_CLASS_MARKS = ("hentry", "type-post", "status-publish")


def _layout_classes(value: str) -> str:
    """A class value without the words WordPress derives from a post's own tags and categories
    (``tag-minnesota-wild`` on a post's ``<article>``: the post is tagged so, it is not a tag block), where
    the value is a post's (``_POST_CLASS_MARKS``); other values as they are (``tag-list`` is a block)."""
    words = value.split()
    if not any(mark in words for mark in _POST_CLASS_MARKS):
        return value
    return " ".join(w for w in words if not TAXONOMY_CLASS.match(w))


def bare_host(url: str) -> str:
    """The URL's host in lower case without ``www.``: the generic item's ``portal``, a site-name source."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


# ---- document order ------------------------------------------------------------------------------------
def follows(node: etree._Element, anchor: etree._Element) -> bool:
    """True when ``node`` starts after ``anchor`` in the source (or holds it)."""
    if node is anchor or any(up is node for up in anchor.iterancestors()):
        return True
    if node.sourceline is not None and anchor.sourceline is not None and node.sourceline != anchor.sourceline:
        return node.sourceline > anchor.sourceline
    return document_path(node) > document_path(anchor)  # one line (minified HTML): by position in the tree


def document_path(node: etree._Element) -> list[int]:
    """The child indexes from the root down to ``node``: document order, compared as lists."""
    path = []
    while (parent := node.getparent()) is not None:
        path.append(parent.index(node))
        node = parent
    return path[::-1]


# ---- which generic matches count, per field (the profile's own selectors are trusted as they are) -------
_CHROME_TAGS = frozenset({"aside", "nav", "footer"})
_CONTENT_TAGS = frozenset({"article", "main"})
CHROME = NoiseFilter()


def _outside_chrome(node: etree._Element) -> bool:
    """Not in a comment, related list, widget, sidebar, menu or footer, nor in the page's masthead
    (a ``<header>`` outside ``<article>``/``<main>``): a comment's ``<time>`` or the top bar's
    "today" is never the article's date."""
    in_header = False
    for up in node.iterancestors():
        tag = up.tag
        if tag in _CONTENT_TAGS:
            return not CHROME(up)  # an article header's date line is the article's
        if tag in _CHROME_TAGS or CHROME(up):
            return False
        in_header = in_header or tag == "header"
    return not in_header


def _shown(node: etree._Element) -> bool:
    """Not a ``<meta>`` of the head: ``<meta itemprop="datePublished" content="…">`` there is the page's
    machine value, read already as one (the ``meta`` source), never the line readers see that the machine
    values are checked against. One inside the article's own markup (microdata beside its date line)
    still stands for the article's date when no shown line does."""
    return node.tag != "meta" or next(node.iterancestors("head"), None) is None


def _is_published_line(node: etree._Element) -> bool:
    """A shown date line outside the page's chrome that is not the update line: its label says which
    (``vocabulary.UPDATED_LABEL``); unlabelled, a class naming an update or modification does."""
    if not _shown(node) or not _outside_chrome(node):
        return False
    label = _leading_text(node)
    if UPDATED_LABEL.match(label):
        return False
    if PUBLISHED_LABEL.match(label):
        return True
    cls = (node.get("class") or "").lower()
    return "updat" not in cls and "modif" not in cls


def _is_modified_line(node: etree._Element) -> bool:
    return _shown(node) and _outside_chrome(node) and not PUBLISHED_LABEL.match(_leading_text(node))


def _leading_text(node: etree._Element) -> str:
    """The first words a date line shows, where its label is (``Diterbitkan``, ``Diperbarui``)."""
    for text in node.itertext():
        if text.strip():
            return text[:40]
    return ""


def not_category(node: etree._Element) -> bool:
    """WordPress marks category links ``rel="category tag"``: a category is not a tag."""
    return "category" not in (node.get("rel") or "").lower().split()


_GENERIC_FILTERS = {
    "published": _is_published_line,
    "modified": _is_modified_line,
    "tags": not_category,
}


def _all_selectors(profile: Profile | None) -> tuple[str, ...]:
    layouts = profile.layouts if profile else ()
    own = [s for layout in layouts for group in layout.selectors.values() for s in group]
    own += [s for layout in layouts for s in layout.noise_selectors]
    return tuple(own) + tuple(s for group in GENERIC_SELECTORS.values() for s in group)


@cache
def _wanted(selectors: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    return wanted_names(selectors)


# id of a profile -> the profile and the class names and ids its selectors and the generic ones ask for;
# by identity: a profile's own hash reads every one of its fields, on every page
_WANTED_BY: dict[int, tuple[Profile | None, tuple[frozenset[str], frozenset[str]]]] = {}


def _wanted_by(profile: Profile | None) -> tuple[frozenset[str], frozenset[str]]:
    known = _WANTED_BY.get(id(profile))
    if known is None or known[0] is not profile:
        if len(_WANTED_BY) >= 64:  # profiles made per run (a demo portal's base URL): keep it small
            _WANTED_BY.clear()
        known = _WANTED_BY[id(profile)] = (profile, _wanted(_all_selectors(profile)))
    return known[1]


def _day_of(url: str) -> date | None:
    """The day a permalink names (``/2016/02/16/``), for choosing the layout it was served with: the same
    reading as the permalink date source (``when.url_day``)."""
    day = url_day(url, "UTC")
    return day[0].date() if day else None


def _without_channel(title_site: str | None, host_names: frozenset[str]) -> str | None:
    """The site's name in a title's closing segment that adds a channel word to the name its host gives:
    ``ANTARA News`` of ``ANTARA News Otomotif`` on otomotif.antaranews.com, so the channel stays a channel
    (``Kompas TV`` stays whole: ``TV`` is a medium, not a channel)."""
    words = (title_site or "").split()
    if len(words) < 2 or is_site_name(title_site or "", host_names):
        return title_site
    for name in (" ".join(words[:-1]), " ".join(words[1:])):
        if is_site_name(name, host_names):
            return name
    return title_site
