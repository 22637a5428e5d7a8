"""The domain errors' HTTP contract: each one's status and type name (the API edge renders them)."""

from __future__ import annotations

import pytest

from assistant import errors

CONTRACT = [
    (errors.InvalidInputError, 422, "invalid_input"),
    (errors.TooLargeError, 413, "too_large"),
    (errors.NotFoundError, 404, "not_found"),
    (errors.ConflictError, 409, "conflict"),
    (errors.IndexMissingError, 503, "index_missing"),
    (errors.IndexMismatchError, 503, "index_mismatch"),
    (errors.StoreUnavailableError, 503, "store_unavailable"),
    (errors.DatabaseUnavailableError, 503, "database_unavailable"),
    (errors.ConfigurationError, 500, "configuration"),
    (errors.PromptError, 500, "prompt"),
    (errors.AuthError, 401, "unauthorized"),
    (errors.ForbiddenError, 403, "forbidden"),
]


@pytest.mark.parametrize(("error", "status", "kind"), CONTRACT)
def test_every_error_has_its_status_and_type(error: type[errors.WerkwijzerError], status: int, kind: str) -> None:
    assert (error.http_status, error.kind) == (status, kind)
    assert issubclass(error, errors.WerkwijzerError)


def test_the_list_above_names_every_domain_error() -> None:
    declared = {c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.WerkwijzerError)}
    assert declared - {errors.WerkwijzerError, errors.RateLimitedError} == {e for e, _, _ in CONTRACT}


def test_too_large_is_still_invalid_input_and_a_prompt_error_a_configuration_error() -> None:
    # Callers that catch the wider error (the CLI's bad input, start-up's bad settings) catch these too.
    assert issubclass(errors.TooLargeError, errors.InvalidInputError)
    assert issubclass(errors.PromptError, errors.ConfigurationError)
