"""Where benchmarks put what they measured: a JSON file per run and a plot for the docs."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from rich.console import Console

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"  # not committed: every run's raw figures
PLOTS = ROOT / "docs" / "benchmarks"  # committed: the latest plots, shown in the docs

console = Console(width=120)


def pyplot() -> Any:
    """matplotlib's pyplot, drawing to files only (no display here)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save(name: str, data: object, figure: Any) -> None:
    """Write the run's data to bench/results/NAME-<time>.json and its plot to docs/benchmarks/."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    PLOTS.mkdir(parents=True, exist_ok=True)
    data_path = RESULTS / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    data_path.write_text(json.dumps(data, indent=2, default=str))
    plot_path = PLOTS / f"{name}.png"
    figure.tight_layout()
    figure.savefig(plot_path, dpi=110)
    pyplot().close(figure)
    console.print(f"Plot: {plot_path.relative_to(ROOT)}  Data: {data_path.relative_to(ROOT)}")
