"""The project's settings plus the kill switch (``SCRAPY_SETTINGS_MODULE=tests.hostile.kill_settings``)."""

from crawler.settings import *  # noqa: F403
from crawler.settings import EXTENSIONS, FEED_EXPORTERS, ITEM_PIPELINES

# After the feed exporter (0), so ``item:N`` dies between the export line and the state record.
EXTENSIONS = {**EXTENSIONS, "tests.hostile.killswitch.KillSwitch": 500}
TORN = "tests.hostile.killswitch.TornLineExporter"
FEED_EXPORTERS = {
    **FEED_EXPORTERS,
    **{"jsonlines": TORN, "jsonl": TORN, "jl": TORN},
    "zyte_jsonlines": "tests.hostile.killswitch.ZyteKilledBeforeLine",
}
ITEM_PIPELINES = {
    (
        "tests.hostile.killswitch.DedupKilledBeforeIndex" if name == "pipelines.dedup.DedupPipeline" else name
    ): order
    for name, order in ITEM_PIPELINES.items()
}
