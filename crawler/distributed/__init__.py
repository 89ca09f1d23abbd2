"""Distributed mode: many workers share one crawl of a portal through Redis (scrapy-redis underneath).

Nothing here is imported unless ``REDIS_URL`` is set: the add-on (``addon.RedisAddon``) is the only entry
point, and it touches none of the Redis modules when the setting is absent. See ``compat`` for the four
scrapy-redis 0.9.1 / Scrapy 2.19 facts this package works around.
"""
