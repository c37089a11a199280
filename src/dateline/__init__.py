"""Dateline: a live-blog engine for newsrooms."""

__version__ = "0.1.0"
