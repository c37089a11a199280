"""The site's settings on the desk, for admins: publisher name, logo, home URL, language.

The environment (`DATELINE_*`) gives each a default; what is saved here is stored and
wins (`store/site_settings.py`, the same commands as the API and the CLI). The page
says, for each, where its value comes from; a stored one can be forgotten again.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from ...domain.errors import Invalid
from ...domain.roles import Actor, Role, require
from ...domain.site import SITE_FIELDS
from ...store.database import Tx
from ...store.sessions import DeskSession
from ...store.site_settings import set_site, stored_site, unset_site
from .pages import dateline, desk_page, field_messages, see_other
from .session import DeskSessionOf

router = APIRouter(include_in_schema=False)
Value = Annotated[str | None, Form(max_length=2000)]  # None: not sent, left alone
# Each setting: its label, the variable that gives its default, and a hint.
SETTINGS = {
    "publisher_name": ("Publisher name", "DATELINE_PUBLISHER_NAME",
                       "The newsroom's name, in structured data and feeds."),
    "publisher_logo": ("Publisher logo", "DATELINE_PUBLISHER_LOGO",
                       "An http(s) address or a path on this site; empty for none."),
    "home_url": ("Home URL", "DATELINE_HOME_URL",
                 "The newsroom's home page; empty for none."),
    "language": ("Default language", "DATELINE_SITE_LANGUAGE",
                 "A language tag such as en or ar, for pages that belong to no blog."),
}  # fmt: skip
assert set(SETTINGS) == set(SITE_FIELDS)


def _admin(session: DeskSession) -> None:
    require(session.actor.role, Role.ADMIN, "Changing the site's settings")


async def _site_page(
    request: Request,
    session: DeskSession,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
) -> HTMLResponse:
    app = dateline(request)
    stored = await app.database.read(stored_site)
    current = app.distribution.site.describe(stored)
    defaults = app.distribution.site.defaults
    rows = [
        {
            "name": name, "label": label, "variable": variable, "hint": hint,
            "value": (typed or {}).get(name, str(current[name])),
            "stored": name in stored, "default": getattr(defaults, name),
        }
        for name, (label, variable, hint) in SETTINGS.items()
    ]  # fmt: skip
    return desk_page(
        request, "site.html", session, status=status, nav="site", settings=rows,
        errors=errors or {},
    )  # fmt: skip


@router.get("/desk/site")
async def site_page(request: Request, session: DeskSessionOf) -> HTMLResponse:
    _admin(session)
    return await _site_page(request, session)


@router.post("/desk/site")
async def save_site(
    request: Request,
    session: DeskSessionOf,
    publisher_name: Value = None,
    publisher_logo: Value = None,
    home_url: Value = None,
    language: Value = None,
    forget: Annotated[list[str] | None, Form(max_length=len(SITE_FIELDS))] = None,
) -> Response:
    _admin(session)
    app = dateline(request)
    sent = {
        "publisher_name": publisher_name, "publisher_logo": publisher_logo,
        "home_url": home_url, "language": language,
    }  # fmt: skip
    typed = {name: value for name, value in sent.items() if value is not None}
    forget = forget or []
    stored = await app.database.read(stored_site)
    current = app.distribution.site.describe(stored)
    # A value left as the environment gave it stays the environment's: only what was
    # already stored, or what was changed, is saved.
    changed = {
        name: value
        for name, value in typed.items()
        if name not in forget and (name in stored or value != current[name])
    }
    forgotten = [name for name in forget if name in SITE_FIELDS]
    try:
        await app.database.write(_save, changed, forgotten, session.actor)
    except Invalid as error:
        return await _site_page(
            request, session, status=422, errors=field_messages(error), typed=typed
        )
    await app.distribution.site.refresh()
    return see_other(app.urls.desk_site(), "saved")


def _save(tx: Tx, changed: dict[str, str], forgotten: list[str], actor: Actor) -> None:
    """Set and forget in one transaction: a bad value keeps nothing of the form."""
    set_site(tx, changed, actor)
    if forgotten:
        unset_site(tx, forgotten, actor)
