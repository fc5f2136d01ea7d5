"""The openai backend against a real OpenAI-compatible server: llama.cpp's llama-server on the packaged GGUF."""

from __future__ import annotations

import json

import pytest
from fixtures_llm import llama_server  # noqa: F401 - session fixture used below

from contentkit.errors import BackendError
from contentkit.llm.openai_backend import OpenAIBackend
from contentkit.llm.registry import get_backend

SPECIAL = ("<|im_start|>", "<|im_end|>", "<|endoftext|>")


def ask(text: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": "You write short social media posts."},
            {"role": "user", "content": text}]


def test_a_reply_over_http_without_a_key(llama_server):
    backend = OpenAIBackend(base_url=llama_server, timeout=60)
    completion = backend.complete(ask("Write one sentence about morning coffee."), max_tokens=24, temperature=0)
    assert completion.text.strip() and not any(t in completion.text for t in SPECIAL)
    assert completion.completion_tokens > 0 and completion.finish_reason in ("stop", "length")


def test_the_registry_picks_openai_when_a_base_url_is_set(llama_server, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", llama_server)
    backend = get_backend()
    assert backend.id == "openai"
    assert backend.complete(ask("Say hi."), max_tokens=8, temperature=0).text.strip()


def test_streaming_arrives_in_pieces_and_finishes(llama_server):
    backend = OpenAIBackend(base_url=llama_server, timeout=60)
    pieces = list(backend.stream(ask("Write one sentence about tea."), max_tokens=24, temperature=0))
    assert len(pieces) > 1 and "".join(pieces).strip()


def test_json_mode_gives_parseable_json(llama_server):
    backend = OpenAIBackend(base_url=llama_server, timeout=60)
    completion = backend.complete(
        ask('Reply with a JSON object with one key "post" holding a one-line post about bread.'),
        max_tokens=200, temperature=0, json_mode=True)
    # Greedy decoding: the 135M model closes this object well within 200 tokens every time.
    assert completion.finish_reason != "length", completion.text
    assert isinstance(json.loads(completion.text), dict)


def test_a_batch_runs_concurrently_and_keeps_order(llama_server):
    backend = OpenAIBackend(base_url=llama_server, timeout=120, concurrency=3)
    prompts = ["Say hi.", "Name a fruit.", "Name a city.", "Say thanks."]
    results = backend.complete_many([ask(p) for p in prompts], max_tokens=8, temperature=0)
    assert len(results) == 4 and all(not isinstance(r, Exception) and r.text.strip() for r in results)
    single = backend.complete(ask("Name a fruit."), max_tokens=8, temperature=0).text
    assert results[1].text == single  # greedy: the same prompt gives the same reply, so order held


def test_a_context_overflow_is_a_clear_error_not_a_hang(llama_server):
    backend = OpenAIBackend(base_url=llama_server, timeout=60, max_retries=0)
    with pytest.raises(BackendError) as err:
        backend.complete(ask("coffee " * 4000), max_tokens=8)
    assert llama_server in str(err.value)
