"""A slow server is not a failed one: against a server that says how many slots it has
(llama-server's /props), requests wait their turn here and time out only on silence."""

from __future__ import annotations

import pytest
from scripted_server import ScriptedServer, reply, stream

from contentkit.errors import BackendError
from contentkit.llm.openai_backend import OpenAIBackend

HELLO = [{"role": "user", "content": "Say hello"}]


@pytest.fixture
def server():
    with ScriptedServer() as scripted:
        scripted.slots = 1
        yield scripted


def backend_for(server: ScriptedServer, **options) -> OpenAIBackend:
    options = {"backoff": 0.01, "timeout": 1.0, "max_retries": 0, **options}
    return OpenAIBackend("scripted-model", base_url=server.url, **options)


def test_a_reply_slower_than_the_timeout_arrives_while_pieces_keep_coming(server):
    # 6 pieces 0.4 s apart: 2.4 s in all against a 1 s timeout, never 1 s of silence.
    server.queue(stream(["Un ", "caffè ", "lento ", "ma ", "buono", "."], pace=0.4))
    completion = backend_for(server).complete(HELLO)
    assert completion.text == "Un caffè lento ma buono."
    assert completion.finish_reason == "stop"
    assert server.requests[0]["stream"] is True


def test_requests_beyond_the_servers_slots_wait_here_untimed(server):
    # Four requests to a one-slot server, each 0.6 s long: the last waits ~1.8 s for its turn,
    # longer than the 1 s timeout, and must not fail for it.
    server.queue(*[stream(["ok ", str(i)], pace=0.3) for i in range(4)])
    results = backend_for(server, concurrency=4).complete_many([HELLO] * 4)
    assert all(not isinstance(r, Exception) for r in results), results
    assert sorted(r.text for r in results) == ["ok 0", "ok 1", "ok 2", "ok 3"]
    assert server.most_busy == 1


def test_a_server_silent_past_the_timeout_is_a_clear_error(server):
    server.queue(stream(["late"], delay=3.0))
    with pytest.raises(BackendError) as err:
        backend_for(server).complete(HELLO)
    assert "sent nothing for 1 s" in str(err.value)


def test_a_stream_that_breaks_is_retried(server):
    server.queue(stream(["Half "], cut=True), stream(["Whole ", "post."]))
    assert backend_for(server, max_retries=1).complete(HELLO).text == "Whole post."


def test_a_server_without_props_is_asked_plainly(server):
    server.slots = None
    server.queue(reply("plain"))
    assert backend_for(server).complete(HELLO).text == "plain"
    assert "stream" not in server.requests[0]


@pytest.mark.parametrize(("idle", "threads"), [(1.0, 2), (0.6, 1), (0.5, 1), (0.0, 1), (None, 2)])
def test_the_embedded_server_takes_the_cores_other_work_leaves_free(monkeypatch, idle, threads):
    from contentkit.llm import llama_server

    monkeypatch.delenv("CONTENTKIT_THREADS", raising=False)
    monkeypatch.setattr(llama_server.os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(llama_server, "_idle_share", lambda: idle)
    assert llama_server.free_cores() == threads


def test_contentkit_threads_overrides_and_is_checked(monkeypatch):
    from contentkit.llm import llama_server

    monkeypatch.setenv("CONTENTKIT_THREADS", "3")
    assert llama_server.free_cores() == 3
    monkeypatch.setenv("CONTENTKIT_THREADS", "many")
    with pytest.raises(BackendError, match="CONTENTKIT_THREADS"):
        llama_server.free_cores()
