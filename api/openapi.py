"""The OpenAPI description as clients see it (every error response has the contract's error shape),
and Swagger UI at /docs served from an installed package, so it works without internet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from api.auth import scope_for
from api.schemas import ErrorResponse

_REF = "#/components/schemas/{model}"
_WITH_BODY = {"post", "put", "patch"}
_AUTH_ERRORS = {
    "401": "No API key, or an unknown or revoked one",
    "403": "The API key lacks the scope this endpoint needs",
    "429": "Rate limit reached; the Retry-After header says when to try again",
}
_BODY_ERRORS = {
    "413": "The request body is larger than the configured cap",
    "422": "Invalid input; the message says what to change",
}
# FastAPI's own 422 shape, which our handlers never send.
_UNUSED_SCHEMAS = ("HTTPValidationError", "ValidationError")


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": _REF.format(model="ErrorResponse")}}},
    }


def describe_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Rewrite an OpenAPI document so every declared error uses ErrorResponse, and add the
    401/403/429/413 responses that auth and limits can give."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    error_schema = ErrorResponse.model_json_schema(ref_template=_REF)
    components.update(error_schema.pop("$defs", {}))
    components["ErrorResponse"] = error_schema
    for name in _UNUSED_SCHEMAS:
        components.pop(name, None)
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            if "422" in responses:
                responses["422"] = _error(_BODY_ERRORS["422"])
            if method in _WITH_BODY:
                for status, text in _BODY_ERRORS.items():
                    responses[status] = _error(text)
            if scope_for(path) is not None:
                for status, text in _AUTH_ERRORS.items():
                    responses.setdefault(status, _error(text))
    return schema


def install_openapi(app: FastAPI) -> None:
    """Make ``app.openapi()`` return the rewritten description (built once, on first use)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = describe_errors(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


DOCS_ASSETS = "/docs/assets"


def install_docs(app: FastAPI) -> None:
    """Serve Swagger UI at /docs from the files of the ``fastapi-offline`` package (no CDN).

    Only its copy of Swagger UI 5 is used (OpenAPI 3.1, which FastAPI writes, needs 5); the
    ``swagger-ui-bundle`` package ships Swagger UI 4, which cannot render it.
    """
    import fastapi_offline  # imported here: only an app needs its files

    assets = Path(fastapi_offline.__file__).parent / "static"
    app.mount(DOCS_ASSETS, StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """Swagger UI over /openapi.json."""
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=f"{app.title} – documentatie",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url="/favicon.svg",
        )
