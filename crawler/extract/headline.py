"""The headline, chosen by agreement between what the page says its title is.

A page names its title up to six times: JSON-LD ``headline``, og:title, twitter:title, ``<title>``, its
``<h1>``s and the heading above the article. Each is wrong somewhere: the only ``<h1>`` is a channel name
or a logo ("Regional", "Okezone.com - Experience The Zone"), og:title and ``<title>`` carry the site's
name (" - Kompas.com Regional", "KapanLagi.com: …", " | Tempo Gaya"), and the title may sit in a ``<div>``.
So every machine-readable title is cut at its separators into the runs of segments that hold no site
name, each run is counted once per source that offers it, and the run most sources agree on wins; the
heading shown to readers that reads the same (or adds a short rubric such as "In Picture: ") is then
the form exported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from crawler.extract.render import fold
from crawler.extract.site_names import mentions_site

# " - ", " | ", " :: ", " – ", " — ", " : " and a colon glued to the word before it ("KapanLagi.com: …")
_SEPARATOR = re.compile(r"\s+(?:[|\-\u2013\u2014]|::|:)\s+|(?<=\S):\s+")
_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "`": "'"})
SITE_SEGMENT_MAX_WORDS = 5  # a longer segment is a title that happens to name the site
RUBRIC_MAX_WORDS = 3  # "In Picture: <title>": a rubric the shown heading adds before the title
MIN_SHOWN_WORDS = 4  # a shown heading this long that starts the title is the title


def key(text: str) -> str:
    """The form two titles are compared in: case, spacing and quote style ignored."""
    return _SPACES.sub(" ", fold(text).translate(_QUOTES)).strip().casefold()


def _is_site(segment: str, sites: frozenset[str]) -> bool:
    """A segment holding the site's name (``Kompas.com Regional``, ``Tempo.Co``); not a long one."""
    return len(segment.split()) <= SITE_SEGMENT_MAX_WORDS and mentions_site(segment, sites)


def segments(title: str) -> list[str]:
    """A title cut at its separators: ``A - B | C`` gives ``A``, ``B``, ``C``."""
    return [part.strip() for part in _SEPARATOR.split(title) if part.strip()]


def title_runs(title: str, sites: frozenset[str]) -> list[str]:
    """Every run of consecutive segments of ``title`` that names no site, as the title writes it, but
    a rubric alone (``Column``, ``VIDEO``: a segment of at most ``RUBRIC_MAX_WORDS`` words before a colon,
    which every source of a rubricated page repeats, and would outvote the title).

    ``A: B - Kompas.com`` gives ``A: B`` and ``B`` (and ``A`` when longer than a rubric); a title that is
    all site names gives itself.
    """
    cuts = [(m.start(), m.end()) for m in _SEPARATOR.finditer(title)]
    starts = [0, *(end for _, end in cuts)]
    ends = [*(start for start, _ in cuts), len(title)]
    segments = [title[s:e].strip() for s, e in zip(starts, ends, strict=True)]
    site = [_is_site(seg, sites) for seg in segments]
    rubric = [
        n < len(cuts)
        and title[cuts[n][0] : cuts[n][1]].strip() == ":"
        and len(seg.split()) <= RUBRIC_MAX_WORDS
        for n, seg in enumerate(segments)
    ]
    runs = []
    for i in range(len(segments)):
        for j in range(i, len(segments)):
            if site[j]:
                break
            run = title[starts[i] : ends[j]].strip()
            if run and not (i == j and rubric[i]):
                runs.append(run)
    return runs or [title.strip()]


@dataclass(frozen=True)
class Choice:
    """The headline and, when the shown heading gave it, which of the shown headings it was."""

    text: str
    shown: int | None = None


def choose(
    titles: Sequence[tuple[str, str | None]], shown: Sequence[str], sites: frozenset[str]
) -> Choice | None:
    """The headline from machine-readable ``titles`` ((source, text), most trusted first) and the
    ``shown`` headings (page order). None when the page offers nothing.

    Each candidate scores one point per source offering it (all shown headings together are one
    source); ties go to the candidate of the most trusted source, then to a shown one, then to the longer.
    """
    support: dict[str, set[str]] = {}
    form: dict[str, str] = {}
    rank: dict[str, int] = {}
    for n, (source, title) in enumerate(titles):
        if not title:
            continue
        for run in title_runs(title, sites):
            k = key(run)
            support.setdefault(k, set()).add(source)
            form.setdefault(k, run)
            rank.setdefault(k, n)
    shown_at: dict[str, int] = {}
    for n, text in enumerate(shown):
        k = key(text)
        if k and k not in shown_at:
            shown_at[k] = n
    if not support:
        return Choice(shown[0], 0) if shown else None
    for k in shown_at:
        if k in support:
            support[k].add("shown")
    best = max(
        support,
        key=lambda k: (len(support[k]), -rank[k], k in shown_at, len(k)),
    )
    at = shown_at.get(best)
    if at is not None:
        return Choice(shown[at], at)
    rubric = _with_rubric(best, shown, sites)
    if rubric is not None:
        return Choice(shown[rubric], rubric)
    cut = _cut_short(best, shown)
    if cut is not None:
        return Choice(shown[cut], cut)
    return Choice(form[best])


def _cut_short(best: str, shown: Sequence[str]) -> int | None:
    """The shown heading that the chosen title only lengthens (``<title> Halaman all``): the title as
    shown wins over a ``<title>`` the CMS appended words to."""
    for n, text in enumerate(shown):
        k = key(text)
        if len(k.split()) >= MIN_SHOWN_WORDS and best.startswith(k + " "):
            return n
    return None


def _with_rubric(best: str, shown: Sequence[str], sites: frozenset[str]) -> int | None:
    """The shown heading that reads ``<rubric>: <title>`` (a short rubric, not a site name)."""
    for n, text in enumerate(shown):
        head, colon, rest = text.partition(":")
        if (
            colon
            and key(rest) == best
            and 0 < len(head.split()) <= RUBRIC_MAX_WORDS
            and not _is_site(head, sites)
        ):
            return n
    return None
