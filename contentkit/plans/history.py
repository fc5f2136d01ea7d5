"""What a plan learns from the brand's post history (its posting times, the hashtag
suggester, themes of its best posts), worked out on a thread of its own.

The work starts once the plan's first requests are out: the model takes a round trip to
answer them, and that wait is when CPU work costs nothing. Until the history is read the
plan uses slots at the brand's preferred times; the k-th post on a platform keeps its
pillar whatever its time, so topics chosen for those slots carry over to the learned ones.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..brand import BrandProfile
from ..hashtags.for_posts import TagRotation, vocabulary_of
from ..material import Material, Source
from .model import Slot
from .parts import added_and_reasons, best_times_from_history, history_themes, pick_hashtags, train_suggester
from .slots import make_slots

if TYPE_CHECKING:
    from ..hashtags.suggester import HashtagSuggester
    from ..history import PostHistory


def default_history(brand: BrandProfile) -> Path | None:
    """The history a brand's plans learn from unless told otherwise: the file its
    brand.yaml names, else a ``history.csv`` beside it."""
    if brand.history_path is not None:
        return brand.history_path
    beside = brand.root / "history.csv" if brand.root is not None else None
    return beside if beside is not None and beside.is_file() else None


def history_source(history: Any, brand: BrandProfile) -> Any:
    """What a plan learns from: ``None`` means the brand's default, ``False`` none at all."""
    if history is False:
        return None
    return default_history(brand) if history is None else history


class PlanHistory:
    """The history's contributions to one plan; :meth:`start` begins the work (idempotent),
    and every accessor starts it too and waits for its part."""

    def __init__(self, source: Any, brand: BrandProfile, start: date, days: int,
                 platforms: Sequence[str] | None, guess: list[Slot], pool: ThreadPoolExecutor) -> None:
        self._source = history_source(source, brand)
        self._brand, self._start, self._days, self._platforms = brand, start, days, platforms
        self._rotation = TagRotation()
        self.guess = guess
        self._pool = pool
        self._lock = threading.Lock()
        self._past: Future[PostHistory | None] | None = None
        self._slots: Future[list[Slot]] | None = None
        self._suggester: Future[tuple[HashtagSuggester | None, str | None]] | None = None
        self._moved: dict[Slot, Slot] = {}
        self._words: Future[frozenset[str]] | None = None
        self._material: Material | None = None
        self._shown: set[str] = set()
        self._grounded: dict[str, frozenset[str]] = {}
        self._themes: list[str] | None = None
        self._statements: frozenset[str] = frozenset()
        self._around: dict[str, frozenset[str]] = {}
        self._material_lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._past is None:
                self._past = self._pool.submit(_load_history, self._source)
                self._slots = self._pool.submit(self._timed_slots)
                # Only a finished draft needs the suggester, for its hashtags.
                self._suggester = self._pool.submit(lambda: train_suggester(self.past()))
                self._words = self._pool.submit(self._vocabulary)

    def past(self) -> PostHistory | None:
        self.start()
        assert self._past is not None
        return self._past.result()

    def slots(self) -> list[Slot]:
        """The plan's slots, at the times the history taught (the guess when there is none)."""
        self.start()
        assert self._slots is not None
        return self._slots.result()

    def suggester(self) -> tuple[HashtagSuggester | None, str | None]:
        self.start()
        assert self._suggester is not None
        return self._suggester.result()

    def hashtags(self, text: str, slot: Slot, topic: str) -> tuple[list[str], dict[str, str]]:
        """The tags to add to the post and the reason for each of its tags (see
        parts.added_and_reasons); a plan's posts share tags sparingly."""
        suggester, account = self.suggester()
        assert self._words is not None  # started by suggester()
        picked = pick_hashtags(suggester, self._brand, text, slot.platform, account, pillar=slot.pillar,
                               topic=topic, rotation=self._rotation, vocabulary=self._words.result())
        return added_and_reasons(picked, text)

    def describe(self) -> str:
        """Which history the plan used and how much it learned from, for the plan's summary."""
        past = self.past()
        if past is None:
            return "history: none (hashtags from the profile and each post's key words)"
        where = self._source if isinstance(self._source, (str, Path)) else "given in memory"
        suggester, _ = self.suggester()
        tagged = 0 if suggester is None else int(suggester.post_tags_.shape[0])
        return f"history: {where} ({len(past)} posts; hashtags learned from {tagged} of them)"

    def material(self, topic: str, slot: Slot) -> tuple[str, ...]:
        """Two past posts on ``topic`` for the draft to stand on, each shown to one post of
        the plan only while others are left (two posts built on one old post read alike)."""
        past = self.past()
        with self._material_lock:
            if self._material is None:
                self._material = material_of(past, self._brand)
            pillar = self._brand.pillar(slot.pillar) if slot.pillar else None
            ask = {"pillar_text": pillar.description or "" if pillar else "", "platform": slot.platform,
                   "day": slot.when.date()}
            chosen = (self._material.for_topic(topic, avoid=tuple(self._shown), **ask)
                      or self._material.for_topic(topic, **ask))
            self._shown.update(chosen)
            return chosen

    def grounded(self, topic: str) -> bool:
        """Whether the brand's past posts hold a fact on ``topic`` (see writing.facts)."""
        return bool(self.facts_of(topic))

    def facts_of(self, topic: str) -> frozenset[str]:
        """The facts a post on ``topic`` would be made of (see writing.facts.topic_facts)."""
        from ..writing.facts import topic_facts

        past = self.past()
        with self._material_lock:
            if topic in self._grounded:  # asked again for each pillar and each spare topic
                return self._grounded[topic]
            if self._material is None:
                self._material = material_of(past, self._brand)
            material = self._material.for_topic(topic, day=self._start + timedelta(days=self._days // 2))
            self._grounded[topic] = frozenset(topic_facts(self._brand, topic, material))
            return self._grounded[topic]

    def words_around(self, theme: str) -> frozenset[str]:
        """The words of the past posts a theme comes from (see Material.words_around)."""
        past = self.past()
        with self._material_lock:
            if self._material is None:
                self._material = material_of(past, self._brand)
            if theme not in self._around:  # asked for each pillar
                self._around[theme] = self._material.words_around(theme)
            return self._around[theme]

    def themes(self) -> list[str]:
        """Titles of the brand's best past posts, then its own statements (each a post alone
        once the titles run out), in season at the plan's middle day."""
        from ..writing.facts import statements

        if self._themes is None:  # asked again for each post whose own topic was taken
            middle = self._start + timedelta(days=self._days // 2)
            past = self.past()
            titles = history_themes(past, day=middle, language=self._brand.language)
            with self._material_lock:
                if self._material is None:
                    self._material = material_of(past, self._brand)
                texts = self._material.statements(day=middle)
            said = statements(self._brand, texts)
            self._themes, self._statements = [*titles, *said], frozenset(said)
        return list(self._themes)

    def is_statement(self, topic: str) -> bool:
        """Whether ``topic`` is one of the brand's statements or riddles, a post as it stands."""
        self.themes()
        return topic in self._statements

    def move(self, slot: Slot) -> Slot:
        """The slot of :attr:`guess` at its learned time: the same (platform, k-th post)."""
        if not self._moved:
            final, moved = self.slots(), {}
            for platform in {s.platform for s in self.guess}:
                before = [s for s in self.guess if s.platform == platform]
                after = [s for s in final if s.platform == platform]
                moved.update(zip(before, after, strict=True))
            self._moved = moved
        return self._moved[slot]

    def _vocabulary(self) -> frozenset[str]:
        past = self.past()
        return vocabulary_of([] if past is None else past.posts["text"].tolist(), self._brand)

    def _timed_slots(self) -> list[Slot]:
        history = self.past()
        if history is None:
            return self.guess
        return make_slots(self._brand, self._start, self._days, platforms=self._platforms,
                          best_times=best_times_from_history(history, self._brand))


def material_of(history: PostHistory | None, brand: BrandProfile) -> Material:
    """The brand's example posts and past posts, ready to match to topics."""
    if history is None or len(history) == 0:
        return Material(brand)
    posts = history.posts
    lifts = posts["rel_er"].fillna(1.0) if "rel_er" in posts else [1.0] * len(posts)
    platforms = posts["platform"] if "platform" in posts else [None] * len(posts)
    return Material(brand, (Source(str(t), float(x), p if isinstance(p, str) else None)
                            for t, x, p in zip(posts["text"], lifts, platforms, strict=True)))


def _load_history(history: Any) -> PostHistory | None:
    if history is None:
        return None
    from ..history import PostHistory, load_history

    return history if isinstance(history, PostHistory) else load_history(history)
