"""HashtagSuggester: hashtags that worked for this brand, ranked for a new draft.

The score of a tag blends four things the manager would weigh by hand:
  * the account's own habit: how often it used the tag, favouring recent and
    high-engagement posts (``half_life``, ``er_power``);
  * what the account tagged in posts *like this one* (char n-gram similarity), trusted
    in full only when some past post is really alike (``trusted_similarity``);
  * words of the draft that writers turn into tags (Milano -> #milano), scaled by how
    much more or less than average this account tags the words it writes;
  * what any account tagged in posts like this one (per-tag text profiles), which is
    all an account the model has never seen gets;
  * the words of the draft that go with a tag in any account's captions ("rockies" with
    #banff), as a share of the best score (``word_tag_weight``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from ..errors import ContentkitError, HistoryError, NotFittedError
from ..history import PostHistory, load_history
from ..tags import display_tag, tag_key, tags_in_text, words_of
from . import features as feats
from . import scoring as scoring
from . import tag_words
from .beside import Beside, Here, spare_room
from .reasons import explain_all
from .scripts import script_allows

FIT_STEPS = 4
"""The steps ``fit`` reports to its ``progress``."""

BESIDE_FROM = 30_000
"""Posts from which the words that become tags are learned in a second process, beside the
text vectors (``beside``): below it, starting the process costs more than it saves."""

BESIDE_KB_PER_POST = 4
"""Free memory the second process needs, twice what it took on 200,000 Instagram posts."""


@dataclass(frozen=True)
class Suggestion:
    """One suggested hashtag: ``tag`` as '#written', ``score`` (higher is better), ``reason``."""

    tag: str
    score: float
    reason: str


class HashtagSuggester(BaseEstimator):
    """Learns a brand's hashtags from its post history; ``suggest`` ranks them for a draft.

    Parameters are stored untouched by ``__init__`` (scikit-learn's estimator contract);
    ``fit`` accepts a PostHistory, a DataFrame of the canonical columns or a CSV path.
    """

    # Defaults were tuned on a validation split cut from the training posts of the standard
    # Instagram split (bench/hashtags.py --tune); the test posts were never looked at.
    # trusted_similarity (0.45) sat on a flat plateau from 0.3 to 0.6 there; 0 turns it off.
    # word_tag_weight: 0.2 and 0.3 tied there (R@5 1.058x the baseline, 1.050x without it).
    def __init__(self, ngram_range: tuple[int, int] = (2, 4), half_life: float = 4.0,
                 er_power: float = 0.5, content_weight: float = 0.5, global_weight: float = 0.03,
                 similarity_power: float = 4.0, mention_weight: float = 1.6, min_global_posts: int = 3,
                 centroid_features: int = 200, trusted_similarity: float = 0.45,
                 word_tag_weight: float = 0.2) -> None:
        self.ngram_range = ngram_range
        self.half_life = half_life
        self.er_power = er_power
        self.content_weight = content_weight
        self.global_weight = global_weight
        self.similarity_power = similarity_power
        self.mention_weight = mention_weight
        self.min_global_posts = min_global_posts
        self.centroid_features = centroid_features
        self.trusted_similarity = trusted_similarity
        self.word_tag_weight = word_tag_weight

    # -- fitting ---------------------------------------------------------------------------
    def fit(self, X: PostHistory | pd.DataFrame | str | Path, y: None = None, *,
            progress: Callable[[int, int, str], None] | None = None) -> HashtagSuggester:
        """Learn from every post that carries hashtags; returns self.

        ``progress(step, steps, what)`` is called as each step starts (a 200,000-post history
        takes a while)."""
        def step(number: int, what: str) -> None:
            if progress is not None:
                progress(number, FIT_STEPS, what)

        history = load_history(X)
        for cache in ("_by_feature", "_account_lookup", "_key_index", "_prior"):
            self.__dict__.pop(cache, None)  # lookups built for a previous fit
        step(0, "reading the captions")
        big = len(history.posts) >= BESIDE_FROM
        side = Beside() if big and spare_room(len(history.posts) * BESIDE_KB_PER_POST / 1024) else Here()
        with side:
            return self._fit(history, side, step)

    def _fit(self, history: PostHistory, side: Beside | Here, step: Callable[[int, str], None]) -> HashtagSuggester:
        # Each caption cleaned once: three steps below read it, and the regex work was a third of a fit.
        posts = history.posts.assign(_query=feats.queries(history.posts["text"].tolist()),
                                     _row=np.arange(len(history.posts)))
        tagged = (posts[posts["tags"].map(len) > 0]
                  .sort_values(["account", "published_at"], kind="stable").reset_index(drop=True))
        if tagged.empty:
            raise HistoryError("no post carries a hashtag, so there is nothing to learn", file=history.source,
                               field="hashtags", hint="add a 'hashtags' column or keep the #tags in 'text'")
        self.tags_, index = feats.tag_vocabulary(tagged["tags"].tolist())
        self.tag_keys_ = list(index)
        self.post_tags_ = feats.tag_matrix(tagged["tags"].tolist(), index)
        carried = self.post_tags_.tocoo()
        side.send(tag_words.word_mentions, posts["_query"].tolist(), index,
                  tag_words.carried_tags(tagged["_row"].to_numpy()[carried.row], carried.col, len(index)))
        self._fit_text(posts, tagged, step)
        step(3, "words that become tags")
        self.word_tag_rates_ = feats.word_tag_rates_by_word(tagged["_query"].tolist(), self.post_tags_)
        mentions = side.result()
        self.tag_word_rate_ = tag_words.word_tag_rates(mentions, len(index))
        post_account = posts["account"].map({a: i for i, a in enumerate(self.accounts_)}).to_numpy()
        self.account_mention_ = tag_words.account_mention_habits(post_account, len(self.accounts_), mentions,
                                                             self.tag_word_rate_)
        self.er_basis_ = history.er_basis
        step(FIT_STEPS, "done")
        return self

    def _fit_text(self, posts: pd.DataFrame, tagged: pd.DataFrame, step: Callable[[int, str], None]) -> None:
        step(1, "the text of tagged posts")
        counts = feats.query_counts(tagged["_query"].tolist(), self.ngram_range)
        self.idf_ = feats.idf_of(counts)
        self.post_vectors_ = feats.tfidf(counts, self.idf_)
        del counts  # a 200,000-post history's counts alone are a few hundred MB
        self.post_weight_ = feats.post_weights(tagged, self.half_life, self.er_power)
        self.post_er_ = tagged["er"].to_numpy(dtype=np.float32)
        self.post_rel_ = tagged["rel_er"].to_numpy(dtype=np.float32)
        step(2, "accounts and shared tags")
        self._fit_accounts(posts, tagged)
        self._fit_global()

    def _fit_accounts(self, posts: pd.DataFrame, tagged: pd.DataFrame) -> None:
        self.accounts_ = sorted(posts["account"].unique().tolist())
        order = {a: i for i, a in enumerate(self.accounts_)}
        codes = tagged["account"].map(order).to_numpy()
        n = len(self.accounts_)
        self.account_start_ = np.searchsorted(codes, np.arange(n), side="left").astype(np.int64)
        self.account_end_ = np.searchsorted(codes, np.arange(n), side="right").astype(np.int64)
        grouped = posts.groupby("account")
        self.account_posts_ = grouped.size().reindex(self.accounts_).to_numpy(dtype=np.int64)
        self.account_median_er_ = grouped["er"].median().reindex(self.accounts_).to_numpy(dtype=np.float32)
        # The rel_er a post needs to be among the account's five best (all posts, tagged or not);
        # one sort for all accounts: a per-account nlargest took a second on 1,700 accounts.
        known = posts.loc[posts["rel_er"].notna(), ["account", "rel_er"]].sort_values(
            ["account", "rel_er"], ascending=[True, False], kind="stable")
        fifth = known[known.groupby("account").cumcount() < 5].groupby("account")["rel_er"].min()
        self.account_best_rel_ = fifth.reindex(self.accounts_).to_numpy(dtype=np.float32)

    def _fit_global(self) -> None:
        tags = self.post_tags_
        # Only tags several accounts share travel to others; one brand's own tag stays its own
        # (unless the model knows a single brand, whose tags are then all it has to offer).
        accounts_per_tag = self._accounts_per_tag()
        posts_per_tag = np.asarray(tags.sum(axis=0)).ravel()
        shared = (accounts_per_tag >= 2) | (len(self.accounts_) == 1)
        keep = np.flatnonzero((posts_per_tag >= self.min_global_posts) & shared)
        self.global_tags_ = keep.astype(np.int64)
        self.global_centroids_ = feats.tag_centroids(self.post_vectors_, tags, self.post_weight_, keep,
                                                     self.centroid_features)
        self.global_posts_ = posts_per_tag.astype(np.float32)

    def _accounts_per_tag(self) -> np.ndarray:
        owner = np.repeat(np.arange(len(self.accounts_)), self.account_end_ - self.account_start_)
        coo = self.post_tags_.tocoo()
        # Each (tag, account) once, as one number: np.unique over stacked rows sorts far slower.
        pairs = tag_words.distinct(coo.col.astype(np.int64) * len(self.accounts_) + owner[coo.row])
        return np.bincount(pairs // len(self.accounts_), minlength=len(self.tags_))

    # -- suggesting ------------------------------------------------------------------------
    def suggest(self, text: str, account: str | None = None, k: int = 5, exclude: Iterable[str] = (),
                language: str | None = None) -> list[Suggestion]:
        """The ``k`` best hashtags for ``text``, best first, each with a reason in plain words.

        Tags already written in ``text`` and those in ``exclude`` are left out. With
        ``language`` (ISO code), tags in a script that language does not use are dropped.
        An account the model has not seen gets suggestions from the text alone.
        """
        self._check_fitted()
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
            raise ContentkitError(f"k must be a whole number of hashtags, got {k!r}", field="k", hint="e.g. k=5")
        if isinstance(exclude, str):
            raise ContentkitError("exclude must be a list of hashtags, got one text", field="exclude",
                                  hint=f"e.g. exclude=[{exclude!r}]")
        if k <= 0:  # _pick takes one before it counts
            return []
        scores, similar = self._score_parts(text, account)
        skip = {tag_key(t) for t in (*exclude, *tags_in_text(text))}
        wanted = k + len(skip) + 32
        while True:
            out = self._pick(scores, similar, scoring.top_indices(scores, wanted), k, skip, language, account)
            if len(out) >= k or wanted >= len(scores):
                return out
            wanted *= 8  # a language filter threw many out: look further down the list

    def _pick(self, scores: np.ndarray, similar: np.ndarray, ranked: np.ndarray, k: int, skip: set[str],
              language: str | None, account: str | None) -> list[Suggestion]:
        chosen: list[int] = []
        for i in ranked.tolist():  # a short list: k plus the skipped, so a plain loop is cheapest
            if self.tag_keys_[i] in skip or not script_allows(self.tags_[i], language):
                continue
            chosen.append(i)
            if len(chosen) >= k:
                break
        reasons = explain_all(self, chosen, account, similar[chosen])
        return [Suggestion(self.tags_[i], float(f"{scores[i]:.4g}"), why) for i, why in zip(chosen, reasons)]

    def scores(self, text: str, account: str | None = None) -> np.ndarray:
        """Blended score of every known tag for ``text`` (see the module docstring)."""
        self._check_fitted()
        return self._score_parts(text, account)[0]

    def _score_parts(self, text: str, account: str | None) -> tuple[np.ndarray, np.ndarray]:
        """(total score, why) of every tag; why is content similarity, or 2 for a word of the text."""
        features, values = self._vector(text)
        similar = scoring.global_scores(self, features, values)
        scores = self.global_weight * similar
        # Words of the draft that writers often turn into the tag (Milano -> #milano), by how often.
        # words_of gives tag keys already, so they go straight to the key lookup.
        keys = self._key_lookup()
        mentioned = np.fromiter((i for i in map(keys.get, words_of(text)) if i is not None), dtype=np.int64)
        mentioned = mentioned[self.tag_word_rate_[mentioned] > 0]
        a = self._account_index(account)
        habit = 1.0 if a is None else float(self.account_mention_[a])
        np.add.at(scores, mentioned, habit * self.mention_weight * self.tag_word_rate_[mentioned])
        rows = self._account_rows(account, recent_only=True)
        if rows is not None and rows.stop > rows.start:
            seeds = [i for i in map(self._tag_index, tags_in_text(text)) if i is not None]
            query = np.zeros(self.idf_.shape[0], dtype=np.float32)
            query[features] = values
            scores += scoring.account_scores(self, query, rows, seeds)
        if self.word_tag_weight > 0:
            # A share of the best score, so that the words move a tag among the account's
            # likely ones without drowning its habits (validation: 0.4 already hurt).
            tags, rate = feats.best_word_rate(self.word_tag_rates_, feats.query_words(text))
            scores[tags] += self.word_tag_weight * (float(scores.max()) or 1.0) * rate
            similar[tags[rate >= 0.2]] = np.maximum(similar[tags[rate >= 0.2]], 0.05)
        similar[mentioned[self.tag_word_rate_[mentioned] >= 0.2]] = 2.0
        return scores, similar

    def _vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The text's unit TF-IDF vector as (feature numbers, values)."""
        counts = feats.term_counts([text], self.ngram_range)
        features = counts.indices.astype(np.int64)
        values = counts.data * self.idf_[features]
        norm = float(np.sqrt(np.dot(values, values)))
        if norm == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        return features, values / norm

    def _popularity(self) -> np.ndarray:
        if "_prior" not in self.__dict__:
            self._prior = scoring.popularity(self.global_posts_)
        return self._prior

    def _centroids_by_feature(self):
        if "_by_feature" not in self.__dict__:
            self._by_feature = self.global_centroids_.T.tocsr()
        return self._by_feature

    def _account_rows(self, account: str | None, recent_only: bool = False) -> slice | None:
        """The account's tagged posts (oldest first); ``recent_only`` keeps those that still weigh.

        A post 30 half-lives back weighs under 2**-30 in every score, so a brand with
        thousands of posts is scored on its recent ones and stays fast.
        """
        i = self._account_index(account)
        if i is None:
            return None
        start, end = int(self.account_start_[i]), int(self.account_end_[i])
        if recent_only:
            start = max(start, end - max(50, int(30 * self.half_life)))
        return slice(start, end)

    def _account_index(self, account: str | None) -> int | None:
        if "_account_lookup" not in self.__dict__:
            self._account_lookup = {a: i for i, a in enumerate(self.accounts_)}
        return None if account is None else self._account_lookup.get(str(account).lstrip("@"))

    def _tag_index(self, tag: str) -> int | None:
        return self._key_lookup().get(tag_key(tag))

    def _key_lookup(self) -> dict[str, int]:
        if "_key_index" not in self.__dict__:
            self._key_index = {key: i for i, key in enumerate(self.tag_keys_)}
        return self._key_index

    def _check_fitted(self) -> None:
        if not hasattr(self, "tags_"):
            raise NotFittedError("this HashtagSuggester is not fitted yet",
                                 hint="call .fit(history) or HashtagSuggester.load(MODEL_DIR) first")

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "tags_")

    # -- persistence -----------------------------------------------------------------------
    def save(self, folder: str | Path) -> Path:
        """Write the fitted model to ``folder`` (JSON + numpy arrays, no pickle)."""
        from .store import save_model

        self._check_fitted()
        return save_model(self, Path(folder))

    @classmethod
    def load(cls, folder: str | Path) -> HashtagSuggester:
        """Read a model saved by ``save``; a changed, partial or foreign file raises ModelFileError."""
        from .store import load_model

        return load_model(cls, Path(folder))


def suggest_for_brand(model: HashtagSuggester, brand, text: str, account: str | None = None,
                      platform: str | None = None, k: int | None = None) -> list[Suggestion]:
    """Suggestions that obey a BrandProfile's hashtag policy and the platform's cap.

    ``always`` tags come first, ``banned`` ones never appear, and the list stops at the
    brand's ``max`` (and the platform's hard limit, when it has one).
    """
    from ..brand import BrandProfile, load_brand

    if not isinstance(model, HashtagSuggester):
        raise ContentkitError(f"model must be a HashtagSuggester, got {type(model).__name__}", field="model",
                              hint="HashtagSuggester.load(MODEL_DIR) or HashtagSuggester().fit(history)")
    brand = brand if isinstance(brand, BrandProfile) else load_brand(brand)
    policy = brand.hashtags
    limit = policy.max if k is None else min(k, policy.max)
    if platform is not None:
        from ..platforms import get_platform

        cap = get_platform(platform).hashtag_limit
        limit = min(limit, cap) if cap is not None else limit
    written = {tag_key(t) for t in tags_in_text(text)}
    always = [Suggestion(display_tag(t), float("inf"), f"{brand.name} always uses it (brand policy)")
              for t in policy.always if tag_key(t) not in written]
    learned = model.suggest(text, account=account, k=limit + len(always),
                            exclude=[*policy.banned, *policy.always], language=brand.language)
    return (always + learned)[:limit]

