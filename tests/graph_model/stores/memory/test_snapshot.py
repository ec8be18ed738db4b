"""The state directory's snapshot: the same answers as a fresh load, never stale, a damaged one ignored and rebuilt."""

from __future__ import annotations

import json
import logging
import os
import pickle
import shutil
from pathlib import Path
from types import MappingProxyType

import pytest

from graph_model.queries import coverage_gaps, match, propose_mentor_pairs
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import NodeKind, RelType
from graph_model.settings import LinliSettings
from graph_model.stores.memory import snapshot, snapshot_format
from graph_model.stores.memory.snapshot import load_with_snapshot, open_snapshot, snapshot_path, write_snapshot
from graph_model.stores.memory.store import MemoryStore
from generators.synthetic_city import generate_dataset
from loaders import bundled_dataset_path, load_into
from tests.loaders.builders import loaded
from loaders.opening import open_store


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("city") / "city"
    generate_dataset(out, subdistricts=2, seed=5)
    return out


@pytest.fixture
def daoyi(tmp_path: Path) -> Path:
    """A copy of the bundled dataset the test may edit."""
    return Path(shutil.copytree(bundled_dataset_path(), tmp_path / "daoyi"))


def _answers(store: MemoryStore) -> dict[str, object]:
    needs = [n.id for n in store.find(NodeKind.NEED) if n.props.get("status") in ("open", "in_progress")][:25]
    return {
        "stats": store.stats().as_dict(),
        "gaps": coverage_gaps(store).as_dict(),
        "match": {n: match(store, need=n, limit=5).as_dict() for n in needs},
        "mentors": propose_mentor_pairs(store).as_dict(),
    }



def _opened(dataset: Path, state: Path) -> MemoryStore:
    opened = open_snapshot(dataset=dataset, state_dir=state)
    assert opened is not None, "no usable snapshot"
    return opened.store


@pytest.mark.parametrize("which", ["daoyi", "city"])
def test_a_snapshot_answers_as_a_fresh_load(which: str, city: Path, tmp_path: Path) -> None:
    dataset = bundled_dataset_path() if which == "daoyi" else city
    fresh = loaded(dataset)
    write_snapshot(fresh, dataset=dataset, state_dir=tmp_path)
    again = _opened(dataset, tmp_path)
    assert json.dumps(_answers(again), sort_keys=True) == json.dumps(_answers(fresh), sort_keys=True)
    assert again.graph._node == fresh.graph._node and again.graph._succ == fresh.graph._succ
    assert again.graph._adj is again.graph._succ
    lazy = load_with_snapshot(dataset, state_dir=tmp_path, load=lambda store, path: pytest.fail("read the files"))
    assert lazy.stats().as_dict() == fresh.stats().as_dict() and "graph" not in vars(lazy)
    assert json.dumps(_answers(lazy), sort_keys=True) == json.dumps(_answers(fresh), sort_keys=True)
    assert {k: sorted(v) for k, v in again._by_kind.items()} == {k: sorted(v) for k, v in fresh._by_kind.items()}


def test_bare_relationships_stay_shared_and_read_only(city: Path, tmp_path: Path) -> None:
    """After a load, the relationships without properties share one read-only key dict per type; so after a snapshot."""
    write_snapshot(loaded(city), dataset=city, state_dir=tmp_path)
    store = _opened(city, tmp_path)
    pairs = [(s, t, keys) for s, out in store.graph._succ.items() for t, keys in out.items() if type(keys) is MappingProxyType]
    source, target, keys = pairs[0]
    sharing = [(s, t) for s, t, k in pairs if k is keys and (s, t) != (source, target)]
    assert sharing and store.graph._pred[target][source] is keys
    (key,) = keys
    store.apply(ChangeSet(relationships=[Relationship(RelType(key), source, target, {})]))  # a write to one of them
    assert store.graph._succ[source][target] is store.graph._pred[target][source] is not keys
    other_source, other_target = sharing[0]
    assert store.graph._succ[other_source][other_target] is keys and dict(keys[key]["props"]) == {}


def test_open_store_keeps_and_reuses_the_snapshot(daoyi: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    settings = LinliSettings(data=daoyi, state_dir=state, neo4j_uri=None)
    first = open_store(settings)
    expected = first.stats().as_dict()
    first.close()
    assert snapshot_path(daoyi, state).exists()
    reads: list[int] = []
    second = load_with_snapshot(daoyi, state_dir=state, load=lambda store, path: reads.append(1))
    assert second.stats().as_dict() == expected and "graph" not in vars(second)  # the counts kept with it, nothing unpickled
    assert second.get("c-beiyuan") is not None or second.ids(NodeKind.COMMUNITY)  # the graph read when first needed
    assert reads == [] and second.stats().as_dict() == expected  # opened, the files not read


def test_journaled_writes_are_counted_not_the_snapshots_counts(daoyi: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    settings = LinliSettings(data=daoyi, state_dir=state, neo4j_uri=None)
    first = open_store(settings)
    before = first.stats().as_dict()
    first.apply(ChangeSet(nodes=[Node("c-new", NodeKind.COMMUNITY, {"name": "新社区"})]))
    first.close()
    second = open_store(settings)  # the snapshot (the files' graph), then the journal replayed onto it
    try:
        assert second.get("c-new").name == "新社区"
        assert second.stats().nodes["Community"] == before["nodes"]["Community"] + 1
    finally:
        second.close()


def _edit_keeping_size_and_time(path: Path) -> None:
    status = path.stat()
    text = path.read_text(encoding="utf-8")
    edited = text.replace("社区", "小区", 1)
    assert edited != text and len(edited.encode()) == len(text.encode())
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))


@pytest.mark.parametrize("change", ["content (same size and time)", "touched", "file added", "file removed", "format"])
def test_a_change_of_the_files_makes_it_stale(change: str, daoyi: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_snapshot(loaded(daoyi), dataset=daoyi, state_dir=tmp_path)
    community = daoyi / "nodes" / "Community.csv"
    if change.startswith("content"):
        _edit_keeping_size_and_time(community)
    elif change == "touched":
        os.utime(community, ns=(community.stat().st_atime_ns, community.stat().st_mtime_ns + 1_000_000_000))
    elif change == "file added":
        (daoyi / "README.md").write_text("notes", encoding="utf-8")
    elif change == "file removed":
        (daoyi / "relationships" / next(p.name for p in sorted((daoyi / "relationships").iterdir()) if p.name.startswith("MENTORS"))).unlink()
    else:
        monkeypatch.setattr(snapshot_format, "FORMAT", snapshot_format.FORMAT + 1)
    assert open_snapshot(dataset=daoyi, state_dir=tmp_path) is None
    # what a command then answers is the files' answer, and the snapshot is written again for them
    store = load_with_snapshot(daoyi, state_dir=tmp_path, load=load_into)
    assert store.stats().as_dict() == loaded(daoyi).stats().as_dict()
    assert open_snapshot(dataset=daoyi, state_dir=tmp_path) is not None


def test_an_edited_name_is_never_served_stale(daoyi: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    store = load_with_snapshot(daoyi, state_dir=state, load=load_into)
    before = {n.id: n.name for n in store.find(NodeKind.COMMUNITY)}
    _edit_keeping_size_and_time(daoyi / "nodes" / "Community.csv")
    again = load_with_snapshot(daoyi, state_dir=state, load=load_into)
    after = {n.id: n.name for n in again.find(NodeKind.COMMUNITY)}
    assert after != before and after == {n.id: n.name for n in loaded(daoyi).find(NodeKind.COMMUNITY)}


def _damage(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "truncated":
        data = data[: len(data) // 2]
    elif how == "a byte flipped":
        data[-100] ^= 0xFF  # in the whole graph's payload, the last part
    elif how == "a byte of the section flipped":
        header = json.loads(data[len(snapshot.MAGIC) + 8 : len(snapshot.MAGIC) + 8 + int.from_bytes(data[len(snapshot.MAGIC) : len(snapshot.MAGIC) + 8], "big")])
        data[len(data) - header["payload"]["bytes"] - 100] ^= 0xFF
    elif how == "not a snapshot":
        data = bytearray(b"hello")
    elif how == "bad header":
        data[len(snapshot.MAGIC) + 8 : len(snapshot.MAGIC) + 12] = b"\xff\xfe{{"
    elif how == "empty":
        data = bytearray()
    path.write_bytes(bytes(data))


_DAMAGES = ["truncated", "not a snapshot", "bad header", "empty"]


@pytest.mark.parametrize(("how", "read"), [
    *((how, NodeKind.BUILDING) for how in [*_DAMAGES, "a byte flipped"]),  # the whole graph read
    *((how, NodeKind.COMMUNITY) for how in [*_DAMAGES, "a byte of the section flipped"]),  # the section alone
])
def test_a_damaged_snapshot_is_ignored_and_rebuilt(
    how: str, read: NodeKind, daoyi: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A damaged part is found when it is read: the whole graph (buildings) or the section (communities)."""
    write_snapshot(loaded(daoyi), dataset=daoyi, state_dir=tmp_path)
    _damage(snapshot_path(daoyi, tmp_path), how)
    with caplog.at_level(logging.WARNING):
        store = load_with_snapshot(daoyi, state_dir=tmp_path, load=load_into)
        assert store.ids(read) == loaded(daoyi).ids(read)  # the part read: a damaged one found
    assert store.stats().as_dict() == loaded(daoyi).stats().as_dict()
    if how != "empty":
        assert any("snapshot" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    assert open_snapshot(dataset=daoyi, state_dir=tmp_path) is not None  # written again


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("echo pwned > /dev/null",))


@pytest.mark.parametrize("where", ["payload", "section"])
def test_a_payload_naming_anything_else_is_refused_unrun(where: str, daoyi: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Even with a header and checksum that match, the unpickler builds only the store's own types, in either part."""
    path = write_snapshot(loaded(daoyi), dataset=daoyi, state_dir=tmp_path)
    data = path.read_bytes()
    length = int.from_bytes(data[len(snapshot.MAGIC) : len(snapshot.MAGIC) + 8], "big")
    header = json.loads(data[len(snapshot.MAGIC) + 8 : len(snapshot.MAGIC) + 8 + length])
    body = data[len(snapshot.MAGIC) + 8 + length :]
    section, payload = body[: header["section"]["bytes"]], body[header["section"]["bytes"] :]
    evil = pickle.dumps(({}, {}, {}, {"x": _Boom()}, [], b""), protocol=5)
    import hashlib

    if where == "payload":
        payload = evil
    else:
        section = evil
    header["section"] = {"bytes": len(section), "sha256": hashlib.sha256(section).hexdigest()}
    header["payload"] = {"bytes": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}
    head = json.dumps(header).encode()
    path.write_bytes(snapshot.MAGIC + len(head).to_bytes(8, "big") + head + section + payload)
    calls: list[object] = []
    monkey = pytest.MonkeyPatch()
    monkey.setattr(os, "system", lambda *a: calls.append(a))
    try:
        with caplog.at_level(logging.WARNING):
            if where == "payload":
                assert open_snapshot(dataset=daoyi, state_dir=tmp_path) is None
            else:
                store = load_with_snapshot(daoyi, state_dir=tmp_path, load=load_into)
                assert store.ids(NodeKind.NEED) == loaded(daoyi).ids(NodeKind.NEED)  # the section read, refused: the files loaded
    finally:
        monkey.undo()
    assert calls == []
    assert any("快照" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


def test_no_snapshot_inside_the_dataset_folder(daoyi: Path) -> None:
    store = load_with_snapshot(daoyi, state_dir=daoyi / ".linli", load=load_into)
    assert not (daoyi / ".linli" / "snapshots").exists()
    assert store.stats().nodes["Community"] == 23


def test_a_state_directory_in_the_source_tree_is_refused_before_anything_is_written(daoyi: Path) -> None:
    from graph_model.errors import LinliError

    state = Path(snapshot.__file__).resolve().parents[3] / ".linli-test-state"  # e.g. LINLI_STATE_DIR set to "" in the checkout
    assert not state.exists()
    try:
        assert load_with_snapshot(daoyi, state_dir=state, load=load_into).stats().nodes["Community"] == 23
        with pytest.raises(LinliError, match="source tree"):
            open_store(LinliSettings(data=daoyi, state_dir=state, neo4j_uri=None))
        assert not (state / "snapshots").exists()
    finally:
        shutil.rmtree(state, ignore_errors=True)


def test_the_journal_mark(daoyi: Path, tmp_path: Path) -> None:
    """A snapshot that holds a journal's first entries is used only while those bytes are unchanged."""
    journal = tmp_path / "j.jsonl"
    journal.write_bytes(b'{"v":1}\n')
    write_snapshot(loaded(daoyi), dataset=daoyi, state_dir=tmp_path, journal=journal, journal_entries=1)
    opened = open_snapshot(dataset=daoyi, state_dir=tmp_path, journal=journal)
    assert opened is not None and opened.journal_entries == 1
    with journal.open("ab") as file:
        file.write(b'{"v":1,"later":true}\n')  # appended after: still the same first entry
    assert open_snapshot(dataset=daoyi, state_dir=tmp_path, journal=journal) is not None
    journal.write_bytes(b'{"v":2}\n')  # rewritten (a rebase): stale
    assert open_snapshot(dataset=daoyi, state_dir=tmp_path, journal=journal) is None
    assert open_snapshot(dataset=daoyi, state_dir=tmp_path) is None  # and no journal at all


def test_payload_is_not_read_before_the_checks(daoyi: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_snapshot(loaded(daoyi), dataset=daoyi, state_dir=tmp_path)
    _edit_keeping_size_and_time(daoyi / "nodes" / "Community.csv")
    monkeypatch.setattr(snapshot_format.GraphUnpickler, "load", lambda self: pytest.fail("unpickled a stale snapshot"))
    assert open_snapshot(dataset=daoyi, state_dir=tmp_path) is None
