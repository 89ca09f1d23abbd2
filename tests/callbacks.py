"""Driving a spider's asynchronous callback outside a crawl, as Scrapy's engine would."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any


def drain(outputs: AsyncIterator[Any]) -> list[Any]:
    """Everything an async generator callback yields, in order; its exception raised as is."""

    async def gather() -> list[Any]:
        return [output async for output in outputs]

    return asyncio.run(gather())
