"""A modification date written without an offset beside a published value that states one: the CMS wrote
both in one zone, so where the portal's own zone would put the modification before the publication, it is
read in the published value's zone; any other modification date stays as the page gives it."""

from __future__ import annotations

import json

import pytest

from crawler.extract import extract_article

BODY = "".join(
    f"<p>{text}</p>"
    for text in (
        "The county board voted on Monday to close two rural schools at the end of the year, after a study "
        "found that both had lost more than a third of their pupils in the last decade.",
        "Parents who spoke at the meeting asked the board to wait for the new census figures, which they "
        "said would show young families moving back into the valley since the highway opened.",
        "The board's chair said the savings would pay for a new science wing at the high school in town, "
        "and that buses would take the pupils of both schools there from the autumn.",
    )
)


def _item(published: str, modified: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Board votes to close two rural schools",
        "datePublished": published,
        "dateModified": modified,
    }
    html = (
        f'<html lang="en"><head><title>Board votes to close two rural schools</title><script type='
        f'"application/ld+json">{json.dumps(data)}</script></head><body><article><h1>Board votes to close '
        f"two rural schools</h1>{BODY}</article></body></html>"
    )
    return extract_article(html, "https://www.valleyherald.com/news/board-closes-schools/")


@pytest.mark.parametrize(
    ("published", "modified", "expected"),
    [
        # JavaScript's toISOString without its Z, beside the Z-stamped publication a moment later or before
        ("2019-11-18T17:01:27.893Z", "2019-11-18T17:01:28.094", "2019-11-19T00:01:28+07:00"),
        ("2019-11-18T17:26:45.726Z", "2019-11-18T17:26:45.327", "2019-11-19T00:26:45+07:00"),
        ("2018-10-15T10:33:49+00:00", "2018-10-15 10:33:49", "2018-10-15T17:33:49+07:00"),
    ],
)
def test_a_modification_without_offset_is_read_in_the_published_zone(published, modified, expected):
    assert _item(published, modified)["dateModified"] == expected


@pytest.mark.parametrize(
    ("published", "modified", "expected"),
    [
        # read in Jakarta time it already comes after the publication: as the page gives it
        ("2019-11-18T03:00:00Z", "2019-11-18 10:05:00", "2019-11-18T10:05:00+07:00"),
        # days before the publication whichever zone: the page's own mistake, not a zone's
        ("2019-11-18T17:00:00Z", "2019-11-14T09:00:00", "2019-11-14T09:00:00+07:00"),
        # it states its own offset
        ("2019-11-18T17:00:00Z", "2019-11-18T17:05:00+07:00", "2019-11-18T17:05:00+07:00"),
    ],
)
def test_any_other_modification_stays_as_the_page_gives_it(published, modified, expected):
    assert _item(published, modified)["dateModified"] == expected
