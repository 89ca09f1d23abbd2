"""Every image of the article (the item's ``images``): the lead image, then those of its body and figures.

An image belongs to the article when it shows the story: it sits in the body container (the profile's,
or for the generic path and photo pages the element holding the body's text) or in a ``<figure>`` of
the ``<article>`` element around it. Much else sits there too, and is left out:

- ads, widgets, share bars, related lists, comments, author boxes: by the class and id words of the
  image's ancestors (the body cleaner's noise words, and a few that only matter for images);
- another article's thumbnail, or a banner: an image inside a link to another page (a link to the image
  file itself, or to the page, is the image's own);
- logos, icons, avatars, emoji, share buttons, loading spinners and tracking pixels: by the words of the
  image's class, id and file name, by a declared size of a few pixels, or by an ad or tracker host.

Lazy-loaded images name their file in ``data-src`` (and kin) and a placeholder in ``src``: the data
attributes are read first. Each image comes once, in page order, by URL and by file name (the same photo
at another size, ``/small/x.jpg`` and ``/ori/x.jpg``, is one image); the lead image (``mainImage``, which
may be og:image and never shown at that size) always comes first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlsplit

from lxml import etree

from crawler.extract import noise
from crawler.extract.page import Page
from crawler.extract.page_fields import web_url
from crawler.extract.render import fold, render_text
from crawler.extract.selectors import PageIndex
from crawler.urls import canonicalize, leads_nowhere
from crawler.vocabulary import NOISE_CLASSES, NOISE_ID_PREFIXES, NOISE_IDS

# where a lazy-loading theme puts the file, before ``src`` (then a placeholder)
SOURCE_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-url", "src")
MIN_SIDE_PX = 50  # a declared width or height below this is an icon, a button or a pixel
# the body's text holder (generic path): text nodes this long are looked for in the body ...
MIN_TEXT_CHARS = 50
SNIPPET_CHARS = 60
# ... and the holder is the innermost element holding this share of those found
HOLDER_SHARE = 0.8
MIN_PARAGRAPHS = 2  # fewer body paragraphs found as <p>: the body is text between <br>, read by its runs

_IMAGES = ("img", "amp-img")
_LONG = f"descendant::text()[string-length(normalize-space(.)) >= {MIN_TEXT_CHARS}]"  # a run of body text
_LONG_TEXTS_UNDER = etree.XPath(_LONG)
_LONG_TEXTS = etree.XPath(f"//body/{_LONG}")
_FIGCAPTION = etree.XPath("ancestor::figure[1]//figcaption")
_WP_CAPTION = etree.XPath(
    "ancestor::*[contains(@class, 'wp-caption')][1]//*[contains(@class, 'wp-caption-text')]"
)
# a caption element beside the image: its parent's own text when the parent is named a caption (the
# image and its text in one ``div.image-caption``), else the element right after the image or its parent
# (``_captions_next``)
_CAPTION_PARENT = etree.XPath("parent::*[contains(@class, 'caption')]")
# the body cleaner's noise classes, less those that hold the story's photos (noise to its text only)
_NOISE_CLASSES = NOISE_CLASSES - {"wp-caption", "wp-caption-text", "td-post-featured-image"}
# containers whose images are never the story's (beyond the body cleaner's noise tags and words)
_SKIP_TAGS = frozenset({"script", "style", "template", "iframe", "button", "svg", "nav", "aside", "footer"})
_FURNITURE = re.compile(
    r"(?<![a-z])(?:related|terkait|baca-?juga|recommend\w*|rekomendasi|popular|populer|terpopuler|trending|"
    r"outbrain|taboola|promo|comments?|komentar|author|avatar|gravatar|logo|icons?|emoji|share|social)"
    r"(?![a-z])"
)
# an image's own file name saying it is page furniture, not a photo of the story ...
_FURNITURE_FILE = (
    r"logo|icons?|favicon|avatar|gravatar|emoji|emoticon|smiley|spacer|blank|transparent|loading|loader|"
    r"spinner|placeholder|sprite|badge|btn|button"
)
_NOT_A_PHOTO_FILE = re.compile(rf"(?<![a-z])(?:{_FURNITURE_FILE})(?![a-z])")
# ... or its class or id, which may also name a button or an ad (a story's photo may well be of Facebook's
# office or a protest banner: those words count in its class, never in its file name)
_NOT_A_PHOTO_ATTR = re.compile(
    rf"(?<![a-z])(?:{_FURNITURE_FILE}|pixel|banner|ads?|advert\w*|iklan|share|social|rss|fb|facebook|twitter|"
    r"whatsapp|telegram|gplus|instagram|youtube|linkedin|pinterest|tiktok)(?![a-z])"
)
# Images an item keeps at most, in page order (the lead image first): a photo gallery shows a few dozen (22
# at most on the bench pages); a page of thousands of images would make the line megabytes long.
MAX_IMAGES = 200
MAX_CAPTION_CHARS = 500  # a longer "caption" is a block of text that holds the image, not its caption
# hosts that serve ads and tracking pixels, never a story's photo
_AD_HOSTS = (
    "doubleclick.net",
    "googlesyndication.com",
    "googleadservices.com",
    "google-analytics.com",
    "adnxs.com",
    "scorecardresearch.com",
    "effectivemeasure.net",
    "quantserve.com",
    "criteo.com",
    "taboola.com",
    "outbrain.com",
    "mixadvert.com",
    "facebook.com",
    "facebook.net",
)
_AD_LABELS = frozenset(
    {"ad", "ads", "adserver", "adservice", "pixel", "tracking", "track", "beacon", "stats"}
)
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|bmp|svg)$", re.IGNORECASE)
MIN_FILE_STEM = 8  # a shorter file name (``1.jpg``, ``image.jpg``) does not tell two photos apart
_SIZE_SUFFIX = re.compile(r"-(?:\d{2,5}x\d{2,5}|scaled)$")  # WordPress's resized copies


def article_images(
    page: Page,
    body_text: str,
    lead: dict | None,
    *,
    from_container: bool,
    blocks: list[etree._Element] | None = None,
) -> list[dict]:
    """The item's ``images``: ``lead`` (the item's ``mainImage``) first, then the article's own images.

    ``from_container``: the body was read from the profile's container (else it was found by the generic
    finder, or it is a photo page's captions, and its holder is looked for by its text). ``blocks``: the
    page's blocks the generic finder read the body from, where known (``body_assembly.assemble_body``)."""
    images = [dict(lead)] if lead else []
    seen_urls = {lead["url"]} if lead else set()
    seen_files = {_file_key(lead["url"])} if lead else set()
    scope = _container(page) if from_container else _text_holder(page.root, body_text, blocks)
    if scope is None:
        return images
    for node, top in _candidates(scope):
        if len(images) >= MAX_IMAGES:
            break
        url = _source(node, page.base_url, seen_files)
        if url is None or url in seen_urls or not _is_photo(node, url, top, page.url, page.base_url):
            continue
        key = _file_key(url)
        if key in seen_files:
            continue
        seen_urls.add(url)
        seen_files.add(key)
        images.append({"url": url, "caption": _caption(node, page.index)})
    return images


# ---- where the article's images are ------------------------------------------------------------------
def _container(page: Page) -> etree._Element | None:
    """The profile's body container (the first match, the one the body was read from)."""
    found = page.index.first_match(page.selectors.get("body", ()))
    return found[0] if found else None


def _text_holder(
    root: etree._Element, body_text: str, blocks: list[etree._Element] | None = None
) -> etree._Element | None:
    """The innermost element holding most of the paragraphs (else long text runs: a body of text between
    ``<br>``) that are part of the body.

    The paragraphs and runs are those of ``blocks`` (the finder's) where given, else those of the whole
    page: the finder's blocks hold each paragraph it read, and any other ``<p>`` or run of the page holding
    body text is a copy (a pull quote, a teaser of the same story), which the test of the whole page only
    added to the count (the holder was the same without them on every page of the bench dump)."""
    if not body_text:
        return None
    # the same folding (``fold`` makes any run of whitespace one space) of the text with its paragraph
    # and line breaks made single spaces: printable and folded already when its lines are (the usual),
    # ``fold`` hands it back without a search of every character or a split into words
    body = fold(body_text.replace("\n\n", " ").replace("\n", " "))
    paragraphs = root.iter("p") if blocks is None else dict.fromkeys(b for b in blocks if b.tag == "p")
    owners = [p for p in paragraphs if _part_of(_text_opening(p), body)]
    if len(owners) < MIN_PARAGRAPHS:
        owners = []
        for text in _long_texts(root, blocks):
            if _part_of(text, body):
                owner = text.getparent()
                if text.is_tail and owner is not None:
                    owner = owner.getparent()
                if owner is not None:
                    owners.append(owner)
    return _innermost_holding(owners) if owners else None


def _long_texts(root: etree._Element, blocks: list[etree._Element] | None) -> list:
    """The long text nodes of the page's body, or of ``blocks`` (each once: those of the blocks no other
    block holds)."""
    if blocks is None:
        return _LONG_TEXTS(root)
    given = set(blocks)
    tops = [block for block in dict.fromkeys(blocks) if given.isdisjoint(block.iterancestors())]
    return [text for top in tops for text in _LONG_TEXTS_UNDER(top)]


def _innermost_holding(owners: list[etree._Element]) -> etree._Element:
    """The innermost element holding ``HOLDER_SHARE`` of ``owners`` (each counted as often as listed).
    The ancestors are climbed once for each parent of owners, not once for each owner: most owners are
    siblings (a body's paragraphs)."""
    holds: Counter[etree._Element] = Counter(owners)
    depth: dict[etree._Element, int] = {}
    for parent, n in Counter(owner.getparent() for owner in owners).items():
        if parent is None:
            continue
        chain = [parent, *parent.iterancestors()]
        for level, element in enumerate(reversed(chain)):
            holds[element] += n
            depth[element] = level
    needed = HOLDER_SHARE * len(owners)
    enough = [el for el, n in holds.items() if n >= needed]
    for owner in enough:  # an owner that is no owner's parent was not climbed: one level below its own
        if owner not in depth:
            depth[owner] = depth.get(owner.getparent(), -1) + 1
    # each holds more than half of the owners, so they nest: the innermost is the deepest
    return max(enough, key=depth.__getitem__)


def _opening(pieces: Iterable[str]) -> str:
    """The first characters of an element's text, enough for a snippet, without reading all of it."""
    text = ""
    for piece in pieces:
        text += piece
        if len(text) >= 2 * SNIPPET_CHARS:
            break
    return text


def _text_opening(element: etree._Element) -> str:
    """``_opening`` of the element's text: its own text alone, where that is all it has or enough already
    (a paragraph's, usually), without a walk of its subtree."""
    own = element.text or ""
    if len(own) >= 2 * SNIPPET_CHARS or not len(element):
        return own
    return _opening(element.itertext())


def _part_of(text: str, body: str) -> bool:
    """A long enough run of text whose opening is in the body (folded alike)."""
    snippet = fold(text.lstrip()[: 2 * SNIPPET_CHARS]).strip()[:SNIPPET_CHARS]
    return len(snippet) >= MIN_TEXT_CHARS and snippet in body


def _candidates(scope: etree._Element) -> list[tuple[etree._Element, etree._Element]]:
    """(image, the element its ancestors are checked up to), in page order: the images of the body and
    those of the figures of the ``<article>`` around it (the lead figure above the text, a gallery)."""
    article = scope if scope.tag == "article" else next(scope.iterancestors("article"), None)
    if article is None or article is scope:
        return [(node, scope) for node in scope.iter(*_IMAGES)]
    inside = set(scope.iter(*_IMAGES))
    found = []
    for node in article.iter(*_IMAGES):
        if node in inside:
            found.append((node, scope))
        elif _in_figure(node, article):
            found.append((node, article))
    return found


def _in_figure(node: etree._Element, article: etree._Element) -> bool:
    for up in node.iterancestors():
        if up is article:
            return False
        if up.tag == "figure":
            return True
    return False


# ---- what an image is ------------------------------------------------------------------------------------
def _source(node: etree._Element, base: str, seen_files: set[str]) -> str | None:
    """The image file's absolute URL: the first usable of the lazy-loading attributes and ``src``; None
    for a photo already listed, known by its file name before the URL is resolved (the lead image
    shown again, the usual case)."""
    for attr in SOURCE_ATTRS:
        value = node.get(attr)
        if not value or value.startswith("data:"):
            continue
        if _file_key(value.strip()) in seen_files:
            return None
        url = web_url(base, value)
        if url is not None:
            return url
    return None


def _is_photo(node: etree._Element, url: str, top: etree._Element, page_url: str, base: str) -> bool:
    """Not an icon, pixel, ad or button by its own attributes, and not inside furniture or another
    page's link up to ``top`` (``base``: what the page's links resolve against, ``Page.base_url``)."""
    if _too_small(node) or _ad_host(url):
        return False
    name = urlsplit(url).path.rsplit("/", 1)[-1].lower()
    attrs = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
    if _NOT_A_PHOTO_FILE.search(name) or _NOT_A_PHOTO_ATTR.search(attrs):
        return False
    for up in node.iterancestors():
        if up is top:
            return True
        if _is_furniture(up) or (up.tag == "a" and _links_away(up, page_url, base)):
            return False
    return True


def _too_small(node: etree._Element) -> bool:
    for attr in ("width", "height"):
        value = (node.get(attr) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) < MIN_SIDE_PX:
            return True
    return False


def _ad_host(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host.endswith(_AD_HOSTS) or not _AD_LABELS.isdisjoint(host.split(".")[:-2])


def _is_furniture(element: etree._Element) -> bool:
    if element.tag in _SKIP_TAGS:
        return True
    cls, ident = element.get("class"), element.get("id")
    if cls and (
        not _NOISE_CLASSES.isdisjoint(cls.split())
        or noise.is_noise_attr(cls)
        or _FURNITURE.search(cls.lower())
    ):
        return True
    return bool(ident) and (
        ident in NOISE_IDS
        or ident.startswith(NOISE_ID_PREFIXES)
        or noise.is_noise_attr(ident)
        or bool(_FURNITURE.search(ident.lower()))
    )


def _links_away(anchor: etree._Element, page_url: str, base: str) -> bool:
    """A link to another page (another story, an advertiser): not to an image file, the page itself, or
    nowhere (``#``, ``javascript:``). ``base``: what its ``href`` resolves against."""
    href = (anchor.get("href") or "").strip()
    if leads_nowhere(href):
        return False
    target = web_url(base, href)
    if target is None:
        return False
    if target == page_url or _IMAGE_FILE.search(urlsplit(target).path):
        return False
    return canonicalize_or_none(target) != canonicalize_or_none(page_url)


def _caption(node: etree._Element, index: PageIndex | None = None) -> str | None:
    """The figure's caption, a WordPress caption, or a caption element around or just after the image
    (each place looked at only when the ones before gave no text). ``index``: the page's, which tells
    whether some class value holds ``wp-caption`` or ``caption`` (else the XPath looking for it, which
    tests the class of every ancestor of the image, is passed over)."""
    for near, named in _CAPTION_PLACES:
        if named and index is not None and not index.could_hold("class", named):
            continue
        text = next((t for t in (render_text(c) for c in near(node)) if t), None)
        if text:
            return text if len(text) <= MAX_CAPTION_CHARS else None
    return None


def _captions_next(node: etree._Element) -> list[etree._Element]:
    """The element right after the image, then the one right after its parent, each when its class
    holds ``cap``: XPath's ``following-sibling::*[1][contains(@class, 'cap')]`` (and from ``..``), which
    libxml2 answers by listing every following sibling first, one list an image: a body of thousands of
    images and paragraphs cost the square of its size."""
    found = []
    for start in (node, node.getparent()):
        # the next sibling that is an element (lxml passes over comments and processing instructions)
        after = next(start.itersiblings(etree.Element), None) if start is not None else None
        if after is not None and "cap" in (after.get("class") or ""):
            found.append(after)
    return found


# where ``_caption`` looks, in order, each with the class name it needs on the page ("" none)
_CAPTION_PLACES = (
    (_FIGCAPTION, ""),
    (_WP_CAPTION, "wp-caption"),
    (_CAPTION_PARENT, "caption"),
    (_captions_next, ""),
)


def _file_key(url: str) -> str:
    """What identifies the photo: its file name when distinctive (less a WordPress size suffix,
    ``banjir-780x439.jpg`` and ``banjir-1200x675.jpg`` being one photo), else the URL without its query."""
    try:
        parts = urlsplit(url)
    except ValueError:  # a page's raw attribute: a broken one identifies nothing but itself
        return url
    name = parts.path.rsplit("/", 1)[-1].lower()
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = _SIZE_SUFFIX.sub("", stem)
    return f"{stem}.{ext}" if len(stem) >= MIN_FILE_STEM else f"{parts.netloc}{parts.path}"


def canonicalize_or_none(url: str) -> str | None:
    try:
        return canonicalize(url)
    except ValueError:
        return None
