"""The shared request queue: highest priority first and, within a priority, newest first.

That is the order of Scrapy's own scheduler (priority queues of LIFO queues). scrapy-redis' default
``PriorityQueue`` breaks ties by the pickled bytes of the request, an arbitrary order that let a chain of
``/page/N/`` listing pages wait behind every queued article. The sorted-set score packs both keys:
``-priority * 1e10 - seq``, with ``seq`` from an atomic counter shared by all workers (exact in a double
while |priority| < 900 000 and seq < 1e10).
"""

from __future__ import annotations

from scrapy import Request
from scrapy_redis.queue import Base

_SPAN = 10_000_000_000


class LifoPriorityQueue(Base):
    """A Redis sorted set of requests: priority first, then last in, first out."""

    @property
    def seq_key(self) -> str:
        return f"{self.key}:seq"

    def __len__(self) -> int:
        return int(self.server.zcard(self.key))

    def push(self, request: Request) -> None:
        seq = int(self.server.incr(self.seq_key))
        score = -request.priority * _SPAN - seq
        self.server.zadd(self.key, {self._encode_request(request): score})

    def pop(self, timeout: int = 0) -> Request | None:
        with self.server.pipeline(transaction=True) as pipe:
            pipe.zrange(self.key, 0, 0)
            pipe.zremrangebyrank(self.key, 0, 0)
            results, _ = pipe.execute()
        return self._decode_request(results[0]) if results else None

    def clear(self) -> None:
        self.server.delete(self.key, self.seq_key)
