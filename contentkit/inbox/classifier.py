"""The offline comment classifier: real labelled messages shipped with the package, fitted on first use.

Two linear models share one set of features:
- the spam model (spam or genuine) learns from real comments and messages: the UCI YouTube
  Spam Collection (files 01-04) and the first 4,000 messages of the UCI SMS Spam Collection,
  with genuine tweets (xlm-t en/it, VADER) and Russian social-media sentences (UD Taiga) as
  the genuine side, and the hand-written examples;
- the label model (negative / question / praise / other) learns from human-labelled tweets in
  English and Italian (xlm-t, VADER), Russian press sentences (OpenSentimentCorpus), Instagram
  sentences with a clear emoji or emoticon (distant supervision, Russian), the genuine messages
  and neutral tweets that ask something (distant supervision by form: questions) and the
  hand-written examples.
``contentkit/data/inbox/`` holds them all (sources and licences: docs/licences/inbox-data.md);
corrections a manager made on the Inbox page (``corrections``) are added at the next fit.

A comment is judged without its links, @handles, phone numbers and hashtag signs
(``judged_text``): "@airline my flight was cancelled, see http://..." is a customer talking to
the brand, and only wording can tell spam from them. Fitting takes a few seconds once
per process: a pickled model would tie the package to one scikit-learn version.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import regex

from . import corrections
from .signals import ASKING_START, MENTION, NAMES, URL, signals

LABELS = ("spam", "negative", "question", "praise", "other")
GENUINE_LABELS = LABELS[1:]
EXAMPLES = "data/inbox/examples.jsonl"
REAL_SPAM = "data/inbox/real_spam.jsonl"
REAL_SENTIMENT = "data/inbox/real_sentiment.jsonl"
PRESS_SOURCES = frozenset({"opensentimentcorpus"})
"""Sources of real_sentiment.jsonl that are no messages: the label model learns from them, the
spam model does not (docs/licences/inbox-data.md)."""
LABEL_ONLY_SOURCES = PRESS_SOURCES | {"uniba-enti-train", "happy-parents"}
"""Sources the spam model does not learn from: the press, and tweets of one topic each (Italian
agencies' bonuses in euro, parenthood). As "not spam" they taught it that "Guadagna 500€ al
giorno da casa!!" is a genuine message (spam 0.71)."""

SPAM_AT = 0.8
"""A comment is labelled spam from this probability of spam on. Chosen among 0.5-0.98 on the real
held-out data of bench/inbox.py (about 1 genuine message in 200 above it, spam F1 0.90 on the spam
collections): those figures helped pick it, so they are not wholly independent of it."""
HIDE_AT = 0.95
""""hide" is suggested only from this probability on (about 1 genuine message in 700 on the same
held-out data, chosen the same way); spam below it is left for a person to review."""
CORRECTION_WEIGHT = 5.0
"""A manager's correction counts as five examples: a handful must be able to move the model."""

PHRASE_WEIGHT = 0.5
"""A phrase is named as spam evidence when it adds at least this much to the spam model's log-odds."""

NO_WORDS_SPAM = 0.5
"""The most spam a comment without a single word can be: not enough to label it so."""
_LETTER = regex.compile(r"\p{L}")
_LEADING_HANDLES = regex.compile(r"^(?:\s*[@＠][\w.]+[:,]?)+\s*")
# A phone number, or any long run of digits (SMS short codes, order numbers): contact details.
_NUMBER = regex.compile(r"\+?\d[\d\s().-]{5,}\d")
_TOKEN = regex.compile(r"[\p{L}\p{M}']+|\d+|[^\s\p{L}\p{N}]")
_REPEATS = regex.compile(r"(.)\1{2,}")


def judged_text(text: str) -> str:
    """What is judged of a comment: its words, without links, @handles, phone numbers and the "#"
    of hashtags. Each of those is how a customer reaches the brand as often as how a spammer
    sells, so none is evidence of spam by itself; the wording around them is."""
    text = _LEADING_HANDLES.sub("", text, count=1)
    text = URL.sub(" ", text)
    text = MENTION.sub(" ", text)
    text = _NUMBER.sub(" ", text)
    return text.replace("#", " ").strip()


def normalise(text: str) -> str:
    """Lower case, links and mentions as placeholders, digits as 0, 'sooooo' as 'soo'."""
    text = URL.sub(" urlx ", text)
    text = MENTION.sub(" @user ", text)
    text = regex.sub(r"\d", "0", text.lower())
    return _REPEATS.sub(r"\1\1", text)


def _lower(text: str) -> str:
    """Lower case, digits as 0, 'sooooo' as 'soo': the spellings of one word made one."""
    return _REPEATS.sub(r"\1\1", _DIGIT.sub("0", text.lower()))


_DIGIT = regex.compile(r"\d")


def words(text: str) -> list[str]:
    return _TOKEN.findall(text)


def load_examples() -> list[dict[str, Any]]:
    """The hand-written examples: dicts with text, label, lang."""
    return _jsonl(EXAMPLES)


def _jsonl(name: str) -> list[dict[str, Any]]:
    raw = resources.files("contentkit").joinpath(name).read_text("utf-8")
    return [json.loads(line) for line in raw.splitlines() if line.strip()]


@dataclass(frozen=True)
class TrainingSet:
    """Texts with a spam flag for the spam model, and the rows with a label for the label model."""

    texts: list[str]
    spam: list[bool]
    labels: list[str | None]
    weights: list[float]
    corrections: list[dict[str, str]]
    comments: list[bool] | None = None
    """Whether each row is a message someone sent (None: all are): the spam model learns from those."""


def training_set() -> TrainingSet:
    """Every shipped example plus the manager's corrections."""
    rows: list[tuple[str, bool, str | None, float, bool]] = []
    for e in load_examples():
        rows.append((e["text"], e["label"] == "spam", None if e["label"] == "spam" else e["label"], 1.0, True))
    for r in _jsonl(REAL_SPAM):
        # A genuine message that asks something is a real question (distant supervision by its
        # form): without them the question class learned only from short invented examples, and
        # any long message could not be one ("Hello! Do you have English lessons for a 12 year
        # old…? What does it cost?" read as a complaint).
        label = r.get("label") or ("question" if not r["spam"] and asks(r["text"]) else None)
        rows.append((r["text"], bool(r["spam"]), label, 1.0, True))
    for r in _jsonl(REAL_SENTIMENT):
        # A neutral tweet that asks is a question; one with a question mark that does not may
        # still be one: left out of the label model rather than taught as "other".
        label = r["label"]
        if label == "other" and "?" in r["text"]:
            label = "question" if r["source"] not in PRESS_SOURCES and asks(r["text"]) else None
        # Sentences of the press teach praise and complaint words, not what a message looks
        # like: five thousand of them as "not spam" moved every comment's spam odds.
        rows.append((r["text"], False, label, 1.0, r["source"] not in LABEL_ONLY_SOURCES))
    saved = corrections.load()
    for c in saved:
        rows.append((c["text"], c["label"] == "spam", None if c["label"] == "spam" else c["label"], CORRECTION_WEIGHT,
                     True))
    return TrainingSet([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows], saved,
                       [r[4] for r in rows])


def _key(text: str) -> str:
    return " ".join(_lower(judged_text(text)).split())


class Models:
    """The shared features and the two fitted models."""

    def __init__(self) -> None:
        from scipy import sparse
        from sklearn.feature_extraction.text import TfidfVectorizer

        self._sparse = sparse
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 4), lowercase=False, sublinear_tf=True,
                                     min_df=2, dtype=_float32())
        # Words, and each emoji or punctuation mark as a word of its own ("!!!", "😍").
        self.words = TfidfVectorizer(analyzer="word", token_pattern=r"(?u)\w+|[^\w\s]", ngram_range=(1, 2),
                                     lowercase=False, sublinear_tf=True, dtype=_float32())
        self.spam: Any = None
        self.labels: Any = None
        self._phrase_names: Any = None
        self.remembered: dict[str, str] = {}
        """The manager's corrections by judged text: the same message again gets the same label."""

    def features(self, texts: Sequence[str], *, fit: bool = False) -> Any:
        import numpy as np

        judged = [judged_text(t) for t in texts]
        normal = [_lower(t) for t in judged]
        # Words keep their digits ("follow4follow"): a phrase named as evidence reads as written.
        spelled = [_REPEATS.sub(r"\1\1", t.lower()) for t in judged]
        chars = self.chars.fit_transform(normal) if fit else self.chars.transform(normal)
        tokens = self.words.fit_transform(spelled) if fit else self.words.transform(spelled)
        cheap = self._sparse.csr_matrix(np.array([signals(t) for t in judged], dtype=np.float32).reshape(-1, len(NAMES)))
        return self._sparse.hstack([chars, tokens, cheap]).tocsr()

    def fit(self, data: TrainingSet) -> Models:
        import numpy as np
        from sklearn.linear_model import LogisticRegression, SGDClassifier

        x = self.features(data.texts, fit=True)
        weights = np.array(data.weights)
        sent = (np.flatnonzero(np.array(data.comments, dtype=bool)) if data.comments is not None
                else np.arange(len(weights)))
        self.spam = LogisticRegression(C=10.0, max_iter=2000, class_weight="balanced")
        self.spam.fit(x[sent], np.array(data.spam)[sent], sample_weight=weights[sent])
        rows = np.array([i for i, label in enumerate(data.labels) if label is not None])
        # Stochastic gradient: the four-class fit on ~14,000 texts in about a second, where
        # lbfgs takes several; its probabilities are as good on the held-out tweets.
        self.labels = SGDClassifier(loss="log_loss", alpha=1e-5, class_weight="balanced", max_iter=30, tol=None,
                                    random_state=0)
        self.labels.fit(x[rows], np.array([data.labels[i] for i in rows]), sample_weight=weights[rows])
        self.remembered = {_key(c["text"]): c["label"] for c in data.corrections}
        return self

    def probabilities(self, texts: Sequence[str]) -> list[dict[str, float]]:
        import numpy as np

        x = self.features(texts)
        spam = self.spam.predict_proba(x)[:, list(self.spam.classes_).index(True)].astype(float)
        # No word left once links, handles and numbers are set aside ("26.", "😍😍", a bare link):
        # nothing to judge, so never spam; the model's bias alone would say otherwise.
        wordless = np.array([not _LETTER.search(judged_text(t)) for t in texts])
        spam = np.where(wordless, np.minimum(spam, NO_WORDS_SPAM), spam)
        genuine = self.labels.predict_proba(x).astype(float)
        genuine /= genuine.sum(axis=1, keepdims=True)  # float32 features leave sums a hair off 1
        classes = list(self.labels.classes_)
        found = [{"spam": float(s), **{label: float((1 - s) * row[classes.index(label)]) for label in GENUINE_LABELS}}
                 for s, row in zip(spam, genuine)]
        for i, text in enumerate(texts):
            # A corrected message weighs five examples in the fit, which may not outvote the
            # rest; the same message again must still come back as the manager said.
            label = self.remembered.get(_key(text))
            if label is not None:
                found[i] = {other: float(other == label) for other in LABELS}
        return found

    def spam_phrases(self, texts: Sequence[str], k: int = 3) -> list[list[str]]:
        """For each text, the word n-grams that pushed it most towards spam, strongest first."""
        import numpy as np

        rows = self.words.transform([_REPEATS.sub(r"\1\1", judged_text(t).lower()) for t in texts]).tocsr()
        offset = len(self.chars.vocabulary_)
        coef = self.spam.coef_[0][offset:offset + rows.shape[1]]
        if list(self.spam.classes_).index(True) == 0:
            coef = -coef
        if self._phrase_names is None:  # built once: 100,000 names take a moment
            self._phrase_names = self.words.get_feature_names_out()
        found = []
        for row in rows:
            weights = row.data * coef[row.indices]
            order = np.argsort(weights)[::-1]
            # Only phrases that weigh: a spam's "and" or "my" pushes it a hair, which explains nothing.
            phrases = [str(self._phrase_names[row.indices[i]]) for i in order if weights[i] >= PHRASE_WEIGHT]
            found.append([p for p in phrases if _telling(p)][:k])
        return found


def _telling(phrase: str) -> bool:
    """False for a phrase of short words only ("в", "to"): true of spam, but no reason to show a person."""
    return any(len(token) > 2 or not token.isalnum() for token in phrase.split())


def _float32() -> Any:
    import numpy as np

    return np.float32


@lru_cache(maxsize=2)
def _fitted(stamp: tuple[int, int] | None) -> Models:
    from threadpoolctl import threadpool_limits

    data = training_set()
    models = Models()  # first, so that the BLAS libraries it loads are there to limit
    # One BLAS thread: on a busy two-core machine the default pool makes this fit 10x slower.
    with threadpool_limits(1):
        return models.fit(data)


def fitted() -> Models:
    """The models fitted on the shipped data and the saved corrections; refitted when corrections change."""
    return _fitted(corrections.stamp())


def probabilities(texts: Sequence[str]) -> list[dict[str, float]]:
    """For each text, the probability of every label (spam, and each genuine label times 1 - spam)."""
    if not texts:
        return []
    return fitted().probabilities(list(texts))


CUSTOMER_AT = 0.6
"""Spam not sure enough to hide whose words read, with this probability or more among the genuine
labels, as a complaint or a question (the two together: a complaint that asks reads as both), is
labelled that: a customer waiting is worse than spam shown."""


COMPLAINT_WEIGHT = 1.5
"""A complaint is chosen over another genuine label from two thirds of that label's probability: a
missed complaint waits behind praise, a false one costs a manager a glance. The label model learned
from tweets and sentences where complaints are one class in four; in a brand's inbox they are more
(63% of the airline tweets), and customers complain by describing ("flight delayed 3 hours") more
than with words of sentiment. 1.5 rather than 2: at 2, "Саша молодец! Мой тоже хочет…" (praise
0.62, complaint 0.32) turned into a complaint. Figures of both in docs/models.md."""


def _genuine(probs: dict[str, float]) -> str:
    return max(GENUINE_LABELS, key=lambda label: probs[label] * (COMPLAINT_WEIGHT if label == "negative" else 1.0))


def asks(text: str) -> bool:
    """Whether ``text`` puts a direct question ("Do you have oat milk?", "А когда вы открываетесь?"):
    a sentence that opens as a question does and ends in "?"."""
    return any(ASKING_START.search(sentence) for sentence in _QUESTION_SENTENCE.findall(judged_text(text)))


_QUESTION_SENTENCE = regex.compile(r"[^.!?\n]*\?")


def decide(probs: dict[str, float], text: str = "") -> str:
    """The label for one comment's probabilities: spam only from SPAM_AT on (and below HIDE_AT only
    when it does not read as a complaint or a question), else the likeliest genuine label, a
    complaint weighed COMPLAINT_WEIGHT times; one that reads as praise or nothing in
    particular but ``asks`` something is a question, since someone waits for the answer ("Do you
    have oat milk? I'd love to try…")."""
    genuine = _genuine(probs)
    if genuine in ("praise", "other") and text and asks(text):
        genuine = "question"
    if probs["spam"] >= HIDE_AT:
        return "spam"
    if probs["spam"] >= SPAM_AT:
        customer = (genuine in ("negative", "question")
                    and probs["negative"] + probs["question"] >= CUSTOMER_AT * (1 - probs["spam"]))
        return genuine if customer else "spam"
    return genuine


def spam_phrases(texts: Sequence[str], k: int = 3) -> list[list[str]]:
    """For each text, the phrases the spam model weighs most as spam (at most ``k``)."""
    return fitted().spam_phrases(list(texts), k) if texts else []
