"""Topics for a plan's slots: the user's own, or ideated by the LLM per pillar, with
near-duplicates rejected so two weeks of posts do not say the same thing twice."""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from functools import lru_cache
from math import sqrt
from typing import TYPE_CHECKING

from ..brand import BrandProfile, Pillar
from ..material import stems
from ..writing.facts import echoes

if TYPE_CHECKING:
    from ..writing.facts import Told

SIMILAR = 0.55
"""Char-trigram cosine above which two topics count as the same idea."""

_BULLET = re.compile(r"^\s*(?:[-*•·–—]+|\d{1,2}[.)]|#+)\s*")
_QUOTES = "\"'«»“”„‘’`"
_DOUBLE_QUOTES = re.compile(r"[\"«»“”„`]")  # apostrophes stay: they belong to words (dall'Etiopia)


@lru_cache(maxsize=4096)  # each new idea is compared with every accepted one, round after round
def _trigrams(text: str) -> tuple[dict[str, int], float]:
    """(trigram counts, their Euclidean norm); read-only, shared by the cache."""
    words = " ".join(re.findall(r"\w+", text.lower()))
    padded = f"  {words}  "
    counts = Counter(padded[i:i + 3] for i in range(len(padded) - 2))
    return counts, sqrt(sum(v * v for v in counts.values()))


def similarity(a: str, b: str) -> float:
    """Cosine similarity of character trigrams: robust to word order, endings and scripts."""
    (ta, na), (tb, nb) = _trigrams(a), _trigrams(b)
    if len(tb) < len(ta):
        ta, tb = tb, ta
    dot = sum(count * tb.get(gram, 0) for gram, count in ta.items())
    return dot / (na * nb) if na and nb else 0.0


def is_near_duplicate(topic: str, others: Sequence[str], threshold: float = SIMILAR) -> bool:
    return any(similarity(topic, other) >= threshold for other in others)


def _said(sentence: str) -> str:
    return " ".join(re.findall(r"\w+", sentence.lower()))


class Taken:
    """The topics a plan has accepted, shared by all its sources of topics (ideas lists,
    drafts that chose their own): a topic is claimed only when it is not a near-duplicate
    of one already taken, nor (with ``facts_of``: the facts a post on a topic would tell)
    one whose every fact a topic taken before tells: "Dolci di stagione" and "Le stagioni"
    would be one sentence twice, nor a title that says in other words a line taken before
    ("Bank reconciliation shouldn't need a spreadsheet named FINAL_v7.xlsx" after "Month-end
    close shouldn't need a spreadsheet named FINAL_v7_really_final.xlsx."). With ``told``
    (what the plan's drafts tell) and ``statement`` (whether a topic is one of the brand's
    sentences, posted whole), such a topic is told the moment it is taken, and not taken once
    a draft told it. Safe to use from several threads."""

    def __init__(self, topics: Iterable[str] = (),
                 facts_of: Callable[[str], frozenset[str]] | None = None,
                 told: Told | None = None, statement: Callable[[str], bool] | None = None) -> None:
        self._topics: list[str] = []
        self._facts_of = facts_of
        self._plan_told, self._statement = told, statement
        self._told: set[str] = set()
        self._lines: list[frozenset[str]] = []  # the words of every line told, for echoes
        self._lock = threading.Lock()
        for topic in topics:
            self.add(topic)

    def claim(self, topic: str) -> bool:
        with self._lock:
            facts = self._facts(topic)
            # A topic whose title a taken topic tells says that sentence twice as well.
            if is_near_duplicate(topic, self._topics) or (facts and facts <= self._told) or (
                    facts and (_said(topic) in self._told or echoes(topic, self._lines))):
                return False
            if not self._tell(topic):
                return False
            self._topics.append(topic)
            # A title said is told too: "Cash-flow forecasting" made of "A cash-flow forecast is
            # a habit, not a spreadsheet." repeats the post of that title.
            self._told |= facts | {_said(topic)}
            self._lines += [stems(line) for line in (*self._facts_of(topic), topic)] if self._facts_of else []
            return True

    def _tell(self, topic: str, *, anyway: bool = False) -> bool:
        """Tell a statement now: a post drafted beside it must not tell it under a title. False
        when a draft told it already (the riddle a question post asked)."""
        if self._plan_told is None or self._statement is None or not self._statement(topic):
            return True
        with self._plan_told.held():  # read and reserve in one step, as the drafts do
            if self._plan_told.times(topic) and not anyway:
                return False
            self._plan_told.add([topic])
        return True

    def _facts(self, topic: str) -> frozenset[str]:
        return frozenset(map(_said, self._facts_of(topic))) if self._facts_of else frozenset()

    def add(self, topic: str) -> None:
        """Take a topic whatever it resembles (the user's own, or a rerun's)."""
        with self._lock:
            self._tell(topic, anyway=True)
            self._topics.append(topic)
            self._told |= self._facts(topic) | {_said(topic)}
            self._lines += [stems(line) for line in (*self._facts_of(topic), topic)] if self._facts_of else []

    def list(self) -> list[str]:
        with self._lock:
            return list(self._topics)


_LABEL = re.compile(r"^(?:post\s+)?(?:topic|idea|tema|argomento|idea del post|sujet|thème|thema|тема|идея)"
                    r"\s*\d*\s*[:\-–]\s*", re.IGNORECASE)
# Lines a small model writes around a list rather than in it: "Here are three ideas", "Produced by".
_META = re.compile(r"^(?:here (?:are|is)|sure|certainly|ecco|вот)\b|\b(?:by|di|da|от)$|[#@]|https?://",
                   re.IGNORECASE)


def parse_topic_lines(reply: str) -> list[str]:
    """Topics from a model's reply: one per line, bullets, numbers, labels and quotes removed,
    lines that talk about the list instead of being in it dropped."""
    topics = []
    for line in reply.splitlines():
        line = _DOUBLE_QUOTES.sub("", _BULLET.sub("", line)).strip().strip(_QUOTES).strip()
        line = _LABEL.sub("", re.sub(r"\s+", " ", line)).rstrip(":;,")
        if 3 <= len(line) <= 160 and len(line.split()) >= 2 and not _META.search(line):
            topics.append(line)
    return topics


def in_language(topic: str, language: str) -> bool:
    """Whether a topic is in ``language`` (or too short to tell). Told apart from the
    languages a model most often slips into, not from every language there is."""
    from ..language import detect_language

    candidates = sorted({language, "en", "it", "es", "fr", "de", "pt", "ru"})
    return detect_language(topic, candidates) in (language, "und")


def split_own_topic(reply: str) -> tuple[str | None, str]:
    """(topic, post) from a reply that chose its own topic on a first line labelled
    "Topic:" (or Tema, Тема, with or without markdown); without such a line, (None, reply)."""
    text = reply.strip()
    first, _, rest = text.partition("\n")
    label = _BULLET.sub("", re.sub(r"[*_]", "", first)).strip()
    if _LABEL.match(label):
        named = parse_topic_lines(label)
        if named:
            return named[0], rest.strip()
    return None, text


_PHRASES = re.compile(r"\s*[,;:.!?]\s+|\s*[;:.!?]?\s*$")


_DANGLING = {"том", "то", "of", "the", "and", "to", "e", "di", "per", "и", "для"}


def pillar_subjects(pillar: Pillar) -> list[str]:
    """The subjects a pillar's description lists ("il forno alle sei", "dolci di stagione"),
    each a post's topic in the manager's own words; single words ("origini") are too vague."""
    parts: list[str] = []
    for part in _PHRASES.split(pillar.description or ""):
        part = part.strip(" -–—()\"'«»")
        # "о том, как проходят уроки", "one feature per post, with the problem it solves": a
        # part that ends on a word that needs more, or opens with a preposition, belongs to its neighbour.
        if parts and (parts[-1].split()[-1].lower() in _DANGLING or part.split()[:1] in (["with"], ["con"], ["с"], ["со"])):
            parts[-1] = f"{parts[-1]}, {part}"
        elif part:
            parts.append(part)
    return [p[0].upper() + p[1:] for p in parts if len(p.split()) >= 2 and len(p) <= 80]


def fallback_topics(brand: BrandProfile, pillar: Pillar, extra: Sequence[str] = (),
                    grounded: Callable[[str], bool] | None = None,
                    around: Callable[[str], frozenset[str]] | None = None, own: bool = False,
                    among: Collection[str] | None = None) -> list[str]:
    """Topics from the profile when the model gives none (or too few): the subjects the
    pillar's description lists, then ``extra`` (the brand's best past posts), then the
    audience's problems as the profile states them. With ``grounded`` (whether the brand's
    facts speak of a topic), the subjects and past posts it knows come first, the others
    after them: a post on "Glossario in una frase" with no fact to tell is the model's
    guesswork, and one on a past post's sign-off ("Salva questo post") has nothing to say.
    ``around``: the words of the past posts a theme of ``extra`` comes from, hashtags
    included, which place it in its pillar (the nearest of the pillars ``among``, all by
    default); ``own``: only the known subjects and the themes placed in this pillar."""
    problems = [problem for persona in brand.personas for problem in persona.problems]
    subjects = pillar_subjects(pillar)
    if grounded is None:
        return [*subjects, *extra, *problems] or [pillar.name]
    known = [s for s in subjects if grounded(s)]
    # Past posts nearest the pillar first: the history's titles serve every pillar, and a
    # course's opening under "games and puzzles" is a post in the wrong column of the plan.
    columns = {p.name: stems(f"{p.name} {p.description or ''}") for p in brand.pillars
               if among is None or p.name in among or p.name == pillar.name}
    near = columns.get(pillar.name) or stems(f"{pillar.name} {pillar.description or ''}")

    def place(theme: str) -> tuple[bool, int, bool]:
        words = stems(theme) | (around(theme) if around is not None else frozenset())
        closeness = len(words & near)
        nearest = closeness > 0 and closeness >= max((len(words & c) for c in columns.values()), default=0)
        # The closest first; among equals a statement or a riddle (a sentence with its stop:
        # see PlanHistory.themes) after the titles.
        return not nearest, -closeness, theme.rstrip()[-1:] in ".!?…"

    placed = sorted(((place(e), e) for e in extra if grounded(e)), key=lambda pair: pair[0])
    told = [e for _, e in placed]
    if own:
        return [*known, *(e for (elsewhere, *_), e in placed if not elsewhere)]
    return [*known, *told, *(s for s in subjects if s not in known), *(e for e in extra if e not in told),
            *problems] or [pillar.name]


Request = tuple[Pillar, int, list[str]]
Ideator = Callable[[list[Request]], Iterable[tuple[int, Iterable[str]]]]
"""[(pillar, how many, topics to avoid), ...] -> (request index, raw ideas) for every request,
yielded as each reply arrives so that its topics can be drafted before the others are in."""


Chosen = Callable[[list[tuple[int, str]]], None]
"""on_chosen([(index into pillars, topic), ...]): topics settled so far, called as they come."""


def choose_topics(brand: BrandProfile, pillars: Sequence[str], ideate: Ideator, *,
                  given: Sequence[str] | None = None, avoid: Sequence[str] | Taken = (),
                  rounds: int = 3, on_chosen: Chosen | None = None,
                  more: Callable[[], Sequence[str]] | None = None,
                  grounded: Callable[[str], bool] | None = None,
                  around: Callable[[str], frozenset[str]] | None = None) -> list[str]:
    """One topic per entry of ``pillars`` (a pillar name per slot), unique in meaning.

    ``given`` topics are used first, in order; then ideas from ``ideate`` (all pillars in
    one round, each pillar's settled as its reply arrives), asked again with the accepted
    ones to avoid when near-duplicates were thrown out; then the profile's own fallbacks,
    then those ``more`` gives (called only when needed). ``avoid``: topics already taken, or
    the plan's shared :class:`Taken`, which then also learns the topics chosen here.
    ``grounded``, ``around``: see :func:`fallback_topics`.
    ``on_chosen`` hears of each topic as soon as it is settled (given ones together), so a
    plan can start drafting it while the rest are read or asked for.
    """
    taken = avoid if isinstance(avoid, Taken) else Taken(avoid)
    chosen: dict[int, str] = {}

    def settle(pairs: list[tuple[int, str]]) -> None:
        chosen.update(pairs)
        if pairs and on_chosen is not None:
            on_chosen(pairs)

    settle(list(zip(range(len(pillars)), given or ())))
    for topic in chosen.values():
        taken.add(topic)
    open_slots: dict[str, list[int]] = {}
    for index, name in enumerate(pillars):
        if index not in chosen:
            open_slots.setdefault(name, []).append(index)
    for _ in range(rounds):
        wanted = {name: [i for i in idx if i not in chosen] for name, idx in open_slots.items()}
        wanted = {name: idx for name, idx in wanted.items() if idx}
        if not wanted:
            break
        requests = [(brand.pillar(name), _with_spares(len(idx)), taken.list()) for name, idx in wanted.items()]
        waiting = list(wanted.values())
        for request, ideas in ideate(requests):
            indexes = waiting[request]
            for idea in ideas:  # may be lazy: ideas past the last one needed are never checked
                if not indexes:
                    break
                if taken.claim(idea):
                    settle([(indexes.pop(0), idea)])  # its draft can start before the next is read
    extra: list[str] | None = None
    # Each column first takes what belongs in it, then the nearest column that still has room
    # takes what is left, and only then any column anything: a pillar short of its own themes
    # otherwise takes the riddles of "games and puzzles" before that pillar's turn comes, and
    # the puzzles column is left with topics nothing tells.
    def left(indexes: list[int]) -> list[int]:
        return [i for i in indexes if i not in chosen]

    placing = grounded is not None
    while True:
        room = [name for name, indexes in open_slots.items() if left(indexes)]
        if not room:
            break
        if extra is None:
            extra = list(more()) if more is not None else []
        before = len(chosen)
        for name in room:
            candidates = fallback_topics(brand, brand.pillar(name), extra, grounded, around,
                                         own=placing, among=room)
            settle(list(zip(left(open_slots[name]), _fill(candidates, len(left(open_slots[name])), taken,
                                                          reuse=not placing))))
        if not placing:
            break
        placing = len(chosen) > before  # until no column finds a theme of its own
    return [chosen.get(i, pillars[i]) for i in range(len(pillars))]


def _with_spares(needed: int) -> int:
    """Ideas to ask for: half again as many as needed (at least two more). Pillars are asked
    in parallel and cannot see each other's ideas, so some collide; a spare costs a dozen
    tokens, while another round costs a round trip and holds back those slots' drafts."""
    return needed + max(2, (needed + 1) // 2)


def _fill(candidates: list[str], count: int, taken: Taken, reuse: bool = True) -> list[str]:
    out: list[str] = []
    for topic in candidates:
        if len(out) >= count:
            break
        if taken.claim(topic):
            out.append(topic)
    # The profile may hold fewer distinct ideas than slots: reuse them rather than leave a gap.
    while reuse and candidates and len(out) < count:
        out.append(candidates[len(out) % len(candidates)])
    return out
