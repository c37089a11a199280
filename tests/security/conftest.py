"""Security tests drive the same real browser as tests/browser."""

from __future__ import annotations

import pytest

from tests.browser.conftest import browser, page  # noqa: F401 (fixtures, re-exported)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/security" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
