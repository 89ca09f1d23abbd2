"""One spider per profile in ``crawler/portals/``: adding a portal needs a TOML file, not code."""

from __future__ import annotations

from crawler.profiles import profile_names
from spiders.base import PortalSpider


def _spider_class(name: str) -> type[PortalSpider]:
    class_name = "".join(part.capitalize() for part in name.replace("-", "_").split("_")) + "Spider"
    return type(class_name, (PortalSpider,), {"name": name, "profile_name": name, "__module__": __name__})


for _name in profile_names():
    _cls = _spider_class(_name)
    globals()[_cls.__name__] = _cls
# Scrapy's loader would find the class a second time under these loop names.
del _name, _cls
