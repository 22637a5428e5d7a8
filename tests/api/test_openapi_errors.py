"""The OpenAPI description of a tiny app: every error is the contract's shape; auth and caps are declared."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel

from api.openapi import describe_errors, install_openapi


class Question(BaseModel):
    """A body."""

    text: str


def tiny_app() -> FastAPI:
    app = FastAPI(title="t", version="1")

    @app.post("/api/chat")
    def chat(q: Question) -> dict[str, str]:
        return {"answer": q.text}

    @app.get("/api/documents/{doc}")
    def document(doc: str) -> dict[str, str]:
        return {"id": doc}

    @app.get("/healthz")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    install_openapi(app)
    return app


def responses(schema: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    return schema["paths"][path][method]["responses"]


ERROR_REF = {"$ref": "#/components/schemas/ErrorResponse"}


def test_a_body_endpoint_declares_invalid_input_and_too_large_as_error_responses() -> None:
    chat = responses(tiny_app().openapi(), "/api/chat", "post")
    for status in ("413", "422"):
        assert chat[status]["content"]["application/json"]["schema"] == ERROR_REF


def test_protected_paths_declare_401_403_429_and_open_ones_do_not() -> None:
    schema = tiny_app().openapi()
    document = responses(schema, "/api/documents/{doc}", "get")
    assert {"401", "403", "429"} <= set(document) and "413" not in document
    assert document["422"]["content"]["application/json"]["schema"] == ERROR_REF  # path parameter checks
    health = responses(schema, "/healthz", "get")
    assert not {"401", "403", "429", "413"} & set(health)


def test_fastapis_own_validation_shapes_are_replaced_by_the_error_response() -> None:
    components = tiny_app().openapi()["components"]["schemas"]
    assert "ErrorResponse" in components and "ErrorDetail" in components
    assert "HTTPValidationError" not in components and "ValidationError" not in components


def test_the_description_is_built_once() -> None:
    app = tiny_app()
    assert app.openapi() is app.openapi()


def test_a_description_without_paths_still_gets_the_error_schema() -> None:
    schema = describe_errors({"openapi": "3.1.0"})
    assert "ErrorResponse" in schema["components"]["schemas"]
