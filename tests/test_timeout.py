"""A silent model server: the wait is the user's to set (--timeout, CONTENTKIT_TIMEOUT), and
the first silent interval is said at once, not only when every retry has run out."""

from __future__ import annotations

import logging

import pytest
from cli_helpers import run
from scripted_server import ScriptedServer, hang

from contentkit.errors import BackendError, ContentkitError
from contentkit.llm import openai_backend
from contentkit.llm.llama_server import LlamaServerBackend
from contentkit.llm.openai_backend import OpenAIBackend

HELLO = [{"role": "user", "content": "Say hello"}]


@pytest.fixture
def server():
    with ScriptedServer() as scripted:
        yield scripted


def test_contentkit_timeout_sets_how_long_a_server_may_stay_silent(server, monkeypatch, caplog) -> None:
    monkeypatch.setenv("CONTENTKIT_TIMEOUT", "0.3")
    server.queue(hang(3), hang(3))
    backend = OpenAIBackend("scripted-model", base_url=server.url, backoff=0.01, max_retries=1)
    with caplog.at_level(logging.WARNING, logger="contentkit"), pytest.raises(BackendError) as err:
        backend.complete(HELLO)
    assert "within 0.3 s (after 2 attempts)" in str(err.value)
    said = [r.getMessage() for r in caplog.records if r.name == "contentkit"]
    assert len(said) == 1, said  # after the first silent interval, once
    assert "sent nothing for 0.3 s" in said[0] and "--timeout or CONTENTKIT_TIMEOUT" in said[0]


def test_the_defaults_stand_without_the_variable(monkeypatch) -> None:
    monkeypatch.delenv("CONTENTKIT_TIMEOUT", raising=False)
    assert OpenAIBackend("m", base_url="http://127.0.0.1:9/v1").timeout == 60
    assert LlamaServerBackend().timeout == 300
    assert OpenAIBackend("m", base_url="http://127.0.0.1:9/v1", timeout=7).timeout == 7  # an argument wins


@pytest.mark.parametrize("value", ["abc", "0", "-5", "inf"])
def test_a_bad_contentkit_timeout_is_named(monkeypatch, value: str) -> None:
    monkeypatch.setenv("CONTENTKIT_TIMEOUT", value)
    with pytest.raises(ContentkitError) as err:
        _ = LlamaServerBackend().timeout
    assert f"CONTENTKIT_TIMEOUT='{value}'" in str(err.value) and "positive number" in str(err.value)


def test_draft_timeout_option_reaches_the_server_and_the_wait_is_said(server, monkeypatch, capsys) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", server.url)
    monkeypatch.delenv("CONTENTKIT_TIMEOUT", raising=False)
    monkeypatch.setattr(openai_backend.random, "uniform", lambda a, b: 0.0)  # no back-off pauses
    server.queue(*[hang(3) for _ in range(40)])
    code, _, err = run(capsys, "draft", "our new winter blend", "--brand", "aurora-caffe", "--backend", "openai",
                       "--timeout", "0.3", "--no-history")
    assert code == 1
    assert "Warning: the server at" in err and "sent nothing for 0.3 s" in err
    assert "Error: no answer from" in err and "within 0.3 s" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", [("draft", "x"), ("inbox", "reply", "--out", "replies.csv"),
                                     ("plan", "--start", "2026-12-07", "--out", "plan")])
def test_a_timeout_that_is_not_positive_is_refused(capsys, tmp_path, monkeypatch, command) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, *command, "--brand", "aurora-caffe", "--timeout", "0")
    assert code == 2 and "--timeout" in err and "positive number of seconds" in err
