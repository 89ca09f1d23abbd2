"""The regexes a portal profile brings (``article_url_pattern``, ``discovery.listing_paging``,
``gallery_url_pattern``, ``dateline.patterns``), run within a time bound.

A profile is written by whoever adds a portal, and a natural-looking pattern can backtrack exponentially:
in Python's ``re``, ``^/(\\w+-?)+/$`` searches a 38-letter slug that lacks its trailing slash for minutes,
and the crawl's callback with it (every listing link and sitemap entry is searched). Profile patterns are
compiled by the ``regex`` module instead: the same syntax, and its matcher avoids most such backtracking
(that search takes microseconds). What it cannot avoid is caught twice:

- at load, each pattern is searched in a few URL-like texts it does not match (``SLOW_PROBES``); one that
  takes over ``PROBE_SECONDS`` on any refuses the profile, naming the pattern;
- while crawling, each search stops with ``PatternTimeout``, which names the pattern and the text, after
  ``SEARCH_SECONDS`` and ``SECONDS_PER_CHAR`` for each character searched: the page is not read (an
  article so is counted as not delivered, which fails the run), rather than the crawl hanging. The bound
  grows with the text because a linear pattern may still be slow on a crawler trap's 70 KB link (the
  portal spider's generic pattern: 0.1 s in ``regex``, against 0.01 s in ``re``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import regex

# A search while crawling: a URL's search takes microseconds, a 70 KB link's 0.1 s at most with the
# patterns shipped; the bound is many times either, for a loaded machine.
SEARCH_SECONDS = 0.5
SECONDS_PER_CHAR = 20e-6
# A probe at load: its texts are short, so a pattern over this on one of them grows exponentially.
PROBE_SECONDS = 0.05
# URL-like texts that miss the usual patterns by their last character: a slug without its trailing slash,
# digits where a word was due, one path segment repeated, a query's value run on; what backtracks
# exponentially does so on some of them (the letters between separators are where a nested quantifier
# tries every split).
SLOW_PROBES = (
    "/" + "-".join(["abcdefghij"] * 6) + "!",
    "/2022/03/15/" + "abcdefghij" * 6 + "!",
    "/" + "1234567890" * 6 + "!",
    "/" + "abc/" * 15 + "!",
    "/" + "a-" * 30 + "!",
    "/" + "ab_" * 20 + "!",
    "/" + "a" * 60 + "!",
    "/?page=" + "1" * 60 + "!",
    "example.com/" + "abcdefghij." * 6 + "!",
)
# The same for a dateline pattern, which reads a paragraph's opening: capitalised words, places and
# commas that run on without the dash a dateline ends with.
DATELINE_PROBES = (
    "JAKARTA " * 8 + "!",
    "Jakarta, " * 8 + "!",
    " ".join(["Aaaaaaaaa"] * 7) + "!",
    "KOMPAS.com " * 6 + "!",
    "a" * 60 + "!",
)


class PatternTimeout(RuntimeError):
    """A profile pattern's search ran past its bound: the profile's pattern is to mend."""

    def __init__(self, pattern: str, text: str, seconds: float) -> None:
        shown = text if len(text) <= 120 else text[:117] + "..."
        super().__init__(
            f"profile pattern {pattern!r} took over {seconds:.2f} s searching {shown!r} ({len(text)} "
            "characters): it backtracks too much; mend the profile (fewer nested quantifiers)"
        )
        self.pattern = pattern
        self.text = text
        self.seconds = seconds

    def __reduce__(self) -> tuple[type, tuple[str, str, float]]:
        """Rebuilt from its three values: it crosses from an extraction worker to the crawl as itself."""
        return type(self), (self.pattern, self.text, self.seconds)


class ProfilePattern:
    """One profile regex: ``search`` as ``re.Pattern.search``, bounded in time by the text's length."""

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled = regex.compile(pattern)  # regex.error on a bad pattern

    @property
    def groups(self) -> int:
        return self._compiled.groups

    def search(self, text: str) -> regex.Match[str] | None:
        return self._bounded(self._compiled.search, text)

    def match(self, text: str) -> regex.Match[str] | None:
        return self._bounded(self._compiled.match, text)

    def _bounded(self, method: Callable[..., regex.Match[str] | None], text: str) -> regex.Match[str] | None:
        seconds = SEARCH_SECONDS + SECONDS_PER_CHAR * len(text)
        try:
            return method(text, timeout=seconds)
        except TimeoutError:
            raise PatternTimeout(self.pattern, text, seconds) from None

    def __repr__(self) -> str:
        return f"ProfilePattern({self.pattern!r})"


def pattern_problem(
    pattern: str, probes: tuple[str, ...] = SLOW_PROBES, *, label: str = "pattern", shown: str | None = None
) -> str | None:
    """Why a profile pattern cannot be used, or None: it is no regex of Python's own syntax (the one a
    profile's author reads about; ``regex`` would also take its extensions), or it takes too long on one
    of the ``probes``, texts of the shape it reads that it does not match. ``label`` and ``shown`` name it
    in the answer (a dateline pattern is checked inside the regex the extractor wraps it in)."""
    shown = pattern if shown is None else shown
    try:
        re.compile(pattern)
        compiled = regex.compile(pattern)
    except (re.error, regex.error) as exc:
        return f"bad {label} {shown!r}: {exc}"
    for probe in probes:
        try:
            compiled.search(probe, timeout=PROBE_SECONDS)
        except TimeoutError:
            return (
                f"{label} {shown!r} takes over {PROBE_SECONDS * 1000:.0f} ms on {probe!r}: it backtracks "
                "exponentially (nested quantifiers such as (\\w+-?)+) and would hold the crawl"
            )
    return None
