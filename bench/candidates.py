"""Every candidate post of one or more plans, one JSON line each, for grading by reading.

    .venv/bin/python bench/candidates.py out/aurora out/shkola ... > bench/data/to_grade.jsonl

Each line: the post's id and brand, platform, pillar, format and topic; the candidate's text,
its mean token log-probability, what the checks changed and warned of, and whether it is the
one the plan kept. A reader adds "grade" (A-D, the rubric in bench/data/README.md) and "reason".
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def candidates(folder: Path) -> list[dict]:
    plan, drafts, posts = {}, {}, {}
    for line in (folder / "plan.jsonl").read_text("utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        kind = record.get("kind")
        if kind == "plan":
            plan = record
        elif kind == "draft":
            drafts[record["id"]] = record["draft"]
        elif kind == "post":
            posts[record["post"]["id"]] = record["post"]
    rows = []
    for post_id, post in posts.items():
        draft = drafts.get(post_id)
        if post.get("status") != "done" or draft is None:
            continue
        seen = draft.get("candidates") or [{"text": draft["text"], "confidence": draft.get("confidence"),
                                            "warnings": draft.get("warnings", []), "repairs": draft.get("repairs", [])}]
        for n, candidate in enumerate(seen):
            rows.append({"id": f"{plan.get('brand')}/{plan.get('start')}/{post_id}/{n}", "brand": plan.get("brand"),
                         "platform": post["slot"]["platform"], "pillar": post["slot"]["pillar"],
                         "format": draft.get("format", ""), "topic": post["topic"], "text": candidate["text"],
                         "confidence": candidate.get("confidence"), "own": candidate.get("own"),
                         "warnings": candidate.get("warnings", []),
                         "repairs": candidate.get("repairs", []), "kept": candidate["text"] == draft["text"]})
    return rows


def main(folders: list[str]) -> None:
    for folder in folders:
        for row in candidates(Path(folder)):
            print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
