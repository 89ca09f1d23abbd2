"""``scrapy parse --spider=NAME URL``: Scrapy's, keeping no records; the page is read by the spider's
``parse`` callback (an article page), on its own host.

A page off the profile's hosts points the profile at the page's origin, unless ``-a base_url=`` says
where the portal is: a page elsewhere then is a usage error, not a request the off-site filter drops.
Scrapy's command answers each response with a Deferred, which Scrapy itself deprecates in callbacks (a
warning on every run); it is awaited here instead.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import urlsplit

from scrapy import Spider
from scrapy.commands.parse import Command as ScrapyParse
from scrapy.exceptions import UsageError
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future

from crawler.commands.looking import LooksAtPage
from crawler.profiles import is_portal_spider
from crawler.urls import same_site, site_origins

AwaitedCallback = Callable[..., Coroutine[Any, Any, Any]]


def awaited(callback: Callable[..., Any]) -> AwaitedCallback:
    """The command's callback as a coroutine that awaits the Deferred it returns."""

    @functools.wraps(callback)
    async def awaiting(response: Response, **kwargs: Any) -> Any:
        return await maybe_deferred_to_future(callback(response, **kwargs))

    return awaiting


class Command(LooksAtPage, ScrapyParse):
    """Prints the items and requests the spider makes of one page."""

    def set_spidercls(self, url: str, opts: argparse.Namespace) -> None:
        super().set_spidercls(url, opts)
        base_url = opts.spargs.get("base_url")
        if not (base_url and self.spidercls and is_portal_spider(self.spidercls)):
            return
        try:
            site = site_origins(base_url, (urlsplit(base_url).hostname or "",))
        except ValueError:
            return  # not an http(s) URL: the spider refuses it with its own message
        if not same_site(url, site):
            raise UsageError(f"{url} is not on -a base_url={base_url}; leave base_url out to read it there")

    def prepare_request(self, spider: Spider, request: Request, opts: argparse.Namespace) -> Request:
        request = super().prepare_request(spider, request, opts)
        assert request.callback is not None
        request.callback = awaited(request.callback)
        return request

    def scraped_data(self, args: tuple[Any, ...]) -> list[Any]:
        """Scrapy's, with the requests of the next depth level answered by the awaited callback too."""
        *rest, callback = args
        return super().scraped_data((*rest, awaited(callback)))  # type: ignore[arg-type]
