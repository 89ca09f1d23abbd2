"""A paragraph that is nothing but a run of tag links (``#Jokowi #Pilpres``, ``Tags: A, B, C``) is the
page's tag list printed in the story's container, not story text, on the profile path and the generic one;
a sentence that links a tag page, or a hashtag inside a sentence, stays."""

from __future__ import annotations

import re

import pytest

from crawler.extract import extract_article
from crawler.profiles import load_profile
from tests.unit.test_clean_body import P1, P2, P3, URL, page

GENERIC_URL = "https://kabarkota.id/2025/06/18/contoh-berita/"
JOKOWI, PILPRES, POLITIK = (
    f'<a href="/tag/{t.lower()}/">{{}}{t}</a>' for t in ("Jokowi", "Pilpres", "Politik")
)
TAG_RUNS = [
    " ".join(link.format("#") for link in (JOKOWI, PILPRES, POLITIK)),
    f"#{JOKOWI.format('')} #{PILPRES.format('')}",
    "Tags: " + ", ".join(link.format("") for link in (JOKOWI, PILPRES, POLITIK)),
    '<strong>TAG</strong> <a href="/tag/jokowi/">Jokowi</a> | <a href="/tag/pilpres-2024/">Pilpres 2024</a>',
    'Topik: <a href="/topik/jokowi/">Jokowi</a> <a href="/topik/pilpres/">Pilpres 2024</a>',
    "#Jokowi #Pilpres #Politik",
    "Kata Kunci : " + " , ".join(link.format("") for link in (JOKOWI, PILPRES)),
]


@pytest.mark.parametrize("run", TAG_RUNS)
@pytest.mark.parametrize("where", ["lead", "end"])
def test_a_run_of_tag_links_is_no_paragraph_of_the_story(run: str, where: str) -> None:
    story = [P1, P2, P3]
    paragraphs = [run, *story] if where == "lead" else [*story, run]
    html = page("".join(f"<p>{p}</p>" for p in paragraphs))
    expected = "\n\n".join(story)
    assert extract_article(html, URL, load_profile("jagatbisnis"))["articleBody"] == expected
    assert extract_article(html, GENERIC_URL)["articleBody"] == expected


@pytest.mark.parametrize(
    "kept",
    [
        'Tag: <a href="/tag/jokowi/">Jokowi</a> menyebut program itu berjalan sesuai rencana tahun ini.',
        'Kampanye <a href="/tag/jagajarak/">#JagaJarak</a> diikuti ribuan warga di seluruh kota.',
        'Presiden <a href="/tag/jokowi/">Joko Widodo</a> dan <a href="/tag/prabowo/">Prabowo</a> bertemu.',
        "Warganet meramaikan tagar #Jokowi dan #Pilpres sepanjang hari Rabu, menurut pantauan.",
    ],
)
def test_a_sentence_with_tag_links_or_hashtags_stays(kept: str) -> None:
    html = page(f"<p>{P1}</p><p>{kept}</p><p>{P2}</p>")
    text = re.sub(r"<[^>]+>", "", kept)
    assert extract_article(html, URL, load_profile("jagatbisnis"))["articleBody"] == f"{P1}\n\n{text}\n\n{P2}"
