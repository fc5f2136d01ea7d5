"""The brand's own approved words a draft may stand on: past posts about the same subject.

A small model asked to "write a post about the oven at six" with nothing but the profile
invents the rest ("uno scirocco di maiale"); shown two of the brand's own past posts on the
subject it reuses their facts (butter from the Alps, three days of leavening) and writes
real sentences. What it is shown is cleaned first: no hashtags, links or mentions, and no
sentence with a number the profile does not state, because an old post's date or price
("sabato 14", "4,50 €") is not true any more.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .brand import BrandProfile
from .seasons import marks_in_season, season_marks

_WORD = re.compile(r"[^\W\d_]{4,}")
_NOISE = re.compile(r"(?:https?://|www\.)\S+|(?<![\w])[#@][\w.]+")
_INLINE_TAG = re.compile(r"(?<![\w])#\w+\b[^#\n]*?[^\W\d_]")
"""A hashtag with words after it in its sentence: a word of the sentence, not a tag at its end."""
_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")
STEM = 5
"""Letters of a word compared: 'tostiamo' and 'tostatura' meet at 'tosta', across the
inflections of Italian and Russian that an exact match would miss."""
PUZZLE_WORDS = 6
"""A question shorter than this asks about the sentence before it ("Сколько всего клубков?")."""
MAX_CHARS = 280
"""A past post shown to the model is cut to this: every request reads it, on a CPU."""


def _function_words() -> frozenset[str]:
    from .language import _function_words as by_language

    return frozenset().union(*by_language().values())


def stems(text: str) -> frozenset[str]:
    """Content-word stems of ``text`` ("alle", "come", "что" are not content)."""
    common = _function_words()
    return frozenset(w.lower()[:STEM] for w in _WORD.findall(text) if w.lower() not in common)


_NUMBERED = re.compile(r"([^\W\d_]+)?\W{0,2}(\d+(?:[.,:]\d+)*)")


def profile_numbers(brand: BrandProfile) -> frozenset[str]:
    """Numbers the profile states, each with the word before it ("borsieri 21"): "via
    Borsieri 21" is still true, "sabato 21" was true once."""
    parts = [brand.description or "", *(c.text for c in brand.calls_to_action),
             *(p.description or "" for p in brand.pillars)]
    return frozenset(_numbers(" ".join(parts)))


def _numbers(text: str) -> list[str]:
    return [f"{(m.group(1) or '').lower()} {m.group(2)}" for m in _NUMBERED.finditer(text)]


# What makes a number true on one day only: a date ("sabato 28", "14 febbraio", "до 15
# декабря"), a time ("alle 18:30"), a price ("4,50 €", "£12"), a year ("nel 2023"), a
# promotion's percentage ("sconto del 20%"). A count or a measure ("a 40-person studio",
# "from 52 to 34 days", "в 3 раза", "250 g", "70% времени") stays true and is the brand's to tell.
_DAY_WORDS = re.compile(
    r"^(?:luned|marted|mercoled|gioved|venerd|sabat|domenic|gennai|febbrai|marzo|aprile|maggio|giugno|luglio|"
    r"agosto|settembr|ottobr|novembr|dicembr|alle|ore|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|"
    r"august|september|october|november|december|am$|pm$|"
    r"понедельн|вторник|сред[ауы]$|четверг|пятниц|суббот|воскресен|январ|феврал|март|апрел|ма[йя]$|июн|июл|"
    r"август|сентябр|октябр|ноябр|декабр)", re.IGNORECASE)
_MONEY = re.compile(r"[€$£₽]|(?:eur|euro|usd|gbp|руб|р\b|dollars?|pounds?)", re.IGNORECASE)
PROMO = re.compile(r"scont|discount|\boff\b|offert|promo|скидк|акци", re.IGNORECASE)
_NUMBER_AT = re.compile(r"(\w*)\W{0,2}?(\d+(?:[.,:]\d+)*)(\s?%)?[^\w\n]{0,2}(\w*)")


def stale_number(text: str, numbers: frozenset[str]) -> bool:
    """Whether ``text`` holds a number the profile does not state that was true on one day
    only: a date, a time, a price, a year or a promotion's percentage (see above)."""
    if not any(n not in numbers for n in _numbers(text)):
        return False
    for m in _NUMBER_AT.finditer(text):
        before, number, percent, after = m.group(1), m.group(2), m.group(3), m.group(4)
        if f"{before.lower()} {number}" in numbers:
            continue
        window = text[max(0, m.start(2) - 2):m.end(2) + 5]
        if (":" in number or _MONEY.search(window) or _DAY_WORDS.match(before) or _DAY_WORDS.match(after)
                or (len(number) == 4 and number[:2] in ("19", "20")) or (percent and PROMO.search(text))):
            return True
    return False


def opens_with(text: str, topic: str) -> bool:
    """Whether ``text`` opens with ``topic`` as its whole first sentence (case, punctuation
    and emoji aside): the topic is that past post's title, and what follows it is what the
    brand wrote on it. A title cleaned of its line break runs into the next sentence, which
    then starts with a capital ("Torna il corso di moka Alla fine…")."""
    words = re.findall(r"\w+", topic)
    if len(words) < 2:
        return False
    found = re.match(r"\W*" + r"\W+".join(map(re.escape, words)), text, re.IGNORECASE)
    rest = text[found.end():].lstrip() if found else "-"
    return found is not None and (not rest or not rest[0].isalnum() or rest[0].isupper())


def clean_post(text: str, numbers: frozenset[str]) -> str:
    """``text`` without hashtags, links, mentions and sentences with a date, a time, a price
    or another number true on one day only that the profile does not state in the same
    words (:func:`stale_number`)."""
    kept: list[str] = []
    parts = _SENTENCE.split(text)
    for i, sentence in enumerate(parts):
        if _INLINE_TAG.search(sentence):
            continue  # "La #latteart non cambia il gusto" is "La non cambia il gusto" without its tag
        sentence = " ".join(_NOISE.sub("", sentence).split()).strip()
        if len(sentence) < 3 or not any(ch.isalpha() for ch in sentence):
            continue
        if stale_number(sentence, numbers) and not is_puzzle(sentence, parts[i + 1:i + 2]):
            continue
        kept.append(sentence)
    out = " ".join(kept)
    if len(out) > MAX_CHARS:  # cut at the last sentence that fits
        cut = out[:MAX_CHARS]
        end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
        out = cut[:end + 1] if end > 0 else cut.rsplit(" ", 1)[0]
    return out.strip()


def is_puzzle(sentence: str, after: Sequence[str] = ()) -> bool:
    """Whether ``sentence`` asks, or sets up the short question ``after`` it ("Отец старше
    сына на 24 года… Сколько лет сыну?"): its numbers are a riddle's, not a claim that was
    true once, like "Sabato 28" or "4,50 €"."""
    question = bool(after) and after[0].rstrip().endswith("?") and len(after[0].split()) < PUZZLE_WORDS
    return sentence.rstrip().endswith("?") or (question and sentence.rstrip()[-1:] in ".!")


def _filler(texts: Iterable[str]) -> frozenset[str]:
    """Sentences the brand puts under many titles ("Учимся онлайн, из любого города…" under
    twelve, "Il wifi c'è, la password la chiedi al bancone" under thirteen): under any one
    title they are no part of its subject, and a post of them ignores its topic."""
    under: dict[str, set[str]] = {}
    count = 0
    for text in texts:
        count += 1
        first, *rest = _SENTENCE.split(text)
        for sentence in rest:
            under.setdefault(sentence, set()).add(first)
    many = max(8, round(0.05 * count))
    return frozenset(sentence for sentence, titles in under.items() if len(titles) >= many)


@dataclass(frozen=True)
class Source:
    """One past post a draft may stand on: its cleaned text and how well it did (ER against
    the account's median; 1.0 when unknown)."""

    text: str
    lift: float = 1.0
    platform: str | None = None


class Material:
    """Past posts and example posts of one brand, ready to be matched to a topic."""

    def __init__(self, brand: BrandProfile, posts: Iterable[Source] = ()) -> None:
        numbers = profile_numbers(brand)
        self._language = brand.language
        sources = [Source(e.text, 1.0, e.platform) for e in brand.voice.example_posts] + list(posts)
        self._items: list[tuple[str, frozenset[str], float, str | None]] = []
        self._seasons: dict[str, tuple[tuple[int, ...], ...]] = {}
        self._tags: dict[str, frozenset[str]] = {}
        seen: set[str] = set()
        for source in sources:
            text = clean_post(source.text, numbers)
            if len(text.split()) < 6 or text in seen:
                continue
            seen.add(text)
            self._items.append((text, stems(text), source.lift, source.platform))
            self._seasons[text] = season_marks(text, self._language)
            self._tags[text] = stems(" ".join(re.findall(r"#(\w+)", source.text)))
        self._filler = _filler(text for text, *_ in self._items)
        df = Counter(stem for item in self._items for stem in item[1])
        # A stem in every post ("caffè" for a café) tells posts apart less than a rare one.
        self._weight = {stem: math.log((1 + len(self._items)) / (1 + n)) + 0.1 for stem, n in df.items()}

    def __len__(self) -> int:
        return len(self._items)

    def statements(self, day: date | None = None) -> list[str]:
        """Every post's text after its title, less the lines the brand puts under many titles,
        best-performing first, none out of season on ``day``. A title is a topic already, and
        as a post of its own it is a teaser ("Простой приём, который работает.")."""
        ranked = sorted(((lift, -i, text) for i, (text, _, lift, _) in enumerate(self._items)
                         if marks_in_season(self._seasons[text], day)), reverse=True)
        bodies = (_SENTENCE.split(self._without_filler(text))[1:] for _, _, text in ranked)
        return [" ".join(body) for body in bodies if body]

    def words_around(self, theme: str) -> frozenset[str]:
        """The words of the past posts that open with ``theme`` or hold it, their hashtags
        with them: "Как из шести спичек…?" is under "Задачка выходного дня 🧩 … #логика",
        which tells the pillar it belongs to better than its own words do."""
        holding = [text for text, *_ in self._items if opens_with(text, theme) or theme in text]
        return frozenset().union(*(self._tags[t] | stems(_SENTENCE.split(t)[0]) for t in holding[:3]))

    def _without_filler(self, text: str) -> str:
        first, *rest = _SENTENCE.split(text)
        return " ".join([first, *(s for s in rest if s not in self._filler)])

    def for_topic(self, topic: str, *, pillar_text: str = "", platform: str | None = None,
                  k: int = 2, avoid: Sequence[str] = (), day: date | None = None) -> tuple[str, ...]:
        """The ``k`` posts closest to ``topic`` (its words count three times the pillar's),
        better-performing and same-platform posts first among equals; none that share no
        word with the topic or pillar, since an unrelated post only misleads, and none out
        of season on ``day`` (a Ferragosto post in December: see contentkit.seasons).
        A topic that is a past post's title ("Дроби пугают") gets that post (and any other of
        that title) alone: its sentences are what the manager wrote on it ("Разберите одну
        задачу вслух…"), while the next closest post shares a word and not the subject
        ("Открываем набор в подготовку к ОГЭ" under "Открываем набор в курс Python")."""
        sentence = topic.rstrip()[-1:] in ".!?…" and len(topic.split()) >= 5  # a post's own statement or riddle
        own = sorted(((lift, -i, text) for i, (text, _, lift, _) in enumerate(self._items)
                      if (opens_with(text, topic) or (sentence and topic in text))
                      and marks_in_season(self._seasons[text], day)), reverse=True)
        if own:
            return tuple(self._without_filler(text) for _, _, text in own[:k])
        wanted, around = stems(topic), stems(pillar_text) - stems(topic)
        weight = self._weight.get
        scored = []
        for i, (text, words, lift, where) in enumerate(self._items):
            if text in avoid or not marks_in_season(self._seasons[text], day):
                continue
            overlap = 3 * sum(weight(w, 0.0) for w in wanted & words) + sum(weight(w, 0.0) for w in around & words)
            if overlap <= 0:
                continue
            bonus = 0.3 * min(lift, 3.0) + (0.3 if platform and where == platform else 0.0)
            scored.append((overlap + bonus, -i, text))
        scored.sort(reverse=True)
        return tuple(text for _, _, text in scored[:k])
