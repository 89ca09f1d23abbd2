"""Bylines, reporter codes, datelines and syndication lines: text in the body that belongs to other fields.

Each leaves the body for its own field: the opening dateline for ``dateline``, the closing reporter
code for ``reporterCodes``, ``sumber : Antara`` for ``source``. Legitimate parentheticals such as
``(PPATK)``, ``(Persero)``, ``(18/6/2025)`` and ``(37)`` are never taken for a reporter code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from crawler.extract.credits import AUTHOR, BYLINE_DATE, NAME_MAX_WORDS, parse_credit
from crawler.extract.first_char import FirstCharUnion
from crawler.extract.site_names import mentions_site
from crawler.profile_patterns import ProfilePattern
from crawler.vocabulary import SITE_DOMAIN

# ---- byline lines -------------------------------------------------------------------------------
# ``[^,]{2,60}+`` (possessive) ends at the first comma or after 60 characters; giving characters back
# could only hand the ``\s*`` after it a shorter start of the same run before the same comma, so it
# matches the same lines as a lazy ``{2,60}?`` without trying the rest of the pattern at each of them
BYLINE_LINE = re.compile(
    rf"""^(?:
        (?:reporter|reporte?r|penulis|editor|pewarta|redaktur|fotografer|kontributor|rep|red|oleh)\s*:\s*\S.*
      | laporan\s+(?:wartawan|reporter|koresponden)\b.*
      | oleh\s+[^,]{{2,60}}?\s+{BYLINE_DATE}(?:,?\s+\d{{1,2}}[:.]\d{{2}}(?:\s*wi[bt]a?)?)?
      | (?:penulis|reporter|pewarta|editor)\s*:?\s*$
      | [^,]{{2,60}}+\s*,\s*(?:jurnalis|wartawan|kontributor|reporter)\b.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
BYLINE_MAX_WORDS = 14


# the pattern's alternatives, each tried only on lines whose first character it can open
_BYLINE_STARTS = FirstCharUnion(BYLINE_LINE)


def is_byline(text: str) -> bool:
    # the pattern first: it fails at once on most lines, where splitting costs a string a word (the
    # split stops after the limit, so a long paragraph is not split word by word)
    return _BYLINE_STARTS.matches(text) and len(text.split(None, BYLINE_MAX_WORDS)) <= BYLINE_MAX_WORDS


# "Firda Cynthia Anggrainy - detikNews": the desk a detik reporter writes for
_DESK_SUFFIX = re.compile(r"\s+[-–|]\s+detik\w*$", re.IGNORECASE)
# labelled lines of an author block that name someone other than an author
BYLINE_LABEL = re.compile(r"^(?:editor|redaktur|fotografer|red|copyright|©)\b", re.IGNORECASE)


def author_names(lines: list[str]) -> list[str]:
    """Author names in the lines of an author element: byline lines give their named fields
    (``Rep: X/ Red: Y`` -> X, ``Pewarta: X`` -> X), other lines are a name without its desk suffix;
    anything longer than a name is left out (a copyright line, a bio).
    """
    names: list[str] = []
    for line in lines:
        if is_byline(line):
            names.extend(name for role, name in parse_credit(line) if role == AUTHOR)
            continue
        if BYLINE_LABEL.match(line):
            continue  # "Editor: Y", "Fotografer: Z": named, but not an author
        name = _DESK_SUFFIX.sub("", line).strip()
        if name and len(name.split()) <= NAME_MAX_WORDS:
            names.append(name)
    return names


# ---- syndication ("sumber : Antara", "Artikel ini telah tayang di Kompas.com dengan judul …") ----
SOURCE_LINE = re.compile(
    r"""^(?:
        sumber\s*:\s*(?P<src>[^:]{2,60}?)\s*\.?
      | artikel\s+ini\s+(?:telah\s+)?(?:tayang|terbit|dimuat|naik)\s+di\s+(?P<site>.+?)
        (?:\s+dengan\s+judul\b.*|\s+dan\s+(?:bisa\s+|dapat\s+)?dibaca\b.*|\s*\.\s*)?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


# the notice broken over two lines or paragraphs: "Artikel ini telah tayang di" <br> "CNN Indonesia."
SOURCE_LEAD = re.compile(
    r"^artikel\s+ini\s+(?:telah\s+)?(?:tayang|terbit|dimuat|naik)\s+di\s*:?$", re.IGNORECASE
)
SOURCE_NAME_MAX_WORDS = 5


def source_of(text: str) -> str | None:
    """The syndication source named by a whole line or paragraph, else None."""
    m = SOURCE_LINE.match(text)
    if not m:
        return None
    return (m.group("src") or m.group("site") or "").strip(" .,\"'“”") or None


# ---- reporter codes closing the last paragraph ------------------------------------------------
_TAIL_CODE = re.compile(r"(?P<lead>[\s.]*)(?P<open>[(\[])\s*(?P<code>[^()\[\]]{1,40}?)\s*[)\]]\s*$")
_INITIALS = re.compile(r"^[a-z*]{1,8}(?:\s*/\s*[a-z*]{1,8})*$")  # (pia) (mea/mea) (*) (*/win)
# a mark of asterisks, then the desk, the site or the writer: (***/Fajar) (*/Fajar Nugraha)
# (*/Tribun-Medan.com); a closing bracket that opens with stars and a slash is never the story's own words
_STARRED = re.compile(r"^\*{1,3}(?:\s*/\s*[^\W\d_][\w.'’ -]{0,30})+$")
_CAPS_CODES = re.compile(r"^[A-Z]{1,5}(?:\s*/\s*[A-Z]{1,5})+$")  # (RMI/JAY/ES)
_MIXED_CODES = re.compile(r"^[A-Z][a-z]{1,4}(?:\s*/\s*[A-Z][a-z]{1,4})+$")  # (Cas/Isk)
_CAPS_CODE = re.compile(r"^[A-Z]{2,5}$")  # (FHM): only alone or after a finished sentence
# the site and its writer, as regional desks sign a story: (Tribunjabar.id/Nazmi Abdurrahman); like a name,
# only alone or after a finished sentence (a caption's photo credit is the same bracket)
_SITE_CREDIT = re.compile(rf"^{SITE_DOMAIN}\s*/\s*[A-Z][\w.'’ -]{{0,30}}$")
_NAME = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}$")  # (Hantoro) (Arief Setyadi)
# only after a finished sentence or alone, as a name: a desk code (Media Indonesia's ``(E-2)``,
# ``(Ant/Z-9)``); a press release's stars before the reporter's name (``(***/Jenly Wenur)``) is _STARRED's
_DESK_CODE = re.compile(r"^(?:[A-Z][a-z]{1,4}\s*/\s*)?[A-Z]{1,2}-\d{1,2}$")
NOT_A_NAME = frozenset({"persero", "tbk", "perum", "ppatk", "red", "foto", "ilustrasi", "dok"})


def split_reporter_code(text: str) -> tuple[str, str | None]:
    """Cut a closing reporter code off a paragraph: ``… senjata (pia)`` -> (``… senjata``, ``pia``).

    A person's name in parentheses counts only after a finished sentence (``… kata dia. (Hantoro)``)
    or alone, so that ``… PT Pertamina (Persero)`` keeps its suffix.
    """
    if not text.rstrip().endswith((")", "]")):
        return text, None  # the usual last paragraph: no bracket to search back from
    m = _TAIL_CODE.search(text, _tail_code_start(text))
    if not m:
        return text, None
    code = m.group("code")
    before = text[: m.start()]
    flat = re.sub(r"\s*/\s*", "/", code)
    if any(p.match(code) for p in (_INITIALS, _CAPS_CODES, _MIXED_CODES, _STARRED)):
        pass
    elif (
        _NAME.match(code) or _CAPS_CODE.match(code) or _DESK_CODE.match(code) or _SITE_CREDIT.match(code)
    ) and code.lower() not in NOT_A_NAME:
        if before.strip() and not re.search(r"[.!?\"”]\s*$", before + m.group("lead")):
            return text, None
    else:
        return text, None
    return (before + m.group("lead")).rstrip(), flat


def _tail_code_start(text: str) -> int:
    """Where a ``_TAIL_CODE`` match can start: its bracket is the text's last ``(`` or ``[`` (the code
    holds none, and only its closing bracket and whitespace follow it), and it starts at the run of
    whitespace and dots before that bracket, so a search from there finds the match a search from the
    start would, without trying the pattern at every character of a long paragraph before it."""
    start = max(text.rfind("("), text.rfind("["), 0)
    while start and (text[start - 1] == "." or text[start - 1].isspace()):
        start -= 1
    return start


# its colon required: "… peningkatan SDM (sumber daya manusia)" closes a story without naming its source
_TAIL_SOURCE = re.compile(
    r"(?P<lead>[\s.]*)[(\[]\s*sumber\s*:\s*(?P<src>[^()\[\]:]{2,60}?)\s*[)\]]\s*$", re.IGNORECASE
)


def split_trailing_source(text: str) -> tuple[str, str | None]:
    """Cut a closing syndication note off a paragraph: ``… tahun depan. (Sumber: Antara)`` -> (``… tahun
    depan.``, ``Antara``), as a whole ``sumber : Antara`` line is read (``SOURCE_LINE``)."""
    if not text.rstrip().endswith((")", "]")):
        return text, None
    m = _TAIL_SOURCE.search(text, _tail_code_start(text))
    if not m:
        return text, None
    return (text[: m.start()] + m.group("lead")).rstrip(), m.group("src").strip(" .,\"'“”")


def bare_reporter_code(text: str) -> str | None:
    """The code of a line that is only a reporter code in parentheses (``(kpl/pur/tch)``, ``(ren)``,
    ``(FHM)``), else None. Not a name alone (``(Wired)``, ``[Reuters]``): outside the story's last
    paragraph such a line is more often a source cited under a quote."""
    line = text.strip()
    if not (line.startswith("(") and line.endswith(")")):
        return None
    rest, code = split_reporter_code(line)
    return code if code and not rest.strip() and not _NAME.match(code) else None


# ---- datelines opening the first paragraph --------------------------------------------------------
_DASH = r"(?:\s*(?:-{1,2}|–|—)\s*)"
_BRAND = r"[A-Za-z][\w-]*\.(?i:com|co\.id|co|id|net|or\.id|news)\b"
_PLACE = r"[A-Z][A-Za-z'.]*(?:\s[A-Z][A-Za-z'.]*){0,2}"
_DAY = r"\d{1,2}\s+[A-Z][a-z]+\s+\d{4}"  # 23 Februari 2016
GENERIC_DATELINES: tuple[str, ...] = (
    # KONTAN.CO.ID - JAKARTA. Text
    rf"(?P<dl>{_BRAND}{_DASH}[A-Z][A-Z ]+)\.\s+",
    # JAKARTA, KOMPAS.com - / REPUBLIKA.CO.ID, CIREBON -- / Liputan6.com, Jakarta - / JagatBisnis.com –
    rf"(?P<dl>(?:{_PLACE},\s*)?{_BRAND}(?:,\s*{_PLACE})?){_DASH}",
    # Jakarta (ANTARA) – / Mataram, NTB (ANTARA News) - / ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) --
    rf"(?P<dl>{_PLACE}(?:,\s*{_PLACE})?(?:,\s*{_DAY})?\s*\([A-Z][\w ./]*\)){_DASH}",
    # JAKARTA, Indonesia, 5 Mei 2025 /PRNewswire/ -- (a release wire's own form)
    rf"(?P<dl>{_PLACE}(?:,\s*{_PLACE})?(?:,\s*{_DAY})?\s*/[A-Z][\w .-]*/){_DASH}",
    # Jakarta, CNN Indonesia -- / Jakarta, CNBC Indonesia - (a brand without a domain)
    rf"(?P<dl>{_PLACE},\s*{_PLACE})\s+(?:-{{1,2}}|–|—)\s+(?=[A-Z\"“])",
    # Jakarta - (detik: the place in <strong> before the first paragraph)
    rf"(?P<dl>{_PLACE})\s+(?:-{{1,2}}|–|—)\s+(?=[A-Z\"“])",
)


# a dateline alone before the first paragraph (detik: ``<strong>Jakarta</strong> -`` then ``<p>``)
BARE_DATELINE = re.compile(
    rf"^(?P<dl>(?:{_PLACE},\s*)?(?:{_BRAND}|{_PLACE})(?:,\s*{_PLACE})?(?:\s*\([A-Z][\w .]*\))?)"
    r"\s*(?:-{1,2}|–|—)$"
)


# what a ``BARE_DATELINE`` match ends with (``$``: the end, or a newline closing the text): a first
# paragraph that ends otherwise is not tried (its place and brand parts backtrack a long way to fail)
_DASH_ENDS = ("-", "–", "—", "-\n", "–\n", "—\n")


# a dateline without its dash, set apart by bold type: place and brand, as a whole bold run
_SET_APART = re.compile(rf"(?:{_PLACE},\s*)?(?:{_BRAND}|{_PLACE})(?:,\s*{_PLACE})?(?:\s*\([A-Z][\w ./]*\))?")
# ... or by a sentence starting after a brand that ends it: ``JAKARTA, KOMPAS.com Pemerintah …``
_BRAND_ENDED = re.compile(rf"^(?P<dl>{_PLACE},\s*{_BRAND})\s+(?=[A-Z\"“])")
_SENTENCE_START = re.compile(r"^\W{0,2}\w")
# ... or closed by a full stop inside the bold run, a capitalised sentence after it (The Jakarta Globe:
# ``<strong>Jakarta.</strong> A bill …``): words of three letters or more, so ``Dr.`` is no place
_PLACE_FULL_STOP = re.compile(r"[A-Z][a-z]{2,}(?:\s[A-Z][a-z]{2,}){0,2}\.")
_CAPITAL_START = re.compile(r"^[\"“‘']?[A-Z]")


def profile_dateline_regex(pattern: str) -> str:
    """A profile's dateline pattern inside the dateline regex."""
    return rf"^(?P<dl>(?:{pattern})(?:,\s*{_PLACE})?){_DASH}"


@cache
def dateline_regexes(extra: tuple[str, ...]) -> tuple[re.Pattern[str] | ProfilePattern, ...]:
    """A profile's dateline patterns inside the dateline regex, then the generic ones. The profile's are
    ``ProfilePattern``s (``crawler.profile_patterns``: bounded in time, checked at load); a bad one raises
    ``regex.error``."""
    own = tuple(ProfilePattern(profile_dateline_regex(p)) for p in extra)
    return own + tuple(re.compile("^" + p) for p in GENERIC_DATELINES)


def split_dateline(text: str, extra_patterns: Iterable[str] = ()) -> tuple[str, str | None]:
    """Cut the opening dateline: ``JagatBisnis.com – Pemerintah …`` gives (``Pemerintah …``, dateline)."""
    bare = BARE_DATELINE.match(text) if text.endswith(_DASH_ENDS) else None
    if bare:
        return "", bare.group("dl").strip()
    for pattern in dateline_regexes(tuple(extra_patterns)):
        m = pattern.match(text)
        if m and m.end() < len(text):
            return text[m.end() :].lstrip(), m.group("dl").strip()
    return text, None


def split_undashed_dateline(text: str, bold: str = "", sites: Iterable[str] = ()) -> tuple[str, str | None]:
    """Cut an opening dateline printed without a dash: the bold run opening the paragraph when it is a
    place and a brand and a sentence follows it (``<b>Liputan6.com, Jakarta</b> London Love Story …``),
    or a place and a domain brand before a capitalised word (``JAKARTA, KOMPAS.com Pemerintah …``).
    A brand is required, a domain or the site's own name (an agency in brackets only when it names the
    site: ``<b>Bank Indonesia (BI)</b> menahan …`` is a sentence's subject, as is ``<b>Presiden Joko
    Widodo</b> meminta …``)."""
    lead = bold.strip()
    if lead and text.startswith(lead):
        rest = text[len(lead) :].lstrip()
        if rest and _SENTENCE_START.match(rest) and _SET_APART.fullmatch(lead) and _names_brand(lead, sites):
            return rest, lead
        if _PLACE_FULL_STOP.fullmatch(lead) and _CAPITAL_START.match(rest):
            return rest, lead
    m = _BRAND_ENDED.match(text)
    if m:
        return text[m.end() :], m.group("dl").strip()
    return text, None


_DOMAIN_BRAND = re.compile(_BRAND)


def _names_brand(dateline: str, sites: Iterable[str]) -> bool:
    """A domain (``Liputan6.com``) or the site's own name among the dateline's parts."""
    if _DOMAIN_BRAND.search(dateline):
        return True
    return any(mentions_site(part, sites) for part in re.split(r"[,()]", dateline))


# ---- the place of a dateline ------------------------------------------------------------------------
_BRAND_PART = re.compile(
    rf"^(?:{_BRAND}"
    r"|[A-Za-z]*[a-z][A-Z]\w*"  # KompasOtomotif, detikNews, JagatBisnis: a brand written as one word
    r"|[A-Z]{2,}\s+(?:Indonesia|News|TV|Online|Daily|Post)"  # CNN Indonesia, CNBC Indonesia
    r")$"
)
_DATE_PART = re.compile(r"^\d{1,2}\s+[A-Za-z]+\s+\d{4}$|^\d{1,2}/\d{1,2}(?:/\d{2,4})?$")
_PARENTHETICAL = re.compile(r"\s*(?:\([^()]*\)|/[A-Z][\w .-]*/)")  # (ANTARA News), /PRNewswire/
_PART_SEPARATOR = re.compile(r"\s*(?:,|\s(?:-{1,2}|–|—)\s)\s*")


def dateline_place(dateline: str | None, sites: Iterable[str] = ()) -> str | None:
    """The place of a dateline, without the brand: ``JAKARTA, KOMPAS.com`` -> ``JAKARTA``,
    ``Mataram, NTB (ANTARA News)`` -> ``Mataram, NTB``, ``ISTANBUL, 23 Februari 2016 (Antara/PRNewswire)``
    -> ``ISTANBUL``; None for a brand alone (``JagatBisnis.com``). ``sites`` are the site's own
    names (``crawler.extract.site_names``: ``cnnindonesia``), which mark a brand without a domain.
    """
    if not dateline:
        return None
    places = []
    for part in _PART_SEPARATOR.split(_PARENTHETICAL.sub("", dateline)):
        part = part.strip(" .")
        if not part or _BRAND_PART.match(part) or _DATE_PART.match(part):
            continue
        if mentions_site(part, sites):
            continue
        places.append(part)
    return ", ".join(places) or None


# ---- an end signature closing the body ----------------------------------------------------------------
_SIGNATURE = re.compile(
    r"^[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]*){0,3}(?:\s*[|/]\s*[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]*){0,3})*$"
)
NOT_A_SIGNATURE = frozenset(
    {"TAMAT", "SELESAI", "BERSAMBUNG", "END", "THE END", "FOTO", "VIDEO", "ADVERTISEMENT"}
)


def split_signature(text: str) -> tuple[str, list[str]]:
    """Cut the writer's signature printed in capitals on the body's last line (Tempo: ``DINI TEJA``,
    ``ANTARA``): ``(text without it, names)``; names are split at ``|`` and ``/``."""
    head, _, last = text.rpartition("\n")
    last = last.strip()
    if not _SIGNATURE.match(last) or last in NOT_A_SIGNATURE or not any(c.isalpha() for c in last):
        return text, []
    names = [n.strip() for n in re.split(r"\s*[|/]\s*", last) if n.strip()]
    return head.rstrip(), names


_HAS_BRAND = re.compile(rf"{_BRAND}|\([A-Z][\w ./]*\)")


def has_brand(dateline: str) -> bool:
    """A dateline naming its medium (``TEMPO.CO, Jakarta``, ``Jakarta (ANTARA)``): one that cannot be an
    ordinary sentence's opening words."""
    return bool(_HAS_BRAND.search(dateline))
