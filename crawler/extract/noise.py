"""Noise tests: which nodes are pruned from a body container, and the quick checks before line patterns.

The words themselves (widget classes, boilerplate lines, inline phrases, follow prompts) live in
``crawler/vocabulary.py``; a profile adds its own selectors and markers on top (see ``prune.py`` and
``clean.py``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from crawler.dates.vocab import INDONESIAN_WEEKDAY_RE, ZONE_RE
from crawler.vocabulary import CONTENT_WIDGET_WORDS, NOISE_CLASS_WORDS, NOISE_CLASSES

# Nodes never read as body text, by tag (class and id words live in ``crawler/vocabulary.py``).
# (not <form>: ASP.NET pages wrap the whole page in one; comment forms go by their class words)
NOISE_TAGS = frozenset(
    {"script", "style", "noscript", "template", "iframe", "button", "figure", "figcaption", "svg"}
)
_CLASS_SPLIT = re.compile(r"[\s_-]+")


@lru_cache(maxsize=4096)
def is_noise_attr(value: str) -> bool:
    """True when a class or id value carries a noise word (``jeg_share_button``, ``td-post-sharing``),
    unless it names a widget that holds the article itself (``CONTENT_WIDGET_WORDS``).

    Cached: a theme repeats the same few class strings on every page.
    """
    if not CONTENT_WIDGET_WORDS.isdisjoint(value.split()):
        return False
    return any(NOISE_CLASS_WORDS.match(word) for word in _CLASS_SPLIT.split(value) if word)


@lru_cache(maxsize=4096)
def has_noise_class(value: str) -> bool:
    return not NOISE_CLASSES.isdisjoint(value.split())


# A header date line that slipped into the top of the body (AMP pages): removed while it leads the body.
LEADING_DATE_LINE = re.compile(
    rf"""^(?:(?:diperbarui|diterbitkan|dipublikasikan|updated?|[\w.]+\.com\s*-)\s*:?\s*)?
    (?:(?:{INDONESIAN_WEEKDAY_RE}),?\s+)?
    \d{{1,2}}[\s/.-]+(?:[a-z]{{3,9}}|\d{{1,2}})[\s/.,-]+\d{{2,4}}
    (?:\s*[,|/–-]?\s*(?:pukul\s*)?\d{{1,2}}[:.]\d{{2}}(?:\s*(?:{ZONE_RE}))?)?$""",
    re.IGNORECASE | re.VERBOSE,
)


def may_hold_inline_noise(text: str, low: str) -> bool:
    """Cheap test before ``vocabulary.INLINE_NOISE.search`` (``low`` is ``text`` lower-cased): every
    pattern needs one of these substrings (``[`` for ``[Gambas:…]`` and ``![]()``)."""
    return "[" in text or "#mce" in low or "scroll" in low or "iklan" in low
