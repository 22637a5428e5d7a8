"""Schemathesis against the app's own OpenAPI description: no 5xx, every response as documented."""

from __future__ import annotations

from dataclasses import replace

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from api.main import create_app

MAX_EXAMPLES = 40
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# The admin endpoints change the index the whole session shares; tests/api/test_admin.py covers
# their inputs on an index of their own.
EXCLUDED = "^/api/admin"


def test_every_operation_matches_its_openapi_description(corpus_core) -> None:  # noqa: ANN001
    # Schemathesis calls the app as http://testserver: a host name the open mode must be told of.
    served = corpus_core.settings.model_copy(update={"allowed_hosts": ["testserver"]})
    app = create_app(replace(corpus_core, settings=served))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).exclude(
        path_regex=EXCLUDED
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 4  # search, documents, passages, health at least
    failures: dict[str, str] = {}
    for operation in operations:
        cases = st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        )

        @given(case=cases)
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def check(case) -> None:  # noqa: ANN001
            case.call_and_validate(checks=CHECKS)

        try:
            check()
        except Exception as e:  # noqa: BLE001 - collect every operation's failure, then report all
            failures[operation.label] = str(e)[:3000]
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
