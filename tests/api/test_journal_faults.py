"""Journal faults through the API: a full disk answers 503 and loses nothing; a corrupt journal refuses to start."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph_model.errors import DatasetError
from graph_model.stores.memory import write_ahead_log
from graph_model.stores.memory.journaled_store import journal_path
from loaders import bundled_dataset_path
from tests.api.conftest import AUTH


def _partner(i: int) -> dict[str, str]:
    return {"id": f"p-disk-{i}", "name": f"磁盘测试{i}", "sector": "other", "community": "c-beiyuan"}


def test_a_write_that_runs_out_of_disk_answers_503_and_later_writes_and_restarts_work(
    journaled_app: Callable[[], TestClient], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = journal_path(bundled_dataset_path(), tmp_path / "state")

    def full_disk(fd: int, data: memoryview) -> int:
        os.write(fd, data[:7])  # part of the line lands, then the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with journaled_app() as client:
        assert client.post("/partners", json=_partner(1), headers=AUTH).status_code == 201
        good = journal.read_bytes()
        monkeypatch.setattr(write_ahead_log, "_write", full_disk)
        refused = client.post("/partners", json=_partner(2), headers=AUTH)
        assert refused.status_code == 503
        assert journal.read_bytes() == good
        assert client.get("/partners/p-disk-2").status_code == 404  # not acknowledged, not applied
        monkeypatch.undo()
        assert client.post("/partners", json=_partner(3), headers=AUTH).status_code == 201
    with journaled_app() as client:
        assert client.get("/partners/p-disk-1").status_code == 200
        assert client.get("/partners/p-disk-3").status_code == 200
        assert client.get("/partners/p-disk-2").status_code == 404


def test_a_corrupt_journal_refuses_to_start_and_is_left_as_it_was(journaled_app: Callable[[], TestClient], tmp_path: Path) -> None:
    with journaled_app() as client:
        assert client.post("/partners", json=_partner(1), headers=AUTH).status_code == 201
    journal = journal_path(bundled_dataset_path(), tmp_path / "state")
    damaged = journal.read_bytes() + b'{"v":1,"change":{"nodes":[{"id":1}]}}\n'  # complete, but no change set
    journal.write_bytes(damaged)
    with pytest.raises(DatasetError) as caught:
        journaled_app()
    assert caught.value.problems[0].source == str(journal) and caught.value.problems[0].line == 2
    assert journal.read_bytes() == damaged
