from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.media.site import Site


@pytest.fixture
def site() -> Iterator[Site]:
    running = Site().start()
    yield running
    running.stop()
