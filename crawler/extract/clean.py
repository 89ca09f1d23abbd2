"""From rendered paragraphs to the clean article body and the fields that leave it.

Order matters: lines that are never article text go first (ads, inserts, bylines, syndication), then
the dateline leaves the first paragraph and the reporter code the last one, so a code followed by an
ad label (the seed's ``(pia)`` then ``MIXADVERT JASAPRO``) is still found.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import filterfalse

from crawler.extract import byline, credits, inserts, noise, taxonomy
from crawler.extract.first_char import FirstCharUnion
from crawler.extract.render import Block, Line
from crawler.extract.site_names import mentions_site
from crawler.vocabulary import (
    BARE_LABEL,
    BOILERPLATE_LINE,
    BULLET,
    INLINE_NOISE,
    LABELLED_LINE,
    PARENTHESISED,
    PHOTO_CREDIT_BRACKETS,
    PHOTO_CREDIT_END,
    PROMPT_OPENING,
    is_follow_prompt,
)

MAX_TITLES_AFTER_LABEL = 6  # linked titles dropped after a bare "Baca Juga" / "Berita Terkait"


@dataclass
class CleanBody:
    """The body and what was taken out of it for other fields (and counted, for the stats)."""

    paragraphs: list[str] = field(default_factory=list)
    dateline: str | None = None  # the place only (``JAKARTA``), the brand removed
    dateline_printed: str | None = None  # as printed (``JAKARTA, KOMPAS.com``)
    reporter_codes: list[str] = field(default_factory=list)
    source: str | None = None
    byline_credits: list[tuple[str, str]] = field(default_factory=list)  # (role, name) of byline lines
    signature: list[str] = field(default_factory=list)  # a closing signature in capitals: DINI TEJA
    dropped_lines: int = 0

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


_BACKREFERENCE = re.compile(r"\\\d|\(\?P=|\(\?\(")


def _union(*patterns: re.Pattern[str]) -> re.Pattern[str]:
    """A pattern that matches wherever one of ``patterns`` matches (a superset: case is ignored in all of
    them, and a named group is a plain one, so that two may share a name)."""
    parts = []
    for p in patterns:
        if p.flags & ~(re.IGNORECASE | re.VERBOSE | re.UNICODE):
            raise ValueError(f"a flag the union would drop: {p.pattern!r}")
        if _BACKREFERENCE.search(p.pattern):  # its groups are renumbered or unnamed in the union
            raise ValueError(f"a back-reference the union would break: {p.pattern!r}")
        body = re.sub(r"\(\?P<\w+>", "(?:", p.pattern)
        parts.append(f"(?x:{body})" if p.flags & re.VERBOSE else f"(?:{body})")
    return re.compile("|".join(parts), re.IGNORECASE)


# The line checks of ``_Cleaner.keep_line`` whose patterns are anchored at the line's start (a full match
# of ``PARENTHESISED`` is a match): a line none of them opens skips them all.
_LINE_PATTERNS = _union(
    byline.SOURCE_LEAD,
    BOILERPLATE_LINE,
    BARE_LABEL,
    LABELLED_LINE,
    PARENTHESISED,
    BULLET,
    byline.SOURCE_LINE,
    PROMPT_OPENING,
)
# the union, and the two of its patterns asked again of a line it matched, tried only on the alternatives
# the line's first character can open (most fail at it)
_LINE_STARTS = FirstCharUnion(_LINE_PATTERNS)
_BOILERPLATE_STARTS = FirstCharUnion(BOILERPLATE_LINE)
_PROMPT_STARTS = FirstCharUnion(PROMPT_OPENING)


class _Cleaner:
    def __init__(self, markers: Iterable[str], sites: tuple[str, ...] = (), captions: bool = False) -> None:
        self.markers = {m.strip().casefold() for m in markers if m.strip()}
        self.sites = sites  # the site's names (``crawler.extract.site_names``)
        self.captions = captions  # the lines are a photo page's captions: its text, credits and all
        self.out = CleanBody()
        self.titles_left = 0  # linked titles still expected after a bare label
        self.source_next = False  # the line after "Artikel ini telah tayang di" names the source

    def drop(self) -> None:
        self.out.dropped_lines += 1

    def keep_line(self, line: Line, *, first_in_block: bool) -> Line | None:
        """The line to keep (possibly trimmed), or None when the whole line is not article text."""
        original = line.text
        low = original.lower()
        if inserts.may_hold_insert(low):
            line = inserts.cut_inline_inserts(line)
        if noise.may_hold_inline_noise(line.text, low):
            while m := INLINE_NOISE.search(line.text):
                line = line.cut(m.start(), m.end())
        text = line.text
        if not text:
            return None
        if self.source_next:
            self.source_next = False
            if len(text.split()) <= byline.SOURCE_NAME_MAX_WORDS:
                self.out.source = self.out.source or text.strip(" .")
                return None
        # every pattern of the checks below but the byline's is anchored at the line's start, and one
        # match of their union rules them all out for an ordinary sentence (``_LINE_PATTERNS``)
        anchored = _LINE_STARTS.matches(text)
        if anchored and byline.SOURCE_LEAD.match(text):
            self.source_next = True
            return None
        if self.titles_left and (
            inserts.is_linked_title(line) or (not first_in_block and inserts.is_plain_title(line))
        ):
            self.titles_left -= 1
            return None
        self.titles_left = 0
        # casefold is lower for ASCII: reuse the lowered line unless an inline insert was cut from it
        folded = low if text is original and text.isascii() else text.casefold()
        if (
            folded in self.markers
            or (anchored and _BOILERPLATE_STARTS.matches(text))
            or (not self.captions and is_photo_caption(text, folded))
        ):
            return None
        may_prompt = (
            "whatsapp" in folded or "telegram" in folded or (anchored and _PROMPT_STARTS.matches(text))
        )
        if may_prompt and is_follow_prompt(text, self.names_site):
            return None
        if anchored and inserts.is_bare_label(line):
            self.titles_left = MAX_TITLES_AFTER_LABEL
            return None
        if anchored and inserts.is_insert_line(line):
            return None
        if line.links and taxonomy.is_tag_run(line):
            return None
        if byline.is_byline(text):
            self.out.byline_credits.extend(credits.parse_credit(text))
            return None
        src = byline.source_of(text) if anchored else None
        if src:
            self.out.source = self.out.source or src
            return None
        return line

    def names_site(self, word: str) -> bool:
        """Whether ``word`` names the site (``crawler.extract.site_names``): a prompt's place."""
        return mentions_site(word, self.sites)

    def block(self, block: Block) -> tuple[str, str] | None:
        """The kept text of one paragraph and the bold text opening it, or None when nothing is kept."""
        if len(block) > 1:
            src = byline.source_of(
                " ".join(line.text for line in block)
            )  # "Artikel ini telah tayang di<br>CNN Indonesia."
            if src:
                self.out.source = self.out.source or src
                self.drop()
                return None
        kept = []
        for i, line in enumerate(block):
            result = self.keep_line(line, first_in_block=i == 0)
            if result is None:
                self.drop()
            else:
                kept.append(result)
        if not kept:
            return None
        return "\n".join(line.text for line in kept), kept[0].lead


def clean_blocks(
    blocks: Iterable[Block],
    *,
    markers: Iterable[str] = (),
    dateline_patterns: Iterable[str] = (),
    sites: Iterable[str] = (),
    captions: bool = False,
) -> CleanBody:
    """Clean rendered paragraphs into the article body (see the module docstring for the order).
    ``sites``: the site's names (``crawler.extract.site_names``), a brand the dateline's place drops;
    ``captions``: the blocks are a photo page's captions, kept with the photo credit each ends in (neither
    the caption rule nor the story's closing source, code and signature rules read them)."""
    sites = tuple(sites)
    cleaner = _Cleaner(markers, sites, captions)
    paragraphs = []
    bold = []  # the bold text opening each paragraph: it may set a dateline apart
    for block in blocks:
        kept = cleaner.block(block)
        if kept and kept[0]:
            text = kept[0]
            paragraphs.append(text if text.isascii() else unicodedata.normalize("NFC", text))
            bold.append(kept[1])
    out = cleaner.out
    _drop_leading_date_lines(paragraphs, bold)
    _take_dateline(paragraphs, out, dateline_patterns, bold, sites)
    out.dateline = byline.dateline_place(out.dateline_printed, sites)
    if captions:  # each closes with its own photo credit, which the story's closing rules would take
        out.paragraphs = [p for p in paragraphs if p]
        return out
    _take_trailing_source(paragraphs, out)
    _take_reporter_codes(paragraphs, out)
    _take_trailing_source(paragraphs, out)  # "… (Sumber: Antara) (pia)": the note before the code
    if len(paragraphs) > 1:
        last, out.signature = byline.split_signature(paragraphs[-1])
        if out.signature:
            paragraphs[-1] = last
            _take_reporter_codes(paragraphs, out)  # "… kata dia. (ant)" before the signature
    out.paragraphs = [p for p in paragraphs if p]
    return out


CAPTION_MAX_WORDS = 30  # a photo caption above the story: short, and never holding the dateline
MAX_LINES_ABOVE_DATELINE = 4  # short header lines a theme leaves above a branded dateline in the body


# what closes a quote or a speech tag before the bracket ("…," kata dia. (Site/Name)): a story's last words
# signed by its desk, which a caption never ends with
_SPEECH_BEFORE_CREDIT = re.compile(
    r"""(?:["”]|\b(?:ujar|kata|tutur|jelas|ungkap|pungkas|tambah|imbuh|terang|lanjut)(?:nya|\s+(?:dia|ia))?)"""
    r"""\s*[.!?]?["”]?\s*\([^()]*\)\.?$""",
    re.IGNORECASE,
)


def is_photo_caption(text: str, folded: str) -> bool:
    """A short line that ends in a photo credit: a caption the theme left among the paragraphs (not a
    quote or speech tag signed by the desk: ``… ujarnya. (Tribunjabar.id/Nazmi)``)."""
    credit = "©" in text or "foto" in folded or "photo" in folded
    bracketed = text.endswith((")", ").")) and ("/" in text or "umber" in folded or "ource" in folded)
    if not (credit or bracketed) or len(text.split(None, CAPTION_MAX_WORDS)) > CAPTION_MAX_WORDS:
        return False
    if credit and PHOTO_CREDIT_END.search(text):
        return True
    return bool(bracketed and PHOTO_CREDIT_BRACKETS.search(text) and not _SPEECH_BEFORE_CREDIT.search(text))


def _take_dateline(
    paragraphs: list[str],
    out: CleanBody,
    patterns: Iterable[str],
    bold: list[str],
    sites: tuple[str, ...],
) -> None:
    """The dateline opens the story: in its first paragraph, or after a few short lines above it that the
    theme puts in the body's container (a photo caption; viva 2015's summary, date line, "Oleh : X" and
    caption), which then are not story text: a dateline further down names the site's brand, and every
    line above it is short. Its dash may be missing where bold type or a brand ends it
    (``byline.split_undashed_dateline``)."""
    for i in range(min(MAX_LINES_ABOVE_DATELINE + 1, len(paragraphs))):
        if i and len(paragraphs[i - 1].split(None, CAPTION_MAX_WORDS)) > CAPTION_MAX_WORDS:
            return
        rest, printed = byline.split_dateline(paragraphs[i], patterns)
        if printed is None:
            rest, printed = byline.split_undashed_dateline(paragraphs[i], bold[i], sites)
        if printed is None or (i and not byline.has_brand(printed)):
            continue
        out.dateline_printed = printed
        if rest:
            paragraphs[i] = rest
        else:
            paragraphs.pop(i)
        del paragraphs[:i]
        return


def _take_trailing_source(paragraphs: list[str], out: CleanBody) -> None:
    """A syndication note closing the story (``… (Sumber: Antara)``) leaves it for the ``source`` field."""
    if not paragraphs:
        return
    last, source = byline.split_trailing_source(paragraphs[-1])
    if source is None:
        return
    out.source = out.source or source
    if last:
        paragraphs[-1] = last
    else:
        paragraphs.pop()


# Short lines that may follow a reporter code standing alone: a widget's titles under the story
# (okezone 2020: "(fbn)", then "Golden Scene", "Mood Booster - …"). A code closes the story.
MAX_LINES_AFTER_CODE = 3
_AFTER_CODE_MAX_WORDS = 8


def _take_reporter_codes(paragraphs: list[str], out: CleanBody) -> None:
    _drop_lines_after_a_lone_code(paragraphs)
    while paragraphs:
        last, code = byline.split_reporter_code(paragraphs[-1])
        if code is None:
            break
        out.reporter_codes.insert(0, code)
        if last:
            paragraphs[-1] = last
            break
        paragraphs.pop()


def _drop_lines_after_a_lone_code(paragraphs: list[str]) -> None:
    """The short lines after a paragraph that is a reporter code alone leave the body (at most
    ``MAX_LINES_AFTER_CODE``, each a title, not a sentence), so the code is the story's last line again."""
    for back in range(2, min(MAX_LINES_AFTER_CODE + 1, len(paragraphs)) + 1):
        if not all(inserts.is_title_text(p, _AFTER_CODE_MAX_WORDS) for p in paragraphs[-back + 1 :]):
            return
        rest, code = byline.split_reporter_code(paragraphs[-back])
        if code is not None and not rest:
            del paragraphs[-back + 1 :]
            return


def _drop_leading_date_lines(paragraphs: list[str], bold: list[str]) -> None:
    """Date lines above the story leave it (``bold`` follows: the bold run opened the line cut)."""
    while paragraphs:
        lines = paragraphs[0].split("\n")
        if not noise.LEADING_DATE_LINE.match(lines[0]):
            return
        rest = "\n".join(lines[1:]).strip()
        if rest:
            paragraphs[0] = rest
            bold[0] = ""
        else:
            paragraphs.pop(0)
            bold.pop(0)


def fingerprint(body: str) -> str:
    """sha1 hex of the body lower-cased with whitespace folded (the dedup key of an exact copy)."""
    return _fingerprint_of(body.split())


def _fingerprint_of(words: list[str]) -> str:
    # lower-casing neither makes nor removes whitespace: the words of the lowered body are these, lowered
    return hashlib.sha1(" ".join(words).lower().encode("utf-8")).hexdigest()


# a whitespace-separated run holding a letter or digit, from its first one to the run's end: one match a
# run that holds any (a search starts only at such a character; ``(?<!\S)\S*?[^\W_]``, the same count,
# tried its look-behind at every position: ~25,000 instructions more on a demo page)
_WORD = re.compile(r"[^\W_]\S*")


def word_count(body: str) -> int:
    """Words in a body (the item's ``wordCount``): whitespace-separated runs holding a letter or digit, so
    a lone dash or bullet is not a word and ``(pia)`` or ``Rp1,5`` is one."""
    return _count_of(body.split())


def _count_of(words: list[str]) -> int:
    # ``[^\W_]`` is ``str.isalnum`` of one character: a run all alphanumeric is a word, and only the
    # others (punctuation around or inside, a dash) go through the pattern, one search over all of them
    rest = list(filterfalse(str.isalnum, words))
    return len(words) - len(rest) + len(_WORD.findall(" ".join(rest)))


def count_and_fingerprint(body: str) -> tuple[int, str]:
    """``(word_count(body), fingerprint(body))`` from one split of the body."""
    words = body.split()
    return _count_of(words), _fingerprint_of(words)
