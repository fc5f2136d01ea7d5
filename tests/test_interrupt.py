"""Ctrl-C in a terminal: the plan stops within seconds, says what it saved and how to go
on, and takes its llama-server with it.

The terminal sends SIGINT to the whole foreground process group, so the test starts the
command in a group of its own and signals the group, as a terminal would.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from contentkit.llm.model_files import packaged_gguf

from fixtures_llm import require_llama_server


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _saved_posts(journal: Path) -> int:
    if not journal.exists():
        return 0
    lines = journal.read_text("utf-8").splitlines()
    return sum('"kind": "post"' in line or '"kind":"post"' in line for line in lines)


def _as_in_a_terminal() -> None:
    """Ctrl-C as a terminal's foreground job has it: a test run started in the background
    (``make test &``, nohup) ignores SIGINT, and its children would inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc for the server process")
def test_the_first_ctrl_c_stops_a_plan_within_seconds(tmp_path: Path) -> None:
    require_llama_server()
    out = tmp_path / "plan"
    env = {**os.environ, "CONTENTKIT_HOME": str(tmp_path / "home"), "CONTENTKIT_THREADS": "1"}
    command = [sys.executable, "-m", "contentkit", "plan", "--brand", "ledgerly", "--start", "2026-12-07",
               "--days", "7", "--out", str(out), "--backend", "llamacpp", "--model", str(packaged_gguf()),
               "--no-history", "--no-images", "--concurrency", "4"]
    process = subprocess.Popen(command, env=env, start_new_session=True, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, preexec_fn=_as_in_a_terminal)
    try:
        deadline = time.monotonic() + 600
        while _saved_posts(out / "plan.jsonl") < 1 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)
        assert process.poll() is None, process.communicate()
        assert _saved_posts(out / "plan.jsonl") >= 1, "no post saved in 10 minutes"
        servers = [pid for pid in _children(process.pid) if "llama" in Path(f"/proc/{pid}/comm").read_text()]
        assert servers, "the plan runs no llama-server of its own"
        saved_lines = (out / "plan.jsonl").read_text("utf-8").splitlines()

        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does
        try:
            stdout, stderr = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            pytest.fail("the plan was still running 20 s after Ctrl-C")
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 130, (stdout, stderr)
    assert "Traceback" not in stderr, stderr
    assert "Stopped" in stderr and "saved" in stderr and "run the same command again" in stderr, stderr
    for _ in range(50):  # the server is killed, not asked: it may take a moment to be reaped
        if not any(_alive(pid) for pid in servers):
            break
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in servers), "llama-server outlived the plan"
    # Nothing saved before is lost, and every line still reads.
    after = (out / "plan.jsonl").read_text("utf-8").splitlines()
    assert after[:len(saved_lines)] == saved_lines
    for line in after:
        json.loads(line)


def test_ctrl_c_while_the_model_loads_ends_the_wait_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A server still loading its model when Ctrl-C comes is killed, and the start that waited
    for it gives up at once instead of waiting for it to be healthy (up to 3 minutes)."""
    import threading

    from contentkit.errors import ContentkitError
    from contentkit.llm import llama_server

    # A "server" that never answers: it only sleeps, like a model that takes long to load.
    never = [sys.executable, "-c", "import time; time.sleep(60)"]
    monkeypatch.setattr(llama_server, "server_command", lambda: never)
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF")
    backend = llama_server.LlamaServerBackend(str(model))
    monkeypatch.setattr(backend, "gguf", lambda: model)
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(_attempt(backend, ContentkitError)))
    worker.start()
    deadline = time.monotonic() + 10
    while backend._starting is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert backend._starting is not None, "the start never began"
    started = time.monotonic()
    backend.interrupt()
    worker.join(timeout=10)
    assert not worker.is_alive() and time.monotonic() - started < 3, "the start kept waiting after Ctrl-C"
    assert isinstance(outcome[0], ContentkitError)
    assert backend._server is None


def _attempt(backend, error):  # type: ignore[no-untyped-def]
    try:
        backend.ensure_started()
    except error as exc:
        return exc
    return None
