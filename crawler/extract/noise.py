"""Noise as data: nodes pruned from a body container and whole lines that are never article text.

Field notes sections 4-5 are the source of every entry. Patterns are compiled once at import; a
profile adds its own selectors and markers on top (see ``prune.py`` and ``clean.py``).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Nodes never read as body text, by tag, by class token, by id and by id prefix.
# (not <form>: ASP.NET pages wrap the whole page in one; comment forms go by their class words)
NOISE_TAGS = frozenset(
    {"script", "style", "noscript", "template", "iframe", "button", "figure", "figcaption", "svg"}
)
NOISE_CLASSES = frozenset(
    {
        "wp-caption",
        "wp-caption-text",
        "adsbygoogle",
        "MIXADVERT_NET",
        "linksisip",
        "lihatjg",
        "sharedaddy",
        "jp-relatedposts",
        "addtoany_share_save_container",
        "yarpp-related",
        "crp_related",
        "comments-area",
        "code-block",
        "td-a-rec",
        "jeg_ad",
        "td-post-featured-image",
        # WordPress wp_link_pages: "Halaman: 1 2" under a post split with <!--nextpage-->
        "page-links",
        "post-page-numbers",
    }
)
NOISE_IDS = frozenset({"comments", "respond", "jp-relatedposts"})
NOISE_ID_PREFIXES = ("MIXADV", "div-gpt-ad", "google_ads")

# class/id words (split on space, "-" and "_") that mark a widget, never article text.
NOISE_CLASS_WORDS = re.compile(
    r"""^(?:share|sharing|sharer|social|socials|related|relatedposts|comment|comments|respond|
    ads|adsbygoogle|advert|advertisement|advertising|iklan|bacajuga|newsletter|subscribe|sidebar|
    widget|breadcrumb|breadcrumbs|authorbox|pagination|tags|sponsor|sponsored|banner|popup)$""",
    re.IGNORECASE | re.VERBOSE,
)
_CLASS_SPLIT = re.compile(r"[\s_-]+")

# ``<!--BACA JUGA START-->`` ... ``<!--BACA JUGA END -->`` ranges (viva)
RANGE_START = re.compile(r"^\s*baca\s*juga\s*start\s*$", re.IGNORECASE)
RANGE_END = re.compile(r"^\s*baca\s*juga\s*end\s*$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def is_noise_attr(value: str) -> bool:
    """True when a class or id value carries a noise word (``jeg_share_button``, ``td-post-sharing``).

    Cached: a theme repeats the same few class strings on every page.
    """
    return any(NOISE_CLASS_WORDS.match(word) for word in _CLASS_SPLIT.split(value) if word)


@lru_cache(maxsize=4096)
def has_noise_class(value: str) -> bool:
    return not NOISE_CLASSES.isdisjoint(value.split())


def _lines(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Whole lines dropped wherever they appear (ads, embeds, follow prompts, nags, widget debris).
BOILERPLATE_LINE = _lines(
    r"^-?\s*advertisement\s*-?$",
    r"^scroll to continue with content$",
    r"^mixadvert(?:\s+jasapro)?$",
    r"^simak(?:\s+juga)?\s+video\b.*$",
    r"^lihat(?:\s+juga)?\s+video\b.*$",
    r"^saksikan(?:\s+juga)?\s+(?:live|video)\b.*$",
    r"^tonton(?:\s+juga)?\s+video\b.*$",
    r"^cek berita dan artikel (?:yang )?lain(?:nya)? di google news\.?$",
    r"^ikuti\s+(?:whatsapp|wa)\s+channel\b.*$",
    r"^ikuti\s+(?:saluran|channel)\s+(?:whatsapp|wa|telegram)\b.*$",
    r"^baca berita (?:tanpa|dengan sedikit) iklan\b.*$",
    r"^gabung kompas\.com\+.*$",
    r"^a$",
    r"^loading\s*(?:\.\.\.|…)?$",
    r"^zoom-in-white\s*perbesar$",
    r"^halaman\s+(?:selanjutnya|berikutnya)\s*[>»]*$",
    # page-number widgets: "1 2 Halaman selanjutnya Tampilkan Semua", "1 2 Halaman Selanjutnya »"
    r"^(?:(?:\d{1,2}|[<>«»]|halaman|selanjutnya|berikutnya|sebelumnya|tampilkan\s+semua|next|prev)\s*)+$",
    # wp_link_pages debris when its container class is unknown: "Halaman: 1 2", "Pages: 1 2 3", "Page 2"
    r"^(?:halaman|pages?)\s*:?(?:\s*\d{1,3})+$",
    r"^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?[\w .,-]{0,60}?(?:\s*\d{4})?\.?$",
    r"^dilarang (?:keras )?(?:mengambil|mengutip|menyalin)\b.*$",
    r"^hak cipta\b.{0,80}$",
)

# A header date line that slipped into the top of the body (AMP pages): removed while it leads the body.
LEADING_DATE_LINE = re.compile(
    r"""^(?:(?:diperbarui|diterbitkan|dipublikasikan|updated?|[\w.]+\.com\s*-)\s*:?\s*)?
    (?:(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu),?\s+)?
    \d{1,2}[\s/.-]+(?:[a-z]{3,9}|\d{1,2})[\s/.,-]+\d{2,4}
    (?:\s*[,|/–-]?\s*(?:pukul\s*)?\d{1,2}[:.]\d{2}(?:\s*(?:wib|wita|wit))?)?$""",
    re.IGNORECASE | re.VERBOSE,
)

# Phrases removed from inside a line (they also occur glued into a paragraph).
INLINE_NOISE = _lines(
    r"\[\s*gambas\s*:[^\]]*\]",
    r"\bSCROLL TO CONTINUE WITH CONTENT\b",
    r"#mce_temp_url#",
    r"!\[\]\(\)\s*\|?",
    r"\bBaca berita (?:tanpa|dengan sedikit) iklan[^.]*\.(?:\s*Gabung Kompas\.com\+)?",
)


def may_hold_inline_noise(text: str, low: str) -> bool:
    """Cheap test before ``INLINE_NOISE.search``: every pattern needs one of these substrings."""
    return "[" in text or "#mce" in text or "![" in text or "scroll" in low or "iklan" in low


# Follow prompts for WhatsApp/Telegram channels: the app, a channel/group/link word, and an address to
# the reader (an imperative opening, "kami"/"Anda", "klik", a URL), so an article about WhatsApp stays.
FOLLOW_APP = re.compile(r"\b(?:whatsapp|telegram)\b", re.IGNORECASE)
FOLLOW_TARGET = re.compile(r"\b(?:channel|saluran|grup|group)\b|https?://|t\.me/", re.IGNORECASE)
FOLLOW_READER = re.compile(
    r"^(?:ikuti|gabung|bergabung|join|follow|dapatkan|yuk|ayo|mari|klik|langganan|berlangganan)\b"
    r"|\b(?:kami|anda|klik|caranya)\b|https?://|t\.me/",
    re.IGNORECASE,
)
FOLLOW_MAX_WORDS = 45


def is_follow_prompt(text: str) -> bool:
    """A "join our WhatsApp/Telegram channel" paragraph, not an article about WhatsApp."""
    return (
        len(text.split()) <= FOLLOW_MAX_WORDS
        and bool(FOLLOW_APP.search(text))
        and bool(FOLLOW_TARGET.search(text))
        and bool(FOLLOW_READER.search(text))
    )
