"""Would a manager publish what the embedded model writes? Figures per brand, beside SmolLM2-135M.

For each example brand and each model: a 14-day plan (or --days) and N drafts per platform
on llama-server, then per brand:
- known words: the mean share of a post's words that hunspell's dictionary of the brand's
  language knows (names, hashtags, URLs ignored; bench/quality.py says how);
- in language: posts plain langdetect reads as the brand's language;
- distinct topics / posts in the plan;
- ready: posts the quality gate calls ready to schedule / posts in the plan;
- facts: posts every sentence of which is the brand's own (a fact, the topic, the call to
  action), and own: the mean share of a post's words the model wrote itself;
- seconds per post and the plan's wall time;
and at the end the quality gate's precision and recall on the held-out third of the graded
posts (bench/gate.py). Whether a post is publishable is read, not counted: grade a plan with
bench/candidates.py and the rubric in bench/data/README.md.
Goals (issue 24): at least 60% of every brand's posts A or B by reading, at most 1 in 20 D,
at least 9 in 10 of the posts called ready A or B, a 14-day aurora-caffe plan within 10
minutes on 2 idle cores.

    .venv/bin/python bench/drafts.py                          # every brand, default vs SmolLM2
    .venv/bin/python bench/drafts.py --brands ledgerly --drafts 3 --show 5
    .venv/bin/python bench/drafts.py --models qwen2.5-coder-1.5b-instruct --days 7
    .venv/bin/python bench/drafts.py --keep out/bench                 # plans kept to read whole
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import gate as gate_bench  # noqa: E402 - after the path set-up above
import quality  # noqa: E402

from contentkit.writing.gate import own_share  # noqa: E402


HUNSPELL = True


def drafts_topics(brand, platform: str, count: int) -> list[tuple[str, str]]:
    """(topic, pillar) pairs from the profile, the way a plan takes them from a small model."""
    from contentkit.plans.topics import fallback_topics

    pairs = [(topic, pillar.name) for pillar in brand.pillars for topic in fallback_topics(brand, pillar)[:3]]
    offset = sum(map(ord, platform)) % max(1, len(pairs))  # each platform its own slice
    return (pairs[offset:] + pairs[:offset])[:count]


def score(brand, texts: list[str]) -> dict:
    names = quality.profile_names(brand, brand.language) if HUNSPELL else frozenset()
    shares = [quality.known_share(t, brand.language, names)[0] for t in texts] if HUNSPELL else []
    return {
        "known": statistics.fmean(shares) if shares else float("nan"),
        "min_known": min(shares) if shares else float("nan"),
        "lang": sum(quality.plain_language(t) == brand.language for t in texts) / max(1, len(texts)),
    }


def run_plan(brand, backend, days: int, keep: Path | None = None, start: str = "2026-12-07") -> dict:
    import contentkit as ck

    with tempfile.TemporaryDirectory() as scratch:
        folder = keep / backend.model / brand.slug if keep else Path(scratch)
        started = time.perf_counter()
        plan = ck.plan_content(brand, start, days, backend=backend, history=brand.history_path,
                               out_dir=folder, images=False)
        wall = time.perf_counter() - started
    done = [p for p in plan.posts if p.status == "done"]
    topics = [p.topic for p in plan.posts]
    given = gate_bench._given(brand.slug) if brand.slug in gate_bench.LANGUAGE else ()
    own = [own_share(p.text, [*given, p.topic]) for p in done]
    return {"posts": len(plan.posts), "done": len(done), "wall": wall, "texts": [p.text for p in done],
            "topics": topics, "distinct": quality.distinct_topics(topics), "plan": plan,
            "review": sum(p.review == "needs review" for p in plan.posts),
            "ready": sum(p.review != "needs review" for p in done),
            "facts_only": sum(o == 0.0 for o in own), "own": statistics.fmean(own) if own else 1.0}


def run_drafts(brand, backend, per_platform: int) -> tuple[list, float]:
    from contentkit.drafting import Brief, Draft, draft_many
    from contentkit.history import load_history
    from contentkit.plans.history import material_of

    # As a plan does: each draft is shown the brand's own past posts on its topic.
    material = material_of(load_history(brand.history_path) if brand.history_path else None, brand)
    made, started = [], time.perf_counter()
    for platform in brand.platforms:
        briefs = [Brief(topic, platform=platform, pillar=pillar,
                        material=material.for_topic(topic, pillar_text=brand.pillar(pillar).description or "",
                                                    platform=platform))
                  for topic, pillar in drafts_topics(brand, platform, per_platform)]
        made += [d for d in draft_many(brand, briefs, backend=backend) if isinstance(d, Draft)]
    return made, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brands", nargs="*", default=["aurora-caffe", "shkola-umnikov", "ledgerly"])
    parser.add_argument("--models", nargs="*", default=["qwen2.5-coder-1.5b-instruct", "smollm2-135m-instruct"])
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--start", default="2026-12-07", help="the plans' first day (another start: a new plan)")
    parser.add_argument("--drafts", type=int, default=10, help="drafts per platform, besides the plan")
    parser.add_argument("--show", type=int, default=5, help="posts to print per brand and model")
    parser.add_argument("--keep", type=Path, help="keep each plan (plan.html, plan.json) in KEEP/model/brand "
                        "to read it whole")
    args = parser.parse_args()

    from contentkit.brand import load_brand
    from contentkit.llm.llama_server import LlamaServerBackend

    brands = [load_brand(slug) for slug in args.brands]
    global HUNSPELL
    try:  # known words are a proxy (a post of real words can still be nonsense): without hunspell, n/a
        quality.require_hunspell({b.language for b in brands})
    except SystemExit as missing:
        HUNSPELL = False
        print(f"{missing}: the known-words columns are n/a", flush=True)
    rows = []
    for name in args.models:
        backend = LlamaServerBackend(name)
        started = time.perf_counter()
        backend.complete([{"role": "user", "content": "Hi"}], max_tokens=1)  # load outside the timings
        print(f"== {backend.describe()} ready in {time.perf_counter() - started:.1f} s", flush=True)
        for brand in brands:
            plan = run_plan(brand, backend, args.days, args.keep, args.start)
            drafts, drafts_s = run_drafts(brand, backend, args.drafts) if args.drafts else ([], 0.0)
            texts = plan["texts"] + [d.text for d in drafts]
            row = {"model": name, "brand": brand.slug, **score(brand, texts), "n": len(texts),
                   "posts": plan["posts"], "distinct": plan["distinct"], "review": plan["review"],
                   "ready": plan["ready"], "facts_only": plan["facts_only"], "own": plan["own"],
                   "plan_s": plan["wall"], "s_post": (plan["wall"] + drafts_s) / max(1, plan["posts"] + len(drafts))}
            rows.append(row)
            print_rows([row])
            for post in plan["plan"].posts[:args.show]:
                share, bad = (quality.known_share(post.text, brand.language, quality.profile_names(brand, brand.language))
                              if HUNSPELL else (float("nan"), []))
                print(f"\n  [{post.slot.platform} · {post.topic}] known {share:.2f} unknown {bad[:6]} "
                      f"{post.review}: {'; '.join(post.warnings)}\n  " + post.text.replace("\n", "\n  "))
            print(flush=True)
        backend.close()
    print()
    print_rows(rows)
    held = gate_bench.held_out_scores()
    print(f"\nquality gate on the held-out third of bench/data/graded_posts.jsonl ({held['n']} posts, "
          f"{held['good']} A or B by reading): ready {held['ready']}, precision {held['precision']:.2f}, "
          f"recall {held['recall']:.2f}")


def print_rows(rows: list[dict]) -> None:
    head = (f"{'model':<28} {'brand':<15} {'texts':>5} {'known':>6} {'min':>5} {'in lang':>7} "
            f"{'topics':>9} {'ready':>9} {'facts':>9} {'own':>5} {'plan s':>7} {'s/post':>6}")
    print(head)
    for r in rows:
        print(f"{r['model']:<28} {r['brand']:<15} {r['n']:>5} {r['known']:>6.3f} {r['min_known']:>5.2f} "
              f"{r['lang']:>7.0%} {r['distinct']:>4}/{r['posts']:<4} {r['ready']:>4}/{r['posts']:<4} "
              f"{r['facts_only']:>4}/{r['posts']:<4} {r['own']:>5.2f} {r['plan_s']:>7.0f} "
              f"{r['s_post']:>6.1f}")


if __name__ == "__main__":
    main()
