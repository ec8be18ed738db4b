"""One truth: what the server was told is what every command given the same state directory answers;
files changed under the journal refuse to start until ``linli journal rebase`` sets the stale writes aside."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

warnings.filterwarnings("ignore", message=".*httpx2.*")
from fastapi.testclient import TestClient  # noqa: E402

from api.main import create_app  # noqa: E402
from cli.app import app  # noqa: E402
from graph_model.errors import JournalConflict  # noqa: E402
from graph_model.state_dir import StateDir, journal_path  # noqa: E402
from loaders import bundled_dataset_path  # noqa: E402
from tests.api.conftest import AUTH, settings_for  # noqa: E402
from tests.loaders.builders import rename_id  # noqa: E402

NEED = {"id": "n-api-written", "name": "楼道灯坏了", "community": "c-beiyuan", "category": "elderly_meals", "reported": "2024-09-02"}


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """A private copy of Daoyi (a test may edit its files)."""
    return Path(shutil.copytree(bundled_dataset_path(), tmp_path / "daoyi"))


def _serve(state: Path, dataset: Path) -> TestClient:
    return TestClient(create_app(settings=settings_for(state, data=dataset)))


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--lang", "en", *args])
    return result.exit_code, result.output


def test_a_need_written_through_the_api_is_found_by_the_cli_given_only_the_state_dir(tmp_path: Path, dataset: Path) -> None:
    state = tmp_path / "state"
    with _serve(state, dataset) as client:
        assert client.post("/needs", json=NEED, headers=AUTH).status_code == 201
        served = client.get("/match", params={"need": NEED["id"]})
        # while the server runs (and holds the journal), the CLI reads beside it
        code, out = _cli("match", "--state-dir", str(state), "--need", NEED["id"], "--json")
        assert code == 0, out
        stats_served = client.get("/stats").json()
    assert StateDir(state).dataset() == dataset.resolve()  # the state directory knows its dataset
    assert json.loads(out)["need"] == NEED["id"] and json.loads(out)["results"]
    code, out = _cli("stats", "--state-dir", str(state), "--json")
    assert code == 0 and json.loads(out) == stats_served
    assert json.loads(out)["nodes"]["Need"] == 95
    code, out = _cli("stats", "--data", str(dataset), "--json")  # no state directory: the files as they are
    assert json.loads(out)["nodes"]["Need"] == 94
    assert served.status_code == 200


def test_state_dir_and_neo4j_together_are_refused(tmp_path: Path) -> None:
    code, out = _cli("stats", "--state-dir", str(tmp_path), "--neo4j", "bolt://127.0.0.1:1")
    assert code == 2 and "truth" in out and "--state-dir" in out


def _write_resolved_need(state: Path, dataset: Path) -> None:
    with _serve(state, dataset) as client:
        assert client.post("/needs", json=NEED, headers=AUTH).status_code == 201
        patched = client.patch(f"/needs/{NEED['id']}", json={"status": "in_progress", "resolved_by": "p-ent-daokang"}, headers=AUTH)
        assert patched.status_code == 200
        assert client.post("/partners", json={"id": "p-other", "name": "另一单位", "sector": "other"}, headers=AUTH).status_code == 201


def test_a_rename_under_the_journal_refuses_to_start_and_rebase_keeps_the_rejected_write(tmp_path: Path, dataset: Path) -> None:
    state = tmp_path / "state"
    _write_resolved_need(state, dataset)
    journal = journal_path(dataset, state)
    before = journal.read_bytes()
    rename_id(dataset, "p-ent-daokang", "p-ent-daokang-2025")

    with pytest.raises(JournalConflict) as caught:  # the server refuses to start
        _serve(state, dataset)
    message = str(caught.value)
    assert [number for number, *_ in caught.value.rejected] == [2]
    assert "p-ent-daokang" in message and "linli journal rebase" in message
    assert journal.read_bytes() == before  # nothing dropped

    code, out = _cli("gaps", "--state-dir", str(state), "--json")  # and so does every command
    assert code == 2 and "write 2" in out and "journal rebase" in out

    code, out = _cli("journal", "show", "--state-dir", str(state), "--json")
    assert code == 0, out
    shown = json.loads(out)["writes"]
    assert [w["applies"] for w in shown] == [True, False, True]
    assert "p-ent-daokang" in shown[1]["problems"][0]

    code, out = _cli("journal", "rebase", "--state-dir", str(state), "--json")
    assert code == 0, out
    report = json.loads(out)
    assert [w["line"] for w in report["applied"]] == [1, 3] and [w["line"] for w in report["rejected"]] == [2]
    rejected = StateDir(state).rejected_for(journal)
    assert rejected.read_bytes() == before.splitlines(keepends=True)[1]  # kept, byte for byte
    assert journal.read_bytes() == b"".join(before.splitlines(keepends=True)[i] for i in (0, 2))

    with _serve(state, dataset) as client:  # starts again, with the writes that still apply
        assert client.get(f"/needs/{NEED['id']}").status_code == 200
        assert client.get("/partners/p-other").status_code == 200
    code, out = _cli("journal", "show", "--state-dir", str(state), "--json")
    assert [w["applies"] for w in json.loads(out)["writes"]] == [True, True]


def test_the_state_directory_follows_the_dataset_the_server_starts_on(tmp_path: Path, dataset: Path) -> None:
    state = tmp_path / "state"
    other = Path(shutil.copytree(bundled_dataset_path(), tmp_path / "other"))
    _cli("stats", "--state-dir", str(state), "--data", str(dataset))  # a command binds an empty state directory
    assert StateDir(state).dataset() == dataset.resolve()
    _cli("stats", "--state-dir", str(state), "--data", str(other))  # a second command does not move it
    assert StateDir(state).dataset() == dataset.resolve()
    with _serve(state, other):  # the server does: what it answers from is the network
        pass
    assert StateDir(state).dataset() == other.resolve()


def test_journal_commands_need_a_state_directory_and_print_tables(tmp_path: Path, dataset: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LINLI_STATE_DIR", raising=False)
    code, out = _cli("journal", "show")
    assert code == 2 and "--state-dir" in out and "Traceback" not in out
    state = tmp_path / "state"
    _write_resolved_need(state, dataset)
    code, out = _cli("journal", "show", "--state-dir", str(state))
    assert code == 0 and "3 write(s)" in out and "n-api-written" in out
    code, out = _cli("journal", "rebase", "--state-dir", str(state))
    assert code == 0 and "3 write(s) still apply" in out and "No write was set aside." in out


def test_journal_compact_folds_the_writes_and_every_answer_stays(tmp_path: Path, dataset: Path) -> None:
    state = tmp_path / "state"
    _write_resolved_need(state, dataset)
    answers = [_cli(*command, "--state-dir", str(state), "--json") for command in (("stats",), ("match", "--need", NEED["id"]))]
    with _serve(state, dataset) as client:  # beside the running server, which holds the journal
        code, out = _cli("journal", "compact", "--state-dir", str(state), "--json")
        assert code == 0, out
        assert client.get(f"/needs/{NEED['id']}").status_code == 200
    folded = json.loads(out)
    assert (folded["writes_held"], folded["newly_held"]) == (3, 3) and Path(folded["snapshot"]).is_file()
    assert [_cli(*command, "--state-dir", str(state), "--json") for command in (("stats",), ("match", "--need", NEED["id"]))] == answers
    code, out = _cli("journal", "compact", "--state-dir", str(state))
    assert code == 0 and "3 write(s)" in out and "(0 newly)" in out and "kept whole" in out
    code, out = _cli("journal", "show", "--state-dir", str(state), "--json")
    assert len(json.loads(out)["writes"]) == 3  # the journal itself is untouched
