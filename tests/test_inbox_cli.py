"""``contentkit inbox triage`` and ``contentkit inbox reply``, as a manager runs them.

Replies come from a scripted OpenAI-compatible server on 127.0.0.1, chosen the way a user
chooses a server (OPENAI_BASE_URL); the crash test kills a real ``contentkit`` process.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from cli_helpers import run
from scripted_server import ScriptedServer, Step, hang, reply

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {"aurora-caffe": ROOT / "brand_profiles/aurora-caffe/inbox.csv",
            "ledgerly": ROOT / "brand_profiles/ledgerly/inbox.json",
            "shkola-umnikov": ROOT / "brand_profiles/shkola-umnikov/inbox.csv"}
ANSWERS = {"it": {"complaint": "Ci dispiace davvero per l'attesa, non è così che doveva andare.",
                  "compliment": "Grazie di cuore, ci fa davvero piacere!",
                  "question": "Bella domanda! Ti rispondiamo in privato con tutti i dettagli."},
           "en": {"complaint": "We're really sorry about the wait, that is not how it should have gone.",
                  "compliment": "Thank you so much, that really made our day!",
                  "question": "Good question! We'll answer you in a private message with all the details."}}
CANNED = ("Siamo aperti", "We're open", "Il corso di latte art", "The beginners' latte art", "Sì! Abbiamo", "Yes! We have")


def by_kind(body: dict[str, Any]) -> Step:
    """The answer for the kind of comment and the language the request names."""
    asked = body["messages"][-1]["content"]
    answers = ANSWERS["en" if "Write in English" in asked else "it"]
    return reply(next(text for kind, text in answers.items() if f"reply to this {kind}" in asked))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("slug", list(EXAMPLES))
def test_each_example_inbox_is_triaged_by_priority(slug: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "inbox", "triage", str(EXAMPLES[slug]), "--brand", slug, "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert {r["label"] for r in rows} >= {"spam", "question", "negative", "praise"}
    assert [r["priority"] for r in rows] == sorted(r["priority"] for r in rows)
    assert all(r["reason"] and r["id"] for r in rows)
    code, table, _ = run(capsys, "inbox", "triage", "--brand", slug)  # the brand's example by default
    assert code == 0 and f"{len(rows)} items: " in table
    assert table.splitlines()[0].split()[:3] == ["pri", "label", "conf"]


def test_bad_rows_are_named_and_the_good_ones_still_triaged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "comments.csv"
    path.write_text("text;created_at;platform\n"
                    "Quanto costa il corso di latte art?;2026-11-29 10:00;instagram\n"
                    "Il cappuccino era freddo e nessuno si è scusato;31/31/2026;facebook\n"
                    "Grazie, colazione perfetta!;2026-11-29 11:00;instagram\n", encoding="utf-8")
    code, out, err = run(capsys, "inbox", "triage", str(path), "--brand", "aurora-caffe")
    assert code == 3
    assert "comments.csv row 2, column created_at: '31/31/2026'" in err
    assert "3 items" in out or "2 items" in out
    assert "Quanto costa il corso" in out and "Grazie, colazione perfetta" in out


def test_an_unusable_file_is_one_line_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "numbers.csv"
    path.write_text("likes,shares\n1,2\n", encoding="utf-8")
    code, out, err = run(capsys, "inbox", "triage", str(path), "--brand", "aurora-caffe")
    assert code == 1 and out == ""
    assert err.startswith("Error: ") and "numbers.csv" in err and len(err.strip().splitlines()) == 1


def test_reply_writes_a_csv_of_actions_and_drafts(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out_csv = tmp_path / "out" / "replies.csv"
    with ScriptedServer() as server:
        server.queue(*[by_kind] * 40)
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        code, out, err = run(capsys, "inbox", "reply", str(EXAMPLES["aurora-caffe"]), "--brand", "aurora-caffe",
                             "--out", str(out_csv))
    assert code == 0, err
    rows = read_csv(out_csv)
    assert len(rows) == 17 and [int(r["priority"]) for r in rows] == sorted(int(r["priority"]) for r in rows)
    for row in rows:
        if row["label"] == "spam":
            assert (row["action"], row["reply"]) == ("hide", "")
        elif row["label"] == "negative":
            assert row["action"] == "reply+dm" and row["reply"].endswith("ciao@auroracaffe.it con i dettagli, "
                                                                         "così sistemiamo insieme.")
        elif row["label"] in ("question", "praise"):
            assert row["action"] == "reply" and row["reply"]
    hours = next(r for r in rows if r["id"] == "ig-1001")
    if hours["label"] == "question":  # the canned answer, not the model's
        assert hours["reply"].startswith("Siamo aperti dal lunedì al venerdì") and hours["written_by"] == "person"
    assert {r["written_by"] for r in rows if r["reply"]} == {"person", "model"}  # a scripted server: any model
    by_model = sum(r["written_by"] == "model" for r in rows)
    assert f"; {by_model} replies written by the model" in out
    assert "Wrote: " in out and (tmp_path / "out" / "replies.jsonl").is_file()


def test_a_killed_reply_run_resumes_without_drafting_anything_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    out_csv = tmp_path / "replies.csv"
    journal = tmp_path / "replies.jsonl"
    with ScriptedServer() as server:
        server.queue(by_kind, by_kind, by_kind, *[hang(60)] * 10)  # three replies, then the server stalls
        env = {**os.environ, "OPENAI_BASE_URL": server.url, "PYTHONPATH": str(ROOT)}
        log = tmp_path / "stderr.log"
        with log.open("wb") as stderr:
            process = subprocess.Popen([sys.executable, "-m", "contentkit", "inbox", "reply",
                                        str(EXAMPLES["aurora-caffe"]), "--brand", "aurora-caffe", "--out", str(out_csv)],
                                       env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            deadline = time.monotonic() + 120
            while _model_replies(journal) < 3 and time.monotonic() < deadline and process.poll() is None:
                time.sleep(0.2)
            time.sleep(0.5)  # the stalled requests are in flight: nothing more can land
            assert _model_replies(journal) == 3, log.read_text()
        finally:
            os.kill(process.pid, signal.SIGKILL)  # the process this test started
            process.wait(timeout=30)
        assert not out_csv.exists()  # killed before the end: only the journal holds the work
        drafted = {r["item_id"] for r in _records(journal) if r["text"]}
        asked_before = len(server.requests)
        server.script.clear()
        server.queue(*[by_kind] * 40)
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        code, out, err = run(capsys, "inbox", "reply", str(EXAMPLES["aurora-caffe"]), "--brand", "aurora-caffe",
                             "--out", str(out_csv))
        again = [r["messages"][-1]["content"] for r in server.requests[asked_before:]]
    assert code == 0, err
    rows = read_csv(out_csv)
    assert len(rows) == 17 and all(r["reply"] for r in rows if r["action"].startswith("reply"))
    assert _model_replies(journal) >= 6
    assert len(again) == _model_replies(journal) - 3  # every model reply but the three journalled ones
    comments = {r["id"]: r["text"] for r in rows}
    for item_id in drafted:
        assert not any(comments[item_id][:30] in asked for asked in again), item_id


def test_a_journal_of_another_brand_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_csv = tmp_path / "replies.csv"
    (tmp_path / "replies.jsonl").write_text('{"kind": "inbox-replies", "brand": "ledgerly"}\n', encoding="utf-8")
    code, _, err = run(capsys, "inbox", "reply", str(EXAMPLES["aurora-caffe"]), "--brand", "aurora-caffe",
                       "--out", str(out_csv))
    assert code == 1 and "holds replies for brand 'ledgerly'" in err and "--overwrite" in err


def _records(journal: Path) -> list[dict[str, Any]]:
    if not journal.exists():
        return []
    lines = journal.read_text(encoding="utf-8").splitlines()
    records = []
    for line in lines:
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line being written
        if record.get("kind") == "reply":
            records.append(record["reply"])
    return records


def _model_replies(journal: Path) -> int:
    return sum(1 for r in _records(journal) if r["text"] and not r["text"].startswith(CANNED))
