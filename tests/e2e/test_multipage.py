"""Articles split over pages (WordPress ``<!--nextpage-->``: ``/slug/2/``) become one item each."""

from __future__ import annotations

from tests.conftest import read_jsonl, run_crawl


def test_split_articles_are_merged_into_one_item(tmp_path):
    from demoportal.server import DemoServer
    from demoportal.site import build_site
    from demoportal.truth import expected_items

    site = build_site(split_pages=True)
    split = [a for a in site.articles if a.page_breaks]
    assert len(split) == 3
    with DemoServer(split_pages=True, slow_delay=0) as server:
        out = tmp_path / "articles.jsonl"
        result = run_crawl(
            "jagatbisnis", "-a", f"base_url={server.base_url}", "-O", str(out), data_dir=tmp_path
        )
        assert result.returncode == 0, result.stderr[-3000:]
        truth = {i["canonicalUrl"]: i for i in expected_items(site, server.base_url)}
        served = {entry["path"] for entry in server.requests}
    items = {i["canonicalUrl"]: i for i in read_jsonl(out)}
    assert set(items) == set(truth)
    for article in split:
        url = server.base_url + article.path
        assert items[url]["articleBody"] == truth[url]["articleBody"]
        assert items[url]["reporterCodes"] == truth[url]["reporterCodes"]
        assert f"{article.path}2/" in served  # the rest of the article was fetched, not guessed
    assert "warta/pagination/merged_articles': 3" in result.stderr
