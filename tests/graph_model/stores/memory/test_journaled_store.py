"""The embedded store's write journal: durable appends, replay, torn tails, corruption, one process at a time."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest

from graph_model.errors import DatasetError, LinliError, StoreUnavailable
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import NodeKind, RelType
from graph_model.stores.memory.journaled_store import JournaledStore, journal_path, open_journaled_store
from graph_model.stores.memory.write_ahead_log import WriteAheadLog
from graph_model.stores.memory.store import MemoryStore

pytestmark = pytest.mark.usefixtures("english")  # its assertions quote the messages in English, their source language

COMMUNITY = Node("c1", NodeKind.COMMUNITY, {"name": "北苑社区", "type": "urban", "households": 12, "governance_strength": 4})
PARTNER = Node("p1", NodeKind.PARTNER, {"name": "书店", "sector": "enterprise", "capacity": 2})
AGREEMENT = Relationship(RelType.CO_BUILDS, "p1", "c1", {"since": "2024-06", "projects": ["读书会", "义卖"]})
WORKER = Relationship(RelType.GRID_WORKER_OF, "p1", "c1", {"full_time": False, "rating": 4.5})


def test_append_then_replay_keeps_every_value_type(tmp_path: Path) -> None:
    journal = WriteAheadLog.open(tmp_path / "j.jsonl")
    changes = [
        ChangeSet(nodes=[COMMUNITY, PARTNER], relationships=[AGREEMENT]),
        ChangeSet(relationships=[WORKER], detach=[("p1", RelType.OFFERS)]),
    ]
    for change in changes:
        journal.append(change)
    journal.close()
    again = WriteAheadLog.open(tmp_path / "j.jsonl")
    replayed = again.replay()
    again.close()
    assert [list(c.nodes) for c in replayed] == [[COMMUNITY, PARTNER], []]
    assert [list(c.relationships) for c in replayed] == [[AGREEMENT], [WORKER]]
    assert list(replayed[1].detach) == [("p1", RelType.OFFERS)]
    lines = (tmp_path / "j.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and "北苑社区" in lines[0]  # one line each, Chinese kept readable


def test_a_torn_last_line_is_dropped_with_a_warning_and_cut_off(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "j.jsonl"
    journal = WriteAheadLog.open(path)
    journal.append(ChangeSet(nodes=[COMMUNITY]))
    journal.close()
    good = path.read_bytes()
    with path.open("ab") as handle:
        handle.write(b'{"v":1,"change":{"nodes":[{"id":"p1","ki')  # the crash hit mid-append
    with caplog.at_level(logging.WARNING, logger="graph_model.stores.memory.write_ahead_log"):
        journal = WriteAheadLog.open(path)
    assert [len(c) for c in journal.replay()] == [1]
    assert any("torn" in r.getMessage() for r in caplog.records)
    assert path.read_bytes() == good  # cut back to the last whole line
    journal.append(ChangeSet(nodes=[PARTNER]))  # and the next append starts on a clean line
    journal.close()
    reopened = WriteAheadLog.open(path)
    assert [c.nodes[0].id for c in reopened.replay()] == ["c1", "p1"]
    reopened.close()


def test_a_complete_last_line_that_does_not_parse_refuses_and_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    original = b'{"v":1,"change":{"nodes":[]}}\n\x00\x00\x00\n'
    path.write_bytes(original)
    with pytest.raises(DatasetError) as caught:
        WriteAheadLog.open(path)
    assert caught.value.problems[0].line == 2 and caught.value.problems[0].source == str(path)
    assert path.read_bytes() == original  # never rewritten


@pytest.mark.parametrize("garbage", [b"garbage with no newline", b"\x89PNG\r\n\x1a\n\x00\x00", b"id,name\nc1,x\n"])
def test_a_journal_replaced_with_garbage_refuses_and_is_kept(tmp_path: Path, garbage: bytes) -> None:
    path = tmp_path / "j.jsonl"
    path.write_bytes(garbage)
    with pytest.raises(DatasetError) as caught:
        WriteAheadLog.open(path)
    problem = caught.value.problems[0]
    assert problem.source == str(path) and problem.line == 1
    assert "corrupt" in str(problem)
    assert path.read_bytes() == garbage


def _disk_full_after(budget: int):  # type: ignore[no-untyped-def]
    """An os.write that writes ``budget`` more bytes in all, then fails as a full disk does."""
    import errno
    import os

    left = [budget]

    def write(fd: int, data: memoryview) -> int:
        if left[0] <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        n = os.write(fd, data[: left[0]])
        left[0] -= n
        return n

    return write


def test_an_append_that_runs_out_of_space_leaves_the_journal_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph_model.stores.memory import write_ahead_log

    path = tmp_path / "j.jsonl"
    journal = WriteAheadLog.open(path)
    journal.append(ChangeSet(nodes=[COMMUNITY]))
    good = path.read_bytes()
    monkeypatch.setattr(write_ahead_log, "_write", _disk_full_after(20))  # 20 bytes of the line land, then ENOSPC
    with pytest.raises(StoreUnavailable, match="journal"):
        journal.append(ChangeSet(nodes=[PARTNER]))
    assert path.read_bytes() == good  # cut back to the last good offset
    monkeypatch.undo()  # space is freed: the next write and a restart work
    journal.append(ChangeSet(nodes=[PARTNER]))
    journal.close()
    again = WriteAheadLog.open(path)
    assert [c.nodes[0].id for c in again.replay()] == ["c1", "p1"]
    again.close()


def test_disk_full_for_real_with_a_file_size_limit(tmp_path: Path) -> None:
    """RLIMIT_FSIZE in a child process: the kernel refuses the write part-way (EFBIG), as a full disk would."""
    import subprocess
    import sys
    import textwrap

    path = tmp_path / "j.jsonl"
    script = textwrap.dedent(f"""
        import resource, signal, sys
        from graph_model.errors import StoreUnavailable
        from graph_model.records import ChangeSet, Node
        from graph_model.schema import NodeKind
        from graph_model.stores.memory.write_ahead_log import WriteAheadLog
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        journal = WriteAheadLog.open({str(path)!r})
        journal.append(ChangeSet(nodes=[Node("c1", NodeKind.COMMUNITY, {{"name": "北苑"}})]))
        size = journal.path.stat().st_size
        resource.setrlimit(resource.RLIMIT_FSIZE, (size + 40, resource.RLIM_INFINITY))
        try:
            journal.append(ChangeSet(nodes=[Node("c2", NodeKind.COMMUNITY, {{"name": "长的名字" * 20}})]))
        except StoreUnavailable:
            print("refused", journal.path.stat().st_size == size)
        resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        journal.append(ChangeSet(nodes=[Node("c3", NodeKind.COMMUNITY, {{"name": "三"}})]))
        journal.close()
    """)
    root = Path(__file__).resolve().parents[4]
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "refused True", done.stderr
    again = WriteAheadLog.open(path)
    assert [c.nodes[0].id for c in again.replay()] == ["c1", "c3"]
    again.close()


def test_a_bad_line_before_good_ones_is_corruption_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    path.write_bytes(b'{"v":1,"change":{"nodes":[]}}\ngarbage\n{"v":1,"change":{"nodes":[]}}\n')
    with pytest.raises(DatasetError) as caught:
        WriteAheadLog.open(path)
    assert caught.value.problems[0].line == 2 and caught.value.problems[0].source == str(path)
    assert path.read_bytes().count(b"\n") == 3  # nothing was cut


def test_one_process_at_a_time(tmp_path: Path) -> None:
    first = WriteAheadLog.open(tmp_path / "j.jsonl")
    with pytest.raises(StoreUnavailable, match="in use"):
        WriteAheadLog.open(tmp_path / "j.jsonl")
    first.close()
    WriteAheadLog.open(tmp_path / "j.jsonl").close()


def test_one_journal_per_dataset_keyed_by_its_resolved_path(tmp_path: Path) -> None:
    (tmp_path / "a" / "daoyi").mkdir(parents=True)
    (tmp_path / "b" / "daoyi").mkdir(parents=True)
    same = journal_path(tmp_path / "a" / "daoyi", tmp_path / "state")
    assert journal_path(tmp_path / "a" / ".." / "a" / "daoyi", tmp_path / "state") == same
    assert journal_path(tmp_path / "b" / "daoyi", tmp_path / "state") != same
    assert same.parent == tmp_path / "state" / "journals" and same.name.startswith("daoyi-")


def test_the_state_dir_may_not_live_in_the_dataset_or_the_source_tree(tmp_path: Path) -> None:
    dataset = tmp_path / "data"
    dataset.mkdir()
    with pytest.raises(LinliError, match="inside the dataset folder"):
        open_journaled_store(MemoryStore(), dataset=dataset, state_dir=dataset / "state")
    source_tree = Path(__file__).resolve().parents[4]
    with pytest.raises(LinliError, match="inside the source tree"):
        open_journaled_store(MemoryStore(), dataset=dataset, state_dir=source_tree / ".linli-state")
    assert not (dataset / "state").exists() and not (source_tree / ".linli-state").exists()


def test_entries_the_store_refuses_on_replay_refuse_to_start_naming_each(tmp_path: Path) -> None:
    from graph_model.errors import JournalConflict

    path = journal_path(tmp_path / "data", tmp_path / "state")
    journal = WriteAheadLog.open(path)
    journal.append(ChangeSet(relationships=[AGREEMENT]))  # its endpoints are not in the dataset any more
    journal.append(ChangeSet(nodes=[COMMUNITY]))
    journal.close()
    before = path.read_bytes()
    with pytest.raises(JournalConflict) as caught:
        open_journaled_store(MemoryStore(), dataset=tmp_path / "data", state_dir=tmp_path / "state")
    assert [number for number, *_ in caught.value.rejected] == [1]
    assert "p1 -CO_BUILDS-> c1" in str(caught.value) and "journal rebase" in str(caught.value)
    assert path.read_bytes() == before
    WriteAheadLog.open(path).close()  # the lock was released


def test_a_write_the_store_refuses_is_never_journaled(tmp_path: Path) -> None:
    store = open_journaled_store(MemoryStore(), dataset=tmp_path / "data", state_dir=tmp_path / "state")
    with pytest.raises(DatasetError):
        store.apply(ChangeSet(relationships=[AGREEMENT]))
    store.close()
    assert journal_path(tmp_path / "data", tmp_path / "state").read_bytes() == b""


def test_journaled_store_is_a_graph_store_answering_like_its_inner_store(tmp_path: Path, daoyi_store: MemoryStore) -> None:
    from graph_model.store import GraphStore

    store = JournaledStore(daoyi_store)  # no journal: reads only here
    assert isinstance(store, GraphStore) and store.backend == "memory"
    assert store.stats() == daoyi_store.stats()
    assert store.match_evidence("c-beiyuan", "elderly_meals") == daoyi_store.match_evidence("c-beiyuan", "elderly_meals")
    assert store.secretaries() == daoyi_store.secretaries() and store.mentor_links() == daoyi_store.mentor_links()
    with pytest.raises(LinliError, match="cannot be cleared"):
        store.clear()


def test_journaled_store_reads_stay_consistent_while_writing(tmp_path: Path) -> None:
    store = JournaledStore(MemoryStore(), WriteAheadLog.open(tmp_path / "j.jsonl"))
    store.apply(ChangeSet(nodes=[COMMUNITY]))
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        try:
            while not stop.is_set():
                store.relationships("c1")
                store.stats()
        except BaseException as exc:  # noqa: BLE001 - any failure of a reader is the finding
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for t in readers:
        t.start()
    for i in range(200):
        node = Node(f"p{i}", NodeKind.PARTNER, {"name": f"单位{i}", "sector": "other"})
        store.apply(ChangeSet(nodes=[node], relationships=[Relationship(RelType.CO_BUILDS, node.id, "c1")]))
    stop.set()
    for t in readers:
        t.join()
    store.close()
    assert errors == []
    assert len(store.relationships("c1")) == 200
    assert len((tmp_path / "j.jsonl").read_text(encoding="utf-8").splitlines()) == 201
