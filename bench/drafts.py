"""How usable are drafts from the local default model?

For each example brand and 3 of its platforms, 10 drafts (one batched call, plus the
retries the checks ask for): the share that passes every check without a warning, the
share detected in the brand's language, failures, and wall time per draft.

    .venv/bin/python bench/drafts.py                 # local default backend
    .venv/bin/python bench/drafts.py --backend openai --model qwen2.5 --show 2
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def topics_for(brand, count: int) -> list[tuple[str, str]]:
    """(topic, pillar) pairs in the brand's own words: phrases of its pillar descriptions."""
    per_pillar = []
    for pillar in brand.pillars:
        phrases = [p.strip() for p in re.split(r"[,:;.]", pillar.description) if len(p.strip()) > 8]
        per_pillar.append([(phrase, pillar.name) for phrase in phrases or [pillar.name]])
    out: list[tuple[str, str]] = []
    while len(out) < count:
        for phrases in per_pillar:
            if phrases:
                out.append(phrases.pop(0))
        if not any(per_pillar):
            per_pillar = [[(p.name, p.name)] for p in brand.pillars]
    return out[:count]


def in_language(text: str, expected: str, others: list[str]) -> bool:
    from contentkit.checks import detect

    return detect(text, expected, others) == expected


def run_cell(brand, platform: str, backend, *, drafts: int, seed: int, show: int) -> dict:
    from contentkit.drafting import Brief, Draft, draft_many

    briefs = [Brief(topic, platform=platform, pillar=pillar) for topic, pillar in topics_for(brand, drafts)]
    started = time.perf_counter()
    results = draft_many(brand, briefs, backend=backend, seed=seed)
    elapsed = time.perf_counter() - started
    made = [r for r in results if isinstance(r, Draft)]
    for item in made[:show]:
        print(f"\n[{brand.slug} / {platform} / {item.topic}] warnings={item.warnings}\n{item.text}\n")
    return {
        "brand": brand.slug, "platform": platform, "n": len(results),
        "clean": sum(d.ok for d in made) / len(results),
        "language": sum(in_language(d.text, brand.language, brand.languages) for d in made) / len(results),
        "failed": len(results) - len(made),
        "retried": sum(any(r.startswith("asked again") for r in d.repairs) for d in made),
        "cut": sum(any(r.startswith("cut to") for r in d.repairs) for d in made),
        "chars": sum(len(d.text) for d in made) / max(1, len(made)),
        "s_per_draft": elapsed / len(results),
    }


def print_table(rows: list[dict]) -> None:
    head = f"{'brand':<16} {'platform':<10} {'n':>3} {'clean':>6} {'in lang':>8} {'failed':>6} " \
           f"{'retried':>7} {'cut':>4} {'chars':>6} {'s/draft':>8}"
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r['brand']:<16} {r['platform']:<10} {r['n']:>3} {r['clean']:>6.0%} {r['language']:>8.0%} "
              f"{r['failed']:>6} {r['retried']:>7} {r['cut']:>4} {r['chars']:>6.0f} {r['s_per_draft']:>8.1f}")
    total = sum(r["n"] for r in rows)
    if total:
        def share(key: str) -> float:
            return sum(r[key] * r["n"] for r in rows) / total
        print("-" * len(head))
        print(f"{'all':<16} {'':<10} {total:>3} {share('clean'):>6.0%} {share('language'):>8.0%} "
              f"{sum(r['failed'] for r in rows):>6} {sum(r['retried'] for r in rows):>7} "
              f"{sum(r['cut'] for r in rows):>4} {share('chars'):>6.0f} {share('s_per_draft'):>8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brands", nargs="*", help="slugs (default: every brand in brand_profiles/)")
    parser.add_argument("--platforms", type=int, default=3, help="platforms per brand")
    parser.add_argument("--drafts", type=int, default=10, help="drafts per brand and platform")
    parser.add_argument("--backend", default="local")
    parser.add_argument("--model")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show", type=int, default=1, help="drafts to print per cell")
    args = parser.parse_args()

    from contentkit.brand import list_brands, load_brand
    from contentkit.drafting import resolve_backend

    slugs = args.brands or [p.parent.name for p in sorted((ROOT / "brand_profiles").glob("*/brand.yaml"))]
    slugs = slugs or list_brands()
    backend = resolve_backend(args.backend, args.model)
    started = time.perf_counter()
    backend.complete([{"role": "user", "content": "Hi"}], max_tokens=1)  # load once, outside the timings
    print(f"backend {backend.describe()} ready in {time.perf_counter() - started:.1f} s")
    brands = [load_brand(ROOT / "brand_profiles" / slug) for slug in slugs]
    rows = []
    # Every brand's first platform before any brand's second: a cut-short run still covers each language.
    for index in range(args.platforms):
        for brand in brands:
            platforms = list(brand.platforms)
            if index < len(platforms):
                rows.append(run_cell(brand, platforms[index], backend, drafts=args.drafts, seed=args.seed,
                                     show=args.show))
                print_table(rows[-1:])
                sys.stdout.flush()
    print()
    print_table(rows)


if __name__ == "__main__":
    main()
