"""One plan folder, one writer: a second run on a folder in use stops at once and names the
process holding it; the lock dies with its holder and is let go when a run ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import contentkit as ck
from cli_helpers import run
from contentkit.errors import HistoryError, PlanError
from contentkit.llm.fake import FakeBackend

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock and SIGKILL are POSIX; Windows runs unlocked")

ROOT = Path(__file__).resolve().parent.parent
IDEAS = "\n".join(["Il cappuccino perfetto a casa", "Come si tosta il caffè", "La colazione del sabato",
                   "Storia del cornetto milanese", "Moka o filtro: quale scegliere"])
DRAFT = "Oggi vi raccontiamo il nostro caffè del mattino. Passate a trovarci in via Borsieri! ☕"
PLAN = {"brand": "aurora-caffe", "start": "2026-12-01", "days": 3}
# Another run, in its own process, claims the folder the way plan_content does, says so, and
# then works for a long time (until the test kills it).
HOLDER = """
import sys, time
from pathlib import Path
from contentkit.plans.checkpoint import Checkpoint
Checkpoint(Path(sys.argv[1]) / "plan.jsonl").claim({plan!r})
print("claimed", flush=True)
time.sleep(300)
"""


def reply(messages: list[dict[str, str]]) -> str:
    return IDEAS if "one topic per line" in messages[-1]["content"].lower() else DRAFT


@pytest.fixture(scope="module")
def brand() -> ck.BrandProfile:
    return ck.load_brand("aurora-caffe")


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A process holding ``tmp_path`` as its plan folder; killed (by its PID) at the end."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER.format(plan=PLAN), str(tmp_path)], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "claimed"
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        if proc.stdout is not None:
            proc.stdout.close()


def plan(brand: ck.BrandProfile, out: Path, backend: FakeBackend, **options: object) -> ck.ContentPlan:
    return ck.plan_content(brand, PLAN["start"], PLAN["days"], backend=backend, out_dir=out, images=False,
                           history=False, **options)


def test_a_second_run_on_a_folder_in_use_stops_at_once_naming_the_process(
        tmp_path: Path, brand: ck.BrandProfile, holder: subprocess.Popen[str]) -> None:
    journal = tmp_path / "plan.jsonl"
    before = journal.read_bytes()
    backend = FakeBackend(default=reply)
    with pytest.raises(PlanError, match=f"in use by process {holder.pid}") as caught:
        plan(brand, tmp_path, backend)
    assert str(tmp_path) in str(caught.value) and "a crashed run leaves no lock" in str(caught.value)
    assert journal.read_bytes() == before and backend.prompts == []  # no model time, no journal line
    # --overwrite does not get past it either: it would delete the journal the other run writes.
    with pytest.raises(PlanError, match=str(holder.pid)):
        plan(brand, tmp_path, backend, overwrite=True)
    assert journal.read_bytes() == before


def test_the_cli_says_the_folder_is_in_use_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       holder: subprocess.Popen[str]) -> None:
    # openai without a key: were the folder not checked first, this would fail on the key instead.
    code, _, err = run(capsys, "plan", "--brand", "aurora-caffe", "--start", PLAN["start"], "--days", "3",
                       "--out", str(tmp_path), "--no-images", "--no-history", "--backend", "openai")
    error = [line for line in err.splitlines() if line.startswith("Error:")]
    assert code == 1 and len(error) == 1 and f"in use by process {holder.pid}" in error[0]
    assert "Traceback" not in err


def test_a_killed_run_leaves_no_lock(tmp_path: Path, brand: ck.BrandProfile,
                                     holder: subprocess.Popen[str]) -> None:
    holder.send_signal(signal.SIGKILL)  # no cleanup runs: the OS drops the lock
    holder.wait(timeout=30)
    result = plan(brand, tmp_path, FakeBackend(default=reply))
    assert result.posts and not result.failed


def test_a_finished_or_failed_run_lets_the_next_one_in(tmp_path: Path, brand: ck.BrandProfile) -> None:
    broken = tmp_path / "posts.csv"
    broken.write_text("this,is,not\na,post,history\n", encoding="utf-8")
    out = tmp_path / "plan"
    with pytest.raises(HistoryError):  # fails mid-run, holding the lock
        ck.plan_content(brand, PLAN["start"], PLAN["days"], backend=FakeBackend(default=reply), out_dir=out,
                        images=False, history=broken)
    first = plan(brand, out, FakeBackend(default=reply))
    again = FakeBackend(default=reply)
    second = plan(brand, out, again)  # same process, same folder: the first run let go
    assert [p.id for p in second.posts] == [p.id for p in first.posts] and again.prompts == []
