"""What a post must not claim: prices, dates, links and @handles nobody gave, the brand as
"I", greetings to the profile's personas, the brand defining itself."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import regex

from .facts import profile_facts, stated_text
from .text import drop_sentences, has_content, tidy_spaces

if TYPE_CHECKING:
    from ..brand import BrandProfile


# An amount of money or a discount: "3,50 €", "€5", "-20%", "1 990 ₽", "$49".
_OFFER = regex.compile(r"(?:[€$£₽]\s?\d[\d .,]*|\d[\d .,]*\s?(?:€|\$|£|₽|руб\.?|рублей|euro|eur|usd|%))",
                       regex.IGNORECASE)


def _amounts(text: str) -> set[str]:
    """Prices and discounts in ``text``: a share ("70% времени") is one only where the text
    speaks of a promotion."""
    from ..material import PROMO

    found = {regex.sub(r"[\s.,]", "", m.group()).lower() for m in _OFFER.finditer(text)}
    return found if PROMO.search(text) else {a for a in found if not a.endswith("%")}


def drop_invented_offers(text: str, brand: BrandProfile) -> tuple[str, int]:
    """Remove sentences that name a price or discount the profile does not state: a model
    promising "-20%" or "3,50 €" would commit the brand to an offer it never made.
    Amounts the profile states (``stated_text``) count; an example post's price was true on
    its day only."""
    stated = _amounts(stated_text(brand))
    return drop_sentences(text, lambda p: not _amounts(p) <= stated)


def drop_invented_moments(text: str, brand: BrandProfile, given: Iterable[str] = ()) -> tuple[str, int]:
    """Remove sentences that name a clock time or a date nothing the brand wrote states:
    "Sabato 13 dicembre alle 17:00 degustazione" announces an event nobody planned, and
    readers who come find none. Times and dates in the profile (its opening hours among the
    canned answers), the example posts and ``given`` (material, the topic) count as stated."""
    from ..moments import moments

    stated = set().union(*map(moments, [*profile_facts(brand, given), stated_text(brand)]))
    return drop_sentences(text, lambda sentence: not moments(sentence) <= stated)


# The brand speaks as "we"; a sentence in the first person singular is the model playing a
# customer or a diarist ("Ho mangiato una tazza di latte art", "Я люблю математику").
# A sentence in quotes is someone else's voice and stays.
_FIRST_PERSON = {
    "it": regex.compile(r"(?i)(?<!\p{L})(?:io|ho|mi sono|mi sento|voglio|vorrei|volevo|posso|devo|credo|penso|"
                        r"mio|mia|miei|mie)(?!\p{L})"),
    "ru": regex.compile(r"(?i)(?<!\p{L})(?:я|мне|меня|мной|мой|моя|моё|мои|моего|моей|моих)(?!\p{L})"),
    "en": regex.compile(r"(?<!\p{L})(?:I|I'm|I’m|I've|I'll|I'd|[Mm]y|[Mm]yself|me)(?!\p{L})"),
}
_QUOTE_MARKS = "\"“”«»„"


# Italian "sono" is "I am" and "they are" alike; opening a sentence before "qui", an article or
# the brand's own name ("Sono Aurora Caffè", "Sono qui con la torta") it is the brand as "I".
_SONO = (r"(?i)^[\s\"“«„\p{{Extended_Pictographic}}\uFE0F]*(?:[\p{{L}}!]{{1,12}}[!,]\s+)?"
         r"sono (?:qui|qua|un|una|uno|un'|noi|(?:l'|il |la )?{name}|(?:sicur|content|pront|orgoglios|liet|grat)[oa]|felice)"
         r"(?!\p{{L}})")


def drop_first_person(text: str, language: str, brand_name: str = "") -> tuple[str, int]:
    """Remove sentences where the brand says "I" instead of "we", keeping at least one."""
    pattern = _FIRST_PERSON.get(language)
    if pattern is None:
        return text, 0
    sono = regex.compile(_SONO.format(name=regex.escape(brand_name.strip()) or "qui")) if language == "it" else None

    def singular(p: str) -> bool:
        return bool(sono and sono.search(p)) or (bool(pattern.search(p)) and not any(q in p for q in _QUOTE_MARKS))

    result, dropped = drop_sentences(text, singular)
    return (result, dropped) if dropped and has_content(result) else (text, 0)


_GREETING = (r"(?:hello|hi|hey|dear|ciao|salve|buongiorno|buonasera|car[oaie]|привет|здравствуйте|"
             r"добрый день|добрый вечер|дорог(?:ая|ой|ие))")


def drop_persona_address(text: str, brand: BrandProfile) -> tuple[str, int]:
    """Remove a line's opening that speaks to one of the profile's personas ("Hello Priya!",
    "Добрый день, Ирина!", "Hello Finance Lead!"): they are who the brand writes for, not
    readers to greet by name in a public post."""
    names = set()
    for persona in brand.personas:
        first, _, role = persona.name.partition(",")
        names.add(first.strip())
        role = regex.sub(r"(?i)^\s*(?:the|a|an|la|il|lo|l'|i|le|gli)\s+", "", role.strip())
        if role:
            names.add(role)
    names = {n for n in names if len(n) >= 3}
    if not names:
        return text, 0
    who = "|".join(regex.escape(n) for n in sorted(names, key=len, reverse=True))
    # A bare name opens a sentence about the persona ("Sandra, the outsourced bookkeeper, …"),
    # unless it is called out ("Sandra!").
    pattern = regex.compile(rf"(?im)^([ \t]*[\"“«„]?[ \t]*)(?:{_GREETING}(?:[ \t]+there)?[ \t,]+(?:{who})[ \t]*[!,.:]+|(?:{who})[ \t]*!+)"
                            rf"[ \t]*(\p{{L}}?)")
    result, count = pattern.subn(lambda m: m.group(1) + m.group(2).upper(), text)
    result = tidy_spaces(result)
    return (result, count) if count and has_content(result) else (text, 0)


_DEFINES = {
    "it": r"(?:è|e'|sarà|rimane|resta)\s+(?:(?:il|la|lo|l'|un|una|uno|un')\s*|(?:il|la) (?:nostr[oa]|vostr[oa]) )",
    "en": r"(?:is|remains)\s+(?:a|an|the|your|our)\b",
    "ru": r"(?:[—–-]\s*(?:это\s+)?|является\s+|это\s+)",
}


def drop_self_definitions(text: str, brand: BrandProfile, language: str) -> tuple[str, int]:
    """Remove sentences that say what the brand is ("Aurora Caffè, il quartiere Isola di
    Milano, è un punto di riferimento…", "Aurora Caffè è un'agenzia di barista"): its readers
    follow it and know, a 1.5B model fills a post with them, and the claims in them are the
    model's ("un'agenzia", "l'unico barista in Milano")."""
    copula = _DEFINES.get(language)
    if copula is None or not brand.name.strip():
        return text, 0
    name = regex.escape(brand.name.strip())
    # "Dallo stesso luogo di Milano, Aurora Caffè è…": a short opening phrase may come first.
    # "Ricorda che Aurora Caffè è…", "Welcome to Ledgerly, your trusted partner…".
    welcome = r"(?:welcome to|benvenut[ioae] (?:da|in|a)|добро пожаловать в)\s+"
    opening = rf"(?:[^,.!?\n]{{1,40}}(?:,|\bche|\bthat|, что)\s+|{welcome})?"
    # "Aurora Caffè, il nuovo centro di specialty coffee in Milano, …": the apposition defines it too.
    apposition = r"\s*,\s*(?:il|la|lo|l'|un|una|uno|un'|the|a|an|our|your)\s*[^,.!?\n]*?(?:\s[^,.!?\n\s]+){2,},"
    pattern = regex.compile(rf"(?i)^[\s\"“«„'*-]*{opening}(?:(?:noi di|we at|мы в)\s+)?{name}"
                         rf"(?:{apposition}|\s*(?:,[^,.!?\n]{{1,80}},\s*)?{copula})"
                         # "Welcome to Ledgerly, your trusted partner for …." needs no second comma.
                         rf"|^[\s\"“«„'*-]*{welcome}{name}\s*,\s*(?:the|your|our|il|la|lo|l'|il vostro|la vostra)\b")
    # A post that is nothing else comes back empty: the caller asks again rather than ship it.
    return drop_sentences(text, lambda sentence: bool(pattern.search(sentence)))


_MARKDOWN_LINK = regex.compile(r"\[([^\]\n]{1,80})\]\(([^)\s]{1,200})\)")
_LINK = regex.compile(r"(?:https?://|www\.)[^\s)\]»”\"']+", regex.IGNORECASE)


def _link_key(url: str) -> str:
    return regex.sub(r"^(?:https?://)?(?:www\.)?", "", url.lower()).rstrip("/.,;:!?")


def drop_invented_links(text: str, brand: BrandProfile) -> tuple[str, int]:
    """Remove links the profile does not give: a model makes up "www.aurora-caffè.it" as
    readily as a price, and a wrong link in a post sends readers nowhere."""
    given = {_link_key(c.url) for c in brand.calls_to_action if c.url}
    text = _MARKDOWN_LINK.sub(lambda m: m.group(2), text)  # "[site](url)" shows as it is: keep the url

    def known(url: str) -> bool:
        key = _link_key(url)
        return any(key == g or key.startswith(g + "/") or g.startswith(key + "/") for g in given)

    removed = 0

    def drop(match: regex.Match[str]) -> str:
        nonlocal removed
        if known(match.group()):
            return match.group()
        removed += 1
        return ""

    result = _LINK.sub(drop, text)
    return (tidy_spaces(result), removed) if removed else (text, 0)


_EMAIL = regex.compile(r"(?<![\p{L}\p{N}_.+-])[\p{L}\p{N}_.+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+")


def drop_invented_emails(text: str, brand: BrandProfile, given: Iterable[str] = ()) -> tuple[str, int]:
    """Remove sentences with an e-mail address nothing the brand wrote gives ("contact us at
    info@ledgerly.io" when the profile's address is support@ledgerly.io): mail sent there is lost."""
    escalation = (brand.replies.escalation if brand.replies else None) or ""
    known = {m.casefold() for source in [*profile_facts(brand, given), stated_text(brand), escalation]
             for m in _EMAIL.findall(source)}
    return drop_sentences(text, lambda sentence: any(m.casefold().rstrip(".") not in known
                                                     for m in _EMAIL.findall(sentence)))


_HANDLE = regex.compile(r"(?<![\p{L}\p{N}_.])@([\p{L}\p{N}_.]*[\p{L}\p{N}_])")
# "@Chiaraaa, non solo…": the handle is who the sentence speaks to, and the sentence stands without it.
_VOCATIVE = regex.compile(r"(?m)(^|[.!?…][ \t]+)[ \t]*@([\p{L}\p{N}_.]*[\p{L}\p{N}_])[ \t]*[,:!][ \t]*(\p{L})")


def drop_invented_mentions(text: str, brand: BrandProfile, given: Iterable[str] = ()) -> tuple[str, int]:
    """Remove @handles the profile never gives: a post must not tag an account that may not
    exist, or a stranger's. A handle the sentence speaks to goes by itself; a sentence that
    needs the handle ("Chiedi a @giulia la ricetta") goes whole."""
    escalation = (brand.replies.escalation if brand.replies else None) or ""
    known = {m.casefold() for source in profile_facts(brand, [*given, escalation]) for m in _HANDLE.findall(source)}
    count = 0

    def speak_without(match: regex.Match[str]) -> str:
        nonlocal count
        if match.group(2).casefold() in known:
            return match.group(0)
        count += 1
        return match.group(1) + match.group(3).upper()

    result = _VOCATIVE.sub(speak_without, text)
    result, dropped = drop_sentences(
        result, lambda sentence: any(m.casefold() not in known for m in _HANDLE.findall(sentence)))
    count += dropped
    if not count or not has_content(result):
        return text, 0
    return tidy_spaces(result), count
