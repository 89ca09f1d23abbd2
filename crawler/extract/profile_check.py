"""What a profile asks of the extractor, tried once at load: every CSS selector and dateline pattern
compiled exactly as the extractor compiles them, so a bad one stops its own spider at start instead of
raising on every page.

Selectors go through ``parse_chain`` (the page-index matcher, ``crawler.extract.selectors``) and through
``compiled`` (the XPath fallback the matcher and the pruner use), since a selector may take either path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from cssselect import SelectorError
from lxml import etree

from crawler.extract.byline import profile_dateline_regex
from crawler.extract.prune import compiled
from crawler.extract.selectors import parse_chain
from crawler.profile_patterns import DATELINE_PROBES, pattern_problem


def selector_problem(selector: str) -> str | None:
    """Why the extractor cannot run ``selector``, or None when it can."""
    if not isinstance(selector, str) or not selector.strip():
        return f"empty CSS selector {selector!r}"
    try:
        parse_chain(selector)  # its ValueError already names the selector
    except ValueError as exc:
        return str(exc)
    try:
        compiled(selector)
    except (SelectorError, etree.XPathError) as exc:
        return f"bad CSS selector {selector!r}: {exc}"
    except RecursionError:  # cssselect translates each combinator by recursion
        return f"bad CSS selector {selector[:80]!r}…: too many combinators"
    return None


def dateline_problem(pattern: str) -> str | None:
    """Why the dateline pattern cannot run inside the extractor's dateline regex (it does not compile
    there, or backtracks exponentially on a paragraph's opening), or None."""
    wrapped = profile_dateline_regex(pattern)
    return pattern_problem(wrapped, DATELINE_PROBES, label="dateline pattern", shown=pattern)


def profile_problems(
    selectors: Mapping[str, Iterable[str]], noise_selectors: Iterable[str], dateline_patterns: Iterable[str]
) -> list[str]:
    """Every problem of a profile's selectors (``selectors.<field>``, ``noise.selectors``) and dateline
    patterns, each naming where it is."""
    groups = [*((f"selectors.{name}", group) for name, group in selectors.items())]
    groups.append(("noise.selectors", noise_selectors))
    problems = [f"{where}: {p}" for where, group in groups for s in group if (p := selector_problem(s))]
    problems += [f"dateline.patterns: {p}" for s in dateline_patterns if (p := dateline_problem(s))]
    return problems
