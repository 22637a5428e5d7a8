"""Error translation at the HTTP edge: every 4xx/5xx body is {"error": {"type", "message"}}."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import AuthError, RateLimitedError, WerkwijzerError

log = logging.getLogger("werkwijzer.api")

_UNPARSABLE_BODY = "There was an error parsing the body"  # FastAPI's detail for undecodable bodies
_STATUS_TYPES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "rate_limited",
}


def error_response(status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The one error body shape."""
    return JSONResponse({"error": {"type": kind, "message": message}}, status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body",))
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        if err.get("type") == "json_invalid":
            parts.append("the request body is not valid JSON")
        elif err.get("type") == "missing":
            parts.append(f"'{loc}' is required")
        elif err.get("type") == "extra_forbidden":
            parts.append(f"'{loc}' is not a known field")
        else:
            parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that render every error in the contract's shape."""

    @app.exception_handler(WerkwijzerError)
    async def _domain(request: Request, exc: WerkwijzerError) -> JSONResponse:
        headers = None
        if isinstance(exc, RateLimitedError):
            headers = {"Retry-After": str(exc.retry_after)}
        elif isinstance(exc, AuthError):
            headers = {"WWW-Authenticate": 'Bearer realm="werkwijzer"'}
        if exc.http_status >= 500:
            log.warning("request failed: %s: %s", exc.kind, exc)
        return error_response(exc.http_status, exc.kind, str(exc), headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "invalid_input", _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == _UNPARSABLE_BODY:
            # FastAPI says 400 for a body that is not even text; the contract says 422 for bad input.
            return error_response(422, "invalid_input", "The request body could not be read; send UTF-8 JSON.")
        kind = _STATUS_TYPES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else kind
        if exc.status_code == 404 and message == "Not Found":
            message = f"There is no endpoint at {request.url.path}"
        return error_response(exc.status_code, kind, message, getattr(exc, "headers", None))

    @app.exception_handler(UnicodeError)
    async def _unencodable(request: Request, exc: UnicodeError) -> JSONResponse:
        # Text that slipped past the checks (a lone surrogate in a form field) is still bad input.
        log.warning("unencodable text on %s: %s", request.url.path, exc)
        return error_response(
            422, "invalid_input", "The request contains text that is not valid UTF-8; send valid text."
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Never a stack trace to the client; the log has it.
        log.exception("unexpected error on %s", request.url.path)
        return error_response(500, "internal", "Something went wrong on the server; the error has been logged.")
