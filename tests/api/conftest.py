"""API fixtures: apps over the bundled Daoyi dataset, read-only or writable with a token."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*httpx2.*")  # starlette's TestClient nudges towards httpx2

from fastapi.testclient import TestClient  # noqa: E402

from api.main import create_app  # noqa: E402
from api.settings import ApiSettings  # noqa: E402
from graph_model.stores.memory.store import MemoryStore  # noqa: E402
from loaders import Dataset, bundled_dataset_path, load_dataset  # noqa: E402

TOKEN = "test-token-5f1c"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def settings_for(state_dir: Path, *, token: str | None = TOKEN, **more: object) -> ApiSettings:
    """Explicit settings: nothing read from the developer's environment matters."""
    fields: dict[str, object] = {"api_token": token, "neo4j_uri": None, "data": None, "state_dir": state_dir,
                                 "rate_limit": "", **more}  # the rate limit has its own tests (test_access.py)
    return ApiSettings(**fields)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def daoyi_dataset() -> Dataset:
    """The bundled dataset, validated once (fresh stores are built from it)."""
    return load_dataset(bundled_dataset_path())


@pytest.fixture
def fresh_store(daoyi_dataset: Dataset) -> MemoryStore:
    """A private copy of the Daoyi graph that a test may write to."""
    store = MemoryStore()
    store.apply(daoyi_dataset.change_set())
    return store


@pytest.fixture(scope="module")
def reader(daoyi_store: MemoryStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A client of a read-only app (no token configured) over the shared Daoyi store."""
    app = create_app(daoyi_store, settings_for(tmp_path_factory.mktemp("state"), token=None))
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="module")
def admin_reader(daoyi_store: MemoryStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A client of an app over the shared Daoyi store that sends the server's token (an admin with the people permission): read only."""
    app = create_app(daoyi_store, settings_for(tmp_path_factory.mktemp("state")))
    with TestClient(app, headers=AUTH) as client:
        yield client


@pytest.fixture
def writer(fresh_store: MemoryStore, tmp_path: Path) -> Iterator[TestClient]:
    """A client of a writable app over a private copy of Daoyi; send ``AUTH`` with writes."""
    app = create_app(fresh_store, settings_for(tmp_path / "state"))
    with TestClient(app) as client:
        yield client


@pytest.fixture
def journaled_app(tmp_path: Path) -> Callable[[], TestClient]:
    """Start (and restart) the real embedded app: the dataset loads, the journal under tmp replays."""
    state = tmp_path / "state"

    def start() -> TestClient:
        return TestClient(create_app(settings=settings_for(state, data=bundled_dataset_path())))

    return start
