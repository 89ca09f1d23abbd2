"""``scrapy crawl <portal>`` works for every shipped profile: the real command, pointed with ``-a base_url``
and ``-a url`` at the portal's fixture page served on 127.0.0.1, exports the article the fixture holds."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import read_jsonl, run_crawl

PORTALS = Path(__file__).parents[1] / "fixtures" / "portals"
FIXTURED = sorted(p.name for p in PORTALS.iterdir() if (p / "expected.json").is_file())


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def fixture_server() -> Iterator[str]:
    """The fixture pages on a free loopback port, as a portal would serve them."""
    handler = functools.partial(_QuietHandler, directory=str(PORTALS))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("name", FIXTURED)
def test_scrapy_crawl_portal_exports_the_fixture_article(
    name: str, fixture_server: str, tmp_path: Path
) -> None:
    expected = json.loads((PORTALS / name / "expected.json").read_text(encoding="utf-8"))
    out = tmp_path / "items.jsonl"
    url = f"{fixture_server}/{name}/article.html"
    result = run_crawl(
        name,
        "-a",
        f"base_url={fixture_server}",
        "-a",
        f"url={url}",
        "-O",
        str(out),
        data_dir=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    [item] = read_jsonl(out)
    assert item["portal"] == name
    assert item["extractedBy"] == "profile"
    assert item["headline"] == expected["headline"]
    assert item["articleBody"] == "\n\n".join(expected["paragraphs"])
    assert item["datePublished"] == expected["datePublished"]
    assert item["dateline"] == expected["dateline"]
    assert item["reporterCodes"] == expected["reporterCodes"]
