"""Drafting: brief -> prompt -> backend -> checks and repair -> Draft.

Every draft this module returns is usable whatever the model did: it fits the platform,
holds no invented hashtags or banned words, and is not empty. What could not be repaired
(a draft still in the wrong language after one more try) is written in ``Draft.warnings``.
"""

from __future__ import annotations

import json
import threading
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import checks
from .errors import BackendError, ContentkitError
from .language_codes import language_name
from .platforms import get_platform
from .prompts import clean_user_text, fill_messages, post_messages, target_words
from .checks.topics import topic_warnings
from .writing import gate
from .writing.facts import Told, facts_for, is_statement, profile_copy
from .writing.formats import STOCK_QUESTIONS, Format, assemble, choose_format, get_format, parse_fields

if TYPE_CHECKING:
    from .brand import BrandProfile
    from .llm.base import Backend, Completion, Messages


@dataclass(frozen=True)
class Brief:
    """What one post should be about. ``call_to_action=None`` lets the brand's list choose;
    ``""`` asks for none."""

    topic: str
    platform: str = "instagram"
    pillar: str | None = None
    language: str | None = None
    call_to_action: str | None = None
    persona: str | None = None
    with_image: bool = False
    """The text goes under an image (Telegram then allows 1,024 characters, not 4,096)."""
    material: tuple[str, ...] = ()
    """The brand's own past posts on the topic (see contentkit.material): facts to stand on."""
    format: str | None = None
    """The post's format (contentkit.writing.formats: tip, question, ...); None lets the
    pillar choose. Used where the backend holds a reply to a schema."""


@dataclass
class Draft:
    """A post ready for a human to read: text within the platform's rules, and its story."""

    text: str
    platform: str
    language: str
    """The language the text is in: the asked one unless a warning says otherwise."""
    topic: str
    pillar: str | None = None
    warnings: list[str] = field(default_factory=list)
    backend: str = ""
    model: str = ""
    hashtags: list[str] = field(default_factory=list)
    """Suggested hashtags; empty unless the caller fills it (the brand's ``always`` tags are in ``text``)."""
    repairs: list[str] = field(default_factory=list)
    """What the checks changed in the model's reply, for the curious."""
    format: str = ""
    """The format the post was written in ("tip", "question", ...); "" for free text."""
    confidence: float | None = None
    """The mean log-probability of the model's words, where the server gives it."""
    candidates: list[dict] = field(default_factory=list)
    """Every candidate the model wrote for this post (text, confidence, warnings), the kept one
    among them: kept in the plan's journal, so that the quality gate can be measured on them."""

    @property
    def ok(self) -> bool:
        """Passed every check without a warning."""
        return not self.warnings

    def __str__(self) -> str:
        return self.text


def _brand(brand: BrandProfile | str | Path) -> BrandProfile:
    from .brand import load_brand

    return load_brand(brand)


def resolve_backend(backend: Backend | str | None = None, model: str | None = None) -> Backend:
    """A backend object: the one given, or one from the registry by name (or the default)."""
    from .llm import registry
    from .llm.base import Backend

    if isinstance(backend, Backend):
        return backend
    return registry.get_backend(backend, model=model)


def token_budget(platform: str, *, with_image: bool = False) -> int:
    """Tokens to allow a reply: room for the target length in any script (a Cyrillic word
    takes about three tokens), bounded by the platform limit, since the rest would be cut."""
    limit = checks.platform_limit(platform, with_image=with_image)
    return max(64, min(limit // 2, target_words(platform) * 3))


def pick_call_to_action(brand: BrandProfile, brief: Brief, speaks_of: Sequence[str] = ()) -> str | None:
    """The brief's own call to action, else one of the brand's: one whose ``about`` keywords
    the topic or ``speaks_of`` (the facts a format offers) use, else one that suits any post, else
    (every one has keywords, none used) any; among several, the topic decides, so a post keeps its
    call to action from try to try."""
    if brief.call_to_action is not None:
        return brief.call_to_action or None
    if not brand.calls_to_action:
        return None
    # "Pass the English level test" under a maths riddle, "book the latte art course" under
    # how to store beans: read in a fresh plan, 8 of 14 ready posts that needed an edit needed
    # only this one.
    said = " ".join([brief.topic, *speaks_of])
    choices = ([c for c in brand.calls_to_action if c.about and c.suits(said)]
               or [c for c in brand.calls_to_action if not c.about] or brand.calls_to_action)
    cta = choices[zlib.crc32(brief.topic.encode("utf-8")) % len(choices)]
    clickable = get_platform(brief.platform).links != "not_clickable"
    return f"{cta.text} {cta.url}" if cta.url and clickable else cta.text


def normalise_brief(brand: BrandProfile, brief: Brief) -> Brief:
    """Fail early on an unknown platform, pillar or language, before any model runs."""
    from .errors import LanguageError
    from .language_codes import ISO_639_1

    platform = get_platform(brief.platform).id
    pillar = brand.pillar(brief.pillar).name if brief.pillar else None
    language = (brief.language or brand.language).strip().lower()
    if language not in ISO_639_1:
        raise LanguageError(f"'{language}' is not an ISO 639-1 language code", hint="use e.g. en, it, ru")
    if brief.topic is not None and not isinstance(brief.topic, str):
        raise ContentkitError(f"the topic must be a text, got {type(brief.topic).__name__} {brief.topic!r}",
                              field="topic", hint="say what the post is about, e.g. 'our winter menu'")
    if not brief.topic or not brief.topic.strip():
        raise ContentkitError("the topic is empty", hint="say what the post is about")
    return replace(brief, platform=platform, pillar=pillar, language=language)


def build_messages(brand: BrandProfile, brief: Brief, *, variant: int = 0,
                   repair: Sequence[str] = ()) -> Messages:
    """The conversation for one brief (``variant`` rotates examples and persona)."""
    return post_messages(
        brand, brief.topic, platform=brief.platform,
        pillar=brand.pillar(brief.pillar) if brief.pillar else None,
        call_to_action=pick_call_to_action(brand, brief), language=brief.language,
        persona=brief.persona, repair=repair, variant=variant, material=brief.material)


CANDIDATES = 3
"""Replies asked for per post where the backend fills formats: the best one is kept."""
FILL_TEMPERATURE = 0.4
SHORT_PLATFORM = 500
"""Characters below which a post made of facts holds one fact a field."""
TITLE_CHARS = 90
"""The longest topic that opens a post made of facts; a longer one is no title."""
FACT_CHOICES = 3
"""Facts offered for a post: where its body is made of them, the model chooses among these.
Five let the model pick the ones off the topic more often than the best."""
UNSURE = -0.55
"""Mean token log-probability below which a model without a fitted gate (contentkit.writing.gate)
is taken to be guessing its words: in bench/data/graded_posts.jsonl the A and B posts of the
embedded model averaged -0.29 and -0.46, the C and D ones -0.62 and -0.61."""


def _echo_lines(messages: Messages) -> list[str]:
    # Instructions the model may parrot back; the examples are fair game to imitate.
    return [line for m in (messages[0], messages[-1]) for line in m["content"].splitlines()]


def _complete(backend: Backend, jobs: Sequence[DraftJob], *, temperature: float) -> list[list[Completion | Exception]]:
    """Every candidate of each job's next try, in batched calls of requests that share their
    budget, seed and schema; each job's replies back in order."""
    wanted = [(j, job.next_messages(), seed) for j, job in enumerate(jobs) for seed in job.seeds()]
    results: list[list[Completion | Exception]] = [[] for _ in jobs]
    groups: dict[tuple, list[int]] = {}
    for k, (j, _, seed) in enumerate(wanted):
        job = jobs[j]
        groups.setdefault((job.budget, seed, json.dumps(job.schema, sort_keys=True)), []).append(k)
    for (budget, seed, _), members in sorted(groups.items(), key=lambda g: (g[0][0], str(g[0][1]), g[0][2])):
        schema = jobs[wanted[members[0]][0]].schema
        replies = backend.complete_many([wanted[k][1] for k in members], max_tokens=budget, temperature=temperature,
                                        seed=seed, json_mode=schema or False)
        for k, reply in zip(members, replies, strict=True):
            results[wanted[k][0]].append(reply)
    return results


def _review(brand: BrandProfile, brief: Brief, reply: Completion, messages: Messages,
            fmt: Format | None = None, facts: Sequence[str] = ()) -> checks.Review:
    examples = [m["content"] for m in messages[1:-1] if m["role"] == "assistant"]
    # A format's call to action is placed by us under the facts it offers; a free reply was
    # given the one its prompt named, chosen by the topic alone.
    call_to_action = pick_call_to_action(brand, brief, facts if fmt is not None else ())
    text, cut_off, parts, title = reply.text, reply.finish_reason == "length", [], ""
    if fmt is not None:
        fields = parse_fields(reply.text, fmt, facts)
        if fields is not None:
            # A post with no field asked is its topic, for a person to write under it.
            title = clean_user_text(brief.topic) if not fmt.fields else _title(brand, brief) if fmt.grounded(facts) else ""
            text = assemble(fmt, fields, call_to_action, brief.language or brand.language,
                            title=title, facts=facts)
            cut_off, parts = False, [p for p in text.split("\n\n") if p.strip()]
        elif "{" in reply.text:  # JSON, but not the format's: cut off, or fields missing
            return checks.Review(text="", language="und", problems=["empty"],
                                 warnings=["the model did not fill the post's fields"])
        # else plain text: a server that does not hold replies to a schema; checked as free text
    # The facts were given to be used: a sentence built on them is no instruction read back.
    review = checks.review(text, brand, brief.platform, language=brief.language,
                           with_image=brief.with_image, echo=_echo_lines(messages), examples=examples,
                           material=[*brief.material, *facts], cut_off=cut_off, topic=brief.topic,
                           assembled=bool(parts))
    review.own = gate.own_share(review.text, [*facts, *brief.material, brief.topic, call_to_action or ""])
    review.whole = statement = is_statement(brief.topic, brief.material) and review.text.startswith(brief.topic)
    if parts and not _has_body(review.text, call_to_action):
        # The checks took every line but the call to action: that is no post.
        review.problems.append("empty")
    bare = fmt is not None and not fmt.fields and not statement
    if bare:
        review.warnings.append(f"no fact of {brand.name}'s profile or past posts speaks of this topic (or an "
                               "earlier post of the plan told each one): the post holds only its topic and call "
                               "to action; write its body, or add facts to the profile or history")
    # A post made of facts opens with its topic: whether it speaks of it is read below that line.
    body = review.text.split("\n\n", 1)[-1] if parts and title and review.text.startswith(title) else review.text
    # A bare post is its topic alone, said above: "does not speak of its topic" would be noise.
    if parts and not (bare or statement or _speaks_of(body, brief.topic, brand)
                      or _told_under(body, brief.topic, brief.material)):
        review.warnings.append(f"the post does not speak of its topic ('{brief.topic}')")
    lost = [p for p in parts if p not in review.text]
    if lost and "empty" not in review.problems:
        # A format is whole or it is not a post: "Myth: ..." without its fact says nothing.
        review.repairs.append(f"{len(lost)} of the post's {len(parts)} parts changed or went")
    return review


def _has_body(text: str, call_to_action: str | None) -> bool:
    lines = [p.strip() for p in text.split("\n\n") if p.strip()]
    return any(not p.startswith("#") and p != (call_to_action or "").strip() for p in lines)


def _title(brand: BrandProfile, brief: Brief) -> str:
    """The first line of a post made of facts: its topic, unless that is one of the subjects a
    pillar's description lists ("One feature per post, with the problem it solves", "I
    baristi"): the manager's plan speaks so, a reader's feed does not."""
    title = clean_user_text(brief.topic)
    if is_statement(brief.topic, brief.material):
        return title
    if len(title) > TITLE_CHARS or any(title.lower() in " ".join((p.description or "").lower().split())
                                       for p in brand.pillars):
        return ""
    return title


def _speaks_of(text: str, topic: str, brand: BrandProfile) -> bool:
    """Whether a content word of the topic (other than the brand's name) is in the post; a
    topic of function words only cannot be told, and passes."""
    from .material import stems

    wanted = stems(topic) - stems(brand.name)
    return not wanted or bool(wanted & stems(text))


def _told_under(text: str, topic: str, material: Sequence[str]) -> bool:
    """Whether the post tells a sentence the brand wrote under this very title: it speaks of
    the topic in the manager's own words, shared or not."""
    from .material import opens_with
    from .writing.facts import sentences

    return any(fact in text for post in material if opens_with(post, topic)
               for fact in sentences(post)[1:])


def _cuts(review: checks.Review) -> list[str]:
    return [r for r in review.repairs if not r.startswith(_NOT_CUTS)]


def _rank(review: checks.Review, reply: Completion, language: str) -> tuple:
    """Best first: nothing to ask again, nothing to warn of, then the quality gate's estimate
    (without a fitted gate: nothing cut, then the surest words)."""
    sure = reply.mean_logprob if reply.mean_logprob is not None else -9.0
    warned = _status_warnings(review, reply.mean_logprob, language, reply.model)
    chance = gate.publishable(review.text, reply.mean_logprob, warned, language, reply.model, review.own)
    return ("empty" not in review.problems, not review.problems, not warned,
            chance if chance is not None else 0.0, -len(_cuts(review)), sure)


def _status_warnings(review: checks.Review, confidence: float | None, language: str, model: str) -> list[str]:
    """What keeps a post from "ready": the checks' warnings, words the model was unsure of,
    and anything the checks cut."""
    warnings = list(review.warnings)
    cut = _cuts(review)
    if cut:
        # What the checks took out was the model's idea of the post: what is left may read
        # well or not, and only a person can tell. A repaired post is never "ready".
        warnings.append(f"the checks changed the model's text ({'; '.join(cut)}): read it before scheduling")
    if review.whole and not warnings and review.own == 0.0:
        # One of the brand's own statements, posted whole, with nothing to warn of: on the
        # fresh graded plans 12 of 12 such posts were A or B, while the gate cannot pick out
        # any other post at 9 in 10 (docs/models.md).
        return warnings
    chance = gate.publishable(review.text, confidence, warnings, language, model, review.own)
    if chance is not None and chance < (gate.threshold() or 1.0):
        warnings.append(f"the quality gate gives it a {chance:.0%} chance of being publishable as it is "
                        "or with a light edit: read it before scheduling")
    elif chance is None and confidence is not None and confidence < UNSURE:
        warnings.append(f"the model was unsure of its words (mean log-probability {confidence:.2f}): "
                        "read it before scheduling")
    return warnings


def _better(first: checks.Review, second: checks.Review) -> checks.Review:
    """The retry wins unless it is worse: empty, or more problems than the first try."""
    if "empty" in second.problems and "empty" not in first.problems:
        return first
    return second if len(second.problems) <= len(first.problems) else first


def as_error(exc: Exception, backend: Backend) -> ContentkitError:
    if isinstance(exc, ContentkitError):
        return exc
    return BackendError(f"{backend.describe()} failed: {type(exc).__name__}: {exc}")


def draft_many(
    brand: BrandProfile | str | Path,
    briefs: Sequence[Brief],
    backend: Backend | str | None = None,
    *,
    model: str | None = None,
    seed: int | None = 0,
    temperature: float = 0.7,
    max_tokens: int | None = None,
    variants: Sequence[int] | None = None,
    on_done: Callable[[int, Draft | ContentkitError], None] | None = None,
    told: Told | None = None,
) -> list[Draft | ContentkitError]:
    """Drafts for many briefs in batched backend calls, in order.

    A brief that fails (the backend errs, or the model gives nothing usable even when asked
    again) is its error in the list, so one bad brief does not sink a two-week plan.
    ``seed`` makes runs reproducible on backends that honour it. ``on_done(index, result)``
    hears of each brief as soon as it is settled, before the retries of others: a plan
    journals it then, so an interrupt during a retry round loses none of the first round.
    ``told`` (shared by a plan's calls): the facts earlier posts told, offered last.
    """
    if isinstance(briefs, (str, Brief)) or not all(isinstance(b, Brief) for b in briefs):
        raise ContentkitError("briefs must be a list of Brief objects", field="briefs",
                              hint="e.g. draft_many(brand, [Brief('our winter menu'), Brief('latte art', "
                                   "platform='telegram')]); for one topic use draft_post")
    brand = _brand(brand)
    backend = resolve_backend(backend, model)
    variants = list(variants) if variants is not None else [0] * len(briefs)
    jobs = [DraftJob(brand, brief, backend, variant=variant, seed=seed, temperature=temperature,
                     max_tokens=max_tokens, told=told) for brief, variant in zip(briefs, variants, strict=True)]
    todo = list(enumerate(jobs))
    while todo:  # a first round, then one round of firmer retries
        replies = _complete(backend, [job for _, job in todo], temperature=temperature)
        again = []
        for (index, job), reply in zip(todo, replies, strict=True):
            if job.take(reply):
                again.append((index, job))
            elif on_done is not None:
                on_done(index, job.result())
        todo = again
    return [job.result() for job in jobs]


class DraftJob:
    """One brief through the model: a first try, one firmer try when the checks found what
    a new attempt could fix (the better of the two stands), then the Draft or the error.

    Where the backend holds replies to a schema (``backend.structured``), the post is asked
    for as the fields of a format, :data:`CANDIDATES` times with different seeds, and the best
    candidate stands. :func:`draft_many` runs jobs in batches; a plan runs each on its own as
    replies come back, so the thread that sends requests never waits on the checks.
    """

    def __init__(self, brand: BrandProfile, brief: Brief, backend: Backend, *, variant: int = 0,
                 seed: int | None = 0, temperature: float = 0.7, max_tokens: int | None = None,
                 fields: bool = True, told: Told | None = None) -> None:
        self.brand, self.backend, self.variant, self.temperature = brand, backend, variant, temperature
        self.brief = normalise_brief(brand, brief)  # fail on a bad brief before any model runs
        self.format: Format | None = None
        pillar = brand.pillar(self.brief.pillar) if self.brief.pillar else None
        chosen = get_format(self.brief.format or choose_format(pillar, self.brief.topic))
        if fields and backend.structured:  # else a reply no schema holds: free text, checked as ever
            self.format = chosen
            # Short fields leave no room for a lucky odd word: the small model's likeliest
            # words are its most grammatical, and three seeds still give three candidates.
            self.temperature = min(temperature, FILL_TEMPERATURE)
        self._max_tokens = max_tokens
        self.tries = 0
        self._seed = seed
        self._messages: Messages | None = None
        self._first: checks.Review | None = None
        self._outcome: checks.Review | ContentkitError | None = None
        self._model = backend.model
        self._confidence: float | None = None
        self._facts: list[str] = []
        self._told, self._reserved = told, ()
        # On a short platform (X: 280 characters) two of the brand's sentences, the topic and
        # the call to action do not fit, and the cut post would lose a part: one fact there.
        limit = checks.platform_limit(self.brief.platform, with_image=self.brief.with_image)
        self._most: int | None = 1 if limit < SHORT_PLATFORM else None
        self.seen: list[dict] = []
        """Every candidate reviewed, best or not, with what its status would be (for the bench)."""
        self._lock = threading.Lock()  # a plan may build the messages ahead on another thread

    @property
    def seed(self) -> int | None:
        """The seed for the next try: a retry must not repeat the first reply."""
        return None if self._seed is None else self._seed + self.tries

    @property
    def schema(self) -> dict | None:
        """The JSON schema the backend should hold the reply to, or None for free text; its
        grounded fields hold only the facts of :meth:`next_messages`."""
        return self.format.schema(self._facts, self._most) if self.format else None

    @property
    def candidates(self) -> int:
        """Replies asked for the next try: one for free text; for a post made of facts, as
        many as there are ways to choose them, up to two (more would repeat one another);
        else :data:`CANDIDATES`."""
        if self.format is None:
            return 1
        if not self.format.fields:  # nothing to ask: the post is its topic and call to action
            return 0
        if self.format.grounded(self._facts):
            return 1 if len(self._facts) <= 2 else 2
        return CANDIDATES

    @property
    def budget(self) -> int:
        """Tokens to allow a reply (to :meth:`next_messages`: the facts are known then)."""
        if self._max_tokens:
            return self._max_tokens
        if self.format is not None:
            return self.format.budget(self._facts, self._most)
        return token_budget(self.brief.platform, with_image=self.brief.with_image)

    def seeds(self) -> list[int | None]:
        """One seed per candidate of the next try (how many depends on its facts)."""
        self.next_messages()
        seed = self.seed
        return [None if seed is None else seed + 1000 * i for i in range(self.candidates)]

    def next_messages(self) -> Messages:
        """The conversation for the next try, built on first asking (it is CPU work)."""
        with self._lock:
            return self._build()

    def _build(self) -> Messages:
        if self._messages is None:
            repair = self._first.problems if self._first is not None else ()
            if self.format is not None:
                brief = self.brief
                pillar = self.brand.pillar(brief.pillar).description if brief.pillar else ""
                # Where the format's body is made of facts, only facts on the topic, and not the
                # profile's description: copied into every post it would say the same thing each
                # time (and the checks cut it as boilerplate).
                grounded = any(f.grounded for f in self.format.fields)
                # A format that also takes one of the brand's questions gets room for them.
                asks = any(f.questions for f in self.format.fields)
                told = self._told if grounded else None
                # Posts drafted side by side must not both take one untold fact: choosing and
                # reserving are one step. A try asked again gives back what the last one took.
                with told.held() if told is not None else nullcontext():
                    if told is not None:
                        told.settle(self._reserved, ())
                        self._reserved = ()
                    facts = [] if grounded and is_statement(brief.topic, brief.material) else facts_for(
                        self.brand, brief.topic, pillar_text=pillar or "", material=brief.material,
                        k=FACT_CHOICES + 2 * asks, profile=not grounded, near=not grounded, told=self._told)
                    # A fact the checks would cut as the profile read back is not offered.
                    self._facts = [clean_user_text(f, limit=240) for f in facts
                                   if not grounded or not profile_copy(self.brand, f)]
                    if told is not None:  # its title too: a post beside it must not echo it
                        self._reserved = told.reserve([*self._facts, brief.topic])
                stock = STOCK_QUESTIONS.get(brief.language or self.brand.language, ())
                # A stock question asks about something the post says: with no fact (or under a
                # riddle of the brand's) it would be the whole post ("What do you think?").
                if (any(f.stock for f in self.format.fields) and self._facts and not brief.topic.endswith("?")
                        and not any(f.endswith("?") for f in self._facts)):
                    self._facts += stock
                if gate.knows(self._model):
                    # The model whose own sentences readers found wanting writes none alone:
                    # on the embedded one, 9 in 10 posts it wrote itself were a rewrite or worse.
                    self.format = self.format.told_only(self._facts)
                self._messages = fill_messages(self.brand, brief.topic, self.format, platform=brief.platform,
                                               language=brief.language, persona=brief.persona, facts=self._facts,
                                               repair=repair, variant=self.variant)
            else:
                self._messages = build_messages(self.brand, self.brief, variant=self.variant, repair=repair)
        return self._messages

    def take(self, reply: Completion | Exception | Sequence[Completion | Exception],
             asked: Messages | None = None) -> bool:
        """Review the replies (candidates) to :meth:`next_messages` (or to ``asked``: a request
        that also chose the topic); True when one more try is wanted."""
        replies = list(reply) if isinstance(reply, (list, tuple)) else [reply]
        with self._lock:
            return self._take(replies, asked)

    def _best(self, replies: list[Completion | Exception], messages: Messages) -> tuple[checks.Review, Completion] | Exception:
        reviewed = [(_review(self.brand, self.brief, r, messages, self.format, self._facts), r)
                    for r in replies if not isinstance(r, Exception)]
        if not reviewed:
            return next(r for r in replies if isinstance(r, Exception))
        language = self.brief.language or self.brand.language
        self.seen.extend({"text": review.text, "confidence": reply.mean_logprob, "try": self.tries, "own": review.own,
                          "warnings": _status_warnings(review, reply.mean_logprob, language, reply.model),
                          "repairs": review.repairs} for review, reply in reviewed)
        return max(reviewed, key=lambda pair: _rank(*pair, language))

    def _take(self, replies: list[Completion | Exception], asked: Messages | None) -> bool:
        messages, self._messages = asked or self._build(), None
        if not replies and self.format is not None and not self.format.fields:
            from .llm.base import Completion

            replies = [Completion(text="{}", model=self._model)]  # no field was asked
        self.tries += 1
        best = self._best(replies, messages)
        if self._first is None:  # the first try
            if isinstance(best, Exception) and self.format is not None:
                # No candidate filled the format (a small model ran out of tokens inside a
                # field, and the server refused what did not parse): the post is asked for
                # once more as free text, checked as ever, rather than lost.
                self.format = None
                return True
            if isinstance(best, Exception):
                self._outcome = as_error(best, self.backend)
                return False
            self._outcome, reply = best
            self._model, self._confidence = reply.model, reply.mean_logprob
            if self._outcome.problems:
                self._first = self._outcome
                return True
            return False
        if isinstance(best, Exception):
            return False  # the first attempt still stands
        second, reply = best
        second.repairs.insert(0, f"asked again ({', '.join(self._first.problems)})")
        self._outcome = _better(self._first, second)
        if self._outcome is second:
            self._model, self._confidence = reply.model, reply.mean_logprob
        return False

    def result(self) -> Draft | ContentkitError:
        if self._outcome is None:
            raise RuntimeError("DraftJob.result() before any reply was taken")
        result = _finish(self.brief, self._outcome, self.backend, self._model, self.format, self._confidence)
        if self._told is not None:
            said = [f for f in self._facts if isinstance(result, Draft) and f in result.text]
            if isinstance(result, Draft) and result.text.startswith(clean_user_text(self.brief.topic)):
                said.append(self.brief.topic)  # a title told is a line no other post should say again
            self._told.settle(self._reserved, said)
            self._reserved = ()
        if isinstance(result, Draft) and self.seen:
            result.candidates = list(self.seen)
        return result


_NOT_CUTS = ("asked again", "removed hashtags the model wrote", "removed text around the post")
"""Repairs that take nothing from what the post says: a preamble or quotes around it, its own
hashtags (ours are added instead)."""


def _finish(brief: Brief, outcome: checks.Review | ContentkitError, backend: Backend,
            model: str, fmt: Format | None = None, confidence: float | None = None) -> Draft | ContentkitError:
    if isinstance(outcome, ContentkitError):
        return outcome
    if "empty" in outcome.problems:
        return ContentkitError(
            f"{backend.describe()} gave no usable text for '{brief.topic}' on {brief.platform}, "
            "even when asked again",
            hint="try again with another --seed, or a larger model (--backend openai, or --model PATH)")
    expected = brief.language or ""
    language = outcome.language if "language" in outcome.problems else expected
    warnings = [*_status_warnings(outcome, confidence, expected, model), *topic_warnings(brief.topic)]
    if backend.known_not_to_write(expected):
        known = sorted(backend.languages() or ())
        warnings.append(f"{model} is known to write only {', '.join(map(language_name, known))}: its "
                        f"{language_name(expected)} is unreliable. Read it before posting, or use a larger "
                        "model (see 'Choosing the model' in the README)")
    return Draft(text=outcome.text, platform=brief.platform, language=language, topic=brief.topic,
                 pillar=brief.pillar, warnings=warnings, backend=backend.id, model=model,
                 repairs=list(outcome.repairs), format=fmt.id if fmt else "", confidence=confidence)


def draft_post(
    brand: BrandProfile | str | Path,
    topic: str,
    platform: str = "instagram",
    pillar: str | None = None,
    language: str | None = None,
    n: int = 1,
    backend: Backend | str | None = None,
    *,
    model: str | None = None,
    call_to_action: str | None = None,
    persona: str | None = None,
    with_image: bool = False,
    seed: int | None = 0,
    temperature: float = 0.7,
    max_tokens: int | None = None,
) -> Draft | list[Draft]:
    """Draft a post about ``topic`` for ``brand`` on ``platform``.

    Returns one :class:`Draft`, or a list of ``n`` variants made in one batched call
    (variants differ in the example posts and persona they are shown). Raises
    :class:`ContentkitError` when the model gives no usable text even when asked again (with
    ``n > 1``, only when no variant is usable; the unusable ones are left out).
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ContentkitError(f"n must be a whole number of at least 1, got {n!r}", field="n")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise ContentkitError(f"seed must be a whole number or None, got {seed!r}", field="seed")
    brief = Brief(topic=topic, platform=platform, pillar=pillar, language=language,
                  call_to_action=call_to_action, persona=persona, with_image=with_image)
    results = draft_many(brand, [brief] * n, backend, model=model, seed=seed, temperature=temperature,
                         max_tokens=max_tokens, variants=range(n))
    drafts = [r for r in results if isinstance(r, Draft)]
    if not drafts:
        raise next(r for r in results if isinstance(r, ContentkitError))
    return drafts[0] if n == 1 else drafts


def stream_draft(
    brand: BrandProfile | str | Path,
    brief: Brief,
    backend: Backend | str | None = None,
    *,
    model: str | None = None,
    variant: int = 0,
    seed: int | None = 0,
    temperature: float = 0.7,
) -> Iterator[str | Draft]:
    """Yield the model's raw text as it arrives, then one checked :class:`Draft`, made by the
    same checks and one firmer retry as :func:`draft_many`. Raises :class:`ContentkitError`
    when even the retry gives no usable text."""
    from .llm.base import Completion

    brand = _brand(brand)
    backend = resolve_backend(backend, model)
    # Streamed as it is written, for a person to watch: free text, not a format's JSON fields.
    job = DraftJob(brand, brief, backend, variant=variant, seed=seed, temperature=temperature, fields=False)
    pieces: list[str] = []
    for piece in backend.stream(job.next_messages(), max_tokens=job.budget, temperature=temperature,
                                seed=job.seed):
        pieces.append(piece)
        yield piece
    if job.take(Completion(text="".join(pieces), model=backend.model)):
        job.take(_complete(backend, [job], temperature=temperature)[0])
    result = job.result()
    if isinstance(result, ContentkitError):
        raise result
    yield result

