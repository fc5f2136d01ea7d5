"""A brand's fact sheet: short true statements a post may stand on, and the few that match a
post's topic.

Whole past posts as grounding pull a small model into copying their shape and their old
dates; single sentences, each true today, give it something concrete to say about the topic
and nothing else to imitate. The sheet comes from what the brand wrote for its feed: the
profile's description, its example posts and its history, each cleaned of numbers the profile
does not state (an old "sabato 14" is no longer true). The canned answers to comments are
left out: given to the model, support hours and prices landed in posts about anything else.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence

from ..material import PUZZLE_WORDS, clean_post, opens_with, profile_numbers, stale_number, stems
from ..brand import BrandProfile

# A sentence ends at its stop, or at an emoji before a capital ("…a casa 📣 Alla fine…"), its
# variation selector with it ("🌤️").
_SPLIT = re.compile(r"(?<=[.!?…])\s+|(?<=[\u2600-\u27bf\U0001f300-\U0001faff\ufe0f])\s+(?=[A-ZА-ЯЁ])|\n+|\s*;\s+")
_MIN_WORDS, _MAX_CHARS, _HEADING_WORDS = 5, 200, 9


def sentences(text: str) -> list[str]:
    out: list[str] = []
    last = ""  # the part before, when it was kept
    for part in _SPLIT.split(text):
        part = " ".join(part.split()).strip(" -–—•")
        if (last and part.endswith("?") and len(part.split()) < PUZZLE_WORDS and last[-1:] in ".!"
                and not _SIGN_OFF.search(last)):
            # A short question asks about the sentence before it ("… 2 клубка. Сколько всего
            # клубков?"): one sentence with it, as the riddle it is, and no statement alone.
            out[-1] = last = f"{last} {part}"
            continue
        last = ""
        # A short line without a stop is a post's title ("A checklist for a calmer month-end"):
        # among the sentences of another post it reads as a stray heading.
        # So is a short "label: subject" line ("Мини-урок английского: слова про погоду.").
        heading = part and (
            (part[-1] not in ".!?…" and len(part.split()) < _HEADING_WORDS)
            or (":" in part and part[-1] != "?" and len(part.split()) <= _HEADING_WORDS))
        # A sentence that opens in lower case lost its head to cleaning ("a monthly forecast is
        # out of date by day ten", after "Why 13 weeks:").
        cut = next((c for c in part if c.isalnum()), "").islower()
        if (not heading and not cut and len(part.split()) >= _MIN_WORDS and len(part) <= _MAX_CHARS
                and any(c.isalpha() for c in part)):
            out.append(part if part[-1] in ".!?…" or ord(part[-1]) > 0x2100 else f"{part}.")
            last = out[-1]
    return out


class Told:
    """The facts the posts of one plan have told: the next post is offered the others first,
    so that two posts of a plan do not say the same sentence ("Группы до 6 человек…" in three
    posts of one fortnight). Safe to share between threads."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._lock = threading.RLock()

    def held(self) -> threading.RLock:
        """The lock, for a caller that reads what is told and reserves in one step."""
        return self._lock

    def times(self, fact: str) -> int:
        with self._lock:
            return self._counts[fact]

    def echoes(self, fact: str) -> bool:
        """Whether ``fact`` says what a told line says in other words ("Month-end close
        shouldn't need a spreadsheet named FINAL_v7…" after the title "Bank reconciliation
        shouldn't need a spreadsheet named FINAL_v7.xlsx")."""
        with self._lock:
            said = [f for f, n in self._counts.items() if n > 0 and f != fact]
        return echoes(fact, map(stems, said))

    def add(self, facts: Iterable[str]) -> None:
        with self._lock:
            self._counts.update(facts)

    def reserve(self, facts: Sequence[str]) -> tuple[str, ...]:
        """Count ``facts`` (those offered to a post) as told before the post is written: the
        posts of a plan are asked side by side, and each would be offered the same untold
        facts (three posts of a plan said "Дома теперь спорят…"). Returns what to pass to
        :meth:`settle`."""
        self.add(facts)
        return tuple(facts)

    def settle(self, reserved: Iterable[str], told: Iterable[str]) -> None:
        """The post is written: its facts count as told, the reservation no longer."""
        with self._lock:
            self._counts.subtract(f for f in reserved if self._counts[f] > 0)
            self._counts.update(told)


def echoes(line: str, said: Iterable[frozenset[str]]) -> bool:
    """Whether ``line`` says what one of the lines ``said`` (their stems) says, in other words:
    most words of the longer of the two are in both. Of the longer: a short title's words in
    a long fact are its subject, not the same line again."""
    words = stems(line)
    return bool(words) and any(other and len(words & other) >= 0.6 * max(len(words), len(other)) for other in said)


def fact_sheet(brand: BrandProfile, material: Iterable[str] = (), *, profile: bool = True) -> list[str]:
    """Every true statement the brand gave, profile first (``profile=False``: without the
    profile's description), without repeats."""
    numbers = profile_numbers(brand)
    texts = [brand.description or ""] if profile else []
    texts += [clean_post(p.text, numbers) for p in brand.voice.example_posts]
    texts += list(material)
    seen: dict[str, None] = {}
    for text in texts:
        for sentence in sentences(text):
            seen.setdefault(sentence, None)
    return list(seen)


# A past post's sign-off asks for something; it states nothing ("Rispondi qui sotto, leggiamo
# tutto", "Ссылка на пробный урок — в шапке профиля", "Save this for later").
_SIGN_OFF = re.compile(r"comment|qui sotto|salva|condividi|tagga|\bin bio\b|nella bio|save this|share this|"
                       # a contest's or a vote's line points at a question of its own post
                       r"best answer|subscribe|il più votat|iscriviti|help article|reply here|"
                       r"in the description|nella descrizione|в описании|"
                       r"коммент|сохраните|перешлите|поделитесь|в шапке|ссылк|подпиши", re.IGNORECASE)

# A line that answers the readers of its post (thanks for their photos, a promise to reply)
# ends that post, as a sign-off does: it is no fact, and alone it thanks or answers nobody
# ("Grazie a chi ci ha mandato le foto…", "Rispondiamo a tutti, promesso…").
_REPLY = re.compile(r"^\W*(?:grazie|thank|thanks|спасибо|благодар)|"
                    r"\b(?:rispondiamo|we reply|we answer|we read every|ответим|отвечаем)\b", re.IGNORECASE)

# A sentence tied to the day it was posted is not true on another ("l'evento di ieri", "уже на
# этой неделе", "ultimi posti"): the post would announce what is over.
_DATED = re.compile(r"\b(?:ieri|oggi|domani|stasera|stamattina|questa settimana|questo weekend|ultimi posti|"
                    r"yesterday|today|tomorrow|tonight|this week|this weekend|last chance|"
                    r"fino a fine mese|until the end of the month|join us live|in diretta|в прямом эфире|"
                    # "from Thursday": a start that was news that week ("In bancone da giovedì…")
                    r"da (?:lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica)|"
                    r"from (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
                    r"с (?:понедельника|вторника|среды|четверга|пятницы|субботы|воскресенья)|"
                    r"вчера|сегодня|завтра|на этой неделе|в эти выходные|последние места|до конца месяца)\b",
                    re.IGNORECASE)

# A sentence that points at the rest of its post: alone it promises what it does not hold
# ("Бабушки и дедушки, этот пост для вас!", "Три простых игры, в которые можно играть…").
_POINTS = re.compile(r"\b(?:this post|questo post|этот пост|в этом посте|here are|here is|here's|ecco|in this video|"
                     r"in questo video|в этом видео|walkthrough|surprised us|reply here|inoltra|ci hai letto|"
                     r"перешлите)\b|"
                     r"^\W*(?-i:[a-zа-яё])|"  # a sentence cut from its head
                     r"^\W*(?:\d+|two|three|four|five|due|tre|quattro|cinque|два|две|три|четыре|пять)\s",
                     re.IGNORECASE)

COVER = 0.4
"""The least share of the topic's words (by rarity) a fact must hold to be on the topic."""
TOLD_COVER = 0.6
"""The share a fact must hold for a plan to choose the topic for it: "Отзывы родителей" is
not told by "Письмо от родителей: …" (half of it), "Il forno alle sei" is by "le sei del
mattino, con il forno che scalda" (all of it)."""

# Verbs common enough to say nothing of a subject: "Da dove viene il caffè" matched "Con il
# latte d'avena viene un po' più difficile" on "viene" alone.
_EMPTY_VERBS = stems("viene vengono venire facciamo fanno fatto abbiamo hanno siamo avete potete possiamo vuole "
                     "comes goes makes made have having doing does есть делать делаем может можно будет бывает")


def facts_for(brand: BrandProfile, topic: str, *, pillar_text: str = "", material: Iterable[str] = (),
              k: int = 3, profile: bool = True, near: bool = True, chosen: bool = True,
              told: Told | None = None, cover: float = COVER) -> list[str]:
    """Up to ``k`` facts that share a word with the topic (the pillar's words break ties); only
    when none does, the ones that share a word with the pillar. A fact off the topic is not
    harmless: a small model puts every fact it is given into the post ("the beginners' course
    is on Saturday" in a post about the oven at six). A shared word counts by how rare it is
    in the sheet: "caffè" is in half a café's facts and says little of any one of them.
    ``near=False``: no facts rather than the pillar's (a post made of facts is about them);
    then the sentences of ``material`` count as on the topic (``chosen=False``: only when they
    name it). The sentences of a past post whose title is the topic come first, whatever
    words they use: the manager wrote them on it ("Хвалите не результат, а усилие" under
    "Ребёнок не хочет делать уроки" shares no word with it)."""
    own = {f for text in material if opens_with(text, topic) for f in sentences(text)}
    sheet = [f for f in fact_sheet(brand, material, profile=profile)
             if not _SIGN_OFF.search(f) and not _REPLY.search(f)
             and (near or not (_DATED.search(f) or _POINTS.search(f)))]
    name = stems(brand.name)
    topic_words = stems(topic)
    wanted = topic_words - name - _EMPTY_VERBS
    around = stems(pillar_text) - topic_words - name - _EMPTY_VERBS
    words_of = [stems(fact) for fact in sheet]
    seen = Counter(word for words in words_of for word in words)
    rarity = {word: math.log((1 + len(sheet)) / (1 + n)) + 1 for word, n in seen.items()}
    # The past posts were chosen for the topic (contentkit.material): their sentences are on
    # it even without its words ("dai al bambino un'ora di riposo" on motivation). Any other
    # fact must hold a good part of what the topic names, not one of its words: "Скидки для
    # братьев и сестёр" is not about a free trial lesson that shares "урок" with it.
    chosen_ones = {f for text in material for f in sentences(text)} if chosen and not near else set()
    whole = sum(rarity.get(w, math.log(1 + len(sheet)) + 1) for w in wanted)
    on_topic, around_only, mine = [], [], []
    for i, (fact, words) in enumerate(zip(sheet, words_of, strict=True)):
        if words <= topic_words:
            continue  # the topic itself, read back: under the topic's line it says nothing
        if fact in own:
            mine.append(fact)
            continue
        hits = sum(rarity[w] for w in wanted & words)
        close = sum(rarity[w] for w in around & words)
        if (hits and hits >= cover * whole) or fact in chosen_ones:
            on_topic.append((hits, close, -i, fact))
        elif close:
            around_only.append((close, -i, fact))
    named = [t for t in on_topic if t[0] and t[0] >= cover * whole]
    if named:
        # Facts that name the topic, when there are any: offered a sentence of the same past
        # post that does not (or shares one word with it: "working days" under "30 days
        # overdue"), the embedded model took it about half the time.
        on_topic = named
    else:  # the chosen posts' sentences as they come, best post first: a word in common is chance
        on_topic = [(0, 0, i, fact) for _, _, i, fact in on_topic]
    on_topic.sort(reverse=True)
    around_only.sort(reverse=True)
    first = [*mine, *(t[-1] for t in on_topic)]
    if told is not None:
        # Only what no post of the plan told yet: a post that repeats a sentence of an earlier
        # one reads as a copy of it ("Дома теперь спорят…" under three topics of a fortnight).
        # With nothing left, a post made of facts is its topic, for the manager to write.
        first = [f for f in first if not told.times(f) and not told.echoes(f)]
    if first or not near:
        return _distinct(first, k)
    return _distinct([t[-1] for t in around_only], min(k, 2))


def _distinct(facts: list[str], k: int) -> list[str]:
    """The first ``k`` facts that do not say what an earlier one says: a history written to a
    pattern holds "Dietro le quinte: le sei del mattino…" and "Quello che non vedete dal
    bancone: le sei del mattino…", and a post of both says it twice."""
    kept: list[tuple[str, frozenset[str]]] = []
    for fact in facts:
        words = stems(fact)
        if all(len(words & other) < 0.6 * min(len(words), len(other)) for _, other in kept):
            kept.append((fact, words))
    return [fact for fact, _ in kept[:k]]


def profile_copy(brand: BrandProfile, fact: str) -> bool:
    """Whether the checks would cut ``fact`` from a post as the profile read back ("Ledgerly
    is used by 3,800 finance teams…"): it is not offered, and a topic it alone speaks of has
    nothing to tell."""
    from ..checks.echoes import drop_copied_sentences

    profile_text = [brand.description or "", *(p.description or "" for p in brand.pillars)]
    # Beside another line, as in a post: a text that would be left empty is never cut.
    return drop_copied_sentences(f"{fact}\n{brand.name}", profile_text, run=10)[1] > 0


# A poll's title promises options the brand's sentences do not hold ("Poll for finance folks:
# spreadsheet or software for your forecast" over a sentence on something else).
_POLL = re.compile(r"\b(?:poll|sondaggio|опрос)\b", re.IGNORECASE)



# A sentence that opens on what the one before it named: alone, nobody knows who "their
# finance lead" is, which course "il corso" is, or what was "hosted by our head of finance".
_AFTER = re.compile(r"^\W*(?:their|they|it|this|that|these|those|he|she|everyone who|hosted by|presented by|"
                    r"a cura di|condotto da|ведёт|ведут|non serve|no experience|опыт не нужен|"
                    r"disponibile|disponibili|available|в наличии|"
                    r"vale|questo|questa|lui|lei|loro|il corso|"
                    r"он|она|они|это|этот|эта|тогда|мама говорит)\b", re.IGNORECASE)


def statements(brand: BrandProfile, texts: Iterable[str]) -> list[str]:
    """Sentences of the brand's posts that make a post on their own when its titles run out
    ("Lo tostiamo chiaro per lasciare parlare la frutta, senza amaro."): statements of at
    least seven words, none a sign-off, a reply to readers, tied to its day, a question or the
    profile read back; then the brand's riddles (see :func:`riddles`)."""
    texts = list(texts)
    out = []
    for fact in fact_sheet(brand, texts, profile=False):
        if (len(fact.split()) >= 7 and fact[-1] in ".!…" and not _SIGN_OFF.search(fact)
                and not _DATED.search(fact) and not _POINTS.search(fact) and not _AFTER.search(fact)
                and not _REPLY.search(fact) and not profile_copy(brand, fact)):
            out.append(fact)
    return [*_distinct(out, len(out)), *riddles(brand, texts)]


def riddles(brand: BrandProfile, texts: Iterable[str]) -> list[str]:
    """The questions the brand put to its readers and left for them to answer ("Как из шести
    спичек сложить четыре равных треугольника?", "Com'è il tuo caffè della domenica: moka o
    filtro?", "Отец старше сына на 24 года… Сколько лет сыну?"): each is a post as it stands.
    A question the post goes on to answer ("Как помочь внуку…? Три простых игры…") is a
    teaser, and alone it promises what it lacks."""
    numbers = profile_numbers(brand)
    found: dict[str, None] = {}
    answered: set[str] = set()
    for text in [*(clean_post(p.text, numbers) for p in brand.voice.example_posts), *texts]:
        parts = sentences(text)
        for i, part in enumerate(parts):
            if (not part.endswith("?") or len(part.split()) < PUZZLE_WORDS or _SIGN_OFF.search(part)
                    or _DATED.search(part) or _POLL.search(part) or _POINTS.search(part)):
                continue
            if any(p[-1:] in ".!…" and not _SIGN_OFF.search(p) for p in parts[i + 1:]):
                answered.add(part)
            elif not profile_copy(brand, part):
                found.setdefault(part, None)
    return [unit for unit in found if unit not in answered]


def is_statement(topic: str, material: Iterable[str]) -> bool:
    """Whether ``topic`` is itself one of the sentences of ``material``: the post is that
    sentence, and no other fact is wanted under it (one that names it says it again)."""
    return topic in {f for text in material for f in sentences(text)}


def topic_facts(brand: BrandProfile, topic: str, material: Iterable[str]) -> list[str]:
    """The facts of ``material`` (or the profile's example posts) a post on ``topic`` would
    be made of; none when the topic is no subject to tell, or when nothing holds a good part
    of what it names. A topic that is itself one of the brand's sentences is its own fact."""
    if _SIGN_OFF.search(topic) or _POLL.search(topic):  # "Salva questo post per il prossimo weekend" is no subject
        return []
    if _DATED.search(topic):  # "Второй курс в подарок — только до конца месяца" was true in its month
        return []
    if not topic.endswith("?") and stale_number(topic, profile_numbers(brand)):
        return []  # an old post's "Sabato 28" or "4,50 €" is not true of a new one
    material = list(material)
    if is_statement(topic, material):
        return [topic] if len(topic.split()) >= 7 and not profile_copy(brand, topic) else []
    facts = facts_for(brand, topic, material=material, k=3, profile=False, near=False, chosen=False,
                      cover=TOLD_COVER)
    # A question of the brand's ("Как из шести спичек сложить…?") is no body for a tip or a
    # story, which are most of a plan: alone it would leave the post its topic.
    return [fact for fact in facts if not fact.endswith("?") and not profile_copy(brand, fact)]


def names_topic(brand: BrandProfile, topic: str, material: Iterable[str]) -> bool:
    """Whether a post on ``topic`` can be made of the brand's facts rather than of the model's
    words (see :func:`topic_facts`)."""
    return bool(topic_facts(brand, topic, material))
