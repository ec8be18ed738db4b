"""The Daoyi generator rewrites the bundled dataset byte for byte, checks the article's counts, and says what broke."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph_model.errors import DatasetError, Problem
from graph_model.schema import NodeKind, RelType
from loaders import bundled_dataset_path, load_dataset
from generators.daoyi import build_dataset, write_dataset
from generators.daoyi import __main__ as daoyi_main
from generators.daoyi.facts import fact_problems

ROOT = Path(__file__).resolve().parents[2]


def _digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every dataset file below ``folder`` (its README aside)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "README.md"}


def test_regenerates_the_bundled_dataset_byte_for_byte(tmp_path: Path) -> None:
    rows = write_dataset(tmp_path)
    written, bundled = _digest(tmp_path), _digest(bundled_dataset_path())
    assert written.keys() == bundled.keys()
    assert [name for name in written if written[name] != bundled[name]] == []
    assert (rows.total_nodes, rows.total_relationships) == (5059, 3151)


def test_the_same_bytes_come_out_of_another_process(tmp_path: Path) -> None:
    # String hashing differs between processes; the output must not depend on it.
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run([sys.executable, "-m", "generators.daoyi", "--out", str(tmp_path)], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    assert done.stdout.startswith(f"wrote {tmp_path}: 5059 nodes in 12 tables, 3151 relationships in 9 tables")
    assert _digest(tmp_path) == _digest(bundled_dataset_path())


def test_rewriting_replaces_the_tables_and_keeps_other_files(tmp_path: Path) -> None:
    (tmp_path / "nodes").mkdir()
    (tmp_path / "nodes" / "Stale.csv").write_text("id\nx\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("kept", encoding="utf-8")
    write_dataset(tmp_path)
    assert not (tmp_path / "nodes" / "Stale.csv").exists()
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "kept"


def test_the_generated_dataset_loads_without_errors(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    nodes, _relationships = load_dataset(tmp_path).counts()
    assert nodes > 5059  # and the default taxonomy's categories


@pytest.mark.usefixtures("english")  # the generator's checks are worded in English (a maintainer's tool)
def test_every_article_count_holds_and_a_broken_one_is_named() -> None:
    rows = build_dataset()
    assert fact_problems(rows.nodes, rows.relationships) == []
    fewer = rows.nodes | {"Household": rows.nodes["Household"][:-1]}
    no_mentors = rows.relationships | {"MENTORS": []}
    assert [str(p) for p in fact_problems(fewer, no_mentors)] == [
        "nodes/Household.csv: 165 party-member households (got 164)",
        "relationships/MENTORS.csv: 8 mentor pairs (got 0)",
    ]


def test_provenance_marks_the_article_s_units_and_links_as_seed() -> None:
    rows = build_dataset()
    seed = {kind: {r["id"] for r in table if r.get("source") == "seed"} for kind, table in rows.nodes.items()}
    assert len(seed["Community"]) == 7 and "c-beiyuan" in seed["Community"]
    assert {"p-court-yinjia", "p-dongdong"} <= seed["Partner"]
    assert sum(n["origin"] == "seed" for n in rows.nodes["Need"]) == 14
    co_builds = {(r["source"], r["target"]): r["origin"] for r in rows.relationships["CO_BUILDS"]}
    assert co_builds[("p-dongdong", "c-renjieshuian")] == "seed"
    assert co_builds[("p-ent-beichen", "c-huafu")] == "synthetic"


def test_main_prints_every_problem_and_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    def broken(out: Path) -> None:
        raise DatasetError([Problem("tables/manages.csv", None, "estate", "nowhere", "an estate")])

    monkeypatch.setattr(daoyi_main, "write_dataset", broken)
    assert daoyi_main.main(["--out", str(tmp_path)]) == 1
    assert "tables/manages.csv, column estate: 'nowhere'" in capsys.readouterr().err


def test_the_quarter_of_need_events_tells_every_story() -> None:
    from graph_model.need_lifecycle import NeedEvent, plus_hours, replay
    from graph_model.stores.memory.store import MemoryStore
    from generators.daoyi.events import QUARTER

    store = MemoryStore()
    store.apply(load_dataset(bundled_dataset_path()).change_set())
    histories = store.need_history()
    needs = {n.id: n for n in store.find(NodeKind.NEED)}
    quarter = [n for n in needs.values() if QUARTER[0].isoformat() <= str(n.props.get("reported")) <= QUARTER[1].isoformat()]
    assert sorted(histories) == sorted(n.id for n in quarter)  # exactly the quarter's needs have events
    limits = store.category_time_limits()

    def category(need: str) -> str:
        return store.relationships(need, types=[RelType.IN_CATEGORY])[0].target

    def kept(events: list[NeedEvent], action: str) -> list[NeedEvent]:
        return [e for e in events if e.action == action]

    stories = {
        "resolved on time and rated": [n for n, ev in histories.items() if needs[n].props["status"] == "resolved" and kept(ev, "rate")
                                       and kept(ev, "resolve")[-1].at <= plus_hours(ev[0].at, 24 * limits[category(n)].resolve_days)],
        "resolved late": [n for n, ev in histories.items() if kept(ev, "resolve") and needs[n].props["status"] == "resolved"
                          and kept(ev, "resolve")[-1].at > plus_hours(ev[0].at, 24 * limits[category(n)].resolve_days)],
        "claimed late": [n for n, ev in histories.items() if kept(ev, "claim")
                         and kept(ev, "claim")[0].at > plus_hours(ev[0].at, limits[category(n)].respond_hours)],
        "returned": [n for n, ev in histories.items() if kept(ev, "return")],
        "reopened by a bad rating": [n for n, ev in histories.items() if any(e.rating is not None and e.rating <= 2 for e in ev)],
        "dispatched": [n for n in histories if needs[n].props["status"] == "dispatched"],
        "in progress": [n for n in histories if needs[n].props["status"] == "in_progress"],
        "open, only reported": [n for n, ev in histories.items() if [e.action for e in ev] == ["report"]],
    }
    assert {story: bool(found) for story, found in stories.items()} == dict.fromkeys(stories, True), stories
    for need, events in histories.items():  # the rows agree with their events
        state = replay(events, reported=needs[need].props.get("reported"))
        assert state.status == needs[need].props["status"]
        resolver = [r.target for r in store.relationships(need, types=[RelType.RESOLVED_BY])]
        assert resolver == ([state.resolver] if state.resolver else [])
    assert all(e.at <= "2024-08-29T09:00" for events in histories.values() for e in events)
