"""JSON-LD whose strings hold half of a UTF-16 pair (``\\ud83d``: a CMS that cut a caption or a keyword list
at a length in UTF-16 units, through an emoji) gives an item every feed can write: the lone half becomes
U+FFFD, as undecodable bytes do, and a whole pair stays its character."""

from __future__ import annotations

import io
import json

from crawler.exports.exporters import LineAtomicJsonLinesExporter
from crawler.extract import extract_article
from crawler.items import EXPORT_FIELDS

URL = "https://jagatbisnis.com/2023/03/15/harga-beras-naik-lagi/"
PARAGRAPH = "Harga beras di pasar induk Cipinang naik lagi pekan ini, menurut para pedagang di sana. "


def _page() -> bytes:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Harga beras naik lagi",
        "datePublished": "2023-03-15T10:00:00+07:00",
        "author": {"@type": "Person", "name": "Budi Santoso \U0001f600"},  # a whole pair
        "articleSection": "Ekonomi \ud83d",
        "keywords": "beras, harga pangan \ud83d",
        "image": {"@type": "ImageObject", "url": "https://jagatbisnis.com/a.jpg", "caption": "Pasar \ud83d"},
    }
    body = f"<p>{PARAGRAPH * 3}</p>" * 4
    return f"""<html><head><title>Harga beras naik lagi</title>
<script type="application/ld+json">{json.dumps(ld)}</script></head>
<body><h1>Harga beras naik lagi</h1><article>{body}</article></body></html>""".encode()


def test_a_jsonld_string_cut_through_an_emoji_still_exports_as_a_utf8_line() -> None:
    item = extract_article(_page(), URL)
    out = io.BytesIO()
    exporter = LineAtomicJsonLinesExporter(out, fields_to_export=list(EXPORT_FIELDS), encoding="utf-8")
    exporter.start_exporting()
    exporter.export_item(item)  # FEED_EXPORT_ENCODING is utf-8: a lone surrogate raised here
    exporter.finish_exporting()
    line = json.loads(out.getvalue().decode("utf-8"))
    assert line["section"] == "Ekonomi \ufffd"
    assert "harga pangan \ufffd" in line["tags"]
    assert line["authors"] == ["Budi Santoso \U0001f600"]
