"""A whole plan over real HTTP against a scripted OpenAI-compatible server with faults."""

from __future__ import annotations

import json
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import contentkit as ck
from contentkit.drafting import CANDIDATES
from contentkit.llm.openai_backend import OpenAIBackend
from contentkit.plans.slots import make_slots

from scripted_server import ScriptedServer, Step, hang, reply, status

IDEAS = "\n".join(["Il cappuccino perfetto a casa", "Come si tosta il caffè", "La colazione del sabato",
                   "Storia del cornetto milanese", "Moka o filtro: quale scegliere", "Il nuovo lotto etiope",
                   "Latte art per principianti", "Dietro il bancone con Giulia", "Il pane del vicino",
                   "Un tè per chi non beve caffè"])
FRESH = "\n".join(["Il presepe di zucchero al bancone", "Cioccolata calda con la panna", "Regali per chi ama il tè",
                   "Torrone fatto in casa", "Orari di Capodanno"])
DRAFT = "Oggi vi raccontiamo il nostro caffè del mattino, tostato qui in via Borsieri. Passate a trovarci!"


class Faults:
    """Every 10th request fails (429 or 500, alternating) and one request hangs past the timeout."""

    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()
        self.hung = False

    def __call__(self, body: dict[str, Any]) -> Step:
        with self.lock:
            self.count += 1
            n = self.count
            hang_now = not self.hung and n == 15
            self.hung = self.hung or hang_now
        if hang_now:
            return hang(5.0)
        if n % 10 == 0:
            return status(429, retry_after=0) if n % 20 == 0 else status(500)
        wants_ideas = "one topic per line" in body["messages"][-1]["content"].lower()
        return reply(IDEAS if wants_ideas else DRAFT)


def test_plan_with_faults_loses_nothing_and_duplicates_nothing(tmp_path: Path) -> None:
    brand = ck.load_brand("aurora-caffe")
    faults = Faults()
    with ScriptedServer() as server:
        server.queue(*[faults] * 2000)
        backend = OpenAIBackend(model="scripted", base_url=server.url, timeout=1.0, max_retries=1, backoff=0.01)
        plan = ck.plan_content(brand, "2026-12-01", 14, backend=backend, out_dir=tmp_path, concurrency=6,
                               images=False, history=False)  # slots at the preferred times
    slots = make_slots(brand, "2026-12-01", 14)
    assert [p.id for p in plan.posts] == [s.id for s in slots]
    assert len(plan.done) + len(plan.failed) == len(slots)
    assert len(plan.done) >= len(slots) // 2
    for post in plan.failed:
        # The hanging request may be a retry of one that got a 500: then the timeout has the last word.
        assert post.error and ("500" in post.error or "429" in post.error or "no answer from" in post.error)
    records = [json.loads(line) for line in (tmp_path / "plan.jsonl").read_text("utf-8").splitlines()]
    counts = Counter(r["post"]["id"] for r in records if r["kind"] == "post")
    assert set(counts) == {s.id for s in slots} and max(counts.values()) == 1
    assert faults.hung

    # A rerun against a healthy server finishes the failed ones and nothing else.
    with ScriptedServer() as server:
        # A failed post whose request was to choose its own topic has none saved: it is
        # ideated (one request) and drafted (one more).
        server.queue(*[lambda body: reply(FRESH if "one topic per line" in body["messages"][-1]["content"].lower()
                                          else DRAFT)] * 200)
        backend = OpenAIBackend(model="scripted", base_url=server.url, timeout=5.0)
        again = ck.plan_content(brand, "2026-12-01", 14, backend=backend, out_dir=tmp_path, images=False,
                                history=False)
        drafted = len(server.requests)
    assert not again.failed and len(again.done) == len(slots)
    # Per failed post at most: an idea request, its candidates, and a firmer try's candidates.
    assert drafted >= len(plan.failed) and drafted <= (1 + 2 * CANDIDATES) * len(plan.failed)
