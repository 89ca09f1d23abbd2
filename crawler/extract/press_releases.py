"""Press releases: a company's or a government's statement a portal carries, not its own reporting.

Told by who distributed it, wherever the page names that: a release wire in the dateline
(``ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) --``) or in the credits (``Editor: PR Wire``), a
press-release channel as the section (``Siaran Pers``, ``Press Release``) or in the URL
(``/siaran-pers/``, ``/press-release/``). The body's wording is not a signal: news quotes press
releases ("kata dia dalam siaran pers") every day.
"""

from __future__ import annotations

import re

from crawler.extract.clean import CleanBody
from crawler.extract.credits import Credits
from crawler.extract.page import Page

# release wires and the labels portals give their press-release channels
_RELEASE = re.compile(
    r"""(?:pr\s?news\s?wire|business\s?wire|globe\s?news\s?wire|market\s?wired?|acn\s?news\s?wire
    |jcn\s?news\s?wire|media\s?outreach|\bnews\s?wire\b|\bpr\s?wire\b|\bsiaran\s+pers\b|\bpress\s+release
    |\brilis\s+(?:pers|media|resmi)\b)""",
    re.IGNORECASE | re.VERBOSE,
)
# a URL path segment that is a press-release channel (a whole segment: a slug may quote the words)
_RELEASE_SEGMENT = re.compile(r"^(?:siaran[-_]?pers|press[-_]?releases?|rilis[-_]pers)$", re.IGNORECASE)


def is_press_release(page: Page, body: CleanBody, credits: Credits, section: str | None) -> bool:
    """A release wire or a press-release channel named by the dateline, the credits, the section or
    the page's URL (the fetched one, or the canonical/og:url the page declares for itself)."""
    named = [body.dateline_printed, section, *credits.authors, *credits.orgs, *credits.editors]
    if any(value and _RELEASE.search(value) for value in named):
        return True
    return any(_RELEASE_SEGMENT.match(segment) for own in page.own_urls for segment in own.segments)
