"""Hashtag suggestion quality and speed on the standard split of ../shared/data/README.md.

    .venv/bin/python bench/hashtags.py                  # instagram + italian_tweets
    .venv/bin/python bench/hashtags.py --tune           # grid on a validation split cut
                                                        # from the training posts only

Split: for each account with >= 5 tagged posts, its 2 newest tagged posts are test posts;
the model learns from every post dated before the account's first test post (and from the
other accounts' posts before their own cutoffs). The query is the caption without
#hashtags, @mentions and links; the answer is the post's hashtags, lower-cased.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from contentkit.hashtags.scoring import top_indices  # noqa: E402
from contentkit.tags import strip_for_query, tag_key  # noqa: E402
from contentkit.hashtags.suggester import HashtagSuggester  # noqa: E402
from contentkit.history import PostHistory, load_history  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
K = 5
TARGETS = {("all", "R@5"): 1.10, ("high-ER", "R@5"): 1.10, ("all", "P@5"): 1.05}
"""Model / baseline ratios the suggester should reach on the standard split."""


def split(posts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(training posts, test posts) by the standard rule; ``posts`` sorted by account, date."""
    posts = posts.assign(_order=np.arange(len(posts)))
    tagged = posts[posts["tags"].map(len) > 0]
    counts = tagged.groupby("account").size()
    eligible = counts[counts >= 5].index
    newest = (tagged[tagged["account"].isin(eligible)]
              .sort_values(["account", "published_at", "_order"], ascending=[True, False, False])
              .groupby("account").head(2))
    cutoff = newest.groupby("account")["published_at"].min()
    limit = posts["account"].map(cutoff)
    train = posts[limit.isna() | (posts["published_at"] < limit)]
    test = newest.assign(high_er=_high_er(newest, train))
    return train.drop(columns="_order"), test.drop(columns="_order")


def _high_er(test: pd.DataFrame, train: pd.DataFrame) -> np.ndarray:
    """ER at or above the account's median ER before the cutoff (interactions when no ER)."""
    measure = "er" if train["er"].notna().any() else "engagement"
    median = train.groupby("account")[measure].median()
    return (test[measure] >= test["account"].map(median)).to_numpy()


def score(predicted: list[list[str]], truth: list[list[str]]) -> dict[str, float]:
    p, r, h = [], [], []
    for pred, gold in zip(predicted, truth):
        gold_keys = {tag_key(t) for t in gold}
        right = len({tag_key(t) for t in pred[:K]} & gold_keys)
        p.append(right / K)
        r.append(right / len(gold_keys))
        h.append(float(right > 0))
    return {"P@5": float(np.mean(p)), "R@5": float(np.mean(r)), "hit@5": float(np.mean(h))}


def baseline(train: pd.DataFrame, test: pd.DataFrame) -> list[list[str]]:
    """Each account's 5 most frequent past hashtags (newer posts win ties)."""
    top: dict[str, list[str]] = {}
    for account, group in train.iloc[::-1].groupby("account", sort=False):
        counts = Counter(tag_key(t) for tags in group["tags"] for t in tags)
        top[account] = [t for t, _ in counts.most_common(K)]
    return [top.get(a, []) for a in test["account"]]


def model_predictions(model: HashtagSuggester, test: pd.DataFrame) -> tuple[list[list[str]], list[float]]:
    predicted, times = [], []
    for account, text in zip(test["account"], test["text"]):
        query = strip_for_query(text)
        start = time.perf_counter()
        found = model.suggest(query, account=account, k=K)
        times.append(time.perf_counter() - start)
        predicted.append([s.tag for s in found])
    return predicted, times


def report(name: str, history: PostHistory, params: dict) -> None:
    train, test = split(history.posts)
    start = time.perf_counter()
    model = HashtagSuggester(**params).fit(PostHistory(train, history.source))
    fit_split = time.perf_counter() - start
    start = time.perf_counter()
    HashtagSuggester(**params).fit(history)
    fit_all = time.perf_counter() - start
    predicted, times = model_predictions(model, test)
    truth = test["tags"].tolist()
    base = baseline(train, test)
    print(f"\n## {name}: {len(test)} test posts ({int(test['high_er'].sum())} high-ER), "
          f"{test['account'].nunique()} accounts, {len(train)} training posts")
    print(f"{'subset':<8} {'metric':<6} {'model':>7} {'baseline':>9} {'ratio':>6}")
    ratios = {}
    for subset, mask in (("all", np.ones(len(test), bool)), ("high-ER", test["high_er"].to_numpy())):
        m = score([p for p, k in zip(predicted, mask) if k], [t for t, k in zip(truth, mask) if k])
        b = score([p for p, k in zip(base, mask) if k], [t for t, k in zip(truth, mask) if k])
        for metric in m:
            ratio = ratios[subset, metric] = m[metric] / b[metric] if b[metric] else float("nan")
            print(f"{subset:<8} {metric:<6} {m[metric]:>7.3f} {b[metric]:>9.3f} {ratio:>6.3f}")
    print("targets (issue 15): " + ", ".join(
        f"{subset} {metric} >= {goal:.2f}x: {'met' if ratios[subset, metric] >= goal else 'NOT met'}"
        for (subset, metric), goal in TARGETS.items()))
    _headroom(model, train, test, base)
    _unseen(history, train, test, params)
    print(f"fit on split {fit_split:.1f} s; fit on whole file ({len(history)} posts) {fit_all:.1f} s; "
          f"suggest median {statistics.median(times) * 1000:.2f} ms, p95 {np.percentile(times, 95) * 1000:.2f} ms")


def _headroom(model: HashtagSuggester, train: pd.DataFrame, test: pd.DataFrame, base: list[list[str]]) -> None:
    """Where more R@5 could come from: what the model's top 50 hold, and an oracle's best 5 of
    the account's own past tags (the ceiling of any re-ranking of what the account used)."""
    own = {a: {tag_key(t) for tags in g["tags"] for t in tags} for a, g in train.groupby("account")}
    wide, oracle, new = [], [], []
    for account, text, tags in zip(test["account"], test["text"], test["tags"]):
        gold = {tag_key(t) for t in tags}
        top = {model.tag_keys_[i] for i in top_indices(model.scores(strip_for_query(text), account), 50)}
        used = own.get(account, set())
        wide.append(len(top & gold) / len(gold))
        oracle.append(min(K, len(used & gold)) / len(gold))
        new.append(len(gold - used) / len(gold))
    b = score(base, test["tags"].tolist())["R@5"]
    print(f"headroom: model's top 50 hold R@50 {np.mean(wide):.3f}; best 5 of the account's own past tags "
          f"(oracle) R@5 {np.mean(oracle):.3f} ({np.mean(oracle) / b:.3f}x baseline); "
          f"{np.mean(new):.0%} of a test post's tags are new to its account")


def _unseen(history: PostHistory, train: pd.DataFrame, test: pd.DataFrame, params: dict) -> None:
    """Accounts the model never saw: half the test accounts left out of training entirely."""
    accounts = np.array(sorted(test["account"].unique()))
    hidden = set(np.random.default_rng(0).choice(accounts, len(accounts) // 2, replace=False))
    seen = train[~train["account"].isin(hidden)]
    model = HashtagSuggester(**params).fit(PostHistory(seen, history.source))
    asked = test[test["account"].isin(hidden)]
    popular = [t for t, _ in Counter(tag_key(t) for tags in seen["tags"] for t in tags).most_common(K)]
    m = score(model_predictions(model, asked)[0], asked["tags"].tolist())
    b = score([popular] * len(asked), asked["tags"].tolist())
    print(f"unseen accounts ({len(hidden)}, {len(asked)} posts; baseline = 5 most used tags overall): "
          + ", ".join(f"{k} {m[k]:.3f} vs {b[k]:.3f}" for k in m))


# The space the defaults were picked from. Validation R@5 moved within 0.373-0.379 across the
# blend of habit and similar posts; the word-to-tag rate (mention_weight) lifted it to 0.385,
# trusting similar posts only when one is really alike (trusted_similarity) to 0.3865 and
# scaling the word-to-tag rate by each account's own habit to 0.3875 (P@5 0.326 -> 0.330).
# word_tag_weight (the draft's words that go with a tag in any caption), one fit, the rest
# fixed: 0 / 0.1 / 0.2 / 0.3 / 0.4 gave validation R@5 0.3872 / 0.3889 / 0.3902 / 0.3900 / 0.3891.
FIT_GRID = {"half_life": [3.0, 4.0, 6.0], "er_power": [0.0, 0.5, 1.0]}
SUGGEST_GRID = {"content_weight": [0.5, 1.0], "similarity_power": [4.0, 8.0],
                "global_weight": [0.03, 0.1], "mention_weight": [0.1, 1.6, 2.4],
                "trusted_similarity": [0.0, 0.45]}


def ranked_tags(model: HashtagSuggester, test: pd.DataFrame) -> list[list[str]]:
    """Top tags without the reasons: the same ranking as suggest, cheap enough for a grid."""
    out = []
    for account, text in zip(test["account"], test["text"]):
        scores = model.scores(strip_for_query(text), account)
        out.append([model.tags_[i] for i in top_indices(scores, K)])
    return out


def tune(history: PostHistory) -> None:
    """Grid search on a validation split cut from the training posts; test posts unseen."""
    train, _ = split(history.posts)
    inner_train, valid = split(train)
    truth = valid["tags"].tolist()
    print("validation baseline:", score(baseline(inner_train, valid), truth), flush=True)
    results = []
    for values in itertools.product(*FIT_GRID.values()):
        fit_params = dict(zip(FIT_GRID, values))
        model = HashtagSuggester(**fit_params).fit(PostHistory(inner_train, history.source))
        # These three are read only by suggest, so one fit serves them all.
        for more in itertools.product(*SUGGEST_GRID.values()):
            params = {**fit_params, **dict(zip(SUGGEST_GRID, more))}
            m = score(ranked_tags(model.set_params(**params), valid), truth)
            results.append((m["R@5"] + m["P@5"], params, m))
            print(params, {k: round(v, 3) for k, v in m.items()}, flush=True)
    results.sort(key=lambda r: -r[0])
    print("best:", results[0][1], results[0][2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tune", action="store_true", help="grid-search the blend on a validation split")
    parser.add_argument("--only", choices=["instagram", "italian_tweets"])
    args = parser.parse_args()
    for name in ("instagram", "italian_tweets"):
        if args.only and name != args.only:
            continue
        history = load_history(DATA / name / "posts.csv.gz")
        if args.tune:
            tune(history)
        else:
            report(name, history, {})


if __name__ == "__main__":
    main()
