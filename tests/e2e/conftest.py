"""The end-to-end layer: every test here is marked ``slow``, so ``pytest -m "not slow"`` runs the unit layer.

The marker is put on by this hook rather than by each module, so a new file here cannot forget it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Collection hooks of a conftest see the items of the whole session: mark only this folder's.
    for item in items:
        if item.path.resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.slow)
