"""Nothing acknowledged is lost: ``linli serve`` as a real process, SIGKILLed right after a 2xx, then restarted."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from loaders import bundled_dataset_path
from tests.api.conftest import AUTH, TOKEN

LINLI = Path(sys.executable).with_name("linli")
START_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(process: subprocess.Popen[bytes], url: str) -> None:
    """Until ``url``/health answers 200 (the process must not exit meanwhile)."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, f"linli serve exited with {process.returncode}"
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"linli serve did not answer within {START_TIMEOUT_S} s")


class Server:
    """One ``linli serve`` process on the bundled dataset, with its state under ``state``."""

    def __init__(self, state: Path, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")}
        env.update(LINLI_STATE_DIR=str(state), LINLI_API_TOKEN=TOKEN, LINLI_LOG_LEVEL="INFO")
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [str(LINLI), "serve", "--data", str(bundled_dataset_path()), "--port", str(self.port), "--no-access-log"],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_ready(self.process, self.url)

    def kill(self) -> None:
        """SIGKILL: no shutdown hook, no flush, nothing graceful."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[list[Server]]:
    started: list[Server] = []
    yield started
    for server in started:
        server.stop()


def test_a_write_acknowledged_just_before_sigkill_survives_the_restart(servers: list[Server], tmp_path: Path) -> None:
    state, log = tmp_path / "state", tmp_path / "serve.log"
    first = Server(state, log)
    servers.append(first)
    lonely = [g["subject"] for g in httpx.get(f"{first.url}/gaps", params={"kind": "community_without_partner"}).json()["gaps"]]
    assert lonely
    response = httpx.post(
        f"{first.url}/co-buildings", json={"source": "p-ent-daokang", "target": lonely[0], "projects": ["送药上门"]}, headers=AUTH
    )
    assert response.status_code == 201
    first.kill()  # right after the 2xx

    second = Server(state, log)
    servers.append(second)
    agreements = httpx.get(f"{second.url}/communities/{lonely[0]}").json()["agreements"]
    assert [(a["partner"], a["projects"]) for a in agreements] == [("p-ent-daokang", ["送药上门"])]
    after = [g["subject"] for g in httpx.get(f"{second.url}/gaps", params={"kind": "community_without_partner"}).json()["gaps"]]
    assert after == lonely[1:]


def test_every_acknowledged_write_survives_a_sigkill_in_the_middle_of_a_stream(servers: list[Server], tmp_path: Path) -> None:
    state, log = tmp_path / "state", tmp_path / "serve.log"
    first = Server(state, log)
    servers.append(first)
    acknowledged: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def write(worker: int) -> None:
        with httpx.Client(base_url=first.url, headers=AUTH, timeout=5) as client:
            for i in range(10_000):
                partner = f"p-crash-{worker}-{i}"
                try:
                    response = client.post("/partners", json={"id": partner, "name": f"单位{i}", "sector": "other", "community": "c-beiyuan"})
                except httpx.TransportError:
                    return  # the server died mid-request: not acknowledged
                if response.status_code == 201:
                    with lock:
                        acknowledged.append(partner)
                if stop.is_set():
                    return

    writers = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for t in writers:
        t.start()
    while len(acknowledged) < 40:
        time.sleep(0.005)
    first.kill()
    stop.set()
    for t in writers:
        t.join()

    second = Server(state, log)
    servers.append(second)
    stored = {p["id"] for p in httpx.get(f"{second.url}/partners", params={"community": "c-beiyuan", "limit": 1000}).json()["data"]}
    assert len(acknowledged) >= 40
    assert set(acknowledged) <= stored


def test_a_second_server_on_the_same_journal_refuses_to_start(servers: list[Server], tmp_path: Path) -> None:
    state = tmp_path / "state"
    servers.append(Server(state, tmp_path / "first.log"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")}
    second = subprocess.run(
        [str(LINLI), "serve", "--data", str(bundled_dataset_path()), "--port", str(free_port())],
        env={**env, "LINLI_STATE_DIR": str(state), "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert second.returncode == 3  # the CLI's exit code for an unavailable store
    assert "in use by another Linli process" in second.stderr and "Traceback" not in second.stderr
