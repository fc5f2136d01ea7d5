"""llama.cpp's server from the prebuilt xllamacpp wheel: what a fresh machine runs before (or
instead of) building llama-server. Same HTTP API, same backend, same stop on Ctrl-C."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import urllib.request

import pytest

from contentkit.llm import llama_server
from contentkit.llm.llama_server import LlamaServer, LlamaServerBackend
from contentkit.llm.model_files import packaged_gguf

LAUNCHER = [sys.executable, "-m", "contentkit.llm.xllama_server"]


@pytest.fixture(autouse=True)
def _prebuilt() -> None:
    if importlib.util.find_spec("xllamacpp") is None:
        message = "xllamacpp not installed: pip install --no-deps --require-hashes -r requirements/xllamacpp.txt"
        if os.environ.get("CONTENTKIT_REQUIRE_LLAMA_SERVER") == "1":
            pytest.fail(message)
        pytest.skip(message)


def test_without_a_binary_the_backend_starts_the_prebuilt_server(monkeypatch) -> None:
    monkeypatch.setattr(llama_server, "find_binary", lambda: None)
    assert llama_server.server_command() == LAUNCHER
    backend = LlamaServerBackend(str(packaged_gguf()), threads=1, context=1024)
    try:
        schema = {"type": "object", "properties": {"hook": {"type": "string", "maxLength": 60}},
                  "required": ["hook"], "additionalProperties": False}
        reply = backend.complete([{"role": "user", "content": "A hook for a café post."}], max_tokens=40,
                                 json_mode=schema, seed=1)
        assert set(json.loads(reply.text)) == {"hook"}  # the grammar holds, as on the built binary
        assert reply.mean_logprob is not None and reply.mean_logprob <= 0
        process = backend._server.process
        assert process is not None and process.args[:3] == LAUNCHER
    finally:
        backend.close()
    assert process.poll() is not None  # stopped with the backend


def test_the_prebuilt_server_says_its_slots_and_dies_on_kill(tmp_path) -> None:
    server = LlamaServer(LAUNCHER, packaged_gguf(), context=1024, threads=1, slots=2, log=tmp_path / "log")
    url = server.start()
    try:
        with urllib.request.urlopen(url.removesuffix("/v1") + "/props", timeout=10) as answer:
            assert json.load(answer)["total_slots"] == 2
        process = server.process
        server.kill()
        assert process.poll() is not None
    finally:
        server.stop()
