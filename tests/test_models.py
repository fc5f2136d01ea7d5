"""Models a user can have: packaged parts joined and checked, pulled from a hub (a real HTTP
server on 127.0.0.1 here), listed; and the llamacpp backend that serves them itself."""

from __future__ import annotations

import hashlib
import http.server
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from cli_helpers import run
from contentkit.errors import BackendError
from contentkit.llm import catalog
from contentkit.llm.pull import pull
from fixtures_llm import require_llama_server

PAYLOAD = b"GGUF" + bytes(range(256)) * 4096  # about 1 MB: several reads, several progress calls
SHA = hashlib.sha256(PAYLOAD).hexdigest()
TOY = catalog.KnownModel(name="toy-model", file="toy.gguf", sha256=None, size=None, licence="MIT",
                         parameters="tiny", languages=None, hub_repo="acme/toy-GGUF")


# -- joining packaged parts ---------------------------------------------------------------

def _parts(tmp_path: Path, count: int = 3) -> list[Path]:
    step = len(PAYLOAD) // count + 1
    paths = []
    for i in range(count):
        path = tmp_path / f"part{i + 1:02d}.bin"
        path.write_bytes(PAYLOAD[i * step:(i + 1) * step])
        paths.append(path)
    return paths


def test_parts_are_joined_into_one_checked_file(tmp_path: Path) -> None:
    model = replace(TOY, sha256=SHA, size=len(PAYLOAD))
    seen: list[int] = []
    joined = catalog.join_parts(_parts(tmp_path), tmp_path / "out" / "toy.gguf", model,
                                lambda done, total: seen.append(done))
    assert joined.read_bytes() == PAYLOAD
    assert seen[-1] == len(PAYLOAD) and seen == sorted(seen)


@pytest.mark.parametrize("change", [{"sha256": "0" * 64}, {"size": len(PAYLOAD) + 1}])
def test_parts_that_do_not_match_are_refused_and_nothing_is_kept(tmp_path: Path, change: dict) -> None:
    model = replace(TOY, **{"sha256": SHA, "size": len(PAYLOAD), **change})
    target = tmp_path / "out" / "toy.gguf"
    with pytest.raises(BackendError, match="toy-model"):
        catalog.join_parts(_parts(tmp_path), target, model)
    assert list(target.parent.iterdir()) == []


def test_the_embedded_default_is_pinned_by_size_and_hash() -> None:
    model = catalog.QWEN_CODER_15B
    assert model.size == 1_117_320_768 and model.sha256 and model.sha256.startswith("cc324af0")
    pins = (Path(__file__).resolve().parent.parent / "requirements" / f"{model.name}.txt").read_text()
    for dist in model.packaged:
        assert f"{dist}=={model.packaged_version} --hash=sha256:" in pins


# -- pulling from a hub --------------------------------------------------------------------

class Hub(http.server.BaseHTTPRequestHandler):
    body = PAYLOAD
    etag: str | None = SHA
    length: int | None = None  # a Content-Length that lies: the connection drops early

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if self.path != "/acme/toy-GGUF/resolve/main/toy.gguf":
            self.send_error(404, "Entry not found")
            return
        self.send_response(200)
        self.send_header("Content-Length", str(self.length or len(self.body)))
        if self.etag:
            self.send_header("X-Linked-ETag", f'"{self.etag}"')
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[Hub]]:
    handler = type("ThisHub", (Hub,), {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{server.server_address[1]}")
    try:
        yield handler
    finally:
        server.shutdown()
        server.server_close()


def test_pull_downloads_with_progress_and_checks_the_hubs_checksum(hub: type[Hub]) -> None:
    seen: list[tuple[int, int | None]] = []
    path = pull(TOY, lambda done, total: seen.append((done, total)))
    assert path == catalog.models_dir() / "toy.gguf" and path.read_bytes() == PAYLOAD
    assert seen[-1] == (len(PAYLOAD), len(PAYLOAD)) and len(seen) > 1
    assert not list(path.parent.glob("*.part"))


def test_a_download_whose_checksum_differs_is_not_kept(hub: type[Hub]) -> None:
    hub.body = PAYLOAD[:-1] + b"!"
    with pytest.raises(BackendError, match="checksum mismatch"):
        pull(TOY)
    assert not list(catalog.models_dir().glob("toy*"))


def test_a_download_cut_short_says_so_and_keeps_nothing(hub: type[Hub]) -> None:
    hub.length = len(PAYLOAD) + 1000
    with pytest.raises(BackendError, match="again"):
        pull(TOY, timeout=5)
    assert not list(catalog.models_dir().glob("toy*"))


def test_no_checksum_anywhere_is_refused(hub: type[Hub]) -> None:
    hub.etag = None
    with pytest.raises(BackendError, match="no checksum"):
        pull(TOY)


def test_models_pull_on_the_command_line(hub: type[Hub], monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(catalog, "KNOWN", (*catalog.KNOWN, TOY))
    code, out, err = run(capsys, "models", "pull", "toy-model")
    assert code == 0 and "sha256 verified" in out and "100%" in err
    code, out, _ = run(capsys, "models", "list")
    assert code == 0 and "toy-model" in out and str(catalog.models_dir() / "toy.gguf") in out


def test_models_pull_of_an_unknown_name_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "models", "pull", "gpt-17")
    assert code == 1 and "unknown model 'gpt-17'" in err and "qwen2.5-coder-1.5b-instruct" in err
    assert len(err.strip().splitlines()) == 1


def test_a_missing_file_on_the_hub_names_the_url(hub: type[Hub], monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(BackendError, match="404"):
        pull(replace(TOY, file="missing.gguf"))


def test_models_list_names_every_known_model_and_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "models", "list")
    assert code == 0
    for model in catalog.KNOWN:
        assert model.name in out
    default = next(line for line in out.splitlines() if line.startswith("*"))
    assert catalog.default_model().name in default


# -- the llamacpp backend starts and stops its own server ----------------------------------

@pytest.fixture(scope="module")
def server_binary() -> str:
    return require_llama_server()


def test_the_llamacpp_backend_serves_the_packaged_model_and_stops_its_server(server_binary: str) -> None:
    from contentkit.llm.llama_server import LlamaServerBackend

    backend = LlamaServerBackend(catalog.SMOLLM2_135M.name, context=1024)
    assert backend._server is None  # nothing started before the first request
    reply = backend.complete([{"role": "user", "content": "Say hello."}], max_tokens=8, temperature=0)
    assert reply.text.strip() and reply.completion_tokens > 0
    assert reply.model == "smollm2-135m-instruct"  # its name, not the server's file path
    process = backend._server.process
    assert backend.base_url.startswith("http://127.0.0.1:") and process.poll() is None
    process.kill()  # the server dies mid-plan (out of memory, killed): the next request starts another
    process.wait()
    again = backend.complete([{"role": "user", "content": "Say hello."}], max_tokens=8, temperature=0)
    assert again.text.strip() and backend._server.process is not process
    process = backend._server.process
    backend.close()
    assert process.poll() is not None


_ORPHAN = """
import os, sys
from contentkit.llm.llama_server import LlamaServerBackend
backend = LlamaServerBackend("smollm2-135m-instruct", context=512)
backend.complete([{"role": "user", "content": "Hi"}], max_tokens=2)
print(backend._server.process.pid, flush=True)
os.kill(os.getpid(), 9)  # killed as a plan is by the OOM killer or kill -9: no atexit runs
"""


def test_a_killed_process_takes_its_server_with_it(server_binary: str, tmp_path: Path) -> None:
    env = {**os.environ, "CONTENTKIT_HOME": str(tmp_path)}
    child = subprocess.run([sys.executable, "-c", _ORPHAN], capture_output=True, text=True, env=env,
                           timeout=300)
    pid = int(child.stdout.split()[0])
    deadline = time.monotonic() + 30  # a bound for a busy machine; on an idle one it is gone at once
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.1)
    assert not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead but not yet reaped by init; its state says so.
    state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] if Path(f"/proc/{pid}").exists() else "X"
    return state not in ("Z", "X")
