"""A plan on a busy laptop: our own llama-server, slower because two other processes keep
both cores busy, must finish every slot instead of failing those that waited their turn."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from pathlib import Path

import pytest

import contentkit as ck
from contentkit.llm.llama_server import LlamaServerBackend
from contentkit.llm.model_files import packaged_gguf

from fixtures_llm import require_llama_server


def _burn() -> None:
    while True:
        pass


@pytest.fixture
def busy_cores() -> Iterator[None]:
    burners = [multiprocessing.get_context("spawn").Process(target=_burn, daemon=True) for _ in range(2)]
    for burner in burners:
        burner.start()
    try:
        yield
    finally:
        for burner in burners:
            burner.kill()
            burner.join()


def test_a_plan_beside_two_busy_processes_fails_no_slot(tmp_path: Path, busy_cores: None) -> None:
    require_llama_server()
    # One slot and eight requests wanting it: seven wait their turn for far longer than the
    # timeout, which must only count the server's silence while it answers, not the wait.
    backend = LlamaServerBackend(str(packaged_gguf()), slots=1, threads=1, timeout=8.0, context=2048)
    try:
        plan = ck.plan_content("ledgerly", "2026-12-07", 3, backend=backend, out_dir=tmp_path, images=False,
                               history=False, concurrency=8, topics=[f"invoice tip number {i}" for i in range(1, 9)])
    finally:
        backend.close()
    assert plan.posts, "the plan has no slots"
    # SmolLM2 may write nothing usable for a post (a failure of the model's, said as such);
    # no post may fail because the server was busy: no time-out, no broken connection.
    busy = [p.error for p in plan.failed if "no usable text" not in (p.error or "")]
    assert not busy, busy
    assert len(plan.done) * 2 >= len(plan.posts)
