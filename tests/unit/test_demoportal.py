"""The demo portal's generated site and its truth, in-process: the seed article, coverage, determinism,
noise, dates and the clock (the portal served over HTTP: tests/e2e/test_demoportal_server.py)."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from parsel import Selector

from demoportal import noise
from demoportal.datefmt import VISIBLE_FORMS
from demoportal.mentions import MENTION_KINDS
from demoportal.site import build_site
from demoportal.themes import get_theme
from demoportal.themes.base import body_html
from demoportal.truth import expected_items

SEED_TEXT = Path(__file__).parents[1] / "fixtures" / "seed-article.txt"  # copied from ../shared/docs
SEED_PATH = "/2022/03/15/china-sebut-rusia-bersedia-adakan-pembicaraan-perdamaian/"


@pytest.fixture(scope="module")
def site():
    return build_site()


# ----- the seed article -------------------------------------------------------------------------------------


def _seed_lines() -> list[str]:
    return [line for line in SEED_TEXT.read_text(encoding="utf-8").splitlines() if line.strip()]


def _restored(lines: list[str]) -> list[str]:
    """The seed text with the two words the copy lost (linked tag words) put back."""
    fixed = [line.replace("laporan bahwa meminta", "laporan bahwa Rusia meminta") for line in lines]
    return [line.replace("krisis kemanusiaan di .", "krisis kemanusiaan di Ukraina.") for line in fixed]


def test_seed_truth_equals_the_seed_text_with_restored_words(site):
    lines = _restored(_seed_lines())
    body = [line for line in lines[1:] if not line.startswith("Baca Juga :") and line != "MIXADVERT JASAPRO"]
    body[0] = body[0].removeprefix("JagatBisnis.com –\xa0")
    body[-1] = body[-1].removesuffix(" (pia)")
    item = next(i for i in expected_items(site, "http://127.0.0.1:1") if i["url"].endswith(SEED_PATH))
    assert item["articleBody"] == "\n\n".join(body)
    assert "laporan bahwa Rusia meminta China" in item["articleBody"]
    assert item["headline"] == lines[0]
    assert item["reporterCodes"] == ["pia"]
    assert item["dateline"] is None  # the brand alone: no place
    assert item["datePublished"] == "2022-03-15T08:12:40+07:00"
    assert item["mentionedDates"] == [{"text": "Senin (14/3)", "date": "2022-03-14", "weekdayMatches": True}]


# ----- truth and generation ---------------------------------------------------------------------------------


def test_truth_covers_the_whole_site(site):
    items = expected_items(site, "http://127.0.0.1:8000")
    assert len(items) >= 300
    assert len({i["url"] for i in items}) == len(items)
    assert len({i["section"] for i in items}) >= 5
    days = sorted({date.fromisoformat(i["datePublished"][:10]) for i in items})
    assert (days[-1] - days[0]).days >= 120
    assert {d.year for d in days} >= {2022, 2023}
    for i in items:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", i["datePublished"])
        assert i["portal"] == "jagatbisnis" and i["inLanguage"] == "id" and i["articleBody"]
        assert "MIXADVERT" not in i["articleBody"] and "Baca juga" not in i["articleBody"].lower()


def test_no_two_bodies_share_more_than_two_sentences(site):
    owners: dict[str, list[int]] = {}
    for n, a in enumerate(site.articles):
        for sentence in set(re.split(r"(?<=[.!?]) ", a.body_text.replace("\n\n", " "))):
            owners.setdefault(sentence, []).append(n)
    pairs: Counter[tuple[int, int]] = Counter()
    for arts in owners.values():
        pairs.update((x, y) for i, x in enumerate(arts) for y in arts[i + 1 :])
    assert max(pairs.values()) <= 2


def test_generation_is_deterministic(site):
    again = build_site()
    base = "http://127.0.0.1:9"
    assert json.dumps(expected_items(site, base)) == json.dumps(expected_items(again, base))
    theme = get_theme("jagat")
    for a, b in zip(site.articles[::40], again.articles[::40], strict=True):
        assert theme.article(site, a, base) == theme.article(again, b, base)
    assert [a.slug for a in build_site(seed=7).articles] != [a.slug for a in site.articles]


def test_rendered_bodies_hold_the_truth_paragraphs(site):
    """Each clean paragraph appears on the page, wrapped only by its dateline and reporter code."""
    for a in site.articles:
        sel = Selector(body_html(a))
        page = [p.xpath("string()").get() for p in sel.css("p")]
        for k, para in enumerate(a.paragraphs):
            if any(part.kind == "noise" for part in para.parts):
                continue
            assert any(para.text in text for text in page), (a.path, k)


def test_every_noise_variant_occurs(site):
    kinds = {n.kind for a in site.articles for n in a.noise}
    for name in noise.INSERTS:
        assert f"insert:{name}" in kinds
    for name in noise.TEASERS:
        assert f"teaser:{name}" in kinds
    for name in noise.BOILERPLATE:
        assert f"boiler:{name}" in kinds
    for name in noise.BYLINES:
        assert f"byline:{name}" in kinds
    inline = [p for a in site.articles for p in a.paragraphs if any(x.kind == "noise" for x in p.parts)]
    assert inline
    datelines = {a.dateline_html for a in site.articles}
    assert {html for html, _ in noise.datelines("JagatBisnis.com")} <= datelines
    assert {v[0] for v in noise.SYNDICATION.values()} <= datelines
    outside = next(a for a in site.articles if a.dateline_outside)
    assert "<strong>Jakarta</strong> - \n<p>" in body_html(outside)
    codes = {a.code_html for a in site.articles}
    assert {html for html, _ in noise.REPORTER_CODES} <= codes
    assert None in codes  # some last paragraphs end with a kept parenthetical instead


def test_visible_only_articles_use_every_header_form_and_carry_no_meta_dates(site):
    theme = get_theme("jagat")
    visible = [a for a in site.articles if a.date_mode == "visible"]
    assert {a.header_form for a in visible} == set(VISIBLE_FORMS)
    assert {a.zone for a in visible} >= {"WIB", "WITA", "WIT"}
    for a in visible[:20]:
        html = theme.article(site, a, "http://x")
        assert "article:published_time" not in html and "ld+json" not in html
    meta = [a for a in site.articles if a.date_mode != "visible"]
    assert {a.meta_shape for a in meta} == {"utc", "nocolon", "colon"}
    assert 0 < sum(a.date_mode == "meta" for a in site.articles) < sum(a.date_mode == "jsonld" for a in meta)


def test_mentioned_dates_include_the_cross_year_case(site):
    items = expected_items(site, "http://x")
    jan2 = [i for i in items if i["datePublished"].startswith("2023-01-02")]
    assert any(
        m == {"text": "Jumat (30/12)", "date": "2022-12-30", "weekdayMatches": True}
        for i in jan2
        for m in i["mentionedDates"]
    )
    all_mentions = [m for i in items for m in i["mentionedDates"]]
    assert any(m["weekdayMatches"] is False for m in all_mentions)
    assert not any(m["date"].startswith("0") or "/225)" in m["text"] for m in all_mentions)
    bodies = "\n".join(i["articleBody"] for i in items)
    for control in (
        "(PPATK)",
        "(Persero)",
        "(18/6/2025)",
        "WhatsApp",
        "Simak informasi lengkapnya berikut ini.",
        "selanjutnya",
    ):
        assert control in bodies
    assert len(MENTION_KINDS) >= 10


def test_drift_theme_keeps_the_data_but_not_the_classes(site):
    a = site.seed_article
    html = get_theme("drift").article(site, a, "http://x")
    assert "jb-post" not in html
    sel = Selector(html)
    assert sel.css("h1::text").get() == a.headline
    text = " ".join(p.xpath("string()").get() for p in sel.css("p"))
    assert "laporan bahwa Rusia meminta China" in text


# ----- the clock --------------------------------------------------------------------------------------------


def test_clock_hides_future_posts_and_edits(site):
    earlier = site.at(site.now - timedelta(days=2))
    assert len(earlier.articles) < len(site.articles)
    assert all(a.published <= earlier.now for a in earlier.articles)
    assert all(a.modified is None or a.modified <= earlier.now for a in earlier.articles)
    edited_later = [a for a in site.articles if a.modified and a.modified > earlier.now >= a.published]
    for a in edited_later:
        assert (
            expected_items(earlier, "http://x")[earlier.articles.index(earlier.by_path[a.path])][
                "dateModified"
            ]
            is None
        )
    assert build_site(now=earlier.now).articles == earlier.articles


def test_half_of_the_edits_change_the_text_and_the_clock_undoes_them(site):
    modified = [a for a in site.articles if a.modified and a is not site.seed_article]
    edited = [a for a in modified if a.pre_edit]
    assert 0 < len(edited) < len(modified)
    a = edited[-1]
    k, old = a.pre_edit
    assert a.paragraphs[k].text.startswith(old.text + " ") and len(a.paragraphs[k].text) > len(old.text) + 20
    before = site.at(a.modified - timedelta(seconds=1)).by_path[a.path]
    assert before.modified is None and before.paragraphs[k].text == old.text
    assert [p.text for i, p in enumerate(before.paragraphs) if i != k] == [
        p.text for i, p in enumerate(a.paragraphs) if i != k
    ]
    assert site.at(a.modified).by_path[a.path].body_text == a.body_text
    late = [x for x in edited if site.now - x.modified < timedelta(hours=12) < site.now - x.published]
    assert len(late) >= 2  # a re-crawl the day before the clock's end finds older posts rewritten


def test_republished_post_redirects_its_old_slug_once_out(site):
    assert len(site.redirects) == 1
    old, new = next(iter(site.redirects.items()))
    assert old not in site.by_path and new in site.by_path
    before = site.at(site.by_path[new].published - timedelta(minutes=1))
    assert old in before.by_path and new not in before.by_path and not before.redirects
    assert site.by_path[new].body_text == before.by_path[old].body_text


def test_a_portal_too_small_for_its_date_forms_is_refused_with_the_least_size(monkeypatch):
    """``bench/crawl_speed.py --serve 20`` raised an IndexError from deep in the builder's draws."""
    import demoportal.site as site_module

    monkeypatch.setattr(site_module, "ARTICLE_COUNT", site_module.MIN_ARTICLE_COUNT - 1)
    with pytest.raises(ValueError, match=f"at least {site_module.MIN_ARTICLE_COUNT} posts"):
        build_site()
    monkeypatch.setattr(site_module, "ARTICLE_COUNT", site_module.MIN_ARTICLE_COUNT)
    assert len(build_site().articles) >= site_module.MIN_ARTICLE_COUNT
