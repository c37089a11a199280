"""Benchmark harness for Dateline's live fan-out and page serving.

Run the modules with ``python -m bench.<module>`` from the repository root so
that the worker processes spawned by :mod:`bench.sse_load` can import them.
"""
