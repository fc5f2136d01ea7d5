"""Inbox replies on the embedded default: whose words they are, what they cost, how they read.

    .venv/bin/python bench/replies.py [--no-model]

1. The graded set (bench/data/graded_replies.jsonl): the example inboxes' replies that are not
   canned answers, read as a manager reads them, before (the model wrote them all) and after
   (where its replies are not worth asking for, words a person wrote), by grade and source.
2. Unless --no-model: the three example inboxes drafted twice in this run on the embedded
   default (llama-server), as shipped and with a baseline backend that is asked for every reply,
   as before: seconds, the ratio, replies by whose words they are, and how many wait for a person.
   Labels come from the classifier alone, the same for both.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from contentkit.brand import load_brand  # noqa: E402
from contentkit.inbox.items import load_inbox  # noqa: E402
from contentkit.inbox.replies import draft_replies  # noqa: E402
from contentkit.inbox.sheet import example_inbox  # noqa: E402
from contentkit.inbox.triage import triage  # noqa: E402
from contentkit.llm.llama_server import LlamaServerBackend  # noqa: E402

GRADED = Path(__file__).resolve().parent / "data" / "graded_replies.jsonl"
BRANDS = ("aurora-caffe", "ledgerly", "shkola-umnikov")


class AskedForEverything(LlamaServerBackend):
    """The baseline: the embedded default asked for every reply, as before session 10."""

    def writes_replies(self, language: str) -> bool:
        return True

    def answers_questions(self) -> bool:
        return True


def graded() -> None:
    rows = [json.loads(line) for line in GRADED.read_text("utf-8").splitlines() if line.strip()]
    print(f"graded replies ({GRADED.name}, {len(rows)} lines): A / B / C / D")
    for round_ in ("before", "after"):
        mine = [r for r in rows if r["round"] == round_]
        counts = Counter(r["grade"] for r in mine)
        print(f"  {round_:<7} {len(mine):>3}: " + " / ".join(str(counts[g]) for g in "ABCD"))
        for source in sorted({r["source"] for r in mine}):
            counts = Counter(r["grade"] for r in mine if r["source"] == source)
            print(f"    {source:<10} " + " / ".join(str(counts[g]) for g in "ABCD"))


def drafted(backend: LlamaServerBackend) -> tuple[float, Counter[str], int]:
    seconds, by, review = 0.0, Counter(), 0
    for slug in BRANDS:
        brand = load_brand(slug)
        items = triage(load_inbox(example_inbox(brand)).items)
        start = time.perf_counter()
        drafts = draft_replies(items, brand, backend=backend)
        seconds += time.perf_counter() - start
        by.update(d.written_by for d in drafts if d.text)
        review += sum(d.needs_review for d in drafts if d.text)
    backend.close()
    return seconds, by, review


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-model", action="store_true", help="only the graded set")
    args = parser.parse_args()
    graded()
    if args.no_model:
        return
    print("\nthe three example inboxes on the embedded default (classifier labels):")
    results = {}
    for name, backend in (("as before (baseline)", AskedForEverything()), ("as shipped", LlamaServerBackend())):
        seconds, by, review = drafted(backend)
        results[name] = seconds
        print(f"  {name:<22} {seconds:6.1f} s   replies: {by['person']} in words a person wrote, "
              f"{by['model']} by the model; {review} wait for a person")
    print(f"  as shipped / baseline: {results['as shipped'] / results['as before (baseline)']:.2f} of the time")


if __name__ == "__main__":
    main()
