"""Domain errors of the assistant core; the edges (HTTP, CLI) translate them once."""

from __future__ import annotations


class WerkwijzerError(Exception):
    """Base class: every domain error carries a message a person can act on."""

    #: A short machine-readable name, used as the error ``type`` at the HTTP edge.
    kind: str = "error"
    #: The HTTP status the API edge maps this error to.
    http_status: int = 500


class InvalidInputError(WerkwijzerError):
    """The caller sent something the assistant cannot work with."""

    kind = "invalid_input"
    http_status = 422


class NotFoundError(WerkwijzerError):
    """A passage, document, conversation or other resource does not exist."""

    kind = "not_found"
    http_status = 404


class ConflictError(WerkwijzerError):
    """The request clashes with work already under way (e.g. a running ingest)."""

    kind = "conflict"
    http_status = 409


class IndexMissingError(WerkwijzerError):
    """No index has been built yet."""

    kind = "index_missing"
    http_status = 503


class IndexMismatchError(WerkwijzerError):
    """The index was built with another embedding model or chunking than the settings ask for."""

    kind = "index_mismatch"
    http_status = 503


class StoreUnavailableError(WerkwijzerError):
    """The vector store (e.g. a Chroma server) cannot be reached."""

    kind = "store_unavailable"
    http_status = 503


class DatabaseUnavailableError(WerkwijzerError):
    """The app's database (conversations, feedback, keys) is gone or does not answer."""

    kind = "database_unavailable"
    http_status = 503


class ConfigurationError(WerkwijzerError):
    """The settings are inconsistent or unsafe."""

    kind = "configuration"
    http_status = 500


class PromptError(ConfigurationError):
    """A prompt file is missing or its variables do not match what the code renders."""

    kind = "prompt"


class AuthError(WerkwijzerError):
    """Missing or invalid credentials."""

    kind = "unauthorized"
    http_status = 401


class ForbiddenError(WerkwijzerError):
    """Valid credentials without the scope the request needs."""

    kind = "forbidden"
    http_status = 403


class RateLimitedError(WerkwijzerError):
    """Too many requests for this key in the current window."""

    kind = "rate_limited"
    http_status = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TooLargeError(InvalidInputError):
    """The input is within the byte cap but yields more than the server will process (text, passages, unpacked size)."""

    kind = "too_large"
    http_status = 413
