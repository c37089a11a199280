"""For operators: /ready (database and broadcast reachable) and /metrics.

`/health` (alive at all) stays beside the reader pages; a load balancer takes a
node out of rotation when `/ready` says 503, and puts it back when it says 200.
"""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Connection, text

from .deps import App
from .metrics import CONTENT_TYPE

router = APIRouter(include_in_schema=False)
log = logging.getLogger(__name__)
READY_TIMEOUT = 2.0


def _ping(conn: Connection) -> None:
    conn.execute(text("SELECT 1"))


@router.get("/ready")
async def ready(app: App) -> JSONResponse:
    checks: dict[str, bool] = {}
    try:
        await asyncio.wait_for(app.database.read(_ping), READY_TIMEOUT)
        checks["database"] = True
    except Exception as error:  # any failure means: not ready; say which
        log.warning("not ready: the database does not answer (%s)", type(error).__name__)
        checks["database"] = False
    checks["broadcast"] = await app.broadcast.reachable()
    ok = all(checks.values())
    return JSONResponse(
        {"ready": ok, **checks, "node": app.settings.node},
        status_code=200 if ok else 503,
        headers={"Cache-Control": "no-store"},
    )


@router.get("/metrics")
async def metrics(app: App) -> Response:
    return Response(
        app.metrics.render(), media_type=CONTENT_TYPE, headers={"Cache-Control": "no-store"}
    )
