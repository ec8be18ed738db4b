"""``linli`` with a state directory: the answer of the files, from the snapshot kept there; a damaged one is a plain note."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from graph_model.stores.memory.snapshot import snapshot_path
from loaders import bundled_dataset_path

LINLI = Path(sys.executable).parent / "linli"


def _linli(*args: str, state: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")} | {"COLUMNS": "100", "NO_COLOR": "1"}
    if state is not None:
        env["LINLI_STATE_DIR"] = str(state)
    return subprocess.run([str(LINLI), *args], capture_output=True, text=True, timeout=120, env=env)


def test_stats_from_the_snapshot_then_after_damage(tmp_path: Path) -> None:
    data = Path(shutil.copytree(bundled_dataset_path(), tmp_path / "daoyi"))
    state = tmp_path / "state"
    expected = _linli("stats", "--json", "--data", str(data))
    assert expected.returncode == 0, expected.stderr
    first = _linli("stats", "--json", "--data", str(data), state=state)
    assert first.returncode == 0 and json.loads(first.stdout) == json.loads(expected.stdout)
    path = snapshot_path(data, state)
    assert path.exists()
    again = _linli("stats", "--json", "--data", str(data), state=state)
    assert again.returncode == 0 and json.loads(again.stdout) == json.loads(expected.stdout) and again.stderr == ""
    path.write_bytes(path.read_bytes()[:1000])
    damaged = _linli("stats", "--json", "--data", str(data), state=state)
    assert damaged.returncode == 0 and json.loads(damaged.stdout) == json.loads(expected.stdout)
    assert "Traceback" not in damaged.stderr and "快照" in damaged.stderr and str(path) in damaged.stderr
    assert _linli("stats", "--json", "--data", str(data), state=state).stderr == ""  # rebuilt
