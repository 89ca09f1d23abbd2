"""``scrapy check`` contracts for spiders made from profiles (``SPIDER_CONTRACTS``).

Scrapy's ``@url`` fixes a URL in a docstring, but every portal spider shares one ``parse`` docstring, and
``@scrapes`` only asks whether an item has a field, which a dataclass item always has. So: ``@check_page``
fetches the page the spider's profile names (``check_url``, on its base URL, so ``-a base_url=`` points it
at a fixture server); ``@fills`` wants a value in each field; ``@extracted_by`` wants the profile's
selectors, not the generic fallback, to have read the page (a profile that no longer fits its portal).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from itemadapter import ItemAdapter, is_item
from scrapy.contracts import Contract
from scrapy.exceptions import ContractFail

from crawler.items import is_empty_value


def _spider_of(method: Callable[..., Any]) -> Any:
    """The spider a contract's callback is bound to (``scrapy check`` passes bound methods)."""
    return getattr(method, "__self__", None)


class CheckPageContract(Contract):
    """``@check_page``: the request goes to the profile's ``check_url``."""

    name = "check_page"

    def __init__(self, method: Callable[..., Any], *args: Any) -> None:
        super().__init__(method, *args)
        self.spider = _spider_of(method)

    def adjust_request_args(self, args: dict[str, Any]) -> dict[str, Any]:
        profile = getattr(self.spider, "profile", None)
        page = profile.check_page if profile is not None else None
        if page is None:
            name = getattr(self.spider, "name", "?")
            raise ContractFail(f"profile {name!r} names no check_url: add the path of one of its articles")
        args["url"] = page
        return args


def _items(output: list[Any]) -> list[ItemAdapter]:
    return [ItemAdapter(x) for x in output if is_item(x)]


class FillsContract(Contract):
    """``@fills headline articleBody``: every item holds a value (not None, not empty) in each field."""

    name = "fills"

    def post_process(self, output: list[Any]) -> None:
        for item in _items(output):
            empty = [name for name in self.args if is_empty_value(item.get(name))]
            if empty:
                raise ContractFail(f"empty fields: {', '.join(empty)} (on {item.get('url')})")


class ExtractedByContract(Contract):
    """``@extracted_by profile``: every item's ``extractedBy`` is this (the profile's selectors read it)."""

    name = "extracted_by"

    def post_process(self, output: list[Any]) -> None:
        wanted = self.args[0] if self.args else "profile"
        for item in _items(output):
            found = item.get("extractedBy")
            if found != wanted:
                misses = ", ".join(item.get("profileMisses") or []) or "none named"
                raise ContractFail(
                    f"extracted by {found!r}, not {wanted!r}: the profile's selectors missed "
                    f"{misses} (on {item.get('url')})"
                )
