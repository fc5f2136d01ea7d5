"""A second opinion from the LLM on what each comment means.

Where the backend gives token log-probabilities (llama-server, OpenAI, the local backend), every
comment not labelled spam is read by the model, and how sure it is that the comment is negative,
positive or neutral is weighed against the classifier's probabilities (``weigh``): the two err
differently (the classifier knows its training tweets, the model knows the language), and
together they beat either alone (docs/models.md). Elsewhere one short prompt per uncertain
comment asks for one label word (``ask``); an answer that names no label (or a failed request)
leaves the classifier's label as it was.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import regex

from .classifier import asks, decide

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


ODDS_SYSTEM = (
    "You sort comments that people write to a company or about it on social media. "
    "Answer with one word: negative, positive or neutral. "
    "negative = a complaint, criticism or an unhappy, angry, sad or ironic message, even when polite. "
    "positive = praise, thanks, a compliment, joy or love that is meant. "
    "neutral = news, a plain question, information, anything else."
)
"""Sentiment words rather than the inbox's labels: a small model knows "negative" and "positive"
from everywhere, and each begins with its own token, so one token's probabilities say it all."""
_SENTIMENT = {"negative": "negative", "positive": "praise", "neutral": "other"}
WEIGHT = 0.5
"""The model's share in the weighed probabilities (a geometric mean with the classifier's).
Chosen on 700 real comments in three languages, measured on others (bench/inbox.py --llm):
0.3-0.6 all gained; with the answered examples 0.4-0.6 are within 0.02 of each other."""


ODDS_EXAMPLES = (
    ("Сбербанк с понедельника повышает ставки по вкладам до 16%", "neutral"),
    ("Третий день не могу дозвониться в поддержку, деньги списали дважды", "negative"),
    ("@katya_m ахах ну ты даёшь, завтра расскажешь", "neutral"),
    ("Спасибо за быструю доставку, всё пришло целым 🙏", "positive"),
    ("Il nuovo negozio apre lunedì alle 9 in via Roma", "neutral"),
    ("Ordine arrivato rotto e nessuno risponde alle mail", "negative"),
    ("Loved the new menu, the staff were so kind!", "positive"),
    ("Which stores still have the blue model in stock?", "neutral"),
)
"""Answered examples before each comment. Without them the model said "negative" to four Russian
comments in five (news, bank codes and banter alike, where three in ten are complaints); with
them, to under half, and its Russian complaint precision rose from 0.36 to 0.57 (docs/models.md).
No longer leaning towards complaints, its odds are weighed and then decided with the classifier's
own complaint weight, as the classifier's alone are. Written for this prompt, not taken from any
data measured on."""


def odds_messages(text: str) -> list[dict[str, str]]:
    shown: list[dict[str, str]] = [{"role": "system", "content": ODDS_SYSTEM}]
    for example, answer in ODDS_EXAMPLES:
        shown += [{"role": "user", "content": f"Comment: {example}\nAnswer:"}, {"role": "assistant", "content": answer}]
    return [*shown, {"role": "user", "content": f"Comment: {text[:MAX_CHARS]}\nAnswer:"}]


def sentiment_odds(first_tokens: dict[str, float]) -> dict[str, float] | None:
    """The probability of negative, praise and other from the log-probabilities of an answer's
    first tokens ("negative", " Negative", "neg" all count for negative), or None when no
    token begins one of the words."""
    mass = dict.fromkeys(_SENTIMENT.values(), 0.0)
    for token, logprob in first_tokens.items():
        piece = token.strip().lower()
        if len(piece) < 3:  # "ne" begins both "negative" and "neutral"
            continue
        for word, label in _SENTIMENT.items():
            if word.startswith(piece):
                mass[label] += math.exp(logprob)
    total = sum(mass.values())
    return {label: value / total for label, value in mass.items()} if total > 0 else None


def odds(backend: "Backend", texts: Sequence[str]) -> list[dict[str, float] | None]:
    """The model's probability of negative, praise and other for each text; None where it gave
    none. Raises NotImplementedError when the backend gives no token log-probabilities."""
    if not texts:
        return []
    answers = backend.first_token_logprobs([odds_messages(t) for t in texts])
    if all(isinstance(a, NotImplementedError) for a in answers):  # a server that ignores "logprobs"
        raise answers[0]
    return [None if isinstance(a, Exception) else sentiment_odds(a) for a in answers]


def weigh(probs: dict[str, float], model_odds: dict[str, float], weight: float = WEIGHT) -> dict[str, float]:
    """``probs`` (the classifier's, every label) with the model's ``model_odds`` weighed in: a
    weighted geometric mean of the two for negative, praise and the rest, the rest split between
    question and other as the classifier splits it. Spam keeps the classifier's probability: the
    model is not asked about it."""
    genuine = 1.0 - probs["spam"]
    rest = probs["question"] + probs["other"]
    own = {"negative": probs["negative"], "praise": probs["praise"], "other": rest}
    mixed = {label: math.exp((1 - weight) * math.log(own[label] / genuine + 1e-9)
                             + weight * math.log(model_odds[label] + 1e-9)) for label in own}
    total = sum(mixed.values())
    share = {label: value / total * genuine for label, value in mixed.items()}
    question = probs["question"] / rest if rest else 0.5
    return {"spam": probs["spam"], "negative": share["negative"], "praise": share["praise"],
            "question": share["other"] * question, "other": share["other"] * (1 - question)}


def weighed_label(probs: dict[str, float], model_odds: dict[str, float], text: str) -> tuple[str, dict[str, float]]:
    """The label of a comment the model has read, and the weighed probabilities. A question the
    classifier saw stays a question: the model has no word for one (a question is "neutral" to
    it), and "How much for a team of 8? Couldn't find the pricing" needs the price, not an apology.
    Spam is never the answer here: the model only says what a customer means."""
    weighed = weigh(probs, model_odds)
    own = decide(probs, text)
    if own == "question" and asks(text):
        return own, weighed
    return decide({**weighed, "spam": 0.0}, text), weighed
