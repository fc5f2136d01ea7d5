"""Every comment labelled, given a language and a priority, and sorted for answering.

The labels come from the offline classifier (``classifier``); when a backend is given, the
LLM gives a second opinion (``refine``): on every comment not labelled spam, weighed with the
classifier's probabilities, where the backend gives token log-probabilities; else on the
comments the classifier is unsure of, as a label word.
Hiding is suggested only for spam the classifier is sure of (``Triaged.hide``), with the
phrasing that gave it away; a person can bring any item back (``not_spam``), and the
classifier learns from that at its next fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from ..errors import InboxError
from . import refine
from .classifier import HIDE_AT, LABELS, SPAM_AT, asks, decide, probabilities, spam_phrases
from .items import InboxItem
from .languages import comment_language
from .priority import priority, reason
from .signals import MIXED_SCRIPT, MONEY, PHONE, URL

if TYPE_CHECKING:
    from ..llm.base import Backend

__all__ = ["LABELS", "Triaged", "not_spam", "triage"]

MAYBE_SPAM = 4
"""The priority of spam not sure enough to hide: looked at before the sure spam, with the comments."""


@dataclass(frozen=True)
class Triaged:
    """One comment with its label, how sure the classifier is, and when to answer it."""

    item: InboxItem
    label: str
    """One of LABELS."""
    confidence: float
    """0..1, the classifier's probability of ``label``, with the LLM's weighed in when it read the comment."""
    language: str
    """ISO 639-1 code, "" when unknown."""
    priority: int
    """1 = answer first ... 5 = last; spam is 5."""
    reason: str
    """One line for the manager, e.g. "complaint from 2 hours ago"."""
    refined: bool = False
    """True when the LLM read the comment: its reading weighed in, or its label word taken for an
    uncertain comment."""
    hide: bool = False
    """True when the item is spam on strong evidence (probability of spam at least HIDE_AT):
    the only case where hiding it is suggested; spam below that waits for a person."""
    evidence: tuple[str, ...] = ()
    """For spam: the phrases of the comment the spam model weighs most as spam."""


def triage(items: Sequence[InboxItem], *, now: datetime | None = None, backend: Backend | None = None,
           uncertain_below: float = 0.55) -> list[Triaged]:
    """Label and order ``items``: by priority, then newest first (undated ones last).

    With a ``backend`` that gives token log-probabilities, every item not labelled spam is read
    by the model too (about half a second each with the embedded model on two cores). With one
    that does not, only items whose confidence is below ``uncertain_below``, and the spam not
    sure enough to hide (below HIDE_AT), are asked, for a label word.
    """
    if isinstance(items, (str, InboxItem)) or not all(isinstance(item, InboxItem) for item in items):
        raise InboxError("items must be a list of InboxItem", field="items",
                         hint="pass load_inbox(path).items, or parse_pasted(text) for pasted comments")
    now = _aware(now or datetime.now(timezone.utc))
    items = list(items)
    probs = probabilities([item.text for item in items])
    labels = [decide(p, item.text) for p, item in zip(probs, items)]
    refined, own = [False] * len(items), list(labels)
    languages = [comment_language(item.text) for item in items]
    if backend is not None:
        # A model known to know only other languages gets no say: its reading would be noise
        # (the local SmolLM2 knows English only).
        heard = [not backend.known_not_to_write(language) for language in languages]
        try:
            _weigh_in(backend, items, probs, labels, refined, heard)
        except NotImplementedError:
            _ask_about_unsure(backend, items, probs, labels, refined, heard, uncertain_below)
    spam = [i for i, label in enumerate(labels) if label == "spam"]
    evidence: list[tuple[str, ...]] = [()] * len(items)
    for i, phrases in zip(spam, spam_phrases([items[i].text for i in spam])):
        evidence[i] = tuple(phrases)
    results = [_triaged(item, label, p, now, mine if was_refined else None, uncertain_below, why, language)
               for item, label, p, was_refined, mine, why, language
               in zip(items, labels, probs, refined, own, evidence, languages)]
    order = sorted(range(len(results)), key=lambda i: _sort_key(results[i], i))
    return [results[i] for i in order]


def _weigh_in(backend: Backend, items: list[InboxItem], probs: list[dict[str, float]], labels: list[str],
              refined: list[bool], heard: list[bool]) -> None:
    """The model's reading of every comment not labelled spam, weighed with the classifier's."""
    genuine = [i for i, label in enumerate(labels) if label != "spam" and heard[i]]
    for i, model_odds in zip(genuine, refine.odds(backend, [items[i].text for i in genuine])):
        if model_odds is None:
            continue
        labels[i], probs[i] = refine.weighed_label(probs[i], model_odds, items[i].text)
        refined[i] = True


def _ask_about_unsure(backend: Backend, items: list[InboxItem], probs: list[dict[str, float]], labels: list[str],
                      refined: list[bool], heard: list[bool], uncertain_below: float) -> None:
    unsure = [i for i, (p, label) in enumerate(zip(probs, labels))
              if (p[label] < uncertain_below or (label == "spam" and p[label] < HIDE_AT)) and heard[i]]
    for i, answer in zip(unsure, refine.ask(backend, [items[i].text for i in unsure])):
        # The LLM may say what a customer means, never that one is spam (see refine.SYSTEM).
        if answer is not None and answer != "spam":
            labels[i], refined[i] = answer, True


def _triaged(item: InboxItem, label: str, probs: dict[str, float], now: datetime, own_label: str | None,
             uncertain_below: float, evidence: tuple[str, ...], language: str) -> Triaged:
    """``own_label``: the classifier's label alone when the LLM was asked, else None."""
    created = _aware(item.created_at) if item.created_at else None
    # Hidden only when the classifier itself is sure: an LLM's "spam" on an uncertain comment
    # is a second opinion, not the strong evidence hiding a customer needs.
    hide = label == "spam" and probs["spam"] >= HIDE_AT
    line = reason(label, created, now, spam_signs=_spam_signs(item.text) if label == "spam" else None,
                  phrases=evidence, hide=hide)
    if label != "spam" and probs["spam"] >= SPAM_AT:
        line += f" (maybe spam: {probs['spam']:.0%}, but it reads like a customer)"
    if own_label is not None:
        line += " (checked by the LLM)" if label == own_label else f" (changed by the LLM's reading; alone: {own_label})"
    elif label == "question" and probs[label] < uncertain_below and asks(item.text):
        line += " (it asks something, in words that read as another label)"
    elif probs[label] < uncertain_below:
        line += f" (unsure: {probs[label]:.0%})"
    return Triaged(item=item, label=label, confidence=probs[label], language=language,
                   priority=MAYBE_SPAM if label == "spam" and not hide else priority(label, created, now),
                   reason=line, refined=own_label is not None, hide=hide,
                   evidence=evidence)


def not_spam(triaged: Triaged, label: str | None = None, *, now: datetime | None = None) -> Triaged:
    """``triaged`` brought back by a person: its likeliest genuine label (or ``label``), saved as a
    correction so that the next fit of the classifier learns from it."""
    from dataclasses import replace

    from . import corrections

    if label is None:  # what it reads as once spam is ruled out, a question when it asks one
        label = decide({**probabilities([triaged.item.text])[0], "spam": 0.0}, triaged.item.text)
    corrections.save(triaged.item.text, label)
    now = _aware(now or datetime.now(timezone.utc))
    created = _aware(triaged.item.created_at) if triaged.item.created_at else None
    return replace(triaged, label=label, confidence=1.0, hide=False, evidence=(),
                   priority=priority(label, created, now), reason=reason(label, created, now) + " (you said: not spam)")


def _spam_signs(text: str) -> list[str]:
    signs = [("link", URL), ("phone number", PHONE), ("money talk", MONEY), ("mixed Latin/Cyrillic letters",
                                                                              MIXED_SCRIPT)]
    return [name for name, pattern in signs if pattern.search(text)]


def _sort_key(result: Triaged, index: int) -> tuple[int, int, float, int]:
    created = result.item.created_at
    if created is None:
        return (result.priority, 1, 0.0, index)
    return (result.priority, 0, -_aware(created).timestamp(), index)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
