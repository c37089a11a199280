"""Desk pages as responses: the template, the signed-in person, the CSRF token, no caching."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ...domain.errors import Invalid
from ...store.sessions import DeskSession

if TYPE_CHECKING:
    from ..app import Dateline

# What a page says after a form sent the person back to it (`?done=KEY`): fixed words,
# so a link cannot make the desk say something it did not.
NOTICES = {
    "password": "Your password was changed. Your other sessions were signed out.",
    "person-added": "The person was added. Give them their password in person.",
    "role": "The role was changed.",
    "disabled": "The person was disabled: their sessions and API tokens stopped working.",
    "enabled": "The person can sign in again.",
    "password-reset": "The password was reset; their sessions were signed out.",
    "token-revoked": "The API token was revoked.",
    "blog-created": "The blog was created.",
    "saved": "Saved.",
    "coverage": "The coverage was changed.",
    "member-added": "Added to the blog's desk.",
    "member-removed": "Removed from the blog's desk.",
    "webhook-paused": "The webhook was paused: changes wait for it until it is resumed.",
    "webhook-resumed": "The webhook was resumed: waiting changes are on their way.",
    "webhook-deleted": "The webhook was removed.",
}
# Signed-in pages hold drafts and people's names: never kept by a browser or a CDN.
NO_STORE = {"Cache-Control": "no-store", "Vary": "Cookie"}


def dateline(request: Request) -> Dateline:
    return request.app.state.dateline  # type: ignore[no-any-return]


def desk_page(
    request: Request,
    template: str,
    session: DeskSession | None,
    *,
    status: int = 200,
    csrf_token: str | None = None,
    **context: Any,
) -> HTMLResponse:
    """A desk page from `templates/desk/`, with `actor`, `csrf_token` and `urls` filled."""
    app = dateline(request)
    token = csrf_token if csrf_token is not None else (session.csrf_token if session else "")
    context.setdefault("errors", {})
    context.setdefault("notice", NOTICES.get(request.query_params.get("done", ""), ""))
    context.setdefault("nav", "")
    html = app.renderer.template(
        f"desk/{template}",
        actor=session.actor if session else None,
        csrf_token=token,
        **context,
    )
    return HTMLResponse(html, status_code=status, headers=NO_STORE)


def field_messages(error: Invalid) -> dict[str, str]:
    """The domain's problems by field, for the form to show each beside its field."""
    out: dict[str, str] = {}
    for problem in error.errors:
        out.setdefault(problem.field, problem.message)
    return out


def see_other(url: str, done: str = "") -> RedirectResponse:
    """After a form: back to a page (Post/Redirect/Get); `done` is a key of NOTICES."""
    if done:
        url, _, fragment = url.partition("#")
        url += ("&" if "?" in url else "?") + "done=" + quote(done, safe="")
        url += f"#{fragment}" if fragment else ""
    return RedirectResponse(url, status_code=303, headers=NO_STORE)
