"""The article's language: what the page declares, checked against its text.

Declarations are often a theme's default (kompas and kapanlagi pages of 2015 say ``lang="en"`` over
Indonesian text), so the text decides when it is clear: a count of each language's commonest words.
Only the languages Warta's portals publish in are told apart (Indonesian and English); the declared or
the profile's language stands when the text is too short or too mixed to say.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

STOPWORDS: dict[str, frozenset[str]] = {
    "id": frozenset(
        [
            "yang",
            "dan",
            "di",
            "ke",
            "dari",
            "ini",
            "itu",
            "dengan",
            "untuk",
            "tidak",
            "pada",
            "adalah",
            "dalam",
            "akan",
            "juga",
            "atau",
            "ada",
            "mereka",
            "sudah",
            "saya",
            "kami",
            "karena",
            "oleh",
            "bisa",
            "telah",
            "para",
            "tersebut",
            "kata",
            "lebih",
            "belum",
            "masih",
            "harus",
            "kepada",
            "bahwa",
            "seperti",
            "saat",
            "ia",
            "dia",
            "kita",
            "hingga",
            "namun",
            "setelah",
            "sejak",
            "tahun",
            "menjadi",
        ]
    ),
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "is",
            "that",
            "for",
            "it",
            "with",
            "was",
            "on",
            "as",
            "be",
            "by",
            "at",
            "are",
            "this",
            "have",
            "from",
            "has",
            "he",
            "she",
            "they",
            "said",
            "will",
            "which",
            "an",
            "not",
            "were",
            "been",
            "their",
            "would",
            "who",
            "its",
            "had",
            "but",
            "also",
            "after",
            "than",
            "there",
            "we",
            "our",
        ]
    ),
}
MIN_HITS = 12  # fewer stopwords than this: too little text to judge
MARGIN = 2.0  # the winner needs this many times the other's hits
# English text overrules a declaration the detector does not know (businessinsider's English pages say
# ``lang="de"``) only with twice the evidence: a page in another language written in Latin letters has a
# few of English's short words ("in", "is", "was": at most 8 on the AEB pages in de/it/pt/nl), English
# text at least 19. Indonesian never overrules such a declaration: Malay, Javanese and Sundanese share
# its function words.
OVERRULE_HITS = 2 * MIN_HITS


# every byte but a lower-case ASCII letter made a space: the words of a text are then its split
_NOT_LETTER = bytes(b if ord("a") <= b <= ord("z") else ord(" ") for b in range(256))
_STOPWORD_BYTES = {lang: frozenset(w.encode("ascii") for w in words) for lang, words in STOPWORDS.items()}


def words_of(text: str) -> list[bytes]:
    """The runs of ``a``-``z`` in ``text`` (what ``re.findall("[a-z]+", text)`` finds), as ASCII bytes:
    every other character made a space (one not ASCII first made ``?``) and the text split. Each of those
    steps is a C loop of a few instructions a character, where the search of a character class costs the
    regex engine some fifty, and a match object each word."""
    return text.encode("ascii", "replace").translate(_NOT_LETTER).split()


def detect(text: str, sample: int = 1200, min_hits: int = MIN_HITS) -> str | None:
    """``id`` or ``en`` when the text clearly is one of them, else None."""
    words = words_of(text[:sample].lower())
    hits = {lang: sum(map(stops.__contains__, words)) for lang, stops in _STOPWORD_BYTES.items()}
    (first, a), (_, b) = sorted(hits.items(), key=lambda kv: kv[1], reverse=True)
    if a >= min_hits and a >= MARGIN * max(b, 1):
        return first
    return None


def primary(tag: str | None) -> str | None:
    """``en`` of ``en-US``, ``id`` of ``id_ID``; ``in`` (the old code of Indonesian) is ``id``."""
    if not tag:
        return None
    code = re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]
    if not code.isalpha() or not 2 <= len(code) <= 3:
        return None
    return "id" if code in ("in", "ind") else "en" if code == "eng" else code


def choose(declared: Iterable[str | None], text: str, default: str) -> str:
    """The first declaration when it is the portal's language (``default``) or one the detector does
    not know (a page declared Javanese keeps it) unless the text is plainly English (``OVERRULE_HITS``);
    otherwise (a declaration that contradicts the portal, or none) the text's language when it is clear,
    else the declaration, else ``default``."""
    stated = next((code for code in (primary(d) for d in declared) if code), None)
    if stated == default:
        return stated  # the page says what its portal publishes in: nothing to check
    if stated is not None and stated not in STOPWORDS:
        return "en" if detect(text, min_hits=OVERRULE_HITS) == "en" else stated
    return detect(text) or stated or default
