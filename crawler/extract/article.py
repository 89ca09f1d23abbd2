"""``extract``: one HTML page in, its ``ArticleItem`` out (every field but those set later in the crawl:
``crawledAt``, ``version``, ``duplicateOf``), with what the extractor noticed on the way beside it.

Each field is read in layers: JSON-LD and meta tags, then the portal profile's selectors, then a
generic rule, so a theme change degrades a field instead of emptying the item. The page is parsed
once; selectors and patterns are compiled once per process.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import re
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache, cached_property
from itertools import chain
from urllib.parse import urljoin, urlsplit

from lxml import etree
from w3lib.url import safe_url_string

from crawler.dates import find_dates
from crawler.extract import headline as titles
from crawler.extract import language, pagetype, taxonomy
from crawler.extract.byline import author_names
from crawler.extract.clean import CleanBody, clean_blocks, fingerprint
from crawler.extract.credits import Credits, unique
from crawler.extract.date_lines import is_teaser, scan_date_lines
from crawler.extract.document import cut_markup, decode, parse
from crawler.extract.generic import find_body_paragraphs
from crawler.extract.metadata import PageMeta, jsonld_image, jsonld_text, read_metadata
from crawler.extract.pagination import next_page_url
from crawler.extract.people import credit_of_article, credits_of_page
from crawler.extract.people import site_words as _site_words
from crawler.extract.prune import NoiseFilter, prune_in_place
from crawler.extract.relink import with_links
from crawler.extract.render import fold, render_blocks, render_text
from crawler.extract.selectors import PageIndex, wanted_names
from crawler.extract.when import FoundDate, PublishedDate, first_date, url_day, zone_named_in
from crawler.items import ArticleItem
from crawler.profiles import Layout, Pagination, Profile, profile_for_url
from crawler.urls import canonicalize, is_ip_host, pick_canonical, site_origins

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
_HEADINGS = etree.XPath("//body//h1 | //body//h2")
# an element whose own text holds the title: the heading of a theme with no <h1> for it
_TEXT_HOLDING = etree.XPath(
    "//body//*[not(self::a or self::script or self::style or self::option or ancestor::a)]"
    "[contains(text(), $t)]"
)
# ids naming a breadcrumb or a tag block (classes come from the page index's own pass)
_MARKED_IDS = etree.XPath("//body//*[contains(@id, 'breadcrum') or contains(@id, 'tag')]/@id")
_CRUMB_ITEMS = etree.XPath(".//li[not(.//li)] | .//a[not(ancestor::li)]")
# a channel label printed just before the headline (``<a class="newsdetail-categorylink">``)
_LABEL_CLASS = re.compile(r"categ|kanal|channel|rubri|section|upperdeck", re.IGNORECASE)
_KEYWORDS_PROP = etree.XPath("//body//*[@itemprop='keywords']")
_OUTER_CHROME = frozenset({"nav", "header", "footer", "aside"})
_TAG_CLASS = re.compile(r"(?:^|[\s_-])(?:tags?|tagging|topi[ck]s?|keywords?)(?:$|[\s_-])", re.IGNORECASE)
MAX_TAG_LINKS = 15  # more links than this in a "tag" container: a menu or a tag cloud
_GALLERY_SEGMENTS = frozenset({"readfoto", "foto", "photo", "photos", "galeri", "gallery", "inpicture"})
_GALLERY_TYPES = frozenset({"imagegallery", "mediagallery"})
_CAPTIONS = etree.XPath("//body//figcaption | //body//*[contains(@class, 'caption')][not(.//figcaption)]")
SHORT_HEADING_WORDS = 3  # an <h1> this short is a logo or a channel name, not a title
MAX_GALLERY_TEXT = 600  # a photo page's own text is at most a teaser this long


def extract(
    html: str | bytes,
    url: str,
    profile: Profile | None = None,
    *,
    reference: datetime | None = None,
    encoding: str | None = None,
    max_tags: int = 0,
) -> Extraction:
    """Extract one article page. ``reference`` is the fetch time (for relative dates); bad or empty
    HTML gives an item with an empty body and ``pageType`` ``other`` rather than an exception.
    ``profile`` defaults to the one whose domains hold ``url``. ``max_tags`` (0: no limit) bounds the
    memory a page may take: only its first ``max_tags`` tags are parsed (``Extraction.cut`` says so)."""
    if not isinstance(url, str) or not url:
        raise TypeError(f"url must be a non-empty str, got {url!r}")
    if profile is None:
        profile = profile_for_url(url)
    text, cut = cut_markup(decode(html, encoding), max_tags)
    root = parse(text)
    if root is None:
        return Extraction(_empty_item(url, profile), None, profile, cut=cut)
    page = _Page(root, url, profile, reference, text)
    return Extraction(page.item(), page, profile, cut=cut)


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

    def __init__(
        self, item: ArticleItem, page: _Page | None, profile: Profile | None, *, cut: bool = False
    ) -> None:
        self.item = item
        self._page = page
        self._profile = profile
        self.cut = cut  # the page had more tags than ``max_tags``: only its first ones were read

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

    def texts(self, name: str) -> list[str]:
        return [t for t in (render_text(n) for n in self.nodes(name)) if t]

    # ---- text fields ------------------------------------------------------------------------------
    @cached_property
    def site_keys(self) -> frozenset[str]:
        """What names the site in titles and labels: og:site_name, the profile's title, the host."""
        names = (self.meta.first("og:site_name"), self.meta.first("application-name"))
        names += (self.profile.title,) if self.profile else ()
        return titles.site_keys(names, _host(self.url))

    def headline(self) -> str:
        """By agreement between JSON-LD, og:title, twitter:title, <title> and the shown headings
        (``crawler.extract.headline``); the shown form wins when it reads the same."""
        meta = self.meta
        sources = [
            ("jsonld", jsonld_text(meta.article.get("headline"))),
            ("og", meta.first("og:title")),
            ("twitter", meta.first("twitter:title")),
            ("title", meta.title or None),
        ]
        declared, og = sources[0][1], sources[1][1]
        if declared and og and _same_title(declared, og):
            # JSON-LD and og:title agree: the usual page, nothing to weigh (its heading is found only
            # if a later rule asks for it)
            self._headline_text = declared
            return declared
        own = self.selectors.get("headline", ())
        chosen = self.index.first_match(own) if own else []
        # the usual page: its first title heading reads as JSON-LD or og:title does, nothing to weigh
        first = chosen[:1] or self.index.select("h1")[:1]
        if first:
            text = render_text(first[0])
            declared = sources[0][1] or _without_site(sources[1][1], self.site_keys)
            if text and declared and titles.key(text) == titles.key(declared):
                self._headline_node = first[0]
                return text
        nodes = [*chosen, *_HEADINGS(self.root)]
        nodes = list(dict.fromkeys(nodes))
        shown = [render_text(n) for n in nodes]
        nodes = [n for n, t in zip(nodes, shown, strict=True) if t]
        shown = [t for t in shown if t]
        choice = titles.choose(sources, shown, self.site_keys)
        if (
            choice is not None
            and choice.shown is None
            and len(choice.text) >= 8
            and not any(
                len(t.split()) > SHORT_HEADING_WORDS
                for n, t in zip(nodes, shown, strict=True)
                if n.tag == "h1"
            )
        ):
            # no <h1> holds a title (only a logo or a channel name): look for the element that shows
            # it, the <div> of an old theme
            held = [
                n for n in _TEXT_HOLDING(self.root, t=choice.text.split(":")[-1].strip()) if n not in nodes
            ]
            if held:
                nodes += held
                shown += [render_text(n) for n in held]
                choice = titles.choose(sources, shown, self.site_keys)
        if choice is None:
            return ""
        if choice.shown is not None:
            self._headline_node = nodes[choice.shown]
        return choice.text

    def description(self) -> str | None:
        return self.meta.first("description", "og:description", "twitter:description") or jsonld_text(
            self.meta.article.get("description")
        )

    def credits(self, body: CleanBody) -> Credits:
        """Authors (people), organisational credits and editors: ``crawler.extract.credits``."""
        return credits_of_page(
            self.root,
            self.meta,
            profile_names=lambda: [
                n for node in self.nodes("authors") for n in author_names(_lines_of(node))
            ],
            link_names=lambda: [render_text(a) for a in _AUTHOR_LINKS(self.root)],
            body=body,
            keep=credit_of_article,
            site_words=self.site_words,
        )

    @cached_property
    def site_words(self) -> tuple[str, ...]:
        """The site's own names (``people.site_words``): the brand datelines and credits drop."""
        return _site_words(self.url, self.meta)

    def section(self, headline: str) -> str | None:
        """The profile's section selectors, the breadcrumb's most specific meaningful item, a channel
        label printed above the headline, JSON-LD/meta ``articleSection``, the active navigation item,
        category links; never a generic label ("Home", "Berita") or the site's name."""
        sites = self.site_keys
        meaningful = taxonomy.meaningful_section
        own = self.selectors.get("section", ())
        nodes = self.index.first_match(own) if own else []
        if len(nodes) > 1 and all(_in_breadcrumb(n) for n in nodes):
            value = taxonomy.breadcrumb_section([render_text(n) for n in nodes], headline, sites)
            if value:
                return value
        for node in nodes:
            value = self._section_of_link(node, headline)
            if value:
                return value
        crumbs = self.marked.breadcrumbs if not self.source or "breadcrum" in self.source else []
        for crumb in crumbs:
            value = taxonomy.breadcrumb_section(
                [render_text(i) for i in _CRUMB_ITEMS(crumb)], headline, sites
            )
            if value:
                return value
        value = self._label_above_headline()
        if value:
            return value
        for declared in (
            jsonld_text(self.meta.article.get("articleSection")),
            self.meta.first("article:section"),
        ):
            value = meaningful(declared, sites)
            if value:
                return value
        for shown in chain(
            (render_text(n) for name in GENERIC_SELECTORS["section"] for n in self.index.select(name)),
            (render_text(a) for a in _SECTION_LINKS(self.root)),
        ):
            value = meaningful(shown, sites)
            if value:
                return value
        return self._section_in_titles(headline) or self._active_nav(headline)

    def _section_in_titles(self, headline: str) -> str | None:
        """A channel the titles name beside the headline: ``Core - Health :: Okezone Lifestyle`` gives
        ``Health``, ``Kapanlagi.com: Musik - Core`` ``Musik``, ``Core - ANTARA News Otomotif``
        ``Otomotif``."""
        head = titles.key(headline)
        for title in (self.meta.title, self.meta.first("og:title")):
            if not title or head not in titles.key(title):
                continue
            for segment in titles.segments(title):
                key = titles.key(segment)
                if not key or key in head or head in key or any(c.isdigit() for c in segment):
                    continue
                value = taxonomy.channel_of_site_segment(segment, self.site_keys)
                if value is None and len(segment.split()) <= 2:
                    value = taxonomy.meaningful_section(segment, self.site_keys)
                if value:
                    return value
        return None

    def _section_of_link(self, node: etree._Element, headline: str) -> str | None:
        """A channel link's label; a catch-all subchannel ("Umum") gives its parent channel's."""
        value = taxonomy.meaningful_section(render_text(node), self.site_keys)
        if not value or value.casefold() == headline.casefold():
            return None
        if value.casefold() in taxonomy.CATCH_ALL_SECTIONS:
            parent = next(node.iterancestors("li"), None)
            first = parent.find(".//a") if parent is not None else None
            if first is None or first is node:
                return None
            return taxonomy.meaningful_section(render_text(first), self.site_keys)
        return value

    def _label_above_headline(self) -> str | None:
        """A short channel label (class ``categorylink``, ``kanal``…) among the few elements just
        before the headline or its wrapper."""
        node = self.headline_node
        for anchor in (node, node.getparent() if node is not None else None):
            if anchor is None:
                continue
            for n, before in enumerate(anchor.itersiblings(preceding=True)):
                if n >= 3:
                    break
                if isinstance(before.tag, str) and _LABEL_CLASS.search(before.get("class") or ""):
                    links = before.findall(".//a")
                    if len(links) > 1:  # a channel path ("home / gaya / kesehatan")
                        texts = [render_text(a) for a in links]
                        value = taxonomy.breadcrumb_section(texts, render_text(node), self.site_keys)
                    else:
                        value = taxonomy.meaningful_section(render_text(before), self.site_keys)
                    if value:
                        return value
        return None

    def _active_nav(self, headline: str) -> str | None:
        """The navigation item marked active, the deepest one; a catch-all subchannel ("Umum") gives
        its parent channel."""
        found = None
        for el in self.marked.active:
            if el.tag == "a":
                link = el
            elif el.tag == "li" and el.find(".//li") is None:
                link = el.find("a")
            else:
                continue
            if link is not None:
                found = self._section_of_link(link, headline) or found
        return found

    @property
    def headline_node(self) -> etree._Element | None:
        """The heading that shows the headline (for the rules that look around it)."""
        if self._headline_node is None and self._headline_text:
            want = titles.key(self._headline_text)
            own = self.selectors.get("headline", ())
            for node in chain(self.index.first_match(own) if own else [], _HEADINGS(self.root)):
                if titles.key(render_text(node)) == want:
                    self._headline_node = node
                    break
            self._headline_text = ""
        return self._headline_node

    @cached_property
    def marked(self) -> _Marked:
        """Elements whose class or id names a breadcrumb, a tag block or the active menu item."""
        ids = _MARKED_IDS(self.root) if "id=" in (self.source or "id=") else []
        return _Marked.of([*self.index.class_values, *ids])

    def tags(self) -> list[str]:
        """Tags shown with the article (the profile's selectors, else a tag block after the headline
        that is not the site's trending list), else keyword metadata cleaned of CMS labels."""
        shown = self._shown_tags()
        if shown:
            return shown
        keywords = self.meta.article.get("keywords")
        if isinstance(keywords, str):
            keywords = [keywords]
        for layer in (
            lambda: self.meta.all("article:tag"),
            lambda: [jsonld_text(k) or "" for k in keywords] if isinstance(keywords, list) else [],
            # the first keywords meta is the article's; a later one is the template's (the site's channels)
            lambda: self.meta.all("news_keywords")[:1],
            lambda: self.meta.all("keywords")[:1],
            lambda: (
                [] if self._no_tag_block else [r for a in _TAG_LINKS(self.root) if (r := self._tag_link(a))]
            ),
        ):
            tags = unique(taxonomy.clean_keywords(layer()))
            if tags:
                return tags
        return []

    def _tag_link(self, link: etree._Element) -> str:
        """A ``/tag/`` link's text when it comes after the headline (a bar above it is the header's)."""
        if self.headline_node is not None and not _follows(link, self.headline_node):
            return ""
        return render_text(link)

    @property
    def _no_tag_block(self) -> bool:
        """An older layout whose profile says it shows no tag block (``tags = []``): only its keyword
        metadata holds tags."""
        own = self.selectors.get("tags")
        return (
            own is not None
            and not own
            and self.profile is not None
            and self.layout is not self.profile.layouts[0]
        )

    def _shown_tags(self) -> list[str]:
        own = self.selectors.get("tags")
        if own:
            tags = unique(_tag_text(render_text(n)) for n in self.index.first_match(own))
            if tags:
                return tags
        elif self._no_tag_block:
            return []
        after = self.headline_node
        containers = self.marked.tag_blocks
        if not self.source or "keywords" in self.source:
            containers = sorted({*containers, *_KEYWORDS_PROP(self.root)}, key=_path)
        for container in containers:
            if container.tag == "a" or (after is not None and not _follows(container, after)):
                continue  # a tag bar above the article's title is the site's header
            group = [container]
            parent = container.getparent()
            if parent is not None and container.get("class"):
                group = [c for c in parent if c.get("class") == container.get("class")]
            anchors = [a for c in group for a in c.iter("a")]
            if len(anchors) > MAX_TAG_LINKS or any(
                up.tag in _OUTER_CHROME for up in container.iterancestors()
            ):
                continue  # a menu or a tag cloud, or page chrome
            if taxonomy.is_site_wide(container):
                continue
            links = [render_text(a) for a in anchors]
            if container.get("itemprop") == "keywords" and not links:
                links = [render_text(container)]
            if container.get("itemprop") == "keywords":
                tags = unique(taxonomy.clean_keywords(links))
            else:
                tags = unique(_tag_text(t) for t in links)
            if tags:
                return tags
        found = [n for name in GENERIC_SELECTORS["tags"] for n in self.index.select(name) if _not_category(n)]
        return unique(fold(render_text(n)).strip().lstrip("#").strip() for n in found)

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
        """``crawler.urls.pick_canonical`` over the profile's origins and the page's own registrable
        domain on the page's scheme and port (a canonical on a sibling subdomain,
        ``investasi.kontan.co.id``, is the same site; one on another port of the host is not)."""
        href = self.meta.links.get("canonical")
        if href == self.url:  # the usual case: the page names itself, nothing to resolve or check
            return canonicalize(self.url)
        site = list(self.profile.origins if self.profile else ())
        with contextlib.suppress(ValueError):  # not an http(s) page URL: the profile's site only
            site += site_origins(self.url, [_site_of(_host(self.url))])
        return pick_canonical(self.url, _web_url(self.url, href), site)

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
        noise = (*(self.profile.noise_selectors if self.profile else ()), *self.layout.noise_selectors)
        sites = self.site_words
        containers = self.index.first_match(self.selectors.get("body", ())) if self.profile else []
        if containers:
            extra = [node for selector in noise for node in self.index.select(selector)]
            blocks = render_blocks(containers[0], NoiseFilter(extra))
            cleaned = clean_blocks(blocks, markers=markers, dateline_patterns=datelines, site_words=sites)
            if cleaned.paragraphs:
                return cleaned, "profile", len(containers)
        # the finder reads plain lxml elements too; a copy of <body> (a C-level copy, cheaper than
        # parsing the page again) is pruned in place, and the page's own tree stays whole
        bodies = _BODY(self.root)
        scope = prune_in_place(copy.deepcopy(bodies[0] if bodies else self.root), noise, class_words=False)
        paragraphs = find_body_paragraphs(scope, title=headline or None)
        blocks = with_links(paragraphs, scope) if paragraphs else []
        return (
            clean_blocks(blocks, markers=markers, dateline_patterns=datelines, site_words=sites),
            "generic",
            len(containers),
        )

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

    # ---- the item --------------------------------------------------------------------------------
    def is_gallery(self, body: CleanBody) -> bool:
        """A photo page: the profile's gallery URLs, or a JSON-LD gallery, or a URL path segment that
        names photos (``/readfoto/``, ``photo.`` host) over a page with little text of its own."""
        if self.profile is not None and self.profile.is_gallery_url(self.url):
            return True
        if _GALLERY_TYPES & self.meta.types:
            return True
        if len(body.text) > MAX_GALLERY_TEXT:
            return False
        parts = urlsplit(self.url)
        segments = {s.lower() for s in (parts.path or "").split("/") if s}
        return bool(segments & _GALLERY_SEGMENTS) or (parts.hostname or "").startswith(("photo.", "foto."))

    def gallery_body(self, body: CleanBody) -> CleanBody:
        """The captions of a photo page as its body (the profile's ``gallery`` selectors, else
        figcaptions and caption elements), after any text the page has of its own."""
        own = self.selectors.get("gallery", ())
        nodes = self.index.first_match(own) if own else []
        if nodes:
            # the portal's caption blocks are the whole text: what else the finder took is chrome
            body = dataclasses.replace(body, paragraphs=[])
        else:
            nodes = _CAPTIONS(self.root)
        if not nodes:
            return body
        markers = self.profile.noise_markers if self.profile else ()
        datelines = self.profile.dateline_patterns if self.profile else ()
        blocks = [block for node in nodes for block in render_blocks(node, _CHROME)]
        sites = self.site_words
        captions = clean_blocks(blocks, markers=markers, dateline_patterns=datelines, site_words=sites)
        seen = {p.casefold() for p in body.paragraphs}
        extra = [p for p in dict.fromkeys(captions.paragraphs) if p.casefold() not in seen]
        if not extra:
            return body
        if not body.paragraphs:
            return _unique_body(captions)
        return dataclasses.replace(body, paragraphs=[*body.paragraphs, *extra])

    def language(self, text: str) -> str:
        """``crawler.extract.language``: the declarations (JSON-LD, ``<html lang>``, og:locale, the
        profile's) checked against the body's text."""
        declared = (
            jsonld_text(self.meta.article.get("inLanguage")),
            self.meta.html_lang,
            self.meta.first("og:locale"),
            self.meta.first("content-language"),
        )
        default = self.profile.language if self.profile else "id"
        return language.choose(declared, text, default)

    def item(self) -> ArticleItem:
        headline = self.headline()
        body, extracted_by, matches = self.body(headline)
        kind = "article"
        if self.is_gallery(body):
            kind = "gallery"
            body = self.gallery_body(body)
        fields: dict = {
            "headline": headline,
            "description": self.description(),
            **self.credits(body).as_fields(),
            "section": self.section(headline),
            "tags": self.tags(),
            "mainImage": self.main_image(),
            "kind": kind,
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
        page_type = pagetype.judge(self.root, self.meta, body, extracted_by, matches, self.profile, self.url)
        if kind == "gallery" and body.text:
            page_type = pagetype.ARTICLE  # a photo page is an article whose body is its captions
        fields["inLanguage"] = self.language(body.text or fields.get("description") or headline)
        return _assemble(
            self.url, self.profile, self.canonical(), fields, body, extracted_by, mention_ref, page_type
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
    layouts = profile.layouts if profile else ()
    own = [s for layout in layouts for group in layout.selectors.values() for s in group]
    own += [s for layout in layouts for s in layout.noise_selectors]
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
    language = fields.get("inLanguage") or (profile.language if profile else "id")
    return ArticleItem(
        url=url,
        canonicalUrl=canonical,
        portal=profile.name if profile else _host(url),
        headline=fields.get("headline", ""),
        description=fields.get("description"),
        articleBody=text,
        authors=fields.get("authors", []),
        authorsOrg=fields.get("authorsOrg", []),
        editors=fields.get("editors", []),
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
        kind=fields.get("kind", "article"),
        dateline=body.dateline,
        mentionedDates=mentions,
        source=body.source,
        extractedBy=extracted_by,
        fingerprint=fingerprint(text),
        pageType=page_type,
    )


def _day_of(url: str) -> date | None:
    """The day a permalink names (``/2016/02/16/``), for choosing the layout it was served with: the same
    reading as the permalink date source (``when.url_day``)."""
    day = url_day(url, "UTC")
    return day[0].date() if day else None


def _follows(node: etree._Element, anchor: etree._Element) -> bool:
    """True when ``node`` starts after ``anchor`` in the source (or holds it)."""
    if node is anchor or any(up is node for up in anchor.iterancestors()):
        return True
    if node.sourceline is not None and anchor.sourceline is not None and node.sourceline != anchor.sourceline:
        return node.sourceline > anchor.sourceline
    return _path(node) > _path(anchor)  # one line (minified HTML): by position in the tree


def _path(node: etree._Element) -> list[int]:
    """The child indexes from the root down to ``node``: document order, compared as lists."""
    path = []
    while (parent := node.getparent()) is not None:
        path.append(parent.index(node))
        node = parent
    return path[::-1]


def _same_title(headline: str, og_title: str) -> bool:
    """og:title is the headline, or the headline and a site suffix (``Judul - JagatBisnis``)."""
    if og_title == headline:
        return True
    rest = og_title[len(headline) :] if og_title.startswith(headline) else ""
    return bool(rest) and any(rest.startswith(sep) for sep in _TITLE_SEPARATORS) and len(rest.split()) <= 5


def _tag_text(text: str) -> str:
    """A shown tag as a tag: ``#Info Kesehatan`` -> ``Info Kesehatan``."""
    return fold(text).strip().lstrip("#").strip()


def _without_site(title: str | None, sites: frozenset[str]) -> str | None:
    """og:title without a trailing site segment (`` - Kompas.com``), for the fast headline check."""
    if not title:
        return None
    return titles.title_runs(title, sites)[0]


@dataclasses.dataclass
class _Marked:
    """Elements named as breadcrumbs (outermost only), tag blocks and active menu items, in page order."""

    breadcrumbs: list[etree._Element]
    tag_blocks: list[etree._Element]
    active: list[etree._Element]

    @classmethod
    def of(cls, values: list) -> _Marked:
        """From class and id attribute values (lxml's, whose ``getparent()`` is the element)."""
        crumbs: dict[etree._Element, None] = {}
        tags: dict[etree._Element, None] = {}
        active: dict[etree._Element, None] = {}
        for value in values:
            low = value.lower()
            if "breadcrum" in low:  # "breadcrump" too
                crumbs[value.getparent()] = None
            if ("tag" in low or "topi" in low or "keyword" in low) and _TAG_CLASS.search(low):
                tags[value.getparent()] = None
            if "active" in low and "active" in low.split():
                active[value.getparent()] = None
        outer = [c for c in crumbs if not any(up in crumbs for up in c.iterancestors())]
        return cls(sorted(outer, key=_path), sorted(tags, key=_path), list(active))


def _in_breadcrumb(node: etree._Element) -> bool:
    return any("breadcrum" in (up.get("class") or "").lower() for up in node.iterancestors())


def _unique_body(body: CleanBody) -> CleanBody:
    return dataclasses.replace(body, paragraphs=list(dict.fromkeys(body.paragraphs)))


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
    """The registrable part of a host: ``investasi.kontan.co.id`` -> ``kontan.co.id``; an IP address
    whole (``127.0.0.1`` has no parent domain ``0.1``)."""
    if is_ip_host(host):
        return host
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


__all__ = ["Extraction", "extract", "extract_article", "fingerprint"]
