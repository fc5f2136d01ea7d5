"""Post formats a small model can fill: a few short fields, filled as JSON under a grammar,
then assembled by code into the platform's shape.

A 1.5B model asked for "a post" writes a document: a title, headings, a list, a preamble
("Ecco il post:"), code. Asked for a hook of a dozen words and two sentences, under a JSON
schema whose strings cannot hold a newline, a '#', a '*' or a link, it cannot write any of
those: the form is ours, the model only writes sentences.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass, replace
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..brand import BrandProfile, Pillar

# No newline (headings, lists, a second post), no markdown or code, no hashtags: those are the
# code's to add. Apostrophes, quotes, dashes, emoji and « » stay, and so do "@" and "/": a fact
# may hold the brand's e-mail or site, and the checks remove any the profile does not give.
_TEXT = r"^[^\n\r\t#*_`{}<>|\[\]\\~^=]+$"


@dataclass(frozen=True)
class Field:
    name: str
    ask: str
    """What goes in the field, said to the model."""
    max_chars: int
    items: tuple[int, int] | None = None
    """(fewest, most) for a list field; None for one string."""
    grounded: tuple[int, int] | None = None
    """(fewest, most) facts the field is made of, chosen by the model among the post's facts
    word for word, where the post has facts; None for a field the model writes."""
    ask_facts: str = ""
    """What goes in a grounded field, said to the model when it chooses among facts."""
    questions: bool = False
    """A grounded field of the brand's own questions (facts ending in "?"); the other grounded
    fields take only statements: a body of questions answers nothing."""
    stock: bool = False
    """Where the brand has no question on the topic, the field takes one of
    :data:`STOCK_QUESTIONS` rather than the model's own."""

    def pool(self, facts: Sequence[str]) -> list[str]:
        """The facts this field may hold; none: the model writes it."""
        if not self.grounded:
            return []
        return [f for f in facts if f.rstrip().endswith("?") == self.questions]

    def schema(self, facts: Sequence[str] = (), most: int | None = None) -> dict[str, Any]:
        """The field's JSON schema; ``most`` caps the facts a grounded field takes."""
        pool = self.pool(facts)
        if pool:
            fewest, most = (self.grounded or (1, 1))[0], min(most or 99, (self.grounded or (1, 1))[1])
            chosen = {"type": "string", "enum": pool}
            return {"type": "array", "items": chosen, "minItems": min(fewest, len(pool)),
                    "maxItems": min(most, len(pool))}
        text = {"type": "string", "minLength": 3, "maxLength": self.max_chars, "pattern": _TEXT}
        if self.items is None:
            return text
        return {"type": "array", "items": text, "minItems": self.items[0], "maxItems": self.items[1]}

    def chars(self, facts: Sequence[str] = (), most: int | None = None) -> int:
        """The longest answer the field can hold."""
        pool = self.pool(facts)
        if pool and self.grounded:
            most = min(most or 99, self.grounded[1])
            return sum(sorted(map(len, pool), reverse=True)[:most]) + 8 * most
        return self.max_chars * (self.items[1] if self.items else 1)


@dataclass(frozen=True)
class Format:
    id: str
    name: str
    """What a manager calls it, shown in the plan."""
    brief: str
    """What the post does, said to the model."""
    fields: tuple[Field, ...]
    call_to_action: bool = True

    def told_only(self, facts: Sequence[str]) -> Format:
        """This format with nothing the model would write alone where its body could be facts:
        a grounded field with no fact to hold is left out, and when none has any, every field
        is (the post is then its topic and call to action, for a person to write). For a model
        whose own sentences were graded a rewrite or worse most of the time."""
        if not any(f.grounded for f in self.fields):
            return self
        kept = tuple(f for f in self.fields if not f.grounded or f.pool(facts))
        if not any(f.pool(facts) for f in kept):
            kept = ()
        return replace(self, fields=kept)

    def asked(self, facts: Sequence[str] = ()) -> tuple[Field, ...]:
        """The fields the model fills. Where the body is made of facts, the hook is not asked
        for: the topic is the post's first line. On the embedded model a free hook was the
        post's worst line ("un posto per tastare specialty coffee e farmacia al bancone")."""
        if self.grounded(facts):
            return tuple(f for f in self.fields if f.name != "hook")
        return self.fields

    def schema(self, facts: Sequence[str] = (), most: int | None = None) -> dict[str, Any]:
        """The JSON schema of a reply; with ``facts``, grounded fields may hold only those (at
        most ``most`` each)."""
        fields = self.asked(facts)
        return {"type": "object", "properties": {f.name: f.schema(facts, most) for f in fields},
                "required": [f.name for f in fields], "additionalProperties": False}

    def budget(self, facts: Sequence[str] = (), most: int | None = None) -> int:
        """Tokens for a filled schema: the longest answer in a Cyrillic script (about three
        characters a token) and the JSON around it, so a reply ends on its own."""
        fields = self.asked(facts)
        chars = sum(f.chars(facts, most) for f in fields)
        return chars // 3 + 12 * len(fields) + 16

    def grounded(self, facts: Sequence[str]) -> bool:
        """Whether some field is made of ``facts`` rather than written by the model."""
        return any(f.pool(facts) for f in self.fields)


_HOOK = Field("hook", "the first line: makes the reader stop scrolling, at most 12 words", 90)

_FACTS = "the facts that say it best, copied word for word from the list"

# A question to the readers that the model writes itself went wrong one time in three in
# Italian and Russian ("Cosa vuoi dire al tuo pubblico?", "Какой из этих фактов…" with no list):
# these are asked instead where the brand's own posts hold no question on the topic.
STOCK_QUESTIONS: dict[str, tuple[str, ...]] = {
    "it": ("E tu, cosa ne pensi?", "Ti è mai capitato?", "E tu come fai?"),
    "en": ("What do you think?", "Has this happened to you?", "How do you do it?"),
    "ru": ("А вы что думаете?", "Знакомо?", "А как у вас?"),
    "es": ("¿Y tú qué opinas?", "¿Te ha pasado?", "¿Y tú cómo lo haces?"),
    "fr": ("Et vous, qu'en pensez-vous ?", "Ça vous est déjà arrivé ?", "Et vous, comment faites-vous ?"),
    "de": ("Was meint ihr?", "Kennt ihr das?", "Wie macht ihr das?"),
}

FORMATS: dict[str, Format] = {f.id: f for f in [
    Format("tip", "tip", "a practical tip or how-to on the topic",
           (_HOOK, Field("steps", "two or three short practical steps on the topic, a few words each", 90, (2, 3),
                         grounded=(1, 2), ask_facts="one or two facts that are practical advice on the topic, "
                                                    "copied word for word from the list"))),
    Format("question", "question to the audience", "a question that invites readers to answer in the comments",
           (_HOOK, Field("context", "one sentence on the topic", 160, grounded=(1, 1),
                         ask_facts="the one fact closest to the topic, copied word for word from the list"),
            Field("question", "one question to the readers, ending with a question mark", 110, grounded=(1, 1),
                  questions=True, stock=True, ask_facts="the one question from the list readers can answer best, "
                                                        "copied word for word")),
           call_to_action=False),
    Format("behind_the_scenes", "behind the scenes", "a moment behind the scenes, told from the facts",
           (_HOOK, Field("moment", "one or two sentences: what happens and who does it, from the facts", 200,
                         grounded=(1, 2), ask_facts=f"one or two facts about what happens and who does it: {_FACTS}"))),
    Format("announcement", "announcement", "news the facts state, said plainly",
           (_HOOK, Field("news", "one sentence that says the news, from the facts", 180,
                         grounded=(1, 2), ask_facts=f"one or two facts that say the news: {_FACTS}"))),
    Format("story", "customer story", "a short story of a customer or the team, taken from the facts",
           (_HOOK, Field("story", "one or two sentences telling what happened, from the facts", 200,
                         grounded=(1, 2), ask_facts=f"one or two facts that tell the story: {_FACTS}"))),
    Format("myth_fact", "myth vs fact", "a common belief about the topic and the truth",
           (Field("myth", "a common belief about the topic, one sentence", 110),
            Field("fact", "the truth, in one sentence", 180, grounded=(1, 1),
                  ask_facts="the one fact that shows the truth, copied word for word from the list"))),
    Format("poll", "poll", "a poll: one question and short answers to choose from",
           (Field("question", "the poll question, ending with a question mark", 110),
            Field("options", "two to four short answers to choose from, a few words each", 40, (2, 4))),
           call_to_action=False),
    Format("faq", "answer to a frequent question", "a question readers often ask, and our answer",
           (Field("question", "the question a reader asks, ending with a question mark", 110, grounded=(1, 1),
                  questions=True, ask_facts="the question from the list that the facts answer, copied word for word"),
            Field("answer", "our answer in one or two sentences, from the facts", 220, grounded=(1, 2),
                  ask_facts=f"one or two facts that answer it: {_FACTS}"))),
]}

# Myth vs fact is not offered by default: on the embedded model 37 of 39 graded ones were a
# rewrite or worse (the brand's own point called a myth, a fact that says nothing). Nor is the
# poll: its question and options are the model's own words, and 36 of 40 graded polls were C
# or D (contests a school never held, options that answer nothing). A profile may still ask.
_BY_LAYOUT = {
    "carousel": ("tip",),
    "photo": ("behind_the_scenes", "story"),
    "announcement": ("announcement",),
    "quote": ("question",),
    "story": ("story", "behind_the_scenes"),
}
_DEFAULT = ("tip", "question", "behind_the_scenes")


def get_format(format_id: str) -> Format:
    from ..errors import ContentkitError

    try:
        return FORMATS[format_id]
    except KeyError:
        raise ContentkitError(f"unknown post format '{format_id}'", field="format",
                              hint=f"one of: {', '.join(FORMATS)}") from None


def pillar_formats(pillar: Pillar | None) -> tuple[str, ...]:
    """The formats a pillar's slots take in turn: its own list, else what suits its layout."""
    return tuple(getattr(pillar, "formats", None) or ()) or _BY_LAYOUT.get(getattr(pillar, "layout", None) or "",
                                                                           _DEFAULT)


def choose_format(pillar: Pillar | None, topic: str) -> str:
    """The format of a slot: the pillar's own list (brand.yaml ``formats``) or what suits its
    layout, one picked by the topic so a plan varies and a rerun picks the same."""
    choices = pillar_formats(pillar)
    return choices[zlib.crc32(topic.encode("utf-8")) % len(choices)]


def parse_fields(reply: str, fmt: Format, facts: Sequence[str] = ()) -> dict[str, str | list[str]] | None:
    """The fields of a reply that filled ``fmt``, or None when it is not that JSON. A grounded
    field (where ``facts`` were given) is a list of facts, each at most once, in the order
    chosen; one that holds anything but those facts is not the format's."""
    try:
        data = json.loads(reply)
    except ValueError:
        match = re.search(r"\{.*\}", reply, re.DOTALL)  # a server that ignored the schema
        try:
            data = json.loads(match.group(0)) if match else None
        except ValueError:
            return None
    if not isinstance(data, dict):
        return None
    fields: dict[str, str | list[str]] = {}
    for field in fmt.asked(facts):
        value = data.get(field.name)
        pool = field.pool(facts)
        if field.items is not None or pool:
            items = [" ".join(str(v).split()) for v in value] if isinstance(value, list) else []
            value = list(dict.fromkeys(v for v in items if v))
            if not value or (pool and not set(value) <= set(pool)):
                return None
        else:
            value = " ".join(str(value or "").split())
            if not value:
                return None
        fields[field.name] = value
    return fields


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?…»\"”)" or _ends_in_emoji(text) else f"{text}."


def _ends_in_emoji(text: str) -> bool:
    return ord(text[-1]) > 0x2100


_MYTH = {"it": ("Mito", "Realtà"), "ru": ("Миф", "Факт"), "en": ("Myth", "Fact"), "es": ("Mito", "Realidad"),
         "fr": ("Mythe", "Réalité"), "de": ("Mythos", "Fakt"), "pt": ("Mito", "Verdade"), "uk": ("Міф", "Факт")}


def assemble(fmt: Format, fields: dict[str, str | list[str]], call_to_action: str | None = None,
             language: str = "en", title: str = "", facts: Sequence[str] = ()) -> str:
    """The post as it is published: fields in the format's order and shape, the profile's call
    to action last; ``facts``: the grounded fields hold facts, told one after another, and
    ``title`` (the topic) stands in for the hook the model was not asked for."""
    parts: list[str] = []
    told = " ".join(v if isinstance(v, str) else " ".join(v) for v in fields.values()).lower()
    if title and "hook" not in fields and not told.startswith(title.lower()):  # the topic, not said twice
        parts.append(title[0].upper() + title[1:])
    for field in fmt.fields:
        if field.name not in fields:  # the hook of a post made of facts, or a field left out
            continue
        value = fields[field.name]
        if isinstance(value, list) and (field.items is None or field.pool(facts)):
            # Facts told one after another: the brand's sentences were not written as a
            # list's items, and "• Ребёнок путает do и does?" is no step.
            parts.append(" ".join(_sentence(item) for item in value))
        elif isinstance(value, list):
            parts.append("\n".join(f"• {item.rstrip('.;')}" for item in value))
        elif field.name in ("hook", "question"):
            parts.append(value.strip())
        else:
            parts.append(_sentence(value))
    if fmt.id == "myth_fact":
        myth, fact = _MYTH.get(language, _MYTH["en"])
        parts = [f"{myth}: {parts[0]}", f"{fact}: {parts[1]}"]
    # The question of a "question" post ends it: a call to action after it would bury it.
    if call_to_action and fmt.call_to_action:
        parts.append(call_to_action)
    return "\n\n".join(p for p in parts if p)
