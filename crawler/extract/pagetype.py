"""Is this page an article, a listing (home, category, tag, archive) or something else?

The validation pipeline drops non-articles, so this judges from what the page says about itself
first (JSON-LD ``@type``, ``og:type``, WordPress body classes), then from its shape (several post
cards or several body containers mean a listing; a real body means an article).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

from crawler.extract.clean import CleanBody
from crawler.extract.metadata import ARTICLE_TYPES, LISTING_TYPES, PageMeta
from crawler.profiles import Profile

ARTICLE = "article"
LISTING = "listing"
OTHER = "other"

MIN_ARTICLE_CHARS = 200  # a body this long, with no listing signal, is an article
MIN_CARDS = 3  # this many post cards (article/h2/h3 links) make a listing
_BODY_CLASS = etree.XPath("string(//body/@class)")
_CARDS = etree.XPath(
    "count(/descendant::article) + count(/descendant::h2/a[@href]) + count(/descendant::h3/a[@href])"
)
_ARTICLE_CARDS = etree.XPath("count(/descendant::article)")
# links in the page's own content, not in menus, sidebars or footers
_HREFS = etree.XPath(
    "//body/descendant::a"
    "[not(ancestor::nav or ancestor::header or ancestor::footer or ancestor::aside)]/@href"
)
_DAY_PATH = re.compile(r"/\d{4}/\d{2}/\d{2}/[^/?#]+")
MIN_ARTICLE_LINKS = 5  # this many distinct article permalinks on a page with no body: a listing
_WP_SINGLE = frozenset({"single", "single-post"})
# what the HTML parser makes of an RSS/Atom/RDF feed or a sitemap: <html><body><rss>…
_XML_DOCUMENTS = frozenset({"rss", "feed", "rdf:rdf", "urlset", "sitemapindex"})
_FRONT_PATHS = frozenset({"", "/", "/index.html", "/index.htm", "/index.php"})
_WP_LISTING = frozenset({"archive", "home", "blog", "category", "tag", "search", "date", "author"})


def _article_links(root: etree._Element, profile: Profile | None) -> int:
    """Distinct links to article permalinks (the profile's pattern, else ``/YYYY/MM/DD/slug``)."""
    paths = {_path(str(href)) for href in _HREFS(root)}
    if profile is not None:
        return sum(1 for path in paths if profile.article_path_re.search(path))
    return sum(1 for path in paths if _DAY_PATH.search(path))


def _path(href: str) -> str:
    """A link's path; none for a link ``urlsplit`` cannot read (``http://[domain]/…``, a host left
    unfilled by a template), which leads nowhere."""
    try:
        return urlsplit(href).path
    except ValueError:
        return ""


def _is_front_page(url: str) -> bool:
    """The site's front page: the root or its index file, with no query (``/?p=123`` is a WordPress
    article)."""
    parts = urlsplit(url)
    return not parts.query and parts.path.lower() in _FRONT_PATHS


def judge(
    root: etree._Element,
    meta: PageMeta,
    body: CleanBody,
    extracted_by: str,
    body_matches: int,
    profile: Profile | None,
    url: str,
) -> str:
    """``article``, ``listing`` or ``other``."""
    if _is_front_page(url):  # a removed article redirected home: the home page's lead teaser is no article
        return LISTING
    body_chars = len(body.text)
    og_type = (meta.first("og:type") or "").lower()
    page_body = root.find("body")  # lxml puts <body> under <html>: no search of the whole tree
    if page_body is not None and len(page_body) and page_body[0].tag in _XML_DOCUMENTS:
        return OTHER  # a feed or sitemap answered where a page was expected: its items are no article
    classes = (page_body.get("class") or "") if page_body is not None else _BODY_CLASS(root)
    body_class = set(classes.lower().split())
    declared_article = (
        bool(ARTICLE_TYPES & meta.types) or og_type == "article" or bool(_WP_SINGLE & body_class)
    )
    declared_listing = bool(LISTING_TYPES & meta.types) or bool(_WP_LISTING & body_class)

    if declared_article and not declared_listing:
        return ARTICLE if body_chars else OTHER
    if declared_listing or body_matches > 1:
        return LISTING
    if body_chars >= MIN_ARTICLE_CHARS:
        # no declaration either way: many post cards and a body found only by the generic finder
        # look like a listing whose excerpts were mistaken for a body
        if extracted_by == "generic" and int(_ARTICLE_CARDS(root)) >= MIN_CARDS:
            return LISTING
        return ARTICLE
    if int(_CARDS(root)) >= MIN_CARDS or _article_links(root, profile) >= MIN_ARTICLE_LINKS:
        return LISTING
    if profile is not None and profile.is_article_url(url) and body_chars:
        return ARTICLE
    return OTHER
