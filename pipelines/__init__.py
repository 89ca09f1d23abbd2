"""Item pipelines: validation, dedup and sinks. They use itemadapter, so any item type works."""
