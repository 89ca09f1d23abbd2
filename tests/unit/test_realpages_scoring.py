"""The scoring rules of bench/realpages.py on hand-made cases: the measuring stick is code too."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bench.realpages import (
    ALL_FIELDS,
    FIELDS,
    MISSING,
    RealPage,
    date_right,
    expected_language,
    field_right,
    figures,
    minute_right,
    page_marks,
    prediction_of,
)

TRUTH = {
    "url": "http://nasional.example.co.id/read/2016/02/16/14382361/Judul.Berita",
    "headline": "Menteri  Ancam PNS",
    "authors": ["Nabilla Tashandra", "DINI TEJA"],
    "authorsOrg": [],
    "editors": ["Bayu Galih"],
    "datePublished": "2016-02-16T14:38:00+07:00",
    "section": "Nasional",
    "tags": ["Forest Fire", "gunung rinjani"],
    "dateline": "JAKARTA",
    "reporterCode": "kpl/pur",
    "kind": "article",
    "articleBody": ["Paragraf pertama berita ini cukup panjang.", "Paragraf kedua juga cukup panjang."],
}
RIGHT = {
    "headline": "Menteri Ancam\nPNS",
    "authors": ["DINI TEJA", "Nabilla Tashandra", "DINI TEJA"],
    "authorsOrg": [],
    "editors": ["Bayu Galih"],
    "datePublished": "2016-02-16T14:38:00+07:00",
    "section": "NASIONAL",
    "tags": ["gunung Rinjani", "forest fire"],
    "dateline": "JAKARTA",
    "reporterCode": "kpl/pur",
    "inLanguage": "id-ID",
    "kind": "article",
    "articleBody": "Paragraf pertama berita ini cukup panjang.\n\nParagraf kedua juga cukup panjang.",
}


def test_every_field_of_a_right_prediction_is_right_whatever_the_order_spacing_and_label_case():
    assert page_marks(TRUTH, RIGHT) == dict.fromkeys(FIELDS, True)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("headline", "menteri ancam pns"),  # a title's case is part of it
        ("headline", "Menteri Ancam PNS - Example"),
        ("authors", ["Dini Teja", "Nabilla Tashandra"]),  # printed in capitals
        ("authors", ["Nabilla Tashandra"]),
        ("authors", "Nabilla Tashandra, DINI TEJA"),  # a string is not a list of names
        ("editors", []),
        ("authorsOrg", ["Kompas Cyber Media"]),
        ("section", "Home"),
        ("tags", ["Forest Fire"]),
        ("dateline", "JAKARTA, KOMPAS.com"),
        ("dateline", "Jakarta"),
        ("reporterCode", "kpl"),
        ("reporterCode", None),
        ("inLanguage", "en"),
        ("kind", "gallery"),
    ],
)
def test_one_wrong_value_is_wrong(field, value):
    assert not field_right(field, TRUTH, {**RIGHT, field: value})


@pytest.mark.parametrize("field", ALL_FIELDS)
def test_a_field_the_extractor_does_not_produce_is_wrong_even_where_the_truth_is_empty(field):
    empty_truth = {
        **TRUTH,
        "authorsOrg": [],
        "dateline": None,
        "reporterCode": None,
        "section": None,
        "tags": [],
    }
    assert not field_right(field, empty_truth, {**RIGHT, field: MISSING})
    assert not field_right(field, empty_truth, {k: v for k, v in RIGHT.items() if k != field})


def test_an_empty_truth_is_met_by_none_and_empty_lists():
    truth = {**TRUTH, "section": None, "dateline": None, "tags": [], "editors": []}
    got = {**RIGHT, "section": None, "dateline": "", "tags": [], "editors": []}
    assert all(field_right(f, truth, got) for f in ("section", "dateline", "tags", "editors"))
    assert not field_right("section", truth, {**got, "section": "Berita"})


@pytest.mark.parametrize(
    ("got", "exact", "minute"),
    [
        ("2016-02-16T14:38:00+07:00", True, True),
        ("2016-02-16T07:38:00Z", False, True),  # the same instant, not written in the page's zone
        ("2016-02-16T07:38:00+00:00", False, True),
        ("2016-02-16T14:38:59+07:00", False, True),  # the seconds are wrong, the minute is right
        ("2016-02-16T14:38:00", False, True),  # no offset: read in the truth's for the minute
        ("2016-02-16T14:39:00+07:00", False, False),
        ("2016-02-16T14:38:00Z", False, False),  # a false Z: seven hours off
        ("2016-02-16T00:00:00+07:00", False, False),  # an invented midnight
        ("2016-02-16", False, False),  # a day where the page shows the time
        (None, False, False),
        ("16 Februari 2016", False, False),
        (MISSING, False, False),
    ],
)
def test_date_time_truth(got, exact, minute):
    truth = "2016-02-16T14:38:00+07:00"
    assert date_right(truth, got) is exact
    assert minute_right(truth, got) is minute


@pytest.mark.parametrize(
    ("got", "precision", "exact", "minute"),
    [
        ("2016-02-16", None, True, True),
        ("2016-02-16T00:00:00+07:00", "day", True, True),  # a date-time marked as known to the day
        ("2016-02-16T00:00:00+07:00", None, False, True),  # midnight made up for it
        ("2016-02-16T09:10:00+07:00", None, False, True),
        ("2016-02-15", None, False, False),
        (None, None, False, False),
    ],
)
def test_day_only_truth(got, precision, exact, minute):
    assert date_right("2016-02-16", got, precision) is exact
    assert minute_right("2016-02-16", got, precision) is minute


def test_a_missing_date_is_right_only_where_the_truth_has_none():
    assert date_right(None, None) and minute_right(None, "")
    assert not date_right(None, "2016-02-16T14:38:00+07:00")
    assert not date_right(None, MISSING)


def test_the_precision_field_reaches_the_date_rules():
    truth = {**TRUTH, "datePublished": "2016-02-16"}
    got = {**RIGHT, "datePublished": "2016-02-16T00:00:00+07:00"}
    assert not field_right("datePublished", truth, got)
    assert field_right("datePublished", truth, {**got, "datePublishedPrecision": "day"})


def test_the_language_truth_is_english_on_an_english_edition_and_indonesian_elsewhere():
    assert expected_language({"url": "http://en.tempo.co/read/news/2015/11/04/1,uk.html/X"}) == "en"
    assert expected_language({"url": "http://gaya.tempo.co/read/news/2015/11/05/1/x"}) == "id"
    assert expected_language({"url": "http://x.example/a", "inLanguage": "jv"}) == "jv"
    english = {**TRUTH, "url": "http://en.tempo.co/read/news/1"}
    assert field_right("inLanguage", english, {"inLanguage": "en_US"})
    assert not field_right("inLanguage", english, {"inLanguage": "id"})
    assert not field_right("inLanguage", english, {"inLanguage": None})


def test_prediction_of_reads_items_and_exported_lines_before_and_after_a_field_is_added():
    old_item = SimpleNamespace(headline="H", authors=["A"], articleBody="B")
    assert prediction_of(old_item)["headline"] == "H"
    assert prediction_of(old_item)["editors"] is MISSING
    assert prediction_of({"headline": "H", "editors": []})["editors"] == []
    assert prediction_of({"headline": "H"})["kind"] is MISSING
    # the item lists its reporter codes; the truth writes them as one string
    assert prediction_of({"reporterCodes": ["kpl/pur/tch"]})["reporterCode"] == "kpl/pur/tch"
    assert prediction_of(SimpleNamespace(reporterCodes=[]))["reporterCode"] is None
    assert prediction_of({"headline": "H"})["reporterCode"] is MISSING


def _page(page_id: str, truth: dict) -> RealPage:
    return RealPage(id=page_id, url=truth["url"], portal="example", raw=b"", truth=truth)


def test_figures_count_fields_bodies_and_leaks_over_every_page():
    gallery = {**TRUTH, "kind": "gallery", "articleBody": None}
    pages = [_page("a", TRUTH), _page("b", gallery), _page("c", TRUTH)]
    leaking = {**RIGHT, "articleBody": RIGHT["articleBody"] + "\n\nBaca juga: Berita lain"}
    result = figures(pages, [RIGHT, {**RIGHT, "kind": "gallery", "articleBody": ""}, None])
    # page c was not extracted: every field wrong there, and its body counts as empty
    assert result["headline"] == round(2 / 3, 4)
    assert result["all_fields"] == round(2 / 3, 4)
    assert result["body_f1"] == pytest.approx(2 * 1.0 * 0.5 / 1.5, abs=1e-4)  # precision 1, recall 1/2
    assert result["leaks"] == 0
    assert figures(pages[:1], [leaking])["leaks"] == 1
    assert list(result)[:12] == [
        "headline",
        "authors",
        "editors",
        "datePublished",
        "dateMinute",
        "section",
        "tags",
        "dateline",
        "inLanguage",
        "all_fields",
        "body_f1",
        "leaks",
    ]


def test_the_bench_runs_offline():
    import socket

    from bench.realpages import offline

    saved = socket.socket.connect, socket.getaddrinfo
    with offline():
        with pytest.raises(OSError, match="offline"):
            socket.create_connection(("127.0.0.1", 9), timeout=1)
        with socket.socket() as sock, pytest.raises(OSError, match="offline"):
            sock.connect(("127.0.0.1", 9))
    assert (socket.socket.connect, socket.getaddrinfo) == saved
