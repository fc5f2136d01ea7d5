"""A second opinion from the LLM on the comments the classifier is unsure of.

One short prompt per uncertain comment asks for one label word; an answer that names no
label (or a failed request) leaves the classifier's label as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from ..llm.base import Backend

SYSTEM = (
    "You sort comments and direct messages that real customers send to a brand's social-media account. "
    "Answer with exactly one word: negative, question, praise or other. "
    "negative = a complaint or criticism, even when polite or ironic (\"thanks for nothing\"). "
    "question = asks the brand something. praise = thanks or compliments that are meant. "
    "other = anything else. Links, @mentions and hashtags are normal in customers' messages."
)
"""Spam is not offered: measured on real comments, a small model called three in four of them spam
(links and @mentions read as ads), so spam is the classifier's call alone, on its own evidence."""
MAX_CHARS = 600  # a long message says what it is in its first lines; keeps the prompt small

# Words a model answers with instead of the label itself.
_WORDS = {"spam": "spam", "scam": "spam", "ad": "spam", "negative": "negative", "complaint": "negative",
          "criticism": "negative", "question": "question", "praise": "praise", "positive": "praise",
          "compliment": "praise", "thanks": "praise", "other": "other", "neutral": "other"}
_WORD = regex.compile(r"\p{L}+")


def messages(text: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"Comment: {text[:MAX_CHARS]}\nLabel:"}]


def parse_label(answer: str) -> str | None:
    """The first label word in ``answer`` ("Negative." -> "negative"), or None."""
    for word in _WORD.findall(answer.lower()):
        if word in _WORDS:
            return _WORDS[word]
    return None


def ask(backend: "Backend", texts: Sequence[str]) -> list[str | None]:
    """The LLM's label for each text, None where it gave none."""
    if not texts:
        return []
    answers = backend.complete_many([messages(t) for t in texts], max_tokens=6, temperature=0.0, seed=0)
    # A failed request comes back as its exception: that comment keeps the classifier's label.
    return [None if isinstance(a, Exception) else parse_label(a.text) for a in answers]
