"""The ASGI application: reader pages, the live stream, the JSON API."""

from .app import Dateline, create_app

__all__ = ["Dateline", "create_app"]
