"""The errors the domain raises; the web layer maps each to one HTTP status."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One problem with one field, written for the person who will fix it."""

    field: str
    message: str


class DomainError(Exception):
    """Base class: every error a command can raise on purpose."""


class Invalid(DomainError):
    """Input that breaks a rule. Carries every problem found, not just the first."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))

    @classmethod
    def one(cls, field: str, message: str) -> Invalid:
        return cls([FieldError(field, message)])


class Conflict(DomainError):
    """An edit based on a version that is no longer the current one."""

    def __init__(self, current_version: int, message: str = "") -> None:
        self.current_version = current_version
        super().__init__(
            message
            or f"This update has changed since you loaded it; it is now at version "
            f"{current_version}. Reload it, reapply your edit and save again."
        )


class NotFound(DomainError):
    """No such blog, update, user or token."""

    def __init__(self, kind: str, key: object) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"No {kind} {key!r}.")


class Forbidden(DomainError):
    """The actor's role does not allow the action."""


class NotAuthenticated(DomainError):
    """No credentials, or ones this server does not know."""


class Collector:
    """Gathers field errors so one response can name every bad field."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))

    def extend(self, error: Invalid, prefix: str = "") -> None:
        for e in error.errors:
            self.errors.append(FieldError(prefix + e.field, e.message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise Invalid(self.errors)
