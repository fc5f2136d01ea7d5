"""The protocol every LLM backend follows: chat messages in, text out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

Messages = list[dict[str, str]]
"""OpenAI-style chat messages: [{"role": "system"|"user"|"assistant", "content": "..."}]."""


@dataclass(frozen=True)
class Completion:
    text: str
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    finish_reason: str | None = None
    mean_logprob: float | None = None
    """The mean log-probability of the reply's tokens, where the server gives them."""


class Backend(ABC):
    """A way to reach a language model.

    Subclasses describe themselves in class attributes (as simonw/llm models do) and are
    registered under the ``contentkit.backends`` entry-point group. ``__init__`` only stores
    settings: no network, no model loading until the first request.
    """

    id: ClassVar[str]
    needs_key: ClassVar[bool] = False
    key_env_var: ClassVar[str | None] = None
    default_model: ClassVar[str]
    structured: ClassVar[bool] = False
    """True when ``json_mode`` may be a JSON schema the reply is held to (a grammar on
    llama-server, structured output on OpenAI): posts are then asked for as a format's fields."""
    concurrent: ClassVar[bool] = False
    """True when requests wait on a server (I/O-bound): a plan then keeps many in flight from
    threads. False for in-process models, which a plan feeds in batches instead."""

    model: str

    @abstractmethod
    def complete(
        self,
        messages: Messages,
        *,
        max_tokens: int = 400,
        temperature: float = 0.7,
        json_mode: bool | dict[str, Any] = False,
        seed: int | None = None,
    ) -> Completion:
        """One reply to one conversation. ``json_mode``: True for any JSON object, or a JSON
        schema the reply must follow (where the backend is ``structured``)."""

    def complete_many(
        self,
        conversations: Sequence[Messages],
        *,
        max_tokens: int = 400,
        temperature: float = 0.7,
        json_mode: bool | dict[str, Any] = False,
        seed: int | None = None,
    ) -> list[Completion | Exception]:
        """Replies to many conversations, in order; a failed one is its exception.

        Backends override this to run concurrently (openai) or batched (local).
        """
        results: list[Completion | Exception] = []
        for messages in conversations:
            try:
                results.append(self.complete(messages, max_tokens=max_tokens, temperature=temperature,
                                             json_mode=json_mode, seed=seed))
            except Exception as exc:  # noqa: BLE001 - one failure must not sink the batch
                results.append(exc)
        return results

    def first_token_logprobs(self, conversations: Sequence[Messages], *,
                             top: int = 20) -> list[dict[str, float] | Exception]:
        """For each conversation, the log-probabilities of the ``top`` likeliest first tokens of
        the reply ({"negative": -0.2, "neutral": -1.9, ...}); a failed one is its exception.

        How sure a model is of each answer, not just which one it gives: the inbox weighs a
        model's reading of a comment against the classifier's with it. Backends that cannot
        say raise NotImplementedError; a server that ignores the request gives one in place.
        """
        raise NotImplementedError(f"the {self.id} backend does not give token log-probabilities")

    def stream(
        self,
        messages: Messages,
        *,
        max_tokens: int = 400,
        temperature: float = 0.7,
        seed: int | None = None,
    ) -> Iterator[str]:
        """Text pieces as they are generated; by default the whole reply at once."""
        yield self.complete(messages, max_tokens=max_tokens, temperature=temperature, seed=seed).text

    def describe(self) -> str:
        return f"{self.id}:{self.model}"

    def interrupt(self) -> None:
        """Ctrl-C: stop what is in flight and ask nothing more. Requests under way may end
        with an error; whoever stopped the work drops them rather than record them."""
        self.interrupted = True

    interrupted = False
    """Set by ``interrupt``: no request is sent after it."""

    def check_ready(self) -> None:
        """Raise BackendError when no request could succeed (no key, no server named), so
        that a batch stops once before its first request instead of failing every post."""

    def languages(self) -> frozenset[str] | None:
        """The languages the model is known to write well, or None when that is not known.

        Drafts in any other language carry a warning: a checked-but-weak text should say so.
        """
        return None

    def known_not_to_write(self, language: str) -> bool:
        """True when the model is known to write only other languages than ``language``."""
        known = self.languages()
        return known is not None and bool(language) and language not in known

    def writes_replies(self, language: str) -> bool:
        """Whether a reply to a complaint or a compliment in ``language`` is the model's to
        write; where it is not, the reply is the profile's own words (the small embedded
        models' Italian and Russian replies were mostly nonsense, docs/models.md)."""
        return not self.known_not_to_write(language)

    def answers_questions(self) -> bool:
        """Whether the model may answer a question the profile has no answer to; where it
        may not, the reply asks the commenter to write in private and waits for a person."""
        return True

    def ideates(self) -> bool:
        """Whether plans ask this model for topic ideas. A small model's ideas are vague or
        repeat each other (docs/models.md), so plans then take topics from the profile and
        the brand's best past posts instead."""
        return True

    def plans_topics_in(self, language: str) -> bool:
        """True when a plan should let the model choose topics in ``language``."""
        return self.ideates() and not self.known_not_to_write(language)
