"""Language-ID accuracy on TweetLID 2014 (es/pt/ca/en single-label tweets).

Prints plain seeded langdetect beside contentkit.detect_language in one run.
Usage: python bench/langid.py [--data ../shared/data] [--every N]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import time
from collections import Counter
from pathlib import Path

from contentkit.language import detect_language

CANDIDATES = ["es", "pt", "ca", "en"]


def load(data: Path, every: int) -> list[tuple[str, str]]:
    with gzip.open(data / "tweetlid14" / "train.tsv.gz", "rt", encoding="utf-8") as f:
        rows = [(r["lang"], r["text"]) for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
                if r["lang"] in CANDIDATES]
    return rows[::every]


def plain_langdetect(text: str) -> str:
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        return detect(text)
    except LangDetectException:
        return "und"


def evaluate(name: str, rows: list[tuple[str, str]], predict) -> float:
    start = time.perf_counter()
    predictions = [predict(text) for _, text in rows]
    seconds = time.perf_counter() - start
    accuracy = sum(p == gold for p, (gold, _) in zip(predictions, rows)) / len(rows)
    per_lang = {lang: sum(p == g for p, (g, _) in zip(predictions, rows) if g == lang)
                / max(1, sum(g == lang for g, _ in rows)) for lang in CANDIDATES}
    langs = "  ".join(f"{lang} {acc:.3f}" for lang, acc in per_lang.items())
    print(f"{name:<44} {accuracy:.4f}   {1000 * seconds / len(rows):6.2f} ms/text   {langs}")
    return accuracy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--every", type=int, default=1, help="use every Nth tweet (1 = all)")
    args = parser.parse_args()
    rows = load(args.data, args.every)
    print(f"TweetLID train, single-label es/pt/ca/en: {len(rows)} tweets {dict(Counter(g for g, _ in rows))}")
    print(f"{'method':<44} {'accuracy':<8} {'speed':>16}")
    base = evaluate("plain langdetect (seed 0, all languages)", rows, plain_langdetect)
    ours = evaluate("detect_language(candidates=es,pt,ca,en)", rows,
                    lambda t: detect_language(t, candidates=CANDIDATES))
    evaluate("detect_language (no candidates)", rows, detect_language)
    print(f"\nratio detect_language / plain langdetect: {ours / base:.3f}  (target: detect_language >= 0.90)")


if __name__ == "__main__":
    main()
