"""The WordPress REST API's posts route, ``/wp-json/wp/v2/posts``, as WordPress answers it.

Another discovery path a crawler may use: newest first, ``per_page`` (1-100, default 10) and ``page``,
totals in ``X-WP-Total`` / ``X-WP-TotalPages``, a 400 ``rest_post_invalid_page_number`` past the end.
"""

from __future__ import annotations

import json
import math
from datetime import UTC

from .model import Article
from .themes.base import body_html

MAX_PER_PAGE = 100


def _post(site, a: Article, base: str, cat_ids: dict[str, int], tag_ids: dict[str, int]) -> dict:
    local, modified = a.local_published, (a.modified or a.published)
    return {
        "id": a.id,
        "date": local.strftime("%Y-%m-%dT%H:%M:%S"),
        "date_gmt": a.published.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        "modified": modified.astimezone(local.tzinfo).strftime("%Y-%m-%dT%H:%M:%S"),
        "modified_gmt": modified.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        "slug": a.slug,
        "status": "publish",
        "type": "post",
        "link": base + a.path,
        "title": {"rendered": a.headline},
        "content": {"rendered": body_html(a), "protected": False},
        "excerpt": {"rendered": f"<p>{a.description}</p>\n", "protected": False},
        "author": list(site.authors).index(a.authors[0].slug) + 1 if a.authors[0].slug in site.authors else 0,
        "categories": [cat_ids[a.category.slug]],
        "tags": [tag_ids[t.slug] for t in a.tags],
    }


def posts(site, base: str, query: dict[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and JSON body for ``/wp-json/wp/v2/posts`` with ``query``."""
    try:
        per_page = int(query.get("per_page", ["10"])[0])
        page = int(query.get("page", ["1"])[0])
    except ValueError:
        return _error(400, "rest_invalid_param", "Parameter tidak valid: per_page, page")
    if not 1 <= per_page <= MAX_PER_PAGE or page < 1:
        return _error(400, "rest_invalid_param", "Parameter tidak valid: per_page, page")
    newest = site.newest_first
    total_pages = max(1, math.ceil(len(newest) / per_page))
    if page > total_pages:
        return _error(
            400,
            "rest_post_invalid_page_number",
            "Nomor halaman yang diminta lebih besar dari jumlah halaman.",
        )
    cat_ids = {slug: n for n, slug in enumerate(site.categories, start=1)}
    tag_ids = {slug: n for n, slug in enumerate(sorted(site.tags), start=100)}
    chunk = newest[(page - 1) * per_page : page * per_page]
    body = json.dumps([_post(site, a, base, cat_ids, tag_ids) for a in chunk], ensure_ascii=False)
    headers = {"X-WP-Total": str(len(newest)), "X-WP-TotalPages": str(total_pages)}
    return 200, headers, body.encode("utf-8")


def _error(status: int, code: str, message: str) -> tuple[int, dict[str, str], bytes]:
    body = {"code": code, "message": message, "data": {"status": status}}
    return status, {}, json.dumps(body, ensure_ascii=False).encode("utf-8")
