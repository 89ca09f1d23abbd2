"""The page-level fields read in one step each: description, credits, lead image, canonical URL, language.

Page values are untrusted: an image or canonical URL that is not a usable http(s) URL is dropped, never
raised or echoed into the item.
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import urljoin, urlsplit

from lxml import etree
from w3lib.url import safe_url_string

from crawler.extract import language
from crawler.extract.byline import author_names
from crawler.extract.clean import CleanBody
from crawler.extract.credits import Credits
from crawler.extract.metadata import jsonld_image, jsonld_text
from crawler.extract.page import LINK_OUTSIDE_CHROME, Page, bare_host
from crawler.extract.people import credit_of_article, credits_of_page, data_layer_writers
from crawler.extract.render import render_blocks, render_text
from crawler.urls import MAX_URL_CHARS, canonicalize, is_ip_host, pick_canonical, site_origins

AUTHOR_BOX_REACH = 3  # elements after the headline an unlabelled author box may be
# No description runs this long (the bench pages' longest: 1,819 characters, a whole lead paragraph): a
# longer one is the page's text or keyword stuffing in a meta tag, and would make a line of any size.
DESCRIPTION_MAX_CHARS = 5000
# the share of a description's words its article uses: a summary of the story shares most, the site's
# blurb few (the bench pages' first descriptions that had another beside them: the site's at most 0.27,
# the story's 0.43 and up but for a paywalled page's 0.26 and an inflected Russian one's 0.16; the first
# then gives way only to another one above the bar)
DESCRIPTION_MIN_OVERLAP = 0.34
_DESCRIPTIONS = ("description", "og:description", "twitter:description")  # meta names, in order of trust
_WORD = re.compile(r"\w{4,}")

_AUTHOR_LINKS = etree.XPath(
    "//body/descendant::a[contains(@href, '/author/') or contains(@href, '/penulis/')]"
    f"[{LINK_OUTSIDE_CHROME}]"
)
_CAPTION = etree.XPath(
    "ancestor-or-self::figure[1]//figcaption | ancestor::*[contains(@class, 'wp-caption')][1]"
    "//*[contains(@class, 'wp-caption-text')]"
)
_IMAGE_ATTRS = ("src", "data-src", "data-lazy-src", "data-original")
# A declared image's file named only with these words (and the site's own name, sizes, numbers) is the
# site's picture for any page: ``opengraph_default.png``, ``givewell_fb_logo.jpg``; one of the first set
# must be there. A story's photo of a logo names its subject too (``alibaba-logo-getty-1024-683.jpg``).
_SITE_IMAGE_MARKS = frozenset({"logo", "default", "placeholder", "blank", "spacer", "transparent", "favicon"})
_SITE_IMAGE_WORDS = _SITE_IMAGE_MARKS | {
    "og",
    "opengraph",
    "fb",
    "facebook",
    "twitter",
    "share",
    "social",
    "site",
}
_SITE_IMAGE_MARK = re.compile("|".join(sorted(_SITE_IMAGE_MARKS)))
_FILE_WORDS = re.compile(r"[a-z]+")
# an unknown theme's page image: the one whose file is the og:image, a caption element next to it
_IMAGE_BY_FILE = etree.XPath("//body/descendant::img[contains(@src, $file) or contains(@data-src, $file)]")
_CAPTION_NEAR = etree.XPath(
    "(following-sibling::*[contains(@class, 'cap')] | ../following-sibling::*[contains(@class, 'cap')])[1]"
)


def description(page: Page, about: str = "") -> str | None:
    """The first of the page's descriptions (meta, Open Graph, Twitter card, JSON-LD) that is one: at most
    ``DESCRIPTION_MAX_CHARS``, and, when they differ, one that speaks of the article (``about``: its
    headline and body) rather than the site: a theme's ``<meta name="description">`` is often the site's
    own ("Online portal that provide breaking news and updates in Nigeria") beside an og:description of
    the story."""
    shown = [v for name in _DESCRIPTIONS for v in page.meta.all(name)]
    if shown and shown.count(shown[0]) == len(shown) and len(shown[0]) <= DESCRIPTION_MAX_CHARS:
        return shown[0]  # one description (the usual page): nothing to weigh
    found = [v for v in shown if len(v) <= DESCRIPTION_MAX_CHARS]
    declared = jsonld_text(page.meta.article.get("description"))
    if declared and len(declared) <= DESCRIPTION_MAX_CHARS:
        found.append(declared)
    if len(found) < 2 or not about:
        return found[0] if found else None
    article = about.casefold()
    return next((v for v in found if word_overlap(v, article) >= DESCRIPTION_MIN_OVERLAP), found[0])


def word_overlap(text: str, article: str) -> float:
    """The share of the text's words (of four letters or more) that the article's text (casefolded) also
    holds: a substring search each, not a split of the article into words (a page's few description
    words against its whole opening)."""
    own = set(_WORD.findall(text.casefold()))
    return sum(1 for word in own if word in article) / len(own) if own else 0.0


def read_credits(page: Page, body: CleanBody) -> Credits:
    """Authors (people), organisational credits and editors: ``crawler.extract.people``."""
    return credits_of_page(
        page.root,
        page.meta,
        profile_names=lambda: [
            n
            for node in page.nodes("authors") or _author_box_after_headline(page)
            for n in author_names(_lines_of(node))
        ],
        link_names=lambda: [render_text(a) for a in _author_links(page)],
        # a page without the word has no data layer: its scripts need no walk
        data_layer_names=lambda: data_layer_writers(page.root) if "dataLayer" in page.source else [],
        body=body,
        keep=credit_of_article,
        sites=page.sites,
        texts=page.body_texts_if_read,
    )


def _author_links(page: Page) -> list[etree._Element]:
    """``_AUTHOR_LINKS``, only where the page's text holds such a path: the XPath tests every link of the
    page (1.4M instructions an AEB page), the two searches of the text cost a sixth of that."""
    source = page.source
    if source and "/author/" not in source and "/penulis/" not in source:
        return []
    return _AUTHOR_LINKS(page.root)


def main_image(page: Page) -> dict | None:
    """The lead image (og:image, JSON-LD, the image selectors) and its caption. A declared image whose
    file is the site's own (``opengraph_default.png``, ``givewell_fb_logo.jpg``: what a CMS shares for a
    page that set none) is not the story's: the next declaration, or the page's own lead image, or none."""
    json_url, caption = jsonld_image(page.meta, page.meta.article.get("image"))
    og_image = page.meta.first("og:image", "og:image:url", "twitter:image")
    url = web_url(page.base_url, og_image or json_url)
    if url and _site_image(url, page.url):  # the next declaration, unless it is the site's too
        url = web_url(page.base_url, json_url) if og_image and json_url else None
        url = None if url and _site_image(url, page.url) else url
    nodes = page.nodes("image")
    if not nodes and url:
        # an unknown theme: the page image is the one showing the og:image file
        file = urlsplit(url).path.rsplit("/", 1)[-1]
        nodes = _IMAGE_BY_FILE(page.root, file=file) if file else []
    absolute = url  # already checked and made absolute
    if nodes:
        node = nodes[0]
        if not url:
            absolute = web_url(page.base_url, next((node.get(a) for a in _IMAGE_ATTRS if node.get(a)), None))
        if not caption:
            near = _CAPTION(node) or _CAPTION_NEAR(node)
            caption = next((t for t in (render_text(c) for c in near) if t), None)
    if absolute is None or absolute == page.url:
        return None
    return {"url": absolute, "caption": caption or None}


def _site_image(url: str, page_url: str) -> bool:
    """The file name says the image is the site's, not a story's (``_SITE_IMAGE_MARKS``; the words of
    ``page_url``'s host are the site's own name)."""
    file = url.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1].lower()
    if not _SITE_IMAGE_MARK.search(file):  # the usual photo: one scan
        return False
    words = set(_FILE_WORDS.findall(file.rsplit(".", 1)[0])) - {"x", "px"}  # sizes: 1200x630
    if words.isdisjoint(_SITE_IMAGE_MARKS):  # a mark inside another word ("defaultsize")
        return False
    return words <= _SITE_IMAGE_WORDS | set(bare_host(page_url).split("."))


def canonical(page: Page) -> str:
    """``crawler.urls.pick_canonical`` over the profile's origins and the page's own registrable
    domain on the page's scheme and port (a canonical on a sibling subdomain,
    ``investasi.kontan.co.id``, is the same site; one on another port of the host is not)."""
    href = page.meta.links.get("canonical")
    if href == page.url:  # the usual case: the page names itself, nothing to resolve or check
        return canonicalize(page.url)
    site = list(page.profile.origins if page.profile else ())
    with contextlib.suppress(ValueError):  # not an http(s) page URL: the profile's site only
        site += site_origins(page.url, [_site_of(bare_host(page.url))])
    return pick_canonical(page.url, web_url(page.base_url, href), site)


def page_language(page: Page, text: str) -> str:
    """``crawler.extract.language``: the declarations (JSON-LD's article and WebPage, ``<html lang>``,
    og:locale, Content-Language, the profile's) checked against the body's text."""
    declared = (
        jsonld_text(page.meta.article.get("inLanguage")),
        page.meta.html_lang,
        # Yoast declares it on the graph's WebPage node, not on the Article
        jsonld_text(webpage) if (webpage := page.meta.webpage.get("inLanguage")) is not None else None,
        page.meta.first("og:locale"),
        page.meta.first("content-language"),
    )
    default = page.profile.language if page.profile else "id"
    return language.choose(declared, text, default)


_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$")


def web_url(base: str, href: str | None) -> str | None:
    """``href`` made absolute against ``base`` when it is a usable http(s) URL, else None.

    Page values are untrusted: a broken IPv6 host, a control character, a bare ``//`` or a URL longer
    than ``MAX_URL_CHARS`` is dropped rather than raised or echoed into the item.
    """
    if (
        not href
        or len(href) > MAX_URL_CHARS
        or not href.strip()
        or not href.strip().isprintable()
        or "\ufffd" in href
    ):
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
    if (
        len(absolute) > MAX_URL_CHARS
        or not absolute.startswith(("http://", "https://"))
        or not _HOST.match(host)
    ):
        return None
    return absolute


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


def _author_box_after_headline(page: Page) -> list[etree._Element]:
    """A box of class ``author`` among the few elements just after the headline or its wrapper (``<h1>``
    then ``<div class="author"><strong>Name</strong> - detikinet</div>``). Only there: elsewhere a
    portal's ``author`` class also marks photo credits and the writers of other stories."""
    node = page.headline_node
    for anchor in (node, node.getparent() if node is not None else None):
        if anchor is None:
            continue
        for n, after in enumerate(anchor.itersiblings()):
            if n >= AUTHOR_BOX_REACH:
                break
            if isinstance(after.tag, str) and "author" in (after.get("class") or "").lower().split():
                return [after]
    return []


def _lines_of(node: etree._Element) -> list[str]:
    return [line.text for block in render_blocks(node) for line in block]
