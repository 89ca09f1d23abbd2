"""A JSON-LD block written as JavaScript rather than JSON (single-quoted strings, ``//`` comments: a
template filled by hand) is still read: before, the whole block was lost to one quote, and with it the
publisher, the modification date and the keywords; a keyword that is the page's content type is no tag."""

from __future__ import annotations

import lxml.html

from crawler.extract import extract_article
from crawler.extract.metadata import read_metadata

BODY = """
<p>Oil prices fell on Tuesday as traders weighed signs of a growing supply glut against hopes for a
trade deal, while stocks on Wall Street held near their record highs in thin trading.</p>
<p>Brent crude futures settled down more than two percent, and the benchmark for United States crude fell
by a similar amount after a report showed that stocks at the main delivery hub rose for a third week.</p>
<p>Analysts said the market would look to next month's meeting of the producers' group for any sign of a
deeper cut in output, which several members have so far resisted.</p>
"""

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Oversupply angst drags oil lower, stocks drift near highs</title>
<meta property="og:site_name" content="U.S.">
<script type="application/ld+json">
{{
    "@context": "http://schema.org",
    "@type": "NewsArticle",
    "headline": "Oversupply angst drags oil lower, stocks drift near highs",
    "datePublished": "2019-11-19T21:57:01+0000",
    "dateModified": "2019-11-19T22:10:00+0000",
    // the publisher block is shared by every article
    "publisher": {{"@type": "Organization", "name": "Wire Markets"}},
    "keywords": ["Article", "Crude Oil", "Equities Markets"],
    "description": {description}
}}
</script>
</head>
<body><article><h1>Oversupply angst drags oil lower, stocks drift near highs</h1>
<div class="article-body">{body}</div></article></body></html>
"""
URL = "https://www.wiremarkets.com/article/us-global-markets-idUSKBN1XT00W"


def _item(description: str) -> dict:
    return extract_article(PAGE.format(description=description, body=BODY), URL)


def test_a_single_quoted_block_with_a_comment_is_read():
    item = _item("'Oil prices fell sharply on Tuesday on oversupply worries.'")
    assert item["publisher"] == "Wire Markets"
    assert item["dateModified"] == "2019-11-20T05:10:00+07:00"
    assert item["tags"] == ["Crude Oil", "Equities Markets"]


def test_a_block_whose_only_fault_is_a_comment_is_read():
    item = _item('"Oil prices fell sharply on Tuesday on oversupply worries."')
    assert item["publisher"] == "Wire Markets"


def test_a_block_neither_json_nor_javascript_is_counted_and_passed_over():
    html = PAGE.format(description='"a "quoted" word"', body=BODY)
    assert read_metadata(lxml.html.fromstring(html)).jsonld_errors == 1
    item = extract_article(html, URL)
    assert item["publisher"] == "U.S."  # the page's other declarations still count
    assert item["dateModified"] is None
