"""A scripted in-memory backend for tests and demos: replies are queued, prompts recorded."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import ClassVar

from .base import Backend, Completion, Messages

Reply = str | Exception | Callable[[Messages], str]


class FakeBackend(Backend):
    """Answers from a queue (or a function of the messages); records every prompt it gets.

    When the queue runs dry it repeats ``default`` so long batches need not script everything.
    """

    id: ClassVar[str] = "fake"
    default_model: ClassVar[str] = "fake-model"

    def __init__(self, replies: Iterable[Reply] = (), *, default: Reply = "A short draft.",
                 model: str | None = None) -> None:
        self.replies: deque[Reply] = deque(replies)
        self.default = default
        self.model = model or self.default_model
        self.prompts: list[Messages] = []

    def queue(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def complete(self, messages: Messages, *, max_tokens: int = 400, temperature: float = 0.7,
                 json_mode: bool = False, seed: int | None = None) -> Completion:
        self.prompts.append(messages)
        reply = self.replies.popleft() if self.replies else self.default
        if isinstance(reply, Exception):
            raise reply
        text = reply(messages) if callable(reply) else reply
        return Completion(text=text, model=self.model, completion_tokens=len(text.split()))

    def stream(self, messages: Messages, *, max_tokens: int = 400, temperature: float = 0.7,
               seed: int | None = None) -> Iterator[str]:
        text = self.complete(messages, max_tokens=max_tokens, temperature=temperature, seed=seed).text
        for start in range(0, len(text), 8):
            yield text[start:start + 8]
