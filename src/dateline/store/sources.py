"""The source registry: add and edit sources, list and read them.

Sources belong to the newsroom, not to a blog, so their changes are not in any
blog's change log; a claim that names a source carries its id, and readers see
the source's name with the claim.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, insert, select, update

from ..domain import sources as rules
from ..domain.errors import Invalid, NotFound
from ..domain.roles import Actor, Role, require
from ..domain.sources import Source
from .audit import record_event
from .codec import source_from_row, source_to_row
from .database import Tx
from .schema import sources


def create_source(tx: Tx, raw: Mapping[str, Any], actor: Actor) -> Source:
    require(actor.role, Role.EDITOR, "Adding a source")
    fields = rules.check_source_fields(raw, creating=True)
    _check_unique_name(tx.conn, fields["name"], None)
    source = rules.new_source(fields, source_id=0, actor=actor.name, now=tx.now)
    source_id = tx.conn.execute(
        insert(sources).values(**source_to_row(source)).returning(sources.c.id)
    ).scalar_one()
    record_event(tx, actor.name, "source create", f"source {source_id}: {source.name}")
    return replace(source, id=source_id)


def edit_source(
    tx: Tx, source_id: int, raw: Mapping[str, Any], actor: Actor, *, version: int
) -> Source:
    require(actor.role, Role.EDITOR, "Editing a source")
    fields = rules.check_source_fields(raw, creating=False)
    before = get_source(tx.conn, source_id, lock=True)
    if "name" in fields:
        _check_unique_name(tx.conn, fields["name"], source_id)
    after = rules.edit_source(before, fields, version=version, now=tx.now)
    if after is not before:
        tx.conn.execute(
            update(sources).where(sources.c.id == source_id).values(**source_to_row(after))
        )
        record_event(tx, actor.name, "source edit", f"source {source_id}: {after.name}")
    return after


def get_source(conn: Connection, source_id: int, *, lock: bool = False) -> Source:
    query = select(sources).where(sources.c.id == source_id)
    if lock:
        query = query.with_for_update()
    row = conn.execute(query).mappings().first()
    if row is None:
        raise NotFound("source", source_id)
    return source_from_row(row)


def list_sources(conn: Connection) -> list[Source]:
    """Every source, by name: what the desk is offered when it attaches a claim."""
    query = select(sources).order_by(sources.c.name, sources.c.id)
    return [source_from_row(row) for row in conn.execute(query).mappings()]


def sources_by_id(conn: Connection, ids: Iterable[int | None]) -> dict[int, Source]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    rows = conn.execute(select(sources).where(sources.c.id.in_(wanted))).mappings()
    return {row["id"]: source_from_row(row) for row in rows}


def _check_unique_name(conn: Connection, name: str, source_id: int | None) -> None:
    query = select(sources.c.id).where(sources.c.name == name)
    found = conn.execute(query).scalar()
    if found is not None and found != source_id:
        raise Invalid.one("name", f"there is already a source called {name!r} (source {found})")
