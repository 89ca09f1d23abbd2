"""A union of line-start patterns, tried only on the alternatives a text's first character can open.

``clean._LINE_PATTERNS`` unions some fifty alternatives, case ignored, and is matched against every
rendered line: the regex engine tries each alternative in turn, and on an ordinary sentence every one of
them fails at its first character. ``FirstCharUnion`` splits the union into its alternatives once, works
out from the parsed pattern which characters each can begin with, and matches a line against the union of
the alternatives its first character allows (a few, where there were fifty): the same answer as
``pattern.match(text) is not None``, an alternation with nothing after it matching wherever one of its
alternatives does. Where the analysis cannot tell (a form it does not know, a first character outside
ASCII, an empty text), the whole union is tried.

The parsed form is ``re._parser``'s (the standard library's own parser, as ``re`` compiles it); were it
to change shape, every text would go to the whole union, never to a wrong answer.
"""

from __future__ import annotations

import re
from re import _compiler, _parser  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]

_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_ONE_CHARACTER = (sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_ASCII = [chr(code) for code in range(128)]


def _alternatives(
    sub: _parser.SubPattern, prefix: tuple = (), suffix: tuple = ()
) -> list[_parser.SubPattern]:
    """``sub`` split at its leading alternation, each alternative with what stands before the alternation
    (zero-width items: ``^``) and after it put around it: ``(?:^a)|(?:^b)`` -> ``^a``, ``^b``;
    ``^(?:a|b)\\b`` -> ``^a\\b``, ``^b\\b`` (what matches one of them matches the whole, and the reverse).
    A group with flags (``(?x:…)``, ``(?-i:…)``) or a number is not split: its flags hold only inside it,
    a number may be referred to."""
    data = list(sub.data)
    lead = 0
    while lead < len(data) and data[lead][0] in _ZERO_WIDTH:
        lead += 1
    if lead < len(data):
        op, av = data[lead]
        before, after = (*prefix, *data[:lead]), (*data[lead + 1 :], *suffix)
        if op is sre.BRANCH:
            return [alt for branch in av[1] for alt in _alternatives(branch, before, after)]
        if op is sre.SUBPATTERN and av[0] is None and not av[1] and not av[2]:
            return _alternatives(av[3], before, after)
    return [_parser.SubPattern(sub.state, [*prefix, *data, *suffix])]


def _openings(items: list) -> tuple[list, bool] | None:
    """The one-character items a match of ``items`` can begin with, and whether it can be empty (then
    what follows may begin it); None when a form is not known here."""
    found: list = []
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op in _ONE_CHARACTER:
            found.append((op, av))
            return found, False
        if op is sre.SUBPATTERN:
            inner = _openings(av[3].data)
        elif op is sre.ATOMIC_GROUP:
            inner = _openings(av.data)
        elif op is sre.BRANCH:
            parts = [_openings(branch.data) for branch in av[1]]
            if any(part is None for part in parts):
                return None
            inner = ([i for part in parts for i in part[0]], any(part[1] for part in parts))
        elif op in _REPEATS:
            low, _, body = av
            inner = _openings(body.data)
            if inner is not None and low == 0:
                inner = (inner[0], True)
        else:
            return None
        if inner is None:
            return None
        found += inner[0]
        if not inner[1]:
            return found, False
    return found, True


class FirstCharUnion:
    """``pattern.match(text) is not None`` for an alternation of patterns, each alternative tried only
    on the texts whose first character it can begin with (see the module's docstring)."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._by_first: dict[str, re.Pattern[str] | None] = {}
        try:
            self._by_first = self._split(pattern)
        except Exception:  # a parser of another shape: the whole union for every text
            self._by_first = {}

    @staticmethod
    def _split(pattern: re.Pattern[str]) -> dict[str, re.Pattern[str] | None]:
        tree = _parser.parse(pattern.pattern, pattern.flags)
        state, flags = tree.state, pattern.flags
        alternatives = _alternatives(tree)
        starts: list[set[str] | None] = []  # None: any first character
        for alternative in alternatives:
            opened = _openings(alternative.data)
            if opened is None or opened[1]:
                starts.append(None)
                continue
            tests = [_compiler.compile(_parser.SubPattern(state, [item]), flags) for item in opened[0]]
            starts.append({c for c in _ASCII if any(test.match(c) for test in tests)})
        unions: dict[tuple[int, ...], re.Pattern[str] | None] = {}
        by_first: dict[str, re.Pattern[str] | None] = {}
        for c in _ASCII:
            chosen = tuple(i for i, s in enumerate(starts) if s is None or c in s)
            if chosen not in unions:
                branch = (sre.BRANCH, (None, [alternatives[i] for i in chosen]))
                unions[chosen] = (
                    _compiler.compile(_parser.SubPattern(state, [branch]), flags) if chosen else None
                )
            by_first[c] = unions[chosen]
        return by_first

    def matches(self, text: str) -> bool:
        """Whether the pattern matches at the start of ``text``."""
        first = text[:1]
        if first in self._by_first:
            narrowed = self._by_first[first]
            return narrowed is not None and narrowed.match(text) is not None
        return self.pattern.match(text) is not None
