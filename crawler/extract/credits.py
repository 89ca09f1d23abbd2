"""Credits: who wrote the article, who edited it, and which organisation is credited.

Portals print credits in many shapes (``Pewarta: A dan B``, ``Oleh : X / FMB``, ``Penulis … | Editor …``,
``Laporan Wartawan TribunSolo.com, X``, a table row ``Penulis | : X``, a name followed by its role
``Dewi Kania`` ``Jurnalis``, a role list ``Author`` ``Corry Anestia`` ``Editor`` ``Iskandar``), and their
machine-readable data is often wrong: JSON-LD names the editor as ``author``, ``<meta name="author">``
holds the publisher. This module reads credit lines into ``(role, name)`` pairs and sorts the names into
``authors`` (people only), ``authorsOrg`` (organisational credits: ``Tim detikBali``, ``ANTARA``) and
``editors``. Pure: no Scrapy, no page fetching.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from crawler.extract.render import MAX_DEPTH, flat_text, fold
from crawler.extract.site_names import is_site_name, mentions_site, squash
from crawler.extract.textscan import OpeningScan

AUTHOR, EDITOR, PHOTO = "author", "editor", "photo"

# label -> role; the longest labels first so "pewarta foto" is not read as "pewarta"
_ROLE_OF_LABEL: dict[str, str] = {
    "pewarta foto": PHOTO,
    "fotografer": PHOTO,
    "photographer": PHOTO,
    "penulis": AUTHOR,
    "reporter": AUTHOR,
    "pewarta": AUTHOR,
    "wartawan": AUTHOR,
    "jurnalis": AUTHOR,
    "kontributor": AUTHOR,
    "koresponden": AUTHOR,
    "author": AUTHOR,
    "writer": AUTHOR,
    "oleh": AUTHOR,
    "rep": AUTHOR,
    "by": AUTHOR,
    "penyunting": EDITOR,
    "redaktur": EDITOR,
    "editor": EDITOR,
    "red": EDITOR,
}
# labels that open a credit without a colon only before a name ("Oleh Desca", not "Oleh karena itu")
_WEAK_LABELS = frozenset({"oleh", "by", "penulis", "reporter", "wartawan", "jurnalis", "author", "writer"})
# every label as one alternation, longest first (also the role words a CMS display name carries:
# ``crawler.extract.people``)
LABELS = "|".join(
    sorted((re.escape(k).replace(r"\ ", r"\s+") for k in _ROLE_OF_LABEL), key=len, reverse=True)
)
# "Laporan Wartawan TribunSolo.com, X" / "Kontributor Lhokseumawe, X": a role, a desk or place, the name
_ROLE_AND_PLACE = r"(?:laporan\s+)?(?:wartawan|reporter|koresponden|kontributor|jurnalis)\s+[^,:|]{1,40}?,"
LABELLED = re.compile(
    rf"^\s*(?:(?P<long>laporan\s+(?:wartawan|reporter|koresponden)\s+[^,:|]{{1,40}}?,)"
    rf"|(?P<label>{LABELS})\b\s*(?P<colon>:)?)\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_ROLE_PREFIX = re.compile(rf"^\s*{_ROLE_AND_PLACE}\s*", re.IGNORECASE)
# a role word alone, printed after the name it qualifies ("Dewi Kania" "Jurnalis") or before it in a list
ROLE_WORD = re.compile(rf"^\s*(?:{LABELS})\s*:?\s*$", re.IGNORECASE)
# segments of a credit line: "Penulis: A | Editor: B", "Rep: A/ Red: B"; a "/" before a code stays
# (every separator opens with a space, "|" or "/": the look-ahead rules out any other position at once)
_SEGMENTS = re.compile(
    rf"(?=[\s|/])(?:\s*\|\s*|\n|\s*/\s*(?=(?:{LABELS})\s*:)|\s+(?=(?:editor|redaktur|penyunting)\s*:))",
    re.IGNORECASE,
)
# (the look-ahead, as above: the first characters of every separator)
_NAME_SEPARATORS = re.compile(r"(?=[\s,;&/da])\s*(?:,|;|&|/|\s-\s|\bdan\b|\band\b)\s*")
_DETIK_DESK = re.compile(r"\s[-–|]\s+detik", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"[.!?]\s+\w|[?!]$|\d{3,}|https?:|@")  # a sentence, a number, a link, an address
# what ``_NOT_A_NAME`` finds in any part the value splits into: no separator and no strip takes a digit or "@"
# (a credit line that runs on into the date line: ``Penulis: X Rabu, 9 Maret 2022 - 07:25 WIB``)
_NEVER_IN_A_NAME = re.compile(r"\d{3,}|@")
_DIGIT = re.compile(r"\d")
# "Firda Cynthia Anggrainy - detikNews": the desk a reporter writes for
_DESK_SUFFIX = re.compile(r"\s+[-–|]\s+\S*$")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w.'’-]*|[a-z]{1,3}\.?|d[ae]n|bin|binti|van|von|de|al-\w+)$")
_CODE = re.compile(r"^(?:[A-Z]{1,5}|[a-z]{1,5})$")  # "FMB" in "Oleh : X / FMB", "ant"
NAME_MAX_WORDS = 6
CREDIT_MAX_WORDS = 20
MAX_ROWS_UNDER_ROLE = 6  # name rows read under a role alone in its row
# Names an item keeps at most in each of authors, authorsOrg and editors, in page order: real pages credit
# a handful (3 at most on the bench pages); a page of thousands of credit lines would make the line huge.
MAX_CREDITED = 100

# ---- organisations -----------------------------------------------------------------------------
# news agencies and wires credited at the end of a story or as its writer
AGENCIES = frozenset(
    {
        *("antara", "reuters", "afp", "ap", "xinhua", "bernama", "kyodo", "dpa", "anadolu", "yonhap"),
        *("tass", "sputnik", "efe", "ansa", "upi", "bbc", "cnn", "aljazeera", "prnewswire"),
        *("associatedpress", "agencefrancepresse", "pti", "ians", "aap"),
    }
)
# (a newsroom's "staff" credits it, "HNN Staff", "Staff Reports"; a "Staff Writer" is a person's role)
_ORG_WORDS = re.compile(
    r"(?:^(?:team|redaksi|desk|pt\.?|cv\.?)\b|\b(?:media|cyber|news|newswire|wire|network|group|corp|inc|ltd"
    r"|tbk|redaksi|humas|biro|editorial|agency|staff(?!\s+(?:writer|reporter|photographer)\b))\b"
    r"|\.(?:com|co\.id|co|id|net|org|or\.id)\b)",
    re.IGNORECASE,
)

# Indonesian "tim" (team) opens a team credit, and is also the English first name Tim: the words with it,
# and without it for a name the page's data types a Person
_ORG_WORDS_OR_TIM = re.compile(rf"^tim\b|{_ORG_WORDS.pattern}", re.IGNORECASE)
# ... and a team for any page data when a lower-case brand follows (``Tim detikcom``: detik's JSON-LD types
# it a Person), as a surname never starts so
_TIM_AND_BRAND = re.compile(r"^[Tt][Ii][Mm]\s+[a-z]")
# a team credit ("Tim detikBali", "Team Redaksi")
_TEAM = re.compile(r"^(?:tim|team)\s+\S", re.IGNORECASE)
_NOT_LETTER = re.compile(r"[^a-z]+")


def is_organisation(name: str, *, declared_person: bool = False) -> bool:
    """An organisational credit rather than a person: a team (``Tim detikBali``), an agency (``ANTARA``),
    a company or site (``PT. VIVA MEDIA BARU - VIVA.co.id``), or an account code printed in lower case
    (``prwir``: a person's name is capitalised). ``declared_person``: the page's data types the name a
    Person, which settles the one ambiguous word, "Tim" (``Tim Childers``), unless a lower-case brand follows
    it (``Tim detikcom``); the other signs still count (JSON-LD types ``The Associated Press`` a Person
    too)."""
    if (_ORG_WORDS if declared_person else _ORG_WORDS_OR_TIM).search(name) or _TIM_AND_BRAND.match(name):
        return True
    squashed = _NOT_LETTER.sub("", name.casefold())
    if squashed in AGENCIES or squashed.removeprefix("the") in AGENCIES:
        return True
    return not any(c.isupper() for c in name)


# ---- credit lines ------------------------------------------------------------------------------
def parse_credit(text: str) -> list[tuple[str, str]]:
    """``(role, name)`` pairs of one credit line, in order; ``[]`` when the line is not a credit.

    ``Pewarta: Budisantoso Budiman dan Agus S`` -> two authors; ``Oleh : Maya Sofia / FMB`` -> Maya Sofia
    (the desk code is not a name); ``Penulis: Ani | Editor: Budi`` -> an author and an editor;
    ``Oleh Johan Fatzry pada 26 Apr 2021, 07:00 WIB`` -> an author (the date after it is not his name).
    """
    out: list[tuple[str, str]] = []
    role: str | None = None
    if " pada " in text:
        text = _DATED_TAIL.sub("", text)
    for segment in _SEGMENTS.split(text.strip()):
        segment = fold(segment).strip()
        m = LABELLED.match(segment)
        if m:
            if m.group("long"):
                role, value, strong = AUTHOR, m.group("rest"), True
            else:
                label = " ".join(m.group("label").lower().split())
                role, value, strong = _ROLE_OF_LABEL[label], m.group("rest"), bool(m.group("colon"))
                if label not in _WEAK_LABELS:
                    strong = strong or (bool(value) and _is_name(value.split(",")[0]))
        elif role is not None:
            value, strong = segment, False  # "Oleh : X / FMB": what follows the slash
        else:
            continue
        names = split_names(value, strict=not strong)
        if names is None:
            if m:
                return out  # a label opening a sentence ("Oleh karena itu, …"): not a credit
            continue
        out.extend((role, name) for name in names)
    return out


def split_names(value: str, *, strict: bool = False) -> list[str] | None:
    """Names in a credit's value, or None when the value is not a list of names (a sentence).

    ``strict``: every part must look like a name (capitalised words), as after a label without a colon.
    A short code after a name (``X / FMB``) is dropped; a code alone is kept (``prwir``).
    """
    value = value.strip(" :|-–")
    prefix = _ROLE_PREFIX.match(value)  # (match, not sub: a substitution tries every position, "^" or not)
    if prefix:
        value = value[prefix.end() :]
    value = _DESK_SUFFIX.sub("", value) if _DETIK_DESK.search(value) else value
    if _NEVER_IN_A_NAME.search(value):
        return None  # the part holding it fails ``_NOT_A_NAME``: no need to split the value to find it
    parts = [p.strip(" .:,()[]") for p in _NAME_SEPARATORS.split(value)]
    names: list[str] = []
    for part in parts:
        if not part:
            continue
        if names and _CODE.match(part):
            continue
        if len(part.split()) > NAME_MAX_WORDS or (strict and not _is_name(part)):
            return None
        if _NOT_A_NAME.search(part):
            return None
        names.append(part)
    return names or None


def _is_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= NAME_MAX_WORDS and words[0][:1].isupper() and all(map(_NAME_WORD.match, words))


# ---- credits shown on the page -----------------------------------------------------------------
# the body's text nodes that open with a label: one regular-expression scan over all of them (cheaper
# than a match per node, and than any per-node XPath predicate, which libxml2 evaluates as string
# functions for every text node); ``starts``: the first letters of the labels and of "laporan"
_LABEL_TEXTS = OpeningScan(
    rf"(?:{LABELS}|laporan\s+wartawan)\b",
    starts="".join(sorted({label[0] for label in _ROLE_OF_LABEL} | {"l"})),
    flags=re.IGNORECASE,
)
# the date a byline line goes on with: "Oleh X pada 26 Apr 2021, 07:00 WIB"
BYLINE_DATE = r"pada\s+\d{1,2}\s+[a-z]+\.?\s+\d{4}\b"
_DATED_TAIL = re.compile(rf"\s+{BYLINE_DATE}.*$", re.IGNORECASE)
_NOT_TEXT = frozenset({"script", "style", "noscript", "a", "option", "textarea", "title", "select", "button"})
_INLINE = frozenset({"span", "b", "strong", "em", "i", "font", "small", "label", "u", "td", "th", "dt", "dd"})
_SKIP = frozenset({"script", "style", "noscript"})
_BREAK = "\ue000"  # a <br> while the text is gathered (not whitespace: source newlines are folded)


def _text_of(node: etree._Element) -> str:
    """The element's text, a ``<br>`` kept as a line break (``Pewarta: A<br>Editor: B`` is two credits)."""
    parts: list[str] = []
    _gather(node, parts)
    lines = (fold(line).strip() for line in " ".join(parts).split(_BREAK))
    return "\n".join(line for line in lines if line)


def _gather(el: etree._Element, parts: list[str], depth: int = 0) -> None:
    """``el``'s text and its descendants' into ``parts``, a ``<br>`` as ``_BREAK`` (a module function, not
    a closure: a recursive closure is a reference cycle the garbage collector has to find); past
    ``MAX_DEPTH`` levels, the rest as one run of text."""
    if el.tag in _SKIP or not isinstance(el.tag, str):
        return
    if depth > MAX_DEPTH:
        parts.append(flat_text(el))
        return
    if el.tag == "br":
        parts.append(_BREAK)
    parts.append(el.text or "")
    for child in el:
        _gather(child, parts, depth + 1)
        parts.append(child.tail or "")


def _credit_text(owner: etree._Element, text: str) -> bool:
    """Whether the label's element is text a credit may be in: none of its ancestors is a script, a
    form control or a link, except a role word alone in a person's link (liputan6 2021's credits list:
    ``<a href="/me/hasan.rizkia">…<span>Hariz Barak</span><span>Editor</span></a>``): a short link, the
    name and the role, not a headline or a menu item that holds the word."""
    link = None
    for up in owner.iterancestors():
        if up.tag == "a" and link is None:
            link = up
        elif up.tag in _NOT_TEXT:
            return False
    if link is None:
        return True
    if not ROLE_WORD.match(text):
        return False
    words = len(" ".join(link.itertext()).split())
    return 1 < words <= NAME_MAX_WORDS + 1


def _row_of(owner: etree._Element) -> etree._Element:
    """The credit's row: up through inline tags and table cells to the first block (a ``<tr>`` for a
    ``<td>Penulis</td><td>: X</td>`` pair)."""
    row = owner
    while row.tag in _INLINE:
        up = row.getparent()
        if up is None or up.tag == "body":
            break
        row = up
    return row


def shown_credits(
    root: etree._Element, keep: Callable[[etree._Element], bool], texts: list | None = None
) -> list[tuple[str, str]]:
    """``(role, name)`` pairs of the credit lines shown on the page, in page order; ``keep`` says whether
    a line's element is part of the article (not a sidebar's, a comment's or a related list's).
    ``texts``: the body's text nodes when already read (``textscan.body_texts``)."""
    out: list[tuple[str, str]] = []
    seen: set[etree._Element] = set()  # the rows themselves: the set keeps their proxies (and ids) alive
    for text in _LABEL_TEXTS(root, texts):
        owner = text.getparent()
        if text.is_tail:
            owner = owner.getparent()
        if owner is None or owner.tag in _NOT_TEXT or not _credit_text(owner, text):
            continue
        row = _row_of(owner)
        if row in seen or not keep(row):
            continue
        seen.add(row)
        out.extend(_credits_of_row(row, owner, str(text)))
    return out


def _credits_of_row(row: etree._Element, owner: etree._Element, text: str) -> Iterator[tuple[str, str]]:
    for node in (row, owner):
        line = _text_of(node)
        if len(line.split(None, CREDIT_MAX_WORDS)) > CREDIT_MAX_WORDS:
            continue
        pairs = parse_credit(line)
        if pairs:
            yield from pairs
            return
        if ROLE_WORD.match(text):
            yield from _role_beside_name(row, line, text)
            return


def _role_beside_name(row: etree._Element, line: str, role_text: str) -> Iterator[tuple[str, str]]:
    """A role word alone: after its name in the same row (``Dewi Kania Jurnalis``), or alone in its row
    with the name in the next one (``<li>Editor</li><li>Iskandar</li>``)."""
    label = " ".join(role_text.strip(" :").lower().split())
    role = _ROLE_OF_LABEL.get(label)
    if role is None:
        return
    word = role_text.strip()
    if line != word and line.endswith(word):
        names = split_names(line[: -len(word)], strict=True)
        yield from ((role, n) for n in names or ())
        return
    if line.strip(" :").lower() == label:
        # the names in the rows after it, up to the next role (liputan6 2015's credits list: "Author",
        # then one row for each writer, then "Editor")
        nxt = row.getnext()
        for _ in range(MAX_ROWS_UNDER_ROLE):
            if nxt is None or not isinstance(nxt.tag, str):
                break
            text = _text_of(nxt)
            names = split_names(text, strict=True) if not ROLE_WORD.match(text) else None
            if not names:
                break
            yield from ((role, n) for n in names)
            nxt = nxt.getnext()


# ---- machine-readable credits -------------------------------------------------------------------
_KEYWORD_CREDIT = re.compile(
    r"^\s*(editor|redaktur|penyunting|penulis|reporter)\s*:\s*(\S.*)$", re.IGNORECASE
)


def keyword_credits(keywords: Iterable[str]) -> list[tuple[str, str]]:
    """Credits hidden in keywords (liputan6: ``Editor:Iskandar`` among the tags)."""
    out = []
    for keyword in keywords:
        m = _KEYWORD_CREDIT.match(keyword)
        if m:
            out.append((_ROLE_OF_LABEL[m.group(1).lower()], fold(m.group(2)).strip()))
    return out


# ---- choosing ------------------------------------------------------------------------------------
@dataclass
class Credits:
    """The item's three credit fields."""

    authors: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)

    def as_fields(self) -> dict[str, list[str]]:
        return {"authors": self.authors, "authorsOrg": self.orgs, "editors": self.editors}


@dataclass
class Layer:
    """One source of author names, most trusted first: names, and whether its organisations are credits
    (a credit line's ``Tim detikBali``) or page defaults (``<meta name="author">``'s publisher)."""

    names: list[str]
    credited: bool = True
    # names the page's data types (JSON-LD ``@type``): Organization ones are organisations whatever they
    # look like (``Sky``, ``RT``); Person ones read "Tim" as a first name (casefolded)
    declared_orgs: frozenset[str] = frozenset()
    declared_people: frozenset[str] = frozenset()


def choose(
    layers: Iterable[Callable[[], Layer]],
    editors: list[str],
    photographers: list[str],
    credited_orgs: Iterable[str] = (),
    sites: Iterable[str] = (),
) -> Credits:
    """Authors from the first layer that names a person who is not an editor (JSON-LD that names the
    visible Editor as ``author`` gives way to the byline); if every layer names only editors, the first
    that names anyone (one person may write and edit); a photographer when nobody else is credited."""
    sites = tuple(sites)
    orgs = list(credited_orgs)
    edited = {e.casefold() for e in editors}
    first_people: list[str] = []
    authors: list[str] = []
    for make in layers:
        layer = make()
        people = []
        for name in layer.names:
            if not name:
                continue
            declared = layer.declared_orgs or layer.declared_people  # (JSON-LD's layers only)
            key = name.casefold() if declared else ""
            if (
                (declared and key in layer.declared_orgs)
                or is_organisation(name, declared_person=bool(declared) and key in layer.declared_people)
                or names_site(name, sites)
            ):
                # the site named as a page default is the publisher, no credit; its team is one
                if layer.credited or not mentions_site(name, sites) or _TEAM.match(name):
                    orgs.append(name)
            elif not _DIGIT.search(name):  # a date, a count, a user name (``18 NOV 2019``): nobody's name
                people.append(name)
        if people and not first_people:
            first_people = people
        authors = [p for p in people if p.casefold() not in edited]
        if authors:
            break
    if not authors:
        authors = first_people or [p for p in photographers if not is_organisation(p)]
    people_cf = {a.casefold() for a in authors}
    return Credits(
        authors=unique(authors)[:MAX_CREDITED],
        orgs=[o for o in unique(orgs) if o.casefold() not in people_cf][:MAX_CREDITED],
        editors=unique(editors)[:MAX_CREDITED],
    )


def names_site(name: str, sites: tuple[str, ...]) -> bool:
    """The publisher or one of its desks credited as the writer: the site's name, alone or opening the
    credit (``AppleInsider``, ``CNN Business``, ``Telegraph Sport``). Whole words only: a person whose
    name merely contains the site's (``Skyler`` on sky.com) stays a person."""
    if not squash(name).startswith(sites):
        return False  # the usual name: neither it nor its first word (a prefix of it, squashed) can be
    return is_site_name(name, sites) or is_site_name(name.split(None, 1)[0], sites)


def unique(values: Iterable[str]) -> list[str]:
    """Values in order, the first of each case-insensitive spelling."""
    seen: set[str] = set()
    out = []
    for value in values:
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            out.append(value)
    return out
