"""What the benchmarks share: the AEB body metric, the crawl pace watcher, the near-duplicate corpus and the
faults bench's portals and runner. None of these is a benchmark itself; each ``bench/*.py`` is one."""
