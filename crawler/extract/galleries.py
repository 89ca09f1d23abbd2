"""Photo pages: told apart from articles, and given their captions as the body.

A gallery has little text of its own; exported as ``kind: gallery`` with its captions it is not lost as
an empty article.
"""

from __future__ import annotations

import dataclasses

from lxml import etree

from crawler.extract.body_assembly import clean_page_blocks
from crawler.extract.clean import CleanBody
from crawler.extract.page import CHROME, Page
from crawler.extract.render import render_blocks

_GALLERY_SEGMENTS = frozenset({"readfoto", "foto", "photo", "photos", "galeri", "gallery", "inpicture"})
_GALLERY_TYPES = frozenset({"imagegallery", "mediagallery"})
_CAPTIONS = etree.XPath(
    "//body/descendant::figcaption | //body/descendant::*[contains(@class, 'caption')][not(.//figcaption)]"
)
MAX_GALLERY_TEXT = 600  # a photo page's own text is at most a teaser this long


def is_gallery(page: Page, body: CleanBody) -> bool:
    """A photo page: the profile's gallery URLs, or a JSON-LD gallery, or a URL path segment that
    names photos (``/readfoto/``, ``photo.`` host) over a page with little text of its own. The URL
    rules read the fetched URL and the ones the page declares for itself (``Page.own_urls``)."""
    if page.profile is not None and page.profile.is_gallery_url(page.url):
        return True
    if _GALLERY_TYPES & page.meta.types:
        return True
    if len(body.text) > MAX_GALLERY_TEXT:
        return False
    for own in page.own_urls:
        if not _GALLERY_SEGMENTS.isdisjoint(own.segments) or own.host.startswith(("photo.", "foto.")):
            return True
        if page.profile is not None and page.profile.is_gallery_url(own.url):
            return True
    return False


def gallery_body(page: Page, body: CleanBody) -> CleanBody:
    """The captions of a photo page as its body (the profile's ``gallery`` selectors, else
    figcaptions and caption elements), after any text the page has of its own."""
    nodes = page.own_nodes("gallery")
    if nodes:
        # the portal's caption blocks are the whole text: what else the finder took is chrome
        body = dataclasses.replace(body, paragraphs=[])
    else:
        nodes = _CAPTIONS(page.root)
    if not nodes:
        return body
    blocks = [block for node in nodes for block in render_blocks(node, CHROME)]
    captions = clean_page_blocks(page, blocks)
    seen = {p.casefold() for p in body.paragraphs}
    extra = [p for p in dict.fromkeys(captions.paragraphs) if p.casefold() not in seen]
    if not extra:
        return body
    if not body.paragraphs:
        return dataclasses.replace(captions, paragraphs=list(dict.fromkeys(captions.paragraphs)))
    return dataclasses.replace(body, paragraphs=[*body.paragraphs, *extra])
