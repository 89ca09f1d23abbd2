"""Page furniture by class and id: comments, sidebars, share bars, related lists, ads and the like.

Matched per class token on whole words (``related-posts``, ``baca-juga``) so that a word merely
contained in another (``header`` in ``subheader``) does not count; a token naming the article text
(``entry-content``, ``article-body``) always wins.
"""

from __future__ import annotations

import re

from lxml import etree

# lxml.html elements (HtmlElement) and plain lxml.etree elements are both accepted.
Element = etree._Element

# class/id tokens that mark furniture: one of these words as a whole part of the token (split on - and _).
_NEGATIVE_TOKEN = re.compile(
    r"(?:^|[-_])(comments?|commentlist|komentar|disqus|sidebar|related|recommend\w*|rekomendasi|terkait|"
    r"baca[-_]?juga|lihat[-_]?juga|lainnya|popular|populer|terpopuler|terbaru|pilihan|bagikan|trending|"
    r"share|sharing|sharebar|social|sosmed|newsletter|subscribe|subscription|signup|promo|"
    r"sponsored|advert\w*|ads?|adv|iklan|banner|breadcrumbs?|pagination|pager|navbar|nav|menu|footer|byline|"
    r"bio|caption|credits?|copyright|cookies?|popup|modal|outbrain|taboola|disclaimer|tags)(?:$|[-_])"
    r"|^widget"
)
# Tokens naming the article text itself; an element carrying one is never furniture.
_POSITIVE_TOKEN = re.compile(
    r"(article|entry|post|story|news|main|page|single)[-_]?(body|content|text|detail)|^content$|^article$",
)
# Class words WordPress derives from the post's own categories and tags; they say nothing about layout.
_TAXONOMY_CLASS = re.compile(r"^(tag|category|post_tag|format|post|type|status)-")


def is_furniture(el: Element) -> bool:
    """True when the element's class or id names page furniture (comments, share bar, related list…)."""
    hint = f"{el.get('class', '')} {el.get('id', '')}".lower()
    if not hint.strip():
        return False
    tokens = [token for token in hint.split() if not _TAXONOMY_CLASS.match(token)]
    if any(_POSITIVE_TOKEN.search(token) for token in tokens):
        return False
    return any(_NEGATIVE_TOKEN.search(token) for token in tokens)


def inside_furniture(el: Element) -> bool:
    """True when an ancestor below <body> is furniture."""
    return any(is_furniture(up) for up in el.iterancestors() if up.tag not in ("html", "body"))
