"""A closing signature that opens with asterisks (``(***)``, ``(*/Tribun-Medan.com)``, ``(***/Fajar
Nugraha)``: a regional desk's or a contributor's mark under the story) is a reporter code like ``(pia)``
and ``(ant/pia)``: it leaves the body for ``reporterCodes``, after a finished sentence or not, alone in its
paragraph or closing the last one; and such a last paragraph is no photo caption."""

from __future__ import annotations

import pytest

from crawler.extract import extract_article
from crawler.extract.byline import split_reporter_code
from crawler.profiles import load_profile
from tests.unit.test_clean_body import P1, P2, URL, page

GENERIC_URL = "https://kabarkota.id/2025/06/18/contoh-berita/"


@pytest.mark.parametrize(
    ("code", "flat"),
    [
        ("(***)", "***"),
        ("(***/Fajar)", "***/Fajar"),
        ("(*/Fajar Nugraha)", "*/Fajar Nugraha"),
        ("(** / Rina)", "**/Rina"),
        ("(*/Tribun-Medan.com)", "*/Tribun-Medan.com"),
        ("(***/fjr)", "***/fjr"),
    ],
)
@pytest.mark.parametrize("alone", [False, True])
def test_a_starred_signature_leaves_the_body(code: str, flat: str, alone: bool) -> None:
    content = f"<p>{P1}</p><p>{P2}</p><p>{code}</p>" if alone else f"<p>{P1}</p><p>{P2} {code}</p>"
    for item in (
        extract_article(page(content), URL, load_profile("jagatbisnis")),
        extract_article(page(content), GENERIC_URL),
    ):
        assert (item["articleBody"], item["reporterCodes"]) == (f"{P1}\n\n{P2}", [flat])


@pytest.mark.parametrize(
    "text",
    [
        "Harga naik 5 persen (*/ketentuan berlaku) setelah itu",
        "Nilai tukar naik (2*3/4)",
        "Lihat catatan kaki (*)",
    ],
)
def test_stars_that_are_no_signature_stay(text: str) -> None:
    rest, code = split_reporter_code(text)
    assert code is None or code == "*"
    assert rest.startswith(text.split(" (", 1)[0])


def test_a_starred_signature_is_cut_even_after_an_unfinished_sentence() -> None:
    assert split_reporter_code("dan pihaknya terus memantau (***/Fajar)") == (
        "dan pihaknya terus memantau",
        "***/Fajar",
    )


LONG_LAST = (
    "Ia menambahkan bahwa pemerintah daerah akan terus memantau perkembangan harga di pasar tradisional dan "
    "pasar modern hingga akhir tahun ini, termasuk harga beras, cabai, bawang merah dan minyak goreng."
)


@pytest.mark.parametrize("credit", ["(Tribunjabar.id/Nazmi Abdurrahman)", "(Kompas.com/ Garry Lotulung)"])
def test_a_site_and_writer_signature_after_the_last_sentence_is_a_code(credit: str) -> None:
    content = f"<p>{P1}</p><p>{LONG_LAST} {credit}</p>"
    item = extract_article(page(content), GENERIC_URL)
    assert item["articleBody"] == f"{P1}\n\n{LONG_LAST}"
    assert item["reporterCodes"] == [credit.strip("()").replace("/ ", "/")]


def test_a_site_credit_inside_an_unfinished_sentence_stays() -> None:
    text = "Data itu dikutip dari laporan harian (Tribunjabar.id/Arsip Redaksi)"
    assert split_reporter_code(text) == (text, None)


@pytest.mark.parametrize(
    "last",
    [
        "Kami akan terus memantau harga di pasar, ujarnya. (Tribunjabar.id/Nazmi Abdurrahman)",
        '"Kami akan terus memantau harga di pasar," kata dia. (Tribunjabar.id/Nazmi Abdurrahman)',
        '"Kami akan terus memantau harga di pasar." (Tribunjabar.id/Nazmi Abdurrahman)',
    ],
)
def test_a_short_closing_quote_with_the_desks_signature_is_no_photo_caption(last: str) -> None:
    item = extract_article(page(f"<p>{P1}</p><p>{last}</p>"), GENERIC_URL)
    kept = last.rsplit(" (", 1)[0]
    assert (item["articleBody"], item["reporterCodes"]) == (
        f"{P1}\n\n{kept}",
        ["Tribunjabar.id/Nazmi Abdurrahman"],
    )


def test_a_caption_with_its_photo_credit_is_still_dropped() -> None:
    caption = (
        "Suasana rapat paripurna di Gedung DPR, Jakarta, Selasa (28/5/2025). (Tribunnews.com/Irwan Rismawan)"
    )
    item = extract_article(page(f"<p>{P1}</p><p>{caption}</p><p>{P2}</p>"), GENERIC_URL)
    assert item["articleBody"] == f"{P1}\n\n{P2}"
