"""Checks and repairs that make a model's answer into a reply a brand can post under a comment.

The post checks (``contentkit.checks``) do most of the work: wrapping, special tokens,
foreign scripts, stray English, invented prices, chat-assistant talk, banned words, the
language. A reply adds its own: no hashtags at all, at most three sentences, and no time,
deadline or promise (a refund, a free coffee) that the profile does not state, since a
reply to a complaint is where a model most wants to offer one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import regex

from .. import checks
from ..language_codes import language_name
from ..platforms import PLATFORMS

if TYPE_CHECKING:
    from ..brand import BrandProfile

MAX_SENTENCES = 3
MAX_CHARS = 480
"""A reply, not a post: three sentences fit well within this, whatever the platform allows."""
MIN_WORDS = 2

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+")
# "Here's a reply:", "Ecco la risposta:", "Ответ:" - the post checks know only post-like nouns.
_PREAMBLE = regex.compile(
    r"^\s*(?:(?:sure|certainly|of course|okay|ok|certo|конечно|хорошо)\s*[!,.]+\s*)?"
    r"(?:(?:here(?:'s| is)|below is|ecco|вот)\b[^\n:]{0,40}?)?"
    r"\b(?:reply|response|answer|risposta|ответ|комментарий)\b[^\n:]{0,30}:\s*", regex.IGNORECASE)
# Times and deadlines: "alle 18:00", "within 24 hours", "за 2 дня".
_TIMES = regex.compile(
    r"\b\d{1,2}[:.]\d{2}\b|\b\d+\s?(?:h|hours?|days?|weeks?|minutes?|mins?|ore|giorni|settiman\w*|minuti|"
    r"час\w*|дн\w*|недел\w*|минут\w*)\b", regex.IGNORECASE)
_NUMBER = regex.compile(r"\d+")
# Promises a model offers to calm a complaint; allowed only when the profile itself says them.
_PROMISES = regex.compile(
    r"\b(?:refund\w*|reimburs\w*|compensat\w*|free|discount\w*|voucher\w*|coupon\w*|credit(?:s|ed)?|"
    r"rimbors\w*|risarc\w*|gratis|gratuit\w*|omaggi\w*|sconto|sconti|"
    r"возврат\w*|верн[её]м|компенсац\w*|бесплатн\w*|скидк\w*|подарок|подарк\w*)\b", regex.IGNORECASE)


# A reply is judged like a post: its problems are "empty", "language" or "banned".
ReplyReview = checks.Review


def _drop_sentences(text: str, unstated: Callable[[str], bool]) -> tuple[str, int]:
    kept, dropped = [], 0
    for line in text.split("\n"):
        pieces = [p for p in _SENTENCE_SPLIT.split(line) if p.strip()]
        keep = [p for p in pieces if not unstated(p)]
        dropped += len(pieces) - len(keep)
        kept.append(" ".join(keep))
    return re.sub(r"\n{2,}", "\n", "\n".join(kept)).strip(), dropped


def drop_unstated_promises(text: str, brand: BrandProfile, said: str = "") -> tuple[str, int]:
    """Remove sentences with a time, deadline, promise or number the profile does not state;
    a number may also come from ``said`` (the comment: "per sabato, 12 persone"). A number
    nobody gave is a fact the model made up ("lessons since 2020", "in 3 days")."""
    stated = checks.stated_text(brand).casefold()
    times = {m.group().casefold() for m in _TIMES.finditer(stated)}
    numbers = set(_NUMBER.findall(stated + " " + said.casefold()))

    def unstated(sentence: str) -> bool:
        if any(m.group().casefold() not in times for m in _TIMES.finditer(sentence)):
            return True
        if any(n not in numbers for n in _NUMBER.findall(sentence)):
            return True
        return any(m.group().casefold() not in stated for m in _PROMISES.finditer(sentence))

    return _drop_sentences(text, unstated)


# A sentence that sends the customer somewhere ("Please contact our support team", "Scrivici in
# privato", "Напишите нам в личные сообщения"): the profile's own line says where, after the reply.
_SENDS_TO_CONTACT = regex.compile(
    r"\b(?:contact|reach out|get in touch|e-?mail us|write to us|message us|dm us|send us an? (?:\w+ )?(?:message|dm)"
    r"|contatta|scriv(?:ici|eteci|ere a)|mandaci|in privato|in direct"
    r"|напишите нам|свяжитесь|обратитесь|в личн|в личк|в директ)", regex.IGNORECASE)


def drop_contact_requests(text: str) -> tuple[str, int]:
    """``text`` without the sentences that send the customer to a contact, and how many: under
    a complaint taken to private messages, the profile's invitation does that, once."""
    return _drop_sentences(text, lambda sentence: bool(_SENDS_TO_CONTACT.search(sentence)))


def first_sentences(text: str, count: int = MAX_SENTENCES) -> str:
    """The first ``count`` sentences, on one paragraph: a reply is not a post."""
    pieces = [p for p in _SENTENCE_SPLIT.split(" ".join(text.split())) if p.strip()]
    return " ".join(pieces[:count])


def drop_echoed(text: str, prompt: str) -> tuple[str, int]:
    """Remove sentences the model copied from its instructions ("Apologise once, no excuses.")."""
    said = " ".join(prompt.split()).casefold()

    def echoed(sentence: str) -> bool:
        core = " ".join(sentence.split()).strip(" .!?…\"«»").casefold()
        return len(core) >= 20 and core in said

    return _drop_sentences(text, echoed)


# The customer's own side, as a reply that takes their words over must turn it: "half our
# Stripe payouts" is the customer's, "half your Stripe payouts" the brand's. Italian and
# Russian possessives keep their endings ("nostri" -> "vostri", "нашего" -> "вашего").
_CUSTOMER_SIDE = regex.compile(r"\b(?:our|ours|my|mine|nostr(?=[oaie]\b)|наш(?=(?:а|е|у|и|ей|его|ему|им|ими|их|ем)?\b))",
                               regex.IGNORECASE)
_BRAND_SIDE = {"our": "your", "ours": "yours", "my": "your", "mine": "yours", "nostr": "vostr", "наш": "ваш"}
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}'’]+")


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def turn_copied_words(text: str, comment: str) -> tuple[str, int]:
    """``text`` with the customer's "our"/"my" turned to "your" where it sits in three or more
    words taken over from ``comment``; how many were turned. The brand's own "our" stays."""
    copied = set(zip(*(_words(comment)[i:] for i in range(3))))
    if not copied:
        return text, 0
    turned = 0

    def turn(match: regex.Match[str]) -> str:
        nonlocal turned
        before, rest = _words(text[:match.start()])[-2:], _words(text[match.start():])[:3]
        window = [*before, *rest]  # the word itself, whole ("nostri"), and two on each side
        at = len(before)
        if not any(tuple(window[i:i + 3]) in copied for i in range(max(0, at - 2), at + 1)):
            return match.group(0)
        turned += 1
        stem = _BRAND_SIDE[match.group(0).casefold()]
        return stem.capitalize() if match.group(0)[:1].isupper() else stem

    return _CUSTOMER_SIDE.sub(turn, text), turned


def review_reply(raw: str, brand: BrandProfile, platform: str, *, language: str,
                 prompt: str = "", cut_off: bool = False, comment: str = "") -> ReplyReview:
    """Repair ``raw`` into a reply for ``brand`` in ``language`` and say what is still wrong;
    ``prompt`` is the text the model was given, whose sentences it must not repeat, and
    ``comment`` the customer's words, whose "our" it must not take over as the brand's."""
    repairs: list[str] = []
    text = checks.strip_wrapping(raw, prompt.splitlines())
    text, echoed = drop_echoed(text, prompt)
    if echoed:
        repairs.append(f"removed {echoed} sentence(s) repeated from the instructions")
    text = _PREAMBLE.sub("", text, count=1).strip()
    text = checks.strip_hashtags(text)
    text, foreign = checks.strip_foreign_script(text, language)
    if foreign:
        repairs.append(f"removed {foreign} characters in a script {language_name(language)} does not use")
    text, english = checks.drop_foreign_sentences(text, language, brand.languages)
    if english:
        repairs.append(f"removed {english} sentence(s) in English")
    text, neighbour = checks.drop_neighbour_letters(text, language, checks.brand_words(brand))
    if neighbour:
        repairs.append(f"removed {neighbour} sentence(s) with letters {language_name(language)} does not have")
    # The profile's own words only: its canned answers also come in English ("we", "lesson").
    text, stray = checks.drop_stray_latin(text, language, checks.brand_words(brand))
    if stray:
        repairs.append(f"removed {stray} sentence(s) with English words in {language_name(language)}")
    text, offers = checks.drop_invented_offers(text, brand)
    if offers:
        repairs.append(f"removed {offers} sentence(s) with a price or discount the profile does not state")
    text, promises = drop_unstated_promises(text, brand, said=prompt)
    if promises:
        repairs.append(f"removed {promises} sentence(s) with a time or promise the profile does not state")
    text, chatty = checks.drop_assistant_talk(text)
    if chatty:
        repairs.append("removed lines a chat assistant would say")
    text, links = checks.drop_invented_links(text, brand)
    if links:
        repairs.append(f"removed {links} link(s) the profile does not give")
    # The brand answers as "we": "ho rispettato la nostra preoccupazione" is the model lost.
    text, singular = checks.drop_first_person(text, language)
    if singular:
        repairs.append(f"removed {singular} sentence(s) where the brand said \"I\"")
    if checks.has_content(text) and checks.detect(text, language, brand.languages) in (language, "und"):
        text, misspelled = checks.drop_misspelled(text, language, checks.brand_words(brand, [prompt]))
        if misspelled:
            repairs.append("removed sentences with words the language does not have: "
                           + ", ".join(dict.fromkeys(misspelled)))
    text = checks.drop_repeats(text)
    text, turned = turn_copied_words(text, comment)
    if cut_off:
        text = checks.drop_unfinished(text)
    shorter = first_sentences(text)
    if shorter != " ".join(text.split()):
        repairs.append(f"kept the first {MAX_SENTENCES} sentences")
    review = _verdict(shorter, brand, platform, language, repairs)
    if turned and review.text:
        review.warnings.append(f"turned the customer's \"our\" to \"your\" in {turned} place(s) where the reply "
                               "repeats their words: read it before posting")
    return review


def _verdict(text: str, brand: BrandProfile, platform: str, language: str, repairs: list[str]) -> ReplyReview:
    result = ReplyReview(text="", language="und", repairs=repairs)
    found = checks.find_banned(text, brand.voice.banned_words)
    if found:
        text = checks.remove_banned(text, found)
        result.problems.append("banned")
        result.warnings.append(f"removed banned words: {', '.join(found)}")
    if not checks.has_content(text) or checks.word_count(text) < MIN_WORDS:
        result.problems.append("empty")
        result.warnings.append("the model returned no usable reply")
        return result
    result.language = checks.detect(text, language, brand.languages)
    if result.language not in (language, "und"):
        result.problems.append("language")
        result.warnings.append(f"asked for {language_name(language)} ({language}), the reply reads as "
                               f"{language_name(result.language)} ({result.language})")
    # "other" (a forum, an e-mail) is measured as plain characters, as Facebook counts them.
    measured = platform if platform in PLATFORMS else "facebook"
    result.text = checks.fit_to_limit(text, measured, min(MAX_CHARS, checks.platform_limit(measured)))
    return result
