"""The openai backend over real HTTP against the project's scripted server: each fault gives a
retried success or one clear BackendError."""

from __future__ import annotations

import socket

import pytest
from scripted_server import ScriptedServer, broken_json, hang, reply, status, stream

from contentkit.errors import BackendError
from contentkit.llm.openai_backend import OpenAIBackend

HELLO = [{"role": "user", "content": "Say hello"}]


@pytest.fixture
def server():
    with ScriptedServer() as scripted:
        yield scripted


def backend_for(server: ScriptedServer, **options) -> OpenAIBackend:
    options = {"backoff": 0.01, "timeout": 5.0, **options}
    return OpenAIBackend("scripted-model", base_url=server.url, **options)


def test_a_reply_comes_back_as_a_completion(server):
    server.queue(reply("Hello there"))
    completion = backend_for(server).complete(HELLO, max_tokens=20, temperature=0.2, seed=7)
    assert completion.text == "Hello there"
    assert completion.finish_reason == "stop"
    sent = server.requests[0]
    assert sent["messages"] == HELLO and sent["max_tokens"] == 20 and sent["seed"] == 7


def test_json_mode_asks_the_server_for_a_json_object(server):
    server.queue(reply('{"post": "hi"}'))
    backend_for(server).complete(HELLO, json_mode=True)
    assert server.requests[0]["response_format"] == {"type": "json_object"}


def test_429_is_retried_then_succeeds(server):
    server.queue(status(429, "slow down", retry_after=0), status(429, "slow down"), reply("Finally"))
    assert backend_for(server).complete(HELLO).text == "Finally"
    assert len(server.requests) == 3


def test_retry_after_is_honoured(server, monkeypatch):
    waits = []
    monkeypatch.setattr("contentkit.llm.openai_backend.time.sleep", waits.append)
    server.queue(status(429, retry_after=2), reply("ok"))
    assert backend_for(server).complete(HELLO).text == "ok"
    assert waits and waits[0] >= 2


def test_a_persistent_500_gives_a_clear_error_after_the_retries(server):
    server.queue(*[status(500, "model crashed")] * 3)
    with pytest.raises(BackendError) as err:
        backend_for(server, max_retries=2).complete(HELLO)
    message = str(err.value)
    assert "500" in message and "model crashed" in message and "after 3 attempts" in message
    assert server.url in message
    assert len(server.requests) == 3


def test_a_server_that_hangs_past_the_timeout_is_reported(server):
    server.queue(hang(5), hang(5))
    with pytest.raises(BackendError) as err:
        backend_for(server, timeout=0.3, max_retries=1).complete(HELLO)
    assert "no answer from" in str(err.value) and "0.3 s" in str(err.value)
    assert len(server.requests) == 2  # the timeout was retried once


def test_broken_json_is_a_clear_error_not_a_crash(server):
    server.queue(broken_json())
    with pytest.raises(BackendError, match="not valid JSON"):
        backend_for(server).complete(HELLO)


def test_a_bad_key_says_so_and_is_not_retried(server):
    server.queue(status(401, "Incorrect API key provided"))
    with pytest.raises(BackendError) as err:
        backend_for(server, api_key="sk-wrong").complete(HELLO)
    assert "rejected the API key" in str(err.value) and "OPENAI_API_KEY" in str(err.value)
    assert len(server.requests) == 1


def test_an_unknown_model_names_the_model(server):
    server.queue(status(404, "The model `gpt-9` does not exist"))
    with pytest.raises(BackendError) as err:
        OpenAIBackend("gpt-9", base_url=server.url).complete(HELLO)
    assert "model 'gpt-9' was not found" in str(err.value)
    assert "CONTENTKIT_MODEL" in str(err.value)


def test_connection_refused_names_the_url():
    with socket.socket() as sock:  # a port nobody listens on once this socket closes
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    with pytest.raises(BackendError) as err:
        OpenAIBackend(base_url=url, max_retries=1, backoff=0.01).complete(HELLO)
    assert f"cannot connect to {url}" in str(err.value) and "OPENAI_BASE_URL" in str(err.value)


def test_no_key_and_no_server_says_what_to_set():
    with pytest.raises(BackendError, match="OPENAI_API_KEY"):
        OpenAIBackend().complete(HELLO)


def test_a_local_server_needs_no_key(server, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", server.url)
    server.queue(reply("keyless"))
    assert OpenAIBackend().complete(HELLO).text == "keyless"


def test_stream_yields_the_pieces_in_order(server):
    server.queue(stream(["Hel", "lo ", "world"]))
    assert list(backend_for(server).stream(HELLO)) == ["Hel", "lo ", "world"]


def test_a_stream_cut_off_midway_raises_after_the_pieces_it_got(server):
    server.queue(stream(["Half ", "a post"], cut=True))
    pieces = []
    with pytest.raises(BackendError) as err:
        for piece in backend_for(server).stream(HELLO):
            pieces.append(piece)
    assert pieces == ["Half ", "a post"]
    assert "cut off after 11 characters" in str(err.value)


def test_complete_many_keeps_order_and_isolates_failures(server):
    def echo(body):
        content = body["messages"][-1]["content"]
        return status(401, "no") if content == "bad" else reply(content.upper())

    server.queue(*[echo] * 5)
    prompts = ["a", "b", "bad", "c", "d"]
    results = backend_for(server, concurrency=3).complete_many([[{"role": "user", "content": p}] for p in prompts])
    assert [r.text if not isinstance(r, Exception) else "ERR" for r in results] == ["A", "B", "ERR", "C", "D"]
    assert isinstance(results[2], BackendError) and "rejected the API key" in str(results[2])


def test_complete_many_retries_429_per_request(server):
    server.queue(status(429, retry_after=0), reply("one"), reply("two"))
    results = backend_for(server, concurrency=1).complete_many([HELLO, HELLO])
    assert sorted(r.text for r in results) == ["one", "two"]
