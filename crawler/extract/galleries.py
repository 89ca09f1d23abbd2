"""Photo pages: told apart from articles, and given their captions as the body.

A gallery has little text of its own; exported as ``kind: gallery`` with its captions it is not lost as
an empty article.
"""

from __future__ import annotations

import dataclasses
import re

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
# a photo story's headline: "FOTO: Kondisi Kapal Selam …", "Galeri Foto: …", "IN PICTURES: …"
_PHOTO_HEADLINE = re.compile(r"^\s*(?:foto|galeri(?:\s+foto)?|photos?|in\s+pictures)\s*:", re.IGNORECASE)
# the photo viewer such a page shows its pictures in
_SLIDERS = etree.XPath(
    "//body/descendant::*[contains(@class, 'gallery') or contains(@class, 'slider') or "
    "contains(@class, 'carousel') or contains(@class, 'galeri')][1]"
)
MAX_GALLERY_TEXT = 600  # a photo page's own text is at most a teaser this long


def is_gallery(page: Page, body: CleanBody, headline: str = "") -> bool:
    """A photo page: the profile's gallery URLs, or a JSON-LD gallery, or, over a page with little text
    of its own, a headline that says so (``FOTO: …``, as Indonesian portals title their photo stories)
    above a photo viewer (a gallery, slider or carousel) or a URL path segment that names photos
    (``/readfoto/``, ``photo.`` host). The URL rules read the fetched URL and the ones the page declares
    for itself (``Page.own_urls``)."""
    if page.profile is not None and page.profile.is_gallery_url(page.url):
        return True
    if _GALLERY_TYPES & page.meta.types:
        return True
    if len(body.text) > MAX_GALLERY_TEXT:
        return False  # kapanlagi titles a story about one photo "FOTO: …" too
    if _PHOTO_HEADLINE.match(headline) and _SLIDERS(page.root):
        return True
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
    captions = clean_page_blocks(page, blocks, captions=True)
    seen = {p.casefold() for p in body.paragraphs}
    extra = [p for p in dict.fromkeys(captions.paragraphs) if p.casefold() not in seen]
    if not extra:
        return body
    if not body.paragraphs:
        return dataclasses.replace(captions, paragraphs=list(dict.fromkeys(captions.paragraphs)))
    return dataclasses.replace(body, paragraphs=[*body.paragraphs, *extra])
