"""The project's own errors: each carries a message a person can act on, in the interface language.

Pages catch only AppError (and subclasses) and show `st.error(err.message(lang))`; anything else is a bug
and propagates to the log.
"""

from __future__ import annotations

from lib.platform import i18n


class AppError(Exception):
    """Base error; `key` names a catalogue message, `params` fill its placeholders."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(i18n.t(key, "en", **params))
        self.key = key
        self.params = params

    def message(self, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
        """The message in the reader's language."""
        return i18n.t(self.key, lang, **self.params)


class NotFoundError(AppError):
    """A venue, person or user that does not exist (or is outside the caller's scope)."""


class PermissionDeniedError(AppError):
    """The signed-in role may not do this."""


class InvalidCodeError(AppError):
    """A QR code or token that is not a valid code of this system."""


class InvalidInputError(AppError):
    """Bad input; `field` says which form field the message belongs next to."""

    def __init__(self, key: str, field: str | None = None, **params: object) -> None:
        super().__init__(key, **params)
        self.field = field


class ConflictError(AppError):
    """The action conflicts with the current state (duplicate, already done, locked)."""


class AuthError(AppError):
    """Sign-in refused: wrong credentials, locked or disabled account, expired session."""


class StorageError(AppError):
    """The disk is full or the database file cannot be written: nothing of the unit of work was saved."""


class DatabaseBusyError(AppError):
    """Another process (normally the running server) holds the database file."""


class FormErrors(InvalidInputError):
    """Several fields wrong at once: `fields` maps a field name to its error, shown next to each widget."""

    def __init__(self, fields: dict[str, InvalidInputError]) -> None:
        super().__init__("val.form")
        self.fields = fields
