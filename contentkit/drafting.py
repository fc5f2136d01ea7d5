"""Drafting: brief -> prompt -> backend -> checks and repair -> Draft.

Every draft this module returns is usable whatever the model did: it fits the platform,
holds no invented hashtags or banned words, and is not empty. What could not be repaired
(a draft still in the wrong language after one more try) is written in ``Draft.warnings``.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import checks
from .errors import BackendError, ContentkitError
from .language_codes import language_name
from .platforms import get_platform
from .prompts import post_messages, target_words

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


def pick_call_to_action(brand: BrandProfile, brief: Brief) -> str | None:
    if brief.call_to_action is not None:
        return brief.call_to_action or None
    if not brand.calls_to_action:
        return None
    cta = brand.calls_to_action[zlib.crc32(brief.topic.encode("utf-8")) % len(brand.calls_to_action)]
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


def _echo_lines(messages: Messages) -> list[str]:
    # Instructions the model may parrot back; the examples are fair game to imitate.
    return [line for m in (messages[0], messages[-1]) for line in m["content"].splitlines()]


def _complete(backend: Backend, conversations: list[Messages], budgets: list[int], *,
              seed: int | None, temperature: float) -> list[Completion | Exception]:
    """One batched call per token budget, results back in order."""
    results: list[Completion | Exception | None] = [None] * len(conversations)
    for budget in sorted(set(budgets)):
        indices = [i for i, b in enumerate(budgets) if b == budget]
        replies = backend.complete_many([conversations[i] for i in indices], max_tokens=budget,
                                        temperature=temperature, seed=seed)
        for i, reply in zip(indices, replies, strict=True):
            results[i] = reply
    return [r if r is not None else BackendError("no reply") for r in results]


def _review(brand: BrandProfile, brief: Brief, reply: Completion, messages: Messages) -> checks.Review:
    examples = [m["content"] for m in messages[1:-1] if m["role"] == "assistant"]
    return checks.review(reply.text, brand, brief.platform, language=brief.language,
                         with_image=brief.with_image, echo=_echo_lines(messages), examples=examples,
                         material=brief.material, cut_off=reply.finish_reason == "length", topic=brief.topic)


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
) -> list[Draft | ContentkitError]:
    """Drafts for many briefs in batched backend calls, in order.

    A brief that fails (the backend errs, or the model gives nothing usable even when asked
    again) is its error in the list, so one bad brief does not sink a two-week plan.
    ``seed`` makes runs reproducible on backends that honour it. ``on_done(index, result)``
    hears of each brief as soon as it is settled, before the retries of others: a plan
    journals it then, so an interrupt during a retry round loses none of the first round.
    """
    brand = _brand(brand)
    backend = resolve_backend(backend, model)
    variants = list(variants) if variants is not None else [0] * len(briefs)
    jobs = [DraftJob(brand, brief, backend, variant=variant, seed=seed, temperature=temperature,
                     max_tokens=max_tokens) for brief, variant in zip(briefs, variants, strict=True)]
    todo = list(enumerate(jobs))
    while todo:  # a first round, then one round of firmer retries
        replies = _complete(backend, [job.next_messages() for _, job in todo], [job.budget for _, job in todo],
                            seed=todo[0][1].seed, temperature=temperature)
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

    :func:`draft_many` runs jobs in batches; a plan runs each on its own as replies come back,
    so the thread that sends requests never waits on the checks.
    """

    def __init__(self, brand: BrandProfile, brief: Brief, backend: Backend, *, variant: int = 0,
                 seed: int | None = 0, temperature: float = 0.7, max_tokens: int | None = None) -> None:
        self.brand, self.backend, self.variant, self.temperature = brand, backend, variant, temperature
        self.brief = normalise_brief(brand, brief)  # fail on a bad brief before any model runs
        self.budget = max_tokens or token_budget(self.brief.platform, with_image=self.brief.with_image)
        self.tries = 0
        self._seed = seed
        self._messages: Messages | None = None
        self._first: checks.Review | None = None
        self._outcome: checks.Review | ContentkitError | None = None
        self._model = backend.model
        self._lock = threading.Lock()  # a plan may build the messages ahead on another thread

    @property
    def seed(self) -> int | None:
        """The seed for the next try: a retry must not repeat the first reply."""
        return None if self._seed is None else self._seed + self.tries

    def next_messages(self) -> Messages:
        """The conversation for the next try, built on first asking (it is CPU work)."""
        with self._lock:
            return self._build()

    def _build(self) -> Messages:
        if self._messages is None:
            repair = self._first.problems if self._first is not None else ()
            self._messages = build_messages(self.brand, self.brief, variant=self.variant, repair=repair)
        return self._messages

    def take(self, reply: Completion | Exception, asked: Messages | None = None) -> bool:
        """Review a reply to :meth:`next_messages` (or to ``asked``: a request that also chose
        the topic); True when one more try is wanted."""
        with self._lock:
            return self._take(reply, asked)

    def _take(self, reply: Completion | Exception, asked: Messages | None) -> bool:
        messages, self._messages = asked or self._build(), None
        self.tries += 1
        if self._first is None:  # the first try
            if isinstance(reply, Exception):
                self._outcome = as_error(reply, self.backend)
                return False
            self._model = reply.model
            self._outcome = _review(self.brand, self.brief, reply, messages)
            if self._outcome.problems:
                self._first = self._outcome
                return True
            return False
        if isinstance(reply, Exception):
            return False  # the first attempt still stands
        second = _review(self.brand, self.brief, reply, messages)
        second.repairs.insert(0, f"asked again ({', '.join(self._first.problems)})")
        self._outcome = _better(self._first, second)
        if self._outcome is second:
            self._model = reply.model
        return False

    def result(self) -> Draft | ContentkitError:
        if self._outcome is None:
            raise RuntimeError("DraftJob.result() before any reply was taken")
        return _finish(self.brief, self._outcome, self.backend, self._model)


_NOT_CUTS = ("asked again", "removed hashtags the model wrote", "removed text around the post")
"""Repairs that take nothing from what the post says: a preamble or quotes around it, its own
hashtags (ours are added instead)."""


def _finish(brief: Brief, outcome: checks.Review | ContentkitError, backend: Backend,
            model: str) -> Draft | ContentkitError:
    if isinstance(outcome, ContentkitError):
        return outcome
    if "empty" in outcome.problems:
        return ContentkitError(
            f"{backend.describe()} gave no usable text for '{brief.topic}' on {brief.platform}, "
            "even when asked again",
            hint="try again with another --seed, or a larger model (--backend openai, or --model PATH)")
    expected = brief.language or ""
    language = outcome.language if "language" in outcome.problems else expected
    warnings = list(outcome.warnings)
    cut = [r for r in outcome.repairs if not r.startswith(_NOT_CUTS)]
    if cut:
        # What the checks took out was the model's idea of the post: what is left may read
        # well or not, and only a person can tell. A repaired post is never "ready".
        warnings.append(f"the checks changed the model's text ({'; '.join(cut)}): read it before scheduling")
    if backend.known_not_to_write(expected):
        known = sorted(backend.languages() or ())
        warnings.append(f"{model} is known to write only {', '.join(map(language_name, known))}: its "
                        f"{language_name(expected)} is unreliable. Read it before posting, or use a larger "
                        "model (see 'Choosing the model' in the README)")
    return Draft(text=outcome.text, platform=brief.platform, language=language, topic=brief.topic,
                 pillar=brief.pillar, warnings=warnings, backend=backend.id, model=model,
                 repairs=list(outcome.repairs))


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
    if n < 1:
        raise ContentkitError(f"n must be at least 1, got {n}", field="n")
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
    job = DraftJob(brand, brief, backend, variant=variant, seed=seed, temperature=temperature)
    pieces: list[str] = []
    for piece in backend.stream(job.next_messages(), max_tokens=job.budget, temperature=temperature,
                                seed=job.seed):
        pieces.append(piece)
        yield piece
    if job.take(Completion(text="".join(pieces), model=backend.model)):
        job.take(_complete(backend, [job.next_messages()], [job.budget], seed=job.seed,
                           temperature=temperature)[0])
    result = job.result()
    if isinstance(result, ContentkitError):
        raise result
    yield result

