"""Field accuracy on real pages: Warta against trafilatura and newspaper4k, field by field.

Run: .venv/bin/python bench/realpages.py [--pages DIR] [--verbose]
Reads ``../shared/real-pages`` (article pages, ``truth.json``; its README gives the truth conventions),
extracts every page with each extractor from the HTML given (nothing is downloaded: the run refuses every
socket connection), and scores each field under the rules below. Prints one table of per-field accuracy,
with ``--verbose`` every wrong value page by page, and ends with one JSON line: Warta's figures at the top
level and every extractor's under its own key.

Scoring rules (``field_right``); a field an extractor does not produce (an attribute the item does not
have yet, a field the library has no notion of) is MISSING and wrong, even where the truth is empty:
- ``headline``, ``dateline``, ``reporterCode``: equal after Unicode NFC and whitespace folding; case counts
  (a title and a place name have a printed form). ``reporterCode`` is the item's ``reporterCodes`` joined
  with ``/`` (``kpl/pur/tch``), None when it lists none.
- ``authors``, ``authorsOrg``, ``editors``: the same set of names after whitespace folding; order and
  repeats do not count, case does (``DINI TEJA`` is printed so).
- ``datePublished``: the exact value at the truth's precision: a date-time truth needs the same instant
  to the second written with the same UTC offset; a day-only truth (``YYYY-MM-DD``) needs that day and no
  invented time: a day-only value, or a date-time marked ``datePublishedPrecision: "day"``.
- ``dateMinute``: the same instant to the minute, whatever offset it is written in (a value without
  offset is read in the truth's offset); for a day-only truth, the same day.
- ``section``: equal after whitespace folding, case-insensitive: channel labels are styled in capitals
  on one page and in title case in the meta of the next, and the name is the same.
- ``tags``: the same set after whitespace folding, case-insensitive, order and repeats ignored: tags
  are shown in the case a stylesheet gives them and kept in keywords metadata in lower case.
- ``inLanguage``: the same primary language subtag (``id-ID`` is ``id``); the truth is ``inLanguage``
  from truth.json where given, else ``en`` for a host starting with ``en.`` (Tempo English), else ``id``.
- ``kind``: equal (``article``, ``gallery``, ``press-release``).
``all_fields`` is the share of right values over ``ALL_FIELDS`` (every field above but ``dateMinute``,
which rereads ``datePublished``) on every page. ``body_f1`` is the AEB metric
(bench/support/aeb_metric.py) over the pages whose truth has a body (galleries have none); ``leaks``
counts pages whose extracted body holds an insert or ad marker (``crawler.vocabulary.leak_in``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import socket
import sys
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.support.aeb_metric import score  # noqa: E402

DEFAULT_PAGES = REPO.parent / "shared" / "real-pages"


class _Missing:
    """A field the extractor does not produce: wrong whatever the truth is."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

# The fields scored, in table order; ``dateMinute`` is ``datePublished`` read to the minute.
FIELDS = (
    "headline",
    "authors",
    "authorsOrg",
    "editors",
    "datePublished",
    "dateMinute",
    "section",
    "tags",
    "dateline",
    "reporterCode",
    "inLanguage",
    "kind",
)
ALL_FIELDS = tuple(f for f in FIELDS if f != "dateMinute")
# What a prediction carries: the scored fields (``dateMinute`` comes from ``datePublished``), the date's
# precision where the extractor states it, and the body.
PREDICTED = (*(f for f in ALL_FIELDS if f != "reporterCode"), "datePublishedPrecision", "articleBody")
# The keys of the closing JSON line of each extractor, the list first.
JSON_KEYS = (
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
    "authorsOrg",
    "kind",
    "reporterCode",
)

Prediction = dict[str, Any]


# ---- the pages ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RealPage:
    """One saved article page and its truth."""

    id: str
    url: str
    portal: str
    raw: bytes
    truth: dict[str, Any]

    @property
    def html(self) -> str:
        """The page decoded with the charset it declares (UTF-8 where it declares none), as a browser
        would: a page that declares ISO-8859-1 over UTF-8 bytes keeps its mojibake."""
        from w3lib.encoding import html_body_declared_encoding

        return self.raw.decode(html_body_declared_encoding(self.raw) or "utf-8", errors="replace")

    @property
    def path(self) -> str:
        """The URL's path: where the page is served in the end-to-end crawl."""
        return urlsplit(self.url).path or "/"


def load_pages(directory: Path = DEFAULT_PAGES) -> list[RealPage]:
    """Every page of truth.json, in id order."""
    truth = json.loads((directory / "truth.json").read_text(encoding="utf-8"))
    return [
        RealPage(
            id=page_id,
            url=fields["url"],
            portal=fields["portal"],
            raw=gzip.decompress((directory / "pages" / f"{page_id}.html.gz").read_bytes()),
            truth=fields,
        )
        for page_id, fields in sorted(truth.items())
    ]


def expected_language(truth: Mapping[str, Any]) -> str:
    """The truth's language: its own ``inLanguage``, else ``en`` on an English edition's host."""
    if truth.get("inLanguage"):
        return truth["inLanguage"]
    host = urlsplit(truth.get("url", "")).hostname or ""
    return "en" if host.startswith("en.") else "id"


def expected_body(truth: Mapping[str, Any]) -> str | None:
    """The truth's paragraphs as one text, or None where the page has no trustworthy body."""
    body = truth.get("articleBody")
    if body is None:
        return None
    return "\n\n".join(body) if isinstance(body, list) else str(body)


# ---- the scoring rules --------------------------------------------------------------------------------
def fold(text: str) -> str:
    """NFC, whitespace runs as one space, no outer spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _same_text(truth: Any, got: Any, *, case: bool = True) -> bool:
    if got is MISSING:
        return False
    if truth is None or got is None:
        return truth is None and (got is None or not fold(str(got)))
    a, b = fold(str(truth)), fold(str(got))
    return a == b if case else a.casefold() == b.casefold()


def _same_set(truth: Any, got: Any, *, case: bool) -> bool:
    if got is MISSING or got is None or isinstance(got, str):
        return False

    def names(values: Any) -> set[str]:
        folded = (fold(str(v)) for v in values or ())
        return {v if case else v.casefold() for v in folded if v}

    return names(truth) == names(got)


def _parse_when(value: Any) -> datetime | date | None:
    """A date-time, a day (``YYYY-MM-DD``), or None when the value is neither."""
    if isinstance(value, datetime | date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if len(text) == 10:
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def date_right(truth: Any, got: Any, precision: Any = None) -> bool:
    """``datePublished``: the exact value at the truth's precision (see the module docstring)."""
    if got is MISSING:
        return False
    want, have = _parse_when(truth), _parse_when(got)
    if want is None or have is None:
        return want is None and have is None and not got
    if not isinstance(want, datetime):  # a day: that day, and no time made up for it
        if isinstance(have, datetime):
            return precision == "day" and have.date() == want
        return have == want
    if not isinstance(have, datetime) or have.tzinfo is None:
        return False
    return have == want and have.utcoffset() == want.utcoffset()


def minute_right(truth: Any, got: Any, precision: Any = None) -> bool:
    """``dateMinute``: the same instant to the minute in any offset; a day-only truth, the same day."""
    if got is MISSING:
        return False
    want, have = _parse_when(truth), _parse_when(got)
    if want is None or have is None:
        return want is None and have is None and not got
    if not isinstance(want, datetime):
        return (have.date() if isinstance(have, datetime) else have) == want
    if not isinstance(have, datetime) or precision == "day":
        return False
    if have.tzinfo is None:
        have = have.replace(tzinfo=want.tzinfo)
    return _minute(have) == _minute(want)


def _minute(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(second=0, microsecond=0)


def language_right(truth: str, got: Any) -> bool:
    if got is MISSING or not isinstance(got, str) or not got.strip():
        return False
    return got.strip().replace("_", "-").split("-")[0].lower() == truth.lower()


def field_right(name: str, truth: Mapping[str, Any], predicted: Mapping[str, Any]) -> bool:
    """Whether the extractor's value of one field is right for this page's truth."""
    if name == "dateMinute":
        got = predicted.get("datePublished", MISSING)
        return minute_right(truth.get("datePublished"), got, predicted.get("datePublishedPrecision"))
    got = predicted.get(name, MISSING)
    if name == "datePublished":
        return date_right(truth.get(name), got, predicted.get("datePublishedPrecision"))
    if name in ("authors", "authorsOrg", "editors"):
        return _same_set(truth.get(name), got, case=True)
    if name == "tags":
        return _same_set(truth.get(name), got, case=False)
    if name == "section":
        return _same_text(truth.get(name), got, case=False)
    if name == "inLanguage":
        return language_right(expected_language(truth), got)
    return _same_text(truth.get(name), got)


def page_marks(truth: Mapping[str, Any], predicted: Mapping[str, Any] | None) -> dict[str, bool]:
    """Every field of one page, right or wrong; a page not extracted at all has every field wrong."""
    return {name: predicted is not None and field_right(name, truth, predicted) for name in FIELDS}


def figures(pages: list[RealPage], predictions: list[Prediction | None]) -> dict[str, Any]:
    """The closing-line figures of one extractor over the pages (a None prediction: page not extracted)."""
    from crawler.vocabulary import leak_in

    marks = [page_marks(p.truth, got) for p, got in zip(pages, predictions, strict=True)]
    result: dict[str, Any] = {
        name: round(sum(m[name] for m in marks) / len(marks), 4) if marks else 0.0 for name in FIELDS
    }
    right = sum(m[name] for m in marks for name in ALL_FIELDS)
    result["all_fields"] = round(right / (len(marks) * len(ALL_FIELDS)), 4) if marks else 0.0
    bodies = [
        (expected, _body(got))
        for p, got in zip(pages, predictions, strict=True)
        if (expected := expected_body(p.truth)) is not None
    ]
    result["body_f1"] = round(score(bodies).f1, 4) if bodies else 0.0
    result["leaks"] = sum(1 for got in predictions if leak_in(_body(got)) is not None)
    return {key: result[key] for key in JSON_KEYS}


def _body(predicted: Mapping[str, Any] | None) -> str:
    body = (predicted or {}).get("articleBody", MISSING)
    return body if isinstance(body, str) else ""


def prediction_of(item: Any) -> Prediction:
    """The scored fields of a Warta item or of an exported line (a dict); absent ones are MISSING, so
    this reads items before and after a field is added."""
    if isinstance(item, Mapping):
        predicted = {name: item.get(name, MISSING) for name in PREDICTED}
        codes = item.get("reporterCodes", MISSING)
    else:
        predicted = {name: getattr(item, name, MISSING) for name in PREDICTED}
        codes = getattr(item, "reporterCodes", MISSING)
    # the truth writes a page's codes as one string ("kpl/pur/tch"), the item lists them
    predicted["reporterCode"] = codes if codes is MISSING else "/".join(codes) or None
    return predicted


# ---- the extractors -----------------------------------------------------------------------------------
Extractor = Callable[[RealPage], Prediction]


def warta(profiles: bool) -> Extractor:
    """``crawler.extract.extract_article``, with the shipped profile covering the page's host (as the
    portal's spider and the ``portal`` spider do) or, with ``profiles=False``, on the generic path: no
    profile at all, what a portal nobody wrote a profile for meets."""
    from crawler.extract import extract_article
    from crawler.profiles import profile_for_url

    def run(page: RealPage) -> Prediction:
        if profiles:
            return prediction_of(extract_article(page.html, page.url, profile_for_url(page.url)))
        with no_profile_lookup():
            return prediction_of(extract_article(page.html, page.url, None))

    return run


@contextmanager
def no_profile_lookup() -> Iterator[None]:
    """``extract`` given no profile looks one up by the URL's host (``crawler.profiles.profile_for_url``);
    meanwhile that lookup finds none, so the generic column is the generic path on the real URLs."""
    from crawler.extract import article

    saved = article.profile_for_url
    article.profile_for_url = lambda url: None
    try:
        yield
    finally:
        article.profile_for_url = saved


def trafilatura_extractor() -> Extractor:
    """trafilatura with its metadata, its dates to the second where it finds a time."""
    import trafilatura

    dates = {"outputformat": "%Y-%m-%dT%H:%M:%S", "original_date": True, "extensive_search": True}

    def run(page: RealPage) -> Prediction:
        doc = trafilatura.bare_extraction(
            page.html, url=page.url, with_metadata=True, include_comments=False, date_extraction_params=dates
        )
        if doc is None:
            return {}
        return {
            "headline": doc.title,
            "authors": [a.strip() for a in (doc.author or "").split(";") if a.strip()],
            "datePublished": doc.date,
            "section": (doc.categories or [None])[0],
            "tags": doc.tags or [],
            "inLanguage": doc.language,
            "articleBody": doc.text or "",
        }

    return run


def newspaper_extractor() -> Extractor:
    """newspaper4k on the HTML given (``download(input_html=…)``), set up for Indonesian, fetching no
    image and following no refresh or read-more link."""
    import logging
    import warnings

    with warnings.catch_warnings():  # "nltk is not installed": its NLP step is not used here
        warnings.simplefilter("ignore")
        from newspaper import Article
    logging.getLogger("newspaper").setLevel(logging.ERROR)

    def run(page: RealPage) -> Prediction:
        article = Article(page.url, language="id", fetch_images=False, follow_meta_refresh=False)
        article.download(input_html=page.html, ignore_read_more=True)
        article.parse()
        meta = article.meta_data.get("article") if isinstance(article.meta_data, dict) else None
        published = article.publish_date
        return {
            "headline": article.title or None,
            "authors": list(article.authors),
            "datePublished": published.isoformat() if published else None,
            "section": meta.get("section") if isinstance(meta, dict) else None,
            "tags": sorted(article.tags or ()) or [k for k in article.meta_keywords or () if k.strip()],
            "inLanguage": article.meta_lang or None,
            "articleBody": article.text or "",
        }

    return run


@contextmanager
def offline() -> Iterator[None]:
    """No socket may connect or resolve a name meanwhile: every extractor reads only the HTML given."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("bench/realpages.py runs offline")

    saved = socket.socket.connect, socket.getaddrinfo
    socket.socket.connect, socket.getaddrinfo = refuse, refuse  # type: ignore[assignment]
    try:
        yield
    finally:
        socket.socket.connect, socket.getaddrinfo = saved  # type: ignore[assignment]


def run_extractor(name: str, extractor: Extractor, pages: list[RealPage]) -> list[Prediction | None]:
    """Predictions page by page; a page the extractor fails on is None (every field wrong)."""
    predictions: list[Prediction | None] = []
    for page in pages:
        try:
            predictions.append(extractor(page))
        except Exception as error:  # a library failing on one page must not end the run
            print(f"  {name}: {page.id}: {type(error).__name__}: {error}", file=sys.stderr)
            predictions.append(None)
    return predictions


# ---- the report ---------------------------------------------------------------------------------------
def print_table(rows: dict[str, dict[str, Any]], pages: int) -> None:
    names = list(rows)
    print(f"\nField accuracy on {pages} real pages (share of pages right; leaks: pages)")
    print(f"{'field':<16}" + "".join(f"{n:>16}" for n in names))
    for key in (*FIELDS, "all_fields", "body_f1", "leaks"):
        print(f"{key:<16}" + "".join(f"{rows[n][key]:>16}" for n in names))


def print_mistakes(name: str, pages: list[RealPage], predictions: list[Prediction | None]) -> None:
    print(f"\nMistakes of {name}")
    for page, got in zip(pages, predictions, strict=True):
        if got is None:
            print(f"  {page.id}: not extracted")
            continue
        wrong = [f for f, right in page_marks(page.truth, got).items() if not right]
        for field in wrong:
            truth_value = (
                expected_language(page.truth)
                if field == "inLanguage"
                else page.truth.get("datePublished" if field == "dateMinute" else field)
            )
            value = got.get("datePublished" if field == "dateMinute" else field, MISSING)
            print(f"  {page.id} {field}: got {value!r}, truth {truth_value!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--verbose", action="store_true", help="list every wrong value, page by page")
    args = parser.parse_args()

    pages = load_pages(args.pages)
    print(f"real pages: {len(pages)} from {args.pages}")
    extractors = {
        "warta": warta(profiles=True),
        "warta_generic": warta(profiles=False),
        "trafilatura": trafilatura_extractor(),
        "newspaper4k": newspaper_extractor(),
    }
    with offline():
        predictions = {name: run_extractor(name, run, pages) for name, run in extractors.items()}
    rows = {name: figures(pages, got) for name, got in predictions.items()}
    print_table(rows, len(pages))
    if args.verbose:
        for name, got in predictions.items():
            print_mistakes(name, pages, got)
    print(json.dumps({**rows["warta"], "pages": len(pages), **rows}))


if __name__ == "__main__":
    main()
