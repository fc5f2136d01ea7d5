"""The hashtags one post gets: the profile's own, learned ones that fit this post, and key
words of the post itself, within the platform's norms and the brand's policy.

A learned model alone tags every post of a brand alike (the account's habits outweigh one
draft's words), and a brand without a history would get nothing. So the learned list is
filtered for this post (a tag that names a thing goes only on posts that mention it; near
spellings of one tag are one tag), tags a plan has already used often give way to others,
and the post's own key words fill what is left: a brand with no history still gets tags.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import regex

from ..platforms import get_platform
from ..tags import display_tag, strip_for_query, tag_key, tags_in_text, words_of
from .scripts import script_allows

if TYPE_CHECKING:
    from ..brand import BrandProfile
    from .suggester import HashtagSuggester, Suggestion

FROM_PROFILE = "from your profile"
KEY_WORD = "a key word of this post"
IN_TEXT = "written in the post"
BRAND_NAME = "your brand's name (no other tag fits this post; add tags to hashtags.always in brand.yaml)"
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*")
MIN_KEY_WORD = 4
"""Shorter words are mostly grammar ('oggi', 'così') rather than what a post is about."""
MIN_SUPPORT = 1.1
"""A learned tag's posts must be this much closer to the draft than the account's average
post (see _support): 1.0 would keep half of the topical tags on unrelated posts."""
BRAND_WIDE = 0.3
"""A tag on this share of the account's posts is its signature, fit for any post."""


class TagRotation:
    """How often a plan has used each tag so far, so that later posts prefer fresh ones.

    Thread safe: a plan finishes posts on several threads.
    """

    def __init__(self) -> None:
        self._used: Counter[str] = Counter()
        self._lock = threading.Lock()

    def uses(self, tag: str) -> int:
        with self._lock:
            return self._used[tag_key(tag)]

    def add(self, tags: Iterable[str]) -> None:
        with self._lock:
            self._used.update(tag_key(t) for t in tags)


def hashtag_room(brand: BrandProfile, platform: str, text: str = "") -> int:
    """How many hashtags to add: the platform's norm, the brand's max and any hard limit,
    less the tags the text already carries."""
    rules = get_platform(platform)
    cap = min(brand.hashtags.max, rules.hashtags_recommended,
              rules.hashtag_limit if rules.hashtag_limit is not None else 60)
    return max(0, cap - len(tags_in_text(text)))


def tags_for_post(model: HashtagSuggester | None, brand: BrandProfile, text: str, platform: str, *,
                  account: str | None = None, pillar: str | None = None, topic: str = "",
                  rotation: TagRotation | None = None,
                  vocabulary: frozenset[str] | None = None) -> list[Suggestion]:
    """Hashtags to add to ``text`` on ``platform``, best first, each with its reason.

    ``vocabulary`` (see :func:`vocabulary_of`) tells which tags name a thing; without it,
    the profile's words and the model's own word habits tell.
    """
    from .suggester import Suggestion

    room = hashtag_room(brand, platform, text)
    taken = [tag_key(t) for t in tags_in_text(text)]
    banned = {tag_key(t) for t in brand.hashtags.banned}
    chosen: list[Suggestion] = []

    def offer(candidates: Iterable[Suggestion]) -> None:
        for item in candidates:
            key = tag_key(item.tag)
            if len(chosen) >= room:
                return
            if key in banned or any(near_duplicate(key, other) for other in taken):
                continue
            chosen.append(item)
            taken.append(key)

    always = {tag_key(t) for t in brand.hashtags.always}
    # Tags the text carries already are listed too (they are not added twice): a post's
    # list then always shows all of its tags, each with its reason.
    written = [Suggestion(t, float("inf"), FROM_PROFILE if tag_key(t) in always else IN_TEXT)
               for t in tags_in_text(text)]
    offer(Suggestion(display_tag(t), float("inf"), FROM_PROFILE) for t in brand.hashtags.always)
    if model is not None and len(chosen) < room:
        offer(_learned(model, brand, text, account, room, rotation, vocabulary))
    if len(chosen) < room:
        offer(key_word_tags(brand, text, pillar=pillar, topic=topic, k=room * 3, known=vocabulary))
    if not written and not chosen and room > 0:
        # A post with no tag at all still says whose it is: the brand's name is in its profile.
        offer([Suggestion(display_tag(name), 0.0, BRAND_NAME)] if (name := _name_tag(brand)) else [])
    if rotation is not None:
        rotation.add(s.tag for s in chosen)
    return written + chosen


def _name_tag(brand: BrandProfile) -> str | None:
    name = "".join(_WORD.findall(brand.name)).casefold()
    return name if len(name) >= 3 and script_allows("#" + name, brand.language) else None


def _learned(model: HashtagSuggester, brand: BrandProfile, text: str, account: str | None, room: int,
             rotation: TagRotation | None, vocabulary: frozenset[str] | None) -> list[Suggestion]:
    """The model's suggestions that fit this post, those a plan used often moved back."""
    pool = model.suggest(text, account=account, k=room * 4 + 8,
                         exclude=[*brand.hashtags.banned, *brand.hashtags.always], language=brand.language)
    own = stems(words_of(text or ""))
    things = vocabulary if vocabulary is not None else stems(_profile_words(brand))
    mentioned = {s.tag for s in pool if _stem(tag_key(s.tag)) in own}
    support = _support(model, text, account, [s.tag for s in pool if s.tag not in mentioned])
    fitting = [s for s in pool if s.tag in mentioned
               or (not _names_a_thing(model, s.tag, things) and support.get(s.tag, 1.0) >= MIN_SUPPORT)]
    if rotation is None:
        return fitting
    # Scores fall steeply down the list; halving per earlier use lets a tag on every
    # other post stay while one on every post gives way to the next best. A tag the post
    # names itself stays where it is.
    return sorted(fitting, key=lambda s: -s.score * (1.0 if s.tag in mentioned else 0.5 ** rotation.uses(s.tag)))


def _support(model: HashtagSuggester, text: str, account: str | None, tags: list[str]) -> dict[str, float]:
    """For each tag, how close the account's posts that carry it are to ``text``, against
    the account's average post (1.0 = as close); a tag on most of its posts counts as 1.0.

    A tag whose posts are about something else (#cornetto under a post on latte art) is
    the account's habit, not this post's: it falls below 1.
    """
    import numpy as np

    from .scoring import posts_with, rows_dot

    rows = model._account_rows(account, recent_only=True)
    if rows is None or rows.stop <= rows.start or not tags:
        return {}
    features, values = model._vector(text)
    query = np.zeros(model.idf_.shape[0], dtype=np.float32)
    query[features] = values
    sims = rows_dot(model.post_vectors_, rows, query)
    base = float(sims.mean())
    out: dict[str, float] = {}
    for tag in tags:
        index = model._tag_index(tag)
        if index is None:
            continue
        carry = posts_with(model.post_tags_, rows, [index])
        if not carry.any() or carry.mean() >= BRAND_WIDE:
            continue
        out[tag] = float(sims[carry].mean()) / base if base > 0 else 0.0
    return out


def _names_a_thing(model: HashtagSuggester, tag: str, things: frozenset[str]) -> bool:
    """Whether the tag is also a plain word (#cornetto, #moka) of the history or the profile:
    such a tag says what a post is about, so it belongs only on posts about it."""
    key = tag_key(tag)
    if _stem(key) in things:
        return True
    index = model._tag_index(tag)
    return index is not None and float(model.tag_word_rate_[index]) > 0


def vocabulary_of(texts: Iterable[str], brand: BrandProfile | None = None) -> frozenset[str]:
    """The word stems (and joined word pairs) of ``texts`` and the brand's profile: a tag
    among them names a thing the brand writes about."""
    words: set[str] = set() if brand is None else set(_profile_words(brand))
    for text in texts:
        words.update(words_of(str(text)))
    return stems(words)


def stems(words: Iterable[str]) -> frozenset[str]:
    return frozenset(map(_stem, words))


def _stem(word: str) -> str:
    """A crude stem that lets the forms of a word meet: cornetto/cornetti, математика/математику."""
    word = _plain(word.casefold())
    return word[:-2] if len(word) >= 6 else word


def near_duplicate(a: str, b: str) -> bool:
    """Two tag keys that read as one tag: #latteart/#lattearte, #caffè/#caffe, #cornetto/#cornetti."""
    a, b = _plain(a), _plain(b)
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) < MIN_KEY_WORD:
        return False
    if long.startswith(short) and len(long) - len(short) <= 1:
        return True
    return len(short) >= 6 and abs(len(a) - len(b)) <= 1 and SequenceMatcher(None, a, b).ratio() >= 0.875


def _plain(key: str) -> str:
    decomposed = unicodedata.normalize("NFD", key)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def key_word_tags(brand: BrandProfile, text: str, *, pillar: str | None = None, topic: str = "",
                  k: int = 5, known: frozenset[str] | None = None) -> list[Suggestion]:
    """Tags made from the post's own words, in the brand's language, for words with two
    signs of being what the post is about: in its topic, in the brand's profile (or its
    history), in its pillar's name, said again in the post."""
    from .suggester import Suggestion

    grammar = _function_words(brand)
    banned_words = {w.casefold() for w in brand.voice.banned_words}
    words = [w.casefold() for w in _WORD.findall(strip_for_query(text))]
    counts = Counter(words)
    topic_words = {w.casefold() for w in _WORD.findall(topic or "")}
    profile = _profile_words(brand)
    if known is not None:  # the stems of vocabulary_of: the history's words count as the profile's
        profile = profile | {w for w in set(words) if _stem(w) in known}
    pillar_words = {w.casefold() for w in _WORD.findall(pillar or "")}
    scored: list[tuple[float, int, str, str]] = []
    for position, word in enumerate(dict.fromkeys(words)):
        if len(word) < MIN_KEY_WORD or word in grammar or word in banned_words:
            continue
        if not script_allows("#" + word, brand.language):
            continue
        # Two signals at least: a topic word the profile never uses is as often a verb
        # ('vuole', 'looked') as a thing; one the post repeats or the pillar names is a thing.
        weight = (1.0 * (word in topic_words) + 1.0 * (word in profile) + 1.0 * (word in pillar_words)
                  + 1.0 * min(counts[word] - 1, 2))
        if weight < 2.0:
            continue
        reason = f"a key word of this post and of the pillar '{pillar}'" if word in pillar_words else KEY_WORD
        scored.append((weight, position, word, reason))
    scored.sort(key=lambda item: (-item[0], item[1]))
    forms = _profile_forms(brand)
    out: list[Suggestion] = []
    for weight, _, word, reason in scored:
        tag = display_tag(forms.get(_stem(word), word))
        if all(not near_duplicate(tag_key(tag), tag_key(s.tag)) for s in out):
            out.append(Suggestion(tag, round(weight, 2), reason))
    return out[:k]


def _profile_forms(brand: BrandProfile) -> dict[str, str]:
    """The form the brand writes a word in, by stem: its own hashtags first (#математика for
    'математике'), else the form its profile uses most."""
    counts = Counter(w.casefold() for part in _profile_texts(brand) for w in _WORD.findall(part))
    forms = {}
    for word, _ in counts.most_common():
        forms.setdefault(_stem(word), word)
    for post in brand.voice.example_posts:
        for tag in tags_in_text(post.text):
            forms[_stem(tag_key(tag))] = tag_key(tag)
    return forms


def _function_words(brand: BrandProfile) -> frozenset[str]:
    words = _grammar_words()
    return frozenset().union(*(words.get(lang, frozenset()) for lang in brand.languages))


@lru_cache(maxsize=1)
def _grammar_words() -> dict[str, frozenset[str]]:
    # The list language detection weighs: the words no post is about.
    raw = json.loads(resources.files("contentkit").joinpath("data/function_words.json").read_text("utf-8"))
    return {lang: frozenset(words) for lang, words in raw.items()}


def _profile_words(brand: BrandProfile) -> set[str]:
    """Words the brand uses to describe itself: a post's word found here is on-topic."""
    return {w.casefold() for part in _profile_texts(brand) for w in _WORD.findall(part)}


def _profile_texts(brand: BrandProfile) -> list[str]:
    return [brand.name, brand.description or "", *(p.name for p in brand.pillars),
            *(p.description or "" for p in brand.pillars), *(e.text for e in brand.voice.example_posts)]
