"""``extract``: one HTML page in, its ``ArticleItem`` out (every field but those set later in the crawl:
``crawledAt``, ``version``, ``duplicateOf``), with what the extractor noticed on the way beside it.

Each field is read in layers: JSON-LD and meta tags, then the portal profile's selectors, then a
generic rule, so a theme change degrades a field instead of emptying the item. The page is parsed
once; selectors and patterns are compiled once per process.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import cache, cached_property
from itertools import chain
from urllib.parse import urljoin, urlsplit

from lxml import etree
from w3lib.url import safe_url_string

from crawler.dates import find_dates
from crawler.extract import pagetype
from crawler.extract.byline import author_names
from crawler.extract.clean import CleanBody, clean_blocks, fingerprint
from crawler.extract.date_lines import is_teaser, scan_date_lines
from crawler.extract.document import decode, parse
from crawler.extract.generic import find_body_paragraphs
from crawler.extract.metadata import PageMeta, jsonld_image, jsonld_names, jsonld_text, read_metadata
from crawler.extract.pagination import next_page_url
from crawler.extract.prune import NoiseFilter, prune_in_place
from crawler.extract.relink import with_links
from crawler.extract.render import fold, render_blocks, render_text
from crawler.extract.selectors import PageIndex, wanted_names
from crawler.extract.when import FoundDate, PublishedDate, first_date, zone_named_in
from crawler.items import ArticleItem
from crawler.profiles import Pagination, Profile, profile_for_url
from crawler.urls import canonicalize, pick_canonical

# Generic selectors, used after the profile's own (or alone when there is no profile).
GENERIC_SELECTORS: dict[str, tuple[str, ...]] = {
    "headline": ("h1.entry-title", "h1.post-title", "article h1", "h1"),
    "authors": (
        "[rel~='author']",
        ".author-name",
        ".byline .author",
        "[itemprop='author'] [itemprop='name']",
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
PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "dtk:publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "date",
    "content_publisheddate",
)
# the creation time some CMSs write beside a wrong datePublished (detik: `dateCreated` = the visible line)
CREATED_META = ("datecreated", "dc.date.created")
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "lastmod", "last-modified")
_UPDATED_LINE = etree.XPath("//body//text()[contains(., 'iperbarui')][not(parent::script or parent::style)]")
_UPDATED_PREFIX = re.compile(r"^\s*(?:terakhir\s+)?diperbarui\s*:?\s*", re.IGNORECASE)
_AUTHOR_PREFIX = re.compile(r"^\s*(?:penulis|reporter|pewarta|oleh|by|editor)\s*:?\s+", re.IGNORECASE)
_CAPTION = etree.XPath(
    "ancestor-or-self::figure[1]//figcaption | ancestor::*[contains(@class, 'wp-caption')][1]"
    "//*[contains(@class, 'wp-caption-text')]"
)
_IMAGE_ATTRS = ("src", "data-src", "data-lazy-src", "data-original")
# Last-resort rules for a theme no selector knows: taxonomy links outside menus and body text, the
# page image whose file is the og:image, a caption element next to it.
_OUTSIDE_CHROME = (
    "not(ancestor::nav or ancestor::header or ancestor::footer or ancestor::p or ancestor::aside)"
)
_SECTION_LINKS = etree.XPath(
    f"//body//a[contains(@href, '/category/') or contains(@href, '/kategori/')][{_OUTSIDE_CHROME}]"
)
_AUTHOR_LINKS = etree.XPath(
    f"//body//a[contains(@href, '/author/') or contains(@href, '/penulis/')][{_OUTSIDE_CHROME}]"
)
_TAG_LINKS = etree.XPath(f"//body//a[contains(@href, '/tag/')][{_OUTSIDE_CHROME}]")
_IMAGE_BY_FILE = etree.XPath("//body//img[contains(@src, $file) or contains(@data-src, $file)]")
_CAPTION_NEAR = etree.XPath(
    "(following-sibling::*[contains(@class, 'cap')] | ../following-sibling::*[contains(@class, 'cap')])[1]"
)
_BODY = etree.XPath("//body")


def extract(
    html: str | bytes,
    url: str,
    profile: Profile | None = None,
    *,
    reference: datetime | None = None,
    encoding: str | None = None,
) -> Extraction:
    """Extract one article page. ``reference`` is the fetch time (for relative dates); bad or empty
    HTML gives an item with an empty body and ``pageType`` ``other`` rather than an exception.
    ``profile`` defaults to the one whose domains hold ``url``."""
    if not isinstance(url, str) or not url:
        raise TypeError(f"url must be a non-empty str, got {url!r}")
    if profile is None:
        profile = profile_for_url(url)
    text = decode(html, encoding)
    root = parse(text)
    if root is None:
        return Extraction(_empty_item(url, profile), None, profile)
    page = _Page(root, url, profile, reference, text)
    return Extraction(page.item(), page, profile)


def extract_article(
    html: str | bytes,
    url: str,
    profile: Profile | None = None,
    *,
    reference: datetime | None = None,
    encoding: str | None = None,
) -> ArticleItem:
    """The item of one article page: ``extract(...).item``."""
    return extract(html, url, profile, reference=reference, encoding=encoding).item


class Extraction:
    """An extracted page: its item, and the diagnostics the crawl keeps beside it.

    Each diagnostic is computed on first use from the page already parsed, so a caller that wants only
    the item (a benchmark, a test, a notebook) pays nothing for them.
    """

    def __init__(self, item: ArticleItem, page: _Page | None, profile: Profile | None) -> None:
        self.item = item
        self._page = page
        self._profile = profile

    @cached_property
    def profile_misses(self) -> list[str]:
        """The selector fields the profile configures whose own selectors matched nothing on this page
        (``body`` also when its container cleaned to nothing), for the layout-drift alarm."""
        if self._page is None:
            return sorted(f for f, sel in self._profile.selectors.items() if sel) if self._profile else []
        return self._page.profile_misses(self.item.extractedBy)

    @cached_property
    def date_disagreements(self) -> int:
        """How many date sources (JSON-LD, meta, visible line, permalink) are more than a day away from
        ``datePublished``, for the crawl stats."""
        return self._page.published_date.disagreements if self._page is not None else 0

    @cached_property
    def next_page(self) -> str | None:
        """The URL of the article's next page, or None (``crawler.extract.pagination.next_page_url``,
        read from the tree already parsed instead of a second parse)."""
        if self._page is None:
            return None
        limit = (self._profile.pagination if self._profile else Pagination()).max_pages
        return next_page_url(self._page.root, self._page.url, max_pages=limit)


def _empty_item(url: str, profile: Profile | None) -> ArticleItem:
    return _assemble(url, profile, canonicalize(url), {}, CleanBody(), "generic", None, "other")


class _Page:
    """One parsed page and its profile; each method reads one field through the layers."""

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
        self.source = source
        self.index = PageIndex(root, _wanted(_all_selectors(profile)), source or None)
        self._nodes: dict[str, list[etree._Element]] = {}
        self._texts: dict[etree._Element, str] = {}

    # ---- selectors ------------------------------------------------------------------------------
    def nodes(self, name: str) -> list[etree._Element]:
        """The profile's first matching selector, else the first generic one matching outside page
        chrome (dates) or other than category links (tags). Cached: the date zone and the date itself
        ask for the same nodes."""
        found = self._nodes.get(name)
        if found is None:
            own = self.profile.selectors.get(name, ()) if self.profile else ()
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

    def texts(self, name: str) -> list[str]:
        return [t for t in (render_text(n) for n in self.nodes(name)) if t]

    # ---- text fields ------------------------------------------------------------------------------
    def headline(self) -> str:
        """JSON-LD, the headline selectors, og:title, <title>; a heading that is only the site's name
        (a theme that puts its logo in the page's first ``<h1>``) gives way to og:title and <title>."""
        article = self.meta.article
        value = jsonld_text(article.get("headline"))
        if value:
            return value
        nodes = self.nodes("headline")
        shown = next((t for t in (render_text(n) for n in nodes) if t), None)
        if shown and not _is_site_name(shown, self.meta):
            return shown
        for titled in (self.meta.first("og:title", "twitter:title"), self.meta.title):
            value = _strip_site_name(titled, self.meta, shown)
            if value and (shown is None or value.casefold() != shown.casefold()):
                return value
        return shown or ""

    def description(self) -> str | None:
        return self.meta.first("description", "og:description", "twitter:description") or jsonld_text(
            self.meta.article.get("description")
        )

    def authors(self, from_body: list[str]) -> list[str]:
        # a theme lists every author; <meta name="author"> often holds only the first
        for layer in (
            lambda: jsonld_names(self.meta, self.meta.article.get("author")) if self.meta.article else [],
            lambda: [name for node in self.nodes("authors") for name in author_names(_lines_of(node))],
            lambda: [render_text(a) for a in _AUTHOR_LINKS(self.root)],
            lambda: self.meta.all("author") + self.meta.all("article:author"),
            lambda: from_body,
        ):
            names = _unique(_clean_name(n) for n in layer())
            if names:
                return names
        return []

    def section(self) -> str | None:
        value = jsonld_text(self.meta.article.get("articleSection")) or self.meta.first("article:section")
        if value:
            return value
        shown = next(iter(self.texts("section")), None)
        if shown:
            return shown
        return next((t for t in (render_text(a) for a in _SECTION_LINKS(self.root)) if t), None)

    def tags(self) -> list[str]:
        keywords = self.meta.article.get("keywords")
        if isinstance(keywords, str):
            keywords = keywords.split(",")
        for layer in (
            lambda: self.meta.all("article:tag"),
            lambda: [jsonld_text(k) or "" for k in keywords] if isinstance(keywords, list) else [],
            lambda: self.texts("tags"),
            lambda: [render_text(a) for a in _TAG_LINKS(self.root)],
        ):
            tags = _unique(fold(t).strip().lstrip("#").strip() for t in layer())
            if tags:
                return tags
        return []

    def main_image(self) -> dict | None:
        json_url, caption = jsonld_image(self.meta, self.meta.article.get("image"))
        url = _web_url(self.url, self.meta.first("og:image", "og:image:url", "twitter:image") or json_url)
        nodes = self.nodes("image")
        if not nodes and url:
            # an unknown theme: the page image is the one showing the og:image file
            file = urlsplit(url).path.rsplit("/", 1)[-1]
            nodes = _IMAGE_BY_FILE(self.root, file=file) if file else []
        absolute = url  # already checked and made absolute
        if nodes:
            node = nodes[0]
            if not url:
                absolute = _web_url(self.url, next((node.get(a) for a in _IMAGE_ATTRS if node.get(a)), None))
            if not caption:
                near = _CAPTION(node) or _CAPTION_NEAR(node)
                caption = next((t for t in (render_text(c) for c in near) if t), None)
        if absolute is None or absolute == self.url:
            return None
        return {"url": absolute, "caption": caption or None}

    def canonical(self) -> str:
        """``crawler.urls.pick_canonical`` over the profile's domains and the page's own registrable
        domain (a canonical on a sibling subdomain, ``investasi.kontan.co.id``, is the same site)."""
        href = self.meta.links.get("canonical")
        if href == self.url:  # the usual case: the page names itself, nothing to resolve or check
            return canonicalize(self.url)
        domains = [*(self.profile.domains if self.profile else ()), _site_of(_host(self.url))]
        return pick_canonical(self.url, _web_url(self.url, href), domains)

    # ---- dates ---------------------------------------------------------------------------------
    def _visible(self, name: str) -> Iterator[str]:
        for node in self.nodes(name):
            yield node.get("datetime") or node.get("content") or self._rendered(node)

    def _rendered(self, node: etree._Element) -> str:
        """``render_text`` once per node: the date line is read for its zone, then for its date."""
        text = self._texts.get(node)
        if text is None:
            text = self._texts[node] = render_text(node)
        return text

    @cached_property
    def page_zone(self) -> str | None:
        """The zone the visible date line states (WIB/WITA/WIT), which every date is shown in."""
        for node in self.nodes("published"):
            zone = zone_named_in(self._rendered(node))
            if zone:
                return zone
        return None

    @cached_property
    def published_date(self) -> PublishedDate:
        """The published date, cross-checked among every source (``crawler.dates.precedence``)."""
        article, webpage = self.meta.article, self.meta.webpage
        sources = {
            "jsonld": lambda: [article.get("datePublished"), webpage.get("datePublished")],
            "meta": lambda: (v for name in PUBLISHED_META for v in self.meta.all(name)),
            "visible": self._published_lines,
        }
        refiners = {
            "jsonld": lambda: [article.get("dateCreated"), webpage.get("dateCreated")],
            "meta": lambda: (v for name in CREATED_META for v in self.meta.all(name)),
        }
        return PublishedDate(
            sources,
            tz=self.tz,
            reference=self.reference,
            page_zone=self.page_zone,
            url=self.url,
            refiners=refiners,
        )

    def _published_lines(self) -> Iterator[str]:
        """The date lines the selectors find, other articles' teaser cards left out; then, lazily, the
        lines a scan of the page finds (``crawler.extract.date_lines``) for themes no selector knows."""
        for node in self.nodes("published"):
            if not is_teaser(node, self.url):
                yield node.get("datetime") or node.get("content") or self._rendered(node)
        yield from scan_date_lines(self.root, self.url, self.reference)

    def modified(self) -> FoundDate | None:
        article, webpage = self.meta.article, self.meta.webpage
        return first_date(
            {
                "jsonld": lambda: [article.get("dateModified"), webpage.get("dateModified")],
                "meta": lambda: (v for name in MODIFIED_META for v in self.meta.all(name)),
                # lazily: the "Diperbarui" text search runs only when no modified line parsed
                "visible": lambda: chain(self._visible("modified"), self._updated_lines()),
            },
            tz=self.tz,
            reference=self.reference,
            page_zone=self.page_zone,
        )

    def _updated_lines(self) -> Iterator[str]:
        if self.source and "iperbarui" not in self.source:
            return
        for text in _UPDATED_LINE(self.root):
            line = fold(text).strip()
            if _UPDATED_PREFIX.match(line):
                yield _UPDATED_PREFIX.sub("", line)

    # ---- body ----------------------------------------------------------------------------------
    def body(self, headline: str) -> tuple[CleanBody, str, int]:
        """(clean body, ``profile`` or ``generic``, how many nodes the body selector matched)."""
        markers = self.profile.noise_markers if self.profile else ()
        datelines = self.profile.dateline_patterns if self.profile else ()
        noise = self.profile.noise_selectors if self.profile else ()
        containers = self.index.first_match(self.profile.selectors.get("body", ())) if self.profile else []
        if containers:
            extra = [node for selector in noise for node in self.index.select(selector)]
            blocks = render_blocks(containers[0], NoiseFilter(extra))
            cleaned = clean_blocks(blocks, markers=markers, dateline_patterns=datelines)
            if cleaned.paragraphs:
                return cleaned, "profile", len(containers)
        # the finder reads plain lxml elements too; a copy of <body> (a C-level copy, cheaper than
        # parsing the page again) is pruned in place, and the page's own tree stays whole
        bodies = _BODY(self.root)
        scope = prune_in_place(copy.deepcopy(bodies[0] if bodies else self.root), noise, class_words=False)
        paragraphs = find_body_paragraphs(scope, title=headline or None)
        blocks = with_links(paragraphs, scope) if paragraphs else []
        return (
            clean_blocks(blocks, markers=markers, dateline_patterns=datelines),
            "generic",
            len(containers),
        )

    def profile_misses(self, extracted_by: str) -> list[str]:
        """Selector fields the profile configures whose own selectors match nothing on this page."""
        if self.profile is None:
            return []
        misses = []
        for name, selectors in self.profile.selectors.items():
            if not selectors:
                continue
            if name == "body":
                if extracted_by != "profile":
                    misses.append(name)
            elif not self.index.first_match(selectors):
                misses.append(name)
        return sorted(misses)

    # ---- the item --------------------------------------------------------------------------------
    def item(self) -> ArticleItem:
        headline = self.headline()
        body, extracted_by, matches = self.body(headline)
        fields: dict = {
            "headline": headline,
            "description": self.description(),
            "authors": self.authors(body.byline_authors),
            "section": self.section(),
            "tags": self.tags(),
            "mainImage": self.main_image(),
        }
        published = self.published_date.found
        modified = self.modified()
        fields.update(
            datePublished=published.shown if published else None,
            datePublishedRaw=published.raw if published else None,
            datePublishedSource=published.source if published else None,
            datePublishedPrecision=published.precision if published else None,
            dateModified=modified.iso if modified else None,
            dateModifiedRaw=modified.raw if modified else None,
        )
        # years of day-month mentions are placed relative to the article's own date
        mention_ref = published.value if published else self.reference
        kind = pagetype.judge(self.root, self.meta, body, extracted_by, matches, self.profile, self.url)
        return _assemble(
            self.url, self.profile, self.canonical(), fields, body, extracted_by, mention_ref, kind
        )


_CHROME_TAGS = frozenset({"aside", "nav", "footer"})
_CONTENT_TAGS = frozenset({"article", "main"})
_CHROME = NoiseFilter()


def _outside_chrome(node: etree._Element) -> bool:
    """Not in a comment, related list, widget, sidebar, menu or footer, nor in the page's masthead
    (a ``<header>`` outside ``<article>``/``<main>``): a comment's ``<time>`` or the top bar's
    "today" is never the article's date."""
    in_header = False
    for up in node.iterancestors():
        tag = up.tag
        if tag in _CONTENT_TAGS:
            return not _CHROME(up)  # an article header's date line is the article's
        if tag in _CHROME_TAGS or _CHROME(up):
            return False
        in_header = in_header or tag == "header"
    return not in_header


def _is_published_line(node: etree._Element) -> bool:
    cls = (node.get("class") or "").lower()
    return "updat" not in cls and "modif" not in cls and _outside_chrome(node)


def _not_category(node: etree._Element) -> bool:
    """WordPress marks category links ``rel="category tag"``: a category is not a tag."""
    return "category" not in (node.get("rel") or "").lower().split()


# which generic matches count, per field (the profile's own selectors are trusted as they are)
_GENERIC_FILTERS = {
    "published": _is_published_line,
    "modified": _outside_chrome,
    "tags": _not_category,
}


def _all_selectors(profile: Profile | None) -> tuple[str, ...]:
    own = [s for group in profile.selectors.values() for s in group] if profile else []
    return tuple(own) + tuple(s for group in GENERIC_SELECTORS.values() for s in group)


@cache
def _wanted(selectors: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    return wanted_names(selectors)


def _assemble(
    url: str,
    profile: Profile | None,
    canonical: str,
    fields: dict,
    body: CleanBody,
    extracted_by: str,
    mention_ref: datetime | None,
    page_type: str,
) -> ArticleItem:
    text = body.text
    mentions = []
    if text:
        ref = mention_ref or datetime.now().astimezone()
        mentions = [m.as_item() for m in find_dates(text, reference=ref)]
    language = profile.language if profile else "id"
    return ArticleItem(
        url=url,
        canonicalUrl=canonical,
        portal=profile.name if profile else _host(url),
        headline=fields.get("headline", ""),
        description=fields.get("description"),
        articleBody=text,
        authors=fields.get("authors", []),
        reporterCodes=body.reporter_codes,
        datePublished=fields.get("datePublished"),
        dateModified=fields.get("dateModified"),
        datePublishedRaw=fields.get("datePublishedRaw"),
        dateModifiedRaw=fields.get("dateModifiedRaw"),
        datePublishedSource=fields.get("datePublishedSource"),
        datePublishedPrecision=fields.get("datePublishedPrecision"),
        section=fields.get("section"),
        tags=fields.get("tags", []),
        mainImage=fields.get("mainImage"),
        inLanguage=language,
        dateline=body.dateline,
        mentionedDates=mentions,
        source=body.source,
        extractedBy=extracted_by,
        fingerprint=fingerprint(text),
        pageType=page_type,
    )


_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$")


def _web_url(base: str, href: str | None) -> str | None:
    """``href`` made absolute against ``base`` when it is a usable http(s) URL, else None.

    Page values are untrusted: a broken IPv6 host, a control character or a bare ``//`` is dropped
    rather than raised or echoed into the item.
    """
    if not href or not href.strip() or not href.strip().isprintable() or "\ufffd" in href:
        return None
    href = href.strip()
    try:
        if href.startswith(("http://", "https://")) and href.isascii() and " " not in href:
            absolute = href  # already a plain absolute URL: nothing to join or escape
        else:
            absolute = safe_url_string(urljoin(base, href))
        host = urlsplit(absolute).hostname or ""
    except ValueError:
        return None
    if not absolute.startswith(("http://", "https://")) or not _HOST.match(host):
        return None
    return absolute


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


# second-level labels under which a registrable domain takes three labels (kontan.co.id)
_SECOND_LEVEL = frozenset({"co", "or", "ac", "go", "web", "my", "sch", "net", "com", "org", "mil", "biz"})


def _site_of(host: str) -> str:
    """The registrable part of a host: ``investasi.kontan.co.id`` -> ``kontan.co.id``."""
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def _strip_site_name(title: str | None, meta: PageMeta, also: str | None = None) -> str | None:
    """``China Sebut … - JagatBisnis`` -> ``China Sebut …`` (the site name as og:site_name gives it,
    or ``also``: the logo heading that named the site)."""
    if not title:
        return None
    for site in (meta.first("og:site_name"), also):
        if site:
            for sep in _TITLE_SEPARATORS:
                if title.endswith(sep + site):
                    return title[: -len(sep + site)].strip()
    return title


_TITLE_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ")
SITE_NAME_MAX_WORDS = 4


def _is_site_name(text: str, meta: PageMeta) -> bool:
    """A short heading that names the site: og:site_name, or what the <title> puts after its separator
    (``With shattered dreams … | India Post`` names ``India Post``)."""
    if len(text.split()) > SITE_NAME_MAX_WORDS:
        return False
    name = text.casefold()
    site = meta.first("og:site_name", "application-name")
    if site and site.casefold() == name:
        return True
    title = meta.title.casefold()
    if not title or title == name:
        return False
    # only the suffix: in ``Royal Self-Indicting Arrogance - Sputnik International`` the heading is the
    # article's own title, which the <title> puts first
    return any(title.endswith(sep + name) for sep in _TITLE_SEPARATORS)


def _lines_of(node: etree._Element) -> list[str]:
    return [line.text for block in render_blocks(node) for line in block]


def _clean_name(name: str) -> str:
    name = _AUTHOR_PREFIX.sub("", fold(name)).strip(" ,|")
    return "" if name.startswith(("http://", "https://")) else name


def _unique(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            out.append(value)
    return out


__all__ = ["Extraction", "extract", "extract_article", "fingerprint"]
