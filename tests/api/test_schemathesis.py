"""Property-based tests from the app's own OpenAPI schema (schemathesis): no input makes the API fail with a 5xx.

Every operation gets up to 30 generated requests (reads and writes, writes
with the token) against a writable app over a private copy of Daoyi. Beyond
"no 5xx", each answer must conform to the documented status codes, content
types and response schemas.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance, status_code_conformance

from api.main import create_app
from graph_model.stores.memory.store import MemoryStore
from loaders import bundled_dataset_path, load_into
from tests.api.conftest import AUTH, settings_for

MAX_EXAMPLES = 30
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def writable_app() -> object:
    """A writable app over a private copy of Daoyi (built at import: schemathesis reads the schema at collection)."""
    store = MemoryStore()
    load_into(store, bundled_dataset_path())
    return create_app(store, settings_for(Path(tempfile.mkdtemp(prefix="linli-schemathesis-"))))


schema = schemathesis.openapi.from_asgi("/openapi.json", writable_app())


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_makes_the_api_fail(case: schemathesis.Case) -> None:
    case.call_and_validate(headers=AUTH, checks=CHECKS)
