"""The site's stored settings (publisher, logo, home URL, language): read and set."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from ..domain.roles import Actor, Role, require
from ..domain.site import check_site_fields
from .database import Tx
from .schema import site_settings


def stored_site(conn: Connection) -> dict[str, str]:
    """The settings an admin has set, by name (the environment gives the rest)."""
    rows = conn.execute(select(site_settings.c.name, site_settings.c.value))
    return {name: value for name, value in rows}


def set_site(tx: Tx, raw: Mapping[str, Any], actor: Actor | None) -> dict[str, str]:
    """Set some of the site's settings; `actor` None is the operator at the shell.

    An empty value is stored as such (it clears a logo the environment names);
    `unset_site` goes back to the environment's value. Returns the stored settings.
    """
    if actor is not None:
        require(actor.role, Role.ADMIN, "Changing the site's settings")
    fields = check_site_fields(raw)
    for name, value in fields.items():
        tx.conn.execute(delete(site_settings).where(site_settings.c.name == name))
        tx.conn.execute(
            insert(site_settings).values(
                name=name, value=value, updated_by=actor.name if actor else None,
                updated_at=tx.now,
            )
        )  # fmt: skip
    return stored_site(tx.conn)


def unset_site(tx: Tx, names: list[str], actor: Actor | None) -> dict[str, str]:
    """Forget stored settings: the environment's values (or the defaults) apply again."""
    if actor is not None:
        require(actor.role, Role.ADMIN, "Changing the site's settings")
    check_site_fields(dict.fromkeys(names))  # unknown names are refused, by name
    tx.conn.execute(delete(site_settings).where(site_settings.c.name.in_(names)))
    return stored_site(tx.conn)
