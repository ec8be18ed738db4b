"""A load that dies half-way (issue 16, item 4): the writer killed, or Neo4j killed under it.

Before the marker, a load of the bundled dataset over a small graph, cut
after some batches, left a mix that ``linli stats`` showed without a word.
Now the database is either as it was, or carries the marker, and then every
store refuses to open on it (``IncompleteLoad``, naming the command that
finishes it), ``linli stats`` says so, and that command makes it whole.

The writer is killed for real (SIGKILL of a child process in mid-load); the
server is killed for real too (SIGKILL of a private ``scripts/neo4j`` server,
then a restart, which recovers every committed batch).
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph_model.errors import IncompleteLoad, StoreUnavailable
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import NodeKind, RelType
from graph_model.stores.neo4j.store import Neo4jStore
from loaders import bundled_dataset_path, load_dataset
from tests.api.test_neo4j import PrivateNeo4j, downloaded_jars

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[4]
BATCH = 500  # the bundled dataset is ~10k rows: some 30 batches, each its own transaction


def old_graph() -> ChangeSet:
    return ChangeSet(
        nodes=[Node("sd-old", NodeKind.SUBDISTRICT, {"name": "旧街道"}), Node("c-old", NodeKind.COMMUNITY, {"name": "旧社区", "type": "urban"})],
        relationships=[Relationship(RelType.HAS_COMMUNITY, "sd-old", "c-old")],
    )


def cli(*args: str):  # type: ignore[no-untyped-def]
    from cli.app import app

    return CliRunner().invoke(app, ["--lang", "en", *args])


def expect_incomplete(uri: str) -> IncompleteLoad:
    with pytest.raises(IncompleteLoad) as refused:
        Neo4jStore.from_settings(uri=uri)
    assert "linli load --data" in refused.value.command and "--replace" in refused.value.command
    stats = cli("stats", "--neo4j", uri)
    assert stats.exit_code == 3, stats.output
    assert "did not finish" in stats.output and "--replace" in stats.output
    return refused.value


def finish_and_check(uri: str, command: str) -> None:
    """Run the command the marker names: the graph becomes the dataset, and opens again."""
    args = shlex.split(command)[1:]  # drop "linli"
    done = cli(*args)
    assert done.exit_code == 0, done.output
    dataset = load_dataset(bundled_dataset_path())
    with Neo4jStore.from_settings(uri=uri) as store:
        stats = store.stats()
        assert store.get("c-old") is None and store.incomplete_load() is None
        assert sum(stats.nodes.values()) == dataset.counts()[0]


@pytest.fixture
def shared(neo4j_uri: str) -> Iterator[str]:
    yield neo4j_uri
    with Neo4jStore.from_settings(uri=neo4j_uri, check_load=False) as store:
        store.clear()  # the next tests open this server: never leave a marker behind


WRITER = textwrap.dedent("""\
    import os, signal, sys
    from graph_model.stores.neo4j.store import Neo4jStore
    from loaders import bundled_dataset_path, load_dataset
    from cli.neo4j_commands import finishing_command

    uri, batch = sys.argv[1], int(sys.argv[2])
    change = load_dataset(bundled_dataset_path()).change_set()

    def progress(done, total):
        if done > total // 2:
            os.kill(os.getpid(), signal.SIGKILL)  # the writer dies mid-load, nothing runs after

    with Neo4jStore.from_settings(uri=uri, batch_size=batch, max_transaction_rows=0) as store:
        store.apply(change, replace=True, progress=progress, command=finishing_command(bundled_dataset_path(), uri))
""")


def api_refuses(client, uri: str, state: Path) -> None:  # type: ignore[no-untyped-def]
    """A server connected before the load notices at its next health probe; one started now at once."""
    from fastapi.testclient import TestClient

    from api.main import create_app
    from api.settings import ApiSettings

    for path in ("/health", "/stats"):
        answer = client.get(path, headers={"Accept-Language": "en"})
        assert answer.status_code == 503 and "did not finish" in answer.json()["detail"], path
    app = create_app(settings=ApiSettings(api_token=None, neo4j_uri=uri, data=None, state_dir=state))
    with TestClient(app) as fresh:
        answer = fresh.get("/stats", headers={"Accept-Language": "en"})
    assert answer.status_code == 503 and "did not finish" in answer.json()["detail"]


def test_a_writer_killed_mid_load_leaves_a_marked_graph_that_nothing_answers_from(shared: str, tmp_path: Path) -> None:
    uri = shared
    with Neo4jStore.from_settings(uri=uri) as store:
        store.clear()
        store.apply(old_graph())
    from fastapi.testclient import TestClient

    from api.main import create_app
    from api.settings import ApiSettings

    running = TestClient(create_app(settings=ApiSettings(api_token=None, neo4j_uri=uri, data=None, state_dir=tmp_path / "running")))
    assert running.get("/health").status_code == 200  # connected to the old graph
    child = subprocess.run([sys.executable, "-c", WRITER, uri, str(BATCH)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]
    with Neo4jStore.from_settings(uri=uri, check_load=False) as store:
        marker = store.incomplete_load()
        assert marker is not None and marker["replace"] is True
        assert 0 < sum(store.stats().nodes.values())  # a mixed graph is there...
    refused = expect_incomplete(uri)  # ...and nothing answers from it
    api_refuses(running, uri, tmp_path / "state")
    running.close()
    merge = cli("load", "--neo4j", uri)  # a merging load cannot finish it: it says so
    assert merge.exit_code == 3 and "did not finish" in merge.output
    finish_and_check(uri, refused.command)


def test_a_load_that_fails_and_undoes_itself_leaves_no_marker(shared: str) -> None:
    uri = shared
    with Neo4jStore.from_settings(uri=uri, batch_size=BATCH, max_transaction_rows=0) as store:
        store.clear()
        store.apply(old_graph())
        change = load_dataset(bundled_dataset_path()).change_set()

        def progress(done: int, total: int) -> None:
            if done > total // 2:
                raise KeyboardInterrupt  # Ctrl-C half-way: the undo log puts the old graph back

        with pytest.raises(KeyboardInterrupt):
            store.apply(change, replace=True, progress=progress)
        assert store.incomplete_load() is None
        assert store.get("c-old") is not None and sum(store.stats().nodes.values()) == 2


@pytest.fixture
def private_server(tmp_path: Path) -> Iterator[PrivateNeo4j]:
    home = tmp_path / "neo4j"
    home.mkdir()
    jars = downloaded_jars()
    if jars is not None:
        (home / "lib").symlink_to(jars)
    server = PrivateNeo4j(home)
    server.start(fresh=True)
    yield server
    server.stop()


def wait_until_dead(pid: int, timeout: float = 60.0) -> None:
    """Wait until ``pid`` has exited (gone, or a zombie nobody reaped)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()[0]
        except (FileNotFoundError, IndexError, ProcessLookupError):
            return
        if state in ("Z", "X"):
            return
        time.sleep(0.1)
    pytest.fail(f"the killed server (pid {pid}) did not exit in {timeout:.0f} s")


def test_neo4j_killed_mid_load_comes_back_marked_and_the_named_command_finishes_it(private_server: PrivateNeo4j) -> None:
    from cli.neo4j_commands import finishing_command

    uri = private_server.uri
    with Neo4jStore.from_settings(uri=uri) as store:
        store.apply(old_graph())
    pid = int((private_server.home / "neo4j.pid").read_text())
    change = load_dataset(bundled_dataset_path()).change_set()

    def progress(done: int, total: int) -> None:
        if done > total // 2:
            os.kill(pid, signal.SIGKILL)  # the server dies under the load

    with Neo4jStore.from_settings(uri=uri, batch_size=BATCH, max_transaction_rows=0, retry_time=1.0) as store:
        with pytest.raises(StoreUnavailable):
            store.apply(change, replace=True, progress=progress, command=finishing_command(bundled_dataset_path(), uri))
    wait_until_dead(pid)  # else a start while it is still exiting finds it "already running"
    private_server.start()  # recovers the committed batches, and the marker with them
    refused = expect_incomplete(uri)
    finish_and_check(uri, refused.command)
