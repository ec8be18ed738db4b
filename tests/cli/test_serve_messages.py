"""What ``linli serve`` tells the person who started it: where the workbench is, and how to be allowed to write."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import httpx

from loaders import bundled_dataset_path
from tests.api.test_crash import LINLI, free_port, wait_ready


def _serve_and_stop(tmp_path: Path, **env: str) -> tuple[int, str]:
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")} | env
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen([str(LINLI), "serve", "--data", str(bundled_dataset_path()), "--port", str(port), "--state-dir",
                                    str(tmp_path / "state")], env=clean, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_ready(process, f"http://127.0.0.1:{port}")
            assert httpx.get(f"http://127.0.0.1:{port}/").status_code == 200  # the workbench it names is there
        finally:
            process.terminate()
            process.wait(timeout=10)
    return port, log.read_text(encoding="utf-8")


def test_a_server_without_a_writer_says_where_the_workbench_is_and_how_to_write(tmp_path: Path) -> None:
    port, said = _serve_and_stop(tmp_path)
    assert f"http://127.0.0.1:{port}/" in said and "工作台" in said
    assert f"linli token add 名称 --role planner --state-dir {tmp_path / 'state'}" in said
    assert "只读" in said and "Traceback" not in said


def test_a_server_with_a_token_does_not_warn(tmp_path: Path) -> None:
    port, said = _serve_and_stop(tmp_path, LINLI_API_TOKEN="a-token-for-the-test", LINLI_LANG="en")
    assert f"The workbench: open http://127.0.0.1:{port}/ in a browser" in said
    assert "read-only" not in said and "token add" not in said
