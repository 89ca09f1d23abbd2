"""Page furniture by class and id: comments, sidebars, share bars, related lists, ads and the like.

Matched per class token on whole words (``related-posts``, ``baca-juga``) so that a word merely
contained in another (``header`` in ``subheader``) does not count; a token naming the article text
(``entry-content``, ``article-body``) always wins. The words are in ``crawler/vocabulary.py``.
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

from crawler.vocabulary import ARTICLE_TOKEN, FURNITURE_TOKEN, TAXONOMY_CLASS

# lxml.html elements (HtmlElement) and plain lxml.etree elements are both accepted.
Element = etree._Element


def is_furniture(el: Element) -> bool:
    """True when the element's class or id names page furniture (comments, share bar, related list…)."""
    cls = el.get("class")
    ident = el.get("id")
    if not cls and not ident:
        return False
    return _names_furniture(f"{cls or ''} {ident or ''}")


@lru_cache(maxsize=4096)
def _names_furniture(hint: str) -> bool:
    """Cached per class-and-id text: a theme repeats the same few on every element and page. A token
    naming the article text overrides the others, so it is looked for only where one names furniture
    (most class texts name none)."""
    tokens = hint.lower().split()
    return any(map(_furniture_token, tokens)) and not any(map(_article_token, tokens))


# Both cached per lower-case token as well: pages of different sites share most tokens (``row``,
# ``col-md-8``, ``clearfix``) but few whole class texts, and the patterns are tried at every position of
# a token. A WordPress taxonomy class (``category-sport``) names neither.
@lru_cache(maxsize=16384)
def _furniture_token(token: str) -> bool:
    return FURNITURE_TOKEN.search(token) is not None and not TAXONOMY_CLASS.match(token)


@lru_cache(maxsize=16384)
def _article_token(token: str) -> bool:
    return ARTICLE_TOKEN.search(token) is not None and not TAXONOMY_CLASS.match(token)


def inside_furniture(el: Element) -> bool:
    """True when an ancestor below <body> is furniture."""
    return any(is_furniture(up) for up in el.iterancestors() if up.tag not in ("html", "body"))
