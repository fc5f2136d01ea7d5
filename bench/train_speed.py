"""`hashtags train` on a 200,000-post history beside `history stats` on the same file; one machine, one run.

The history is the shared Instagram posts (../shared/data/instagram) copied nine times under new
account names, each caption made distinct ("n123" at its end), so no caption is cleaned or
hashed once for several posts. It is written to a temporary folder and removed afterwards.
`history stats` reads and checks the same file, so the ratio says what learning adds to reading.

Usage: python bench/train_speed.py [--copies 9] [--runs 2]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
POSTS = ROOT.parent / "shared" / "data" / "instagram" / "posts.csv.gz"


def big_history(folder: Path, copies: int) -> Path:
    posts = pd.read_csv(POSTS)
    parts = []
    for copy in range(copies):
        part = posts.copy()
        part["account"] = part["account"].astype(str) + f"_{copy}"
        start = copy * len(posts)
        part["text"] = [f"{'' if pd.isna(t) else t} n{start + i}" for i, t in enumerate(part["text"])]
        parts.append(part)
    path = folder / "history.csv"
    pd.concat(parts, ignore_index=True).to_csv(path, index=False)
    return path


def tree_rss_mb(pid: int) -> float:
    """Resident MB of ``pid`` and every process under it (a fit may use a second one)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):  # it ended between two reads
            continue
    return total / 1024


def timed(command: list[str]) -> tuple[float, float]:
    """Seconds and peak resident MB (the process and its children together) of one run of ``command``."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:  # a pipe nobody reads while polling could fill up
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, cwd=ROOT)
        peak = 0.0
        while process.poll() is None:  # sampled: ru_maxrss counts the largest process, not their sum
            peak = max(peak, tree_rss_mb(process.pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        if process.returncode:
            errors.seek(0)
            sys.exit(f"{' '.join(command)} failed: {errors.read().decode()[-2000:]}")
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=9)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    cli = [sys.executable, "-m", "contentkit"]
    with tempfile.TemporaryDirectory() as folder:
        path = big_history(Path(folder), args.copies)
        rows = len(pd.read_csv(path, usecols=["account"]))
        stats, train = [], []
        for _ in range(args.runs):  # alternated, so a busy spell falls on both
            stats.append(timed([*cli, "history", "stats", str(path)]))
            train.append(timed([*cli, "hashtags", "train", "--history", str(path), "--out", f"{folder}/model"]))
        size = sum(f.stat().st_size for f in Path(folder, "model").iterdir()) / 1e6
    print(f"history: {args.copies} copies of {POSTS.name}, {rows:,} posts; {args.runs} runs each")
    for name, runs in (("history stats (baseline)", stats), ("hashtags train", train)):
        seconds = [s for s, _ in runs]
        print(f"{name:26} median {statistics.median(seconds):5.1f} s (min {min(seconds):.1f}, max {max(seconds):.1f}),"
              f" peak {max(m for _, m in runs):,.0f} MB")
    ratio = statistics.median(s for s, _ in train) / statistics.median(s for s, _ in stats)
    print(f"train / stats: {ratio:.2f}x; model folder {size:.0f} MB")


if __name__ == "__main__":
    main()
