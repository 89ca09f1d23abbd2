"""An editor credited only in the page's JSON-LD (``"editor": {"@type": "Person", "name": …}`` or
``"editor": "Name"``) reaches ``editors`` as a name, cleaned as a JSON-LD author is: its label, role and
desk go (``Editor: X``, ``X, Redaktur``, ``X | Kabar Kota``), a URL is nobody's name, ``X dan Y`` is two
people."""

from __future__ import annotations

import json

import pytest

from crawler.extract import extract_article
from crawler.profiles import load_profile

URL = "https://kabarkota.id/2024/05/28/harga-cabai-naik-lagi/"
STORY = (
    "Harga cabai rawit di pasar tradisional Jakarta naik lagi pekan ini menjadi Rp 80.000 per kilogram.",
    "Pedagang mengatakan pasokan dari sentra produksi di Jawa Tengah berkurang karena hujan deras.",
    "Pemerintah daerah berjanji menggelar operasi pasar untuk menekan harga dalam waktu dekat ini.",
)
ARTICLE = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Harga Cabai Naik Lagi",
    "datePublished": "2024-05-28T08:15:00+07:00",
    "author": {"@type": "Person", "name": "Dewi Lestari"},
}


def page(jsonld: dict) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    return f"""<!doctype html><html lang="id"><head><meta charset="utf-8">
<title>Harga Cabai Naik Lagi - Kabar Kota</title>
<script type="application/ld+json">{json.dumps(jsonld)}</script></head>
<body><header><a href="/">Kabar Kota</a></header><main><article class="post">
<h1 class="entry-title">Harga Cabai Naik Lagi</h1><div class="entry-content">{paragraphs}</div>
</article></main></body></html>"""


@pytest.mark.parametrize(
    ("editor", "editors"),
    [
        ({"@type": "Person", "name": "Budi Santoso"}, ["Budi Santoso"]),
        ("Budi Santoso", ["Budi Santoso"]),
        ([{"@type": "Person", "name": "Budi Santoso"}, "Rina Marlina"], ["Budi Santoso", "Rina Marlina"]),
        ({"@type": "Person", "name": "Editor: Budi Santoso"}, ["Budi Santoso"]),
        ("Budi Santoso, Redaktur", ["Budi Santoso"]),
        ("Budi Santoso | Kabar Kota", ["Budi Santoso"]),
        ("Budi Santoso dan Rina Marlina", ["Budi Santoso", "Rina Marlina"]),
        ({"@type": "Person", "name": "https://kabarkota.id/editor/budi-santoso"}, []),
    ],
)
def test_an_editor_named_only_in_jsonld_is_read_clean(editor: object, editors: list[str]) -> None:
    item = extract_article(page({**ARTICLE, "editor": editor}), URL)
    assert (item["authors"], item["editors"]) == (["Dewi Lestari"], editors)


def test_the_editor_of_jsonld_on_a_profile_page() -> None:
    html = page({**ARTICLE, "editor": {"@type": "Person", "name": "Editor: Budi Santoso"}})
    url = "https://jagatbisnis.com/2024/05/28/harga-cabai/"
    item = extract_article(html, url, load_profile("jagatbisnis"))
    assert item["editors"] == ["Budi Santoso"]


def test_an_article_nested_as_the_pages_main_entity_gives_its_credits_and_date() -> None:
    nested = {**ARTICLE, "editor": {"@type": "Person", "name": "Budi Santoso"}}
    del nested["@context"]
    jsonld = {"@context": "https://schema.org", "@type": "WebPage", "mainEntity": nested}
    item = extract_article(page(jsonld), URL)
    assert (item["authors"], item["editors"]) == (["Dewi Lestari"], ["Budi Santoso"])
    assert item["datePublished"] == "2024-05-28T08:15:00+07:00"


def test_a_listings_main_entity_is_no_article_of_the_page() -> None:
    story = {**ARTICLE, "editor": "Budi Santoso"}
    del story["@context"]
    jsonld = {"@context": "https://schema.org", "@type": "CollectionPage", "mainEntity": story}
    assert extract_article(page(jsonld), URL)["editors"] == []


@pytest.mark.parametrize("title", ["Editor", "Redaktur", ["Senior Editor"], "Penyunting"])
def test_a_person_the_jsonld_lists_as_author_with_an_editors_job_title_is_the_editor(title: object) -> None:
    people = [
        {"@type": "Person", "name": "Dewi Lestari", "jobTitle": "Reporter"},
        {"@type": "Person", "name": "Budi Santoso", "jobTitle": title},
    ]
    item = extract_article(page({**ARTICLE, "author": people}), URL)
    assert (item["authors"], item["editors"]) == (["Dewi Lestari"], ["Budi Santoso"])


@pytest.mark.parametrize(
    "people",
    [
        [{"@type": "Person", "name": "Budi Santoso", "jobTitle": "Editor"}],
        [{"@type": "Person", "name": "Budi Santoso", "jobTitle": "Reporter and news editor"}],
    ],
)
def test_an_editor_writing_alone_or_a_reporting_editor_is_the_author(people: list) -> None:
    item = extract_article(page({**ARTICLE, "author": people}), URL)
    assert (item["authors"], item["editors"]) == (["Budi Santoso"], [])
