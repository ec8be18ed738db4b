"""Folding the journal into the snapshot: commands replay only later writes; nothing acknowledged is lost or replayed twice."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graph_model.errors import JournalConflict
from graph_model.queries import coverage_gaps, match
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import NodeKind, RelType
from graph_model.settings import LinliSettings
from graph_model.state_dir import journal_path
from graph_model.stores.memory import journaled_store
from graph_model.stores.memory.compaction import compact_journal
from graph_model.stores.memory.journaled_store import JournaledStore
from graph_model.stores.memory.snapshot import SnapshotStore, snapshot_path
from loaders import bundled_dataset_path, load_into
from loaders.opening import open_store
from tests.loaders.builders import loaded, rename_id


@pytest.fixture
def daoyi(tmp_path: Path) -> Path:
    return Path(shutil.copytree(bundled_dataset_path(), tmp_path / "daoyi"))


def _need(number: int) -> ChangeSet:
    need = f"api-{number}"
    return ChangeSet([Node(need, NodeKind.NEED, {"name": f"接口诉求{number}", "status": "open", "reported": "2024-09-01"})],
                     [Relationship(RelType.HAS_NEED, "c-beiyuan", need), Relationship(RelType.IN_CATEGORY, need, "elderly_meals")])


def _answers(store: object) -> str:
    return json.dumps({"stats": store.stats().as_dict(), "gaps": coverage_gaps(store).as_dict(),  # type: ignore[attr-defined]
                       "match": match(store, need="api-1").as_dict()}, sort_keys=True, ensure_ascii=False)  # type: ignore[arg-type]


def _expected(daoyi: Path, changes: list[ChangeSet]) -> str:
    store = loaded(daoyi)
    for change in changes:
        store.apply(change)
    return _answers(store)


def _written(daoyi: Path, tmp_path: Path, changes: list[ChangeSet]) -> LinliSettings:
    """A state directory whose server took ``changes`` (and stopped)."""
    settings = LinliSettings(data=daoyi, state_dir=tmp_path / "state", neo4j_uri=None)
    server = open_store(settings)
    for change in changes:
        server.apply(change)
    server.close()
    return settings


def _reader(settings: LinliSettings) -> JournaledStore:
    store = open_store(settings, writable=False)
    assert isinstance(store, JournaledStore)
    return store


def test_a_compacted_journal_is_held_not_replayed(daoyi: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = LinliSettings(data=daoyi, state_dir=tmp_path / "state", neo4j_uri=None)
    server = open_store(settings)
    changes = [_need(n) for n in range(1, 4)]
    for change in changes[:2]:
        server.apply(change)
    folded = compact_journal(daoyi, state_dir=settings.state_dir, load=load_into)  # beside the running server
    assert (folded.entries, folded.newly_held) == (2, 2)
    server.apply(changes[2])  # written after the fold: replayed, as before
    server.close()
    replayed: list[int] = []
    real_replay = journaled_store.replay
    monkeypatch.setattr(journaled_store, "replay", lambda inner, entries: replayed.append(len(entries)) or real_replay(inner, entries))
    reader = _reader(settings)
    assert isinstance(reader.inner, SnapshotStore) and reader.inner.journal_entries == 2
    assert replayed == [1]
    assert _answers(reader) == _expected(daoyi, changes)
    again = compact_journal(daoyi, state_dir=settings.state_dir, load=load_into)
    assert (again.entries, again.newly_held) == (3, 1)
    assert journal_path(daoyi, settings.state_dir).read_bytes().count(b"\n") == 3  # the journal is kept whole


def test_a_rewritten_journal_or_edited_files_make_the_fold_stale(daoyi: Path, tmp_path: Path) -> None:
    changes = [_need(1), _need(2)]
    settings = _written(daoyi, tmp_path, changes)
    compact_journal(daoyi, state_dir=settings.state_dir, load=load_into)
    journal = journal_path(daoyi, settings.state_dir)
    journal.write_bytes(journal.read_bytes().split(b"\n", 1)[0] + b"\n")  # as a rebase would: the second write set aside
    reader = _reader(settings)
    assert not isinstance(reader.inner, SnapshotStore) or reader.inner.journal_entries == 0
    assert reader.get("api-1") is not None and reader.get("api-2") is None
    reader.close()
    community = daoyi / "nodes" / "Community.csv"
    community.write_text(community.read_text(encoding="utf-8").replace("北苑社区", "北园社区"), encoding="utf-8")
    compact_journal(daoyi, state_dir=settings.state_dir, load=load_into)
    reader = _reader(settings)
    assert reader.get("c-beiyuan").name == "北园社区" and reader.get("api-1") is not None
    reader.close()


def test_a_damaged_fold_is_rebuilt_with_the_writes_it_held(daoyi: Path, tmp_path: Path) -> None:
    changes = [_need(1), _need(2)]
    settings = _written(daoyi, tmp_path, changes)
    compact_journal(daoyi, state_dir=settings.state_dir, load=load_into)
    path = snapshot_path(daoyi, settings.state_dir)
    data = bytearray(path.read_bytes())
    data[-50] ^= 0xFF  # in the whole graph's payload
    path.write_bytes(bytes(data))
    reader = _reader(settings)
    assert _answers(reader) == _expected(daoyi, changes)  # read from the files, the two held writes replayed onto them


def test_a_write_that_no_longer_applies_stops_the_fold(daoyi: Path, tmp_path: Path) -> None:
    settings = _written(daoyi, tmp_path, [ChangeSet([], [Relationship(RelType.RESOLVED_BY, "n-beiyuan-01", "p-ent-daokang")])])
    rename_id(daoyi, "p-ent-daokang", "p-ent-daokang-2025")  # as a planner would, in every table
    with pytest.raises(JournalConflict) as stopped:
        compact_journal(daoyi, state_dir=settings.state_dir, load=load_into)
    assert "p-ent-daokang" in str(stopped.value) and "rebase" in str(stopped.value)
