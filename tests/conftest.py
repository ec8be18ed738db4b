"""Shared fixtures: the bundled dataset in memory, and the real Neo4j server when a test needs it."""

from __future__ import annotations

import os

from collections.abc import Iterator

import pytest

from graph_model.i18n import use_language
from graph_model.stores.memory.store import MemoryStore
from loaders import bundled_dataset_path, load_into

collect_ignore_glob = ["fixtures/*/*.py"]  # scripts that write fixture files by hand (make_xls.py needs xlwt), not tests


@pytest.fixture(scope="session")
def daoyi_store() -> MemoryStore:
    """The bundled Daoyi dataset in an embedded store (shared: do not write to it)."""
    store = MemoryStore()
    load_into(store, bundled_dataset_path())
    return store


@pytest.fixture(scope="session")
def neo4j_uri() -> str:
    """The Bolt URI of the real Neo4j server that `make test` starts (never mocked, never skipped; the tests clear it)."""
    uri = os.environ.get("LINLI_TEST_NEO4J_URI") or os.environ.get("LINLI_NEO4J_URI")
    if not uri:
        pytest.fail("LINLI_TEST_NEO4J_URI is not set: run the suite with `make test`, which starts a fresh Neo4j (scripts/neo4j start)")
    return uri


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Each test starts in the default language (Chinese); a test or command that changes it changes it for itself only."""
    with use_language(None):
        yield


@pytest.fixture
def english() -> Iterator[None]:
    """The test runs in English, the language the code's messages are written in (mark a module with
    ``pytestmark = pytest.mark.usefixtures("english")`` when its assertions quote them)."""
    with use_language("en"):
        yield
