"""Replies made only of words a person wrote: the profile's canned answers and complaint
policy, and short apologies, thanks and invitations to write, one table per language.

A small model's replies to complaints and compliments in Italian and Russian were mostly
nonsense ("Ci dispiace per la sconfitta", "Спасибо за пожалуйста!"), and its answers to
questions the profile does not answer were invented ("Sì, ... ma non per sabato prossimo").
No check can make such a sentence right afterwards; a reply that never contains the model's
words cannot be wrong that way. So where the backend says its replies are not worth asking
for (``Backend.writes_replies``, ``Backend.answers_questions``), the reply comes from here.
Add a language by adding a line to each table.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

import regex

from ..brand import keyword_pattern
from ..checks import find_banned
from ..prompts import render

if TYPE_CHECKING:
    from ..brand import BrandProfile, CannedAnswer, Localized

APOLOGIES: dict[str, tuple[str, ...]] = {
    "en": ("{name}, we're really sorry about this: it's not the experience we want you to have.",
           "We're sorry, {name}: this should not have happened."),
    "it": ("{name}, ci dispiace davvero: non è l'esperienza che vogliamo offrirti.",
           "Ci dispiace molto, {name}: non sarebbe dovuto succedere."),
    "ru": ("{name}, нам очень жаль, что так получилось: так быть не должно.",
           "Простите нас, {name}: так быть не должно."),
    "uk": ("{name}, нам дуже шкода, що так сталося: так не має бути.",
           "Вибачте, будь ласка, {name}: так не має бути."),
    "es": ("{name}, lo sentimos mucho: no es la experiencia que queremos ofrecerte.",
           "Lo sentimos, {name}: no debería haber pasado."),
    "fr": ("{name}, nous sommes vraiment désolés : ce n'est pas l'expérience que nous voulons vous offrir.",
           "Toutes nos excuses, {name} : cela n'aurait pas dû arriver."),
    "de": ("{name}, das tut uns wirklich leid: So soll es nicht sein.",
           "Entschuldigen Sie bitte, {name}: Das hätte nicht passieren dürfen."),
}
"""A complaint's first sentence: sorry, no excuse, no guess at what went wrong."""

TO_UNDERSTAND: dict[str, str] = {
    "en": "We want to understand what happened and put it right.",
    "it": "Vogliamo capire cosa è successo e rimediare.",
    "ru": "Мы хотим разобраться, что произошло, и всё исправить.",
    "uk": "Ми хочемо розібратися, що сталося, і все виправити.",
    "es": "Queremos entender qué ha pasado y solucionarlo.",
    "fr": "Nous voulons comprendre ce qui s'est passé et y remédier.",
    "de": "Wir wollen verstehen, was passiert ist, und es in Ordnung bringen.",
}
"""After the apology when the profile does not take complaints to private messages."""

THANKS: dict[str, tuple[str, ...]] = {
    "en": ("Thank you so much, {name}! That really made our day.",
           "Thanks a lot, {name}! That means a lot to us.",
           "Thank you, {name}! We're so glad to hear it."),
    "it": ("Grazie di cuore, {name}! Ci fa davvero piacere.",
           "Grazie mille, {name}: leggerlo ci fa un enorme piacere!",
           "Che bello leggerlo, {name}: grazie davvero!"),
    "ru": ("Спасибо вам большое, {name}! Нам очень приятно.",
           "{name}, спасибо за тёплые слова!",
           "Спасибо, {name}! Очень рады это читать."),
    "uk": ("Щиро дякуємо, {name}! Нам дуже приємно.",
           "{name}, дякуємо за теплі слова!"),
    "es": ("¡Muchísimas gracias, {name}! Nos alegra mucho leerlo.",
           "¡Gracias, {name}! Nos hace mucha ilusión."),
    "fr": ("Merci beaucoup, {name} ! Ça nous fait vraiment plaisir.",
           "Un grand merci pour ce gentil message, {name} !"),
    "de": ("Vielen Dank, {name}! Das freut uns sehr.",
           "Danke für die lieben Worte, {name}!"),
}
"""A compliment's reply. Several, so that ten compliments do not get ten copies of one line."""

ASK_PRIVATELY: dict[str, tuple[str, str, str]] = {
    "en": ("Thanks for asking, {name}! Send us a private message", " or write to {contact}",
           " and we'll answer with all the details."),
    "it": ("Grazie della domanda, {name}! Scrivici in privato", " o a {contact}",
           " e ti rispondiamo con tutti i dettagli."),
    "ru": ("Спасибо за вопрос, {name}! Напишите нам, пожалуйста, в личные сообщения", " или на {contact}",
           " — ответим подробно."),
    "uk": ("Дякуємо за запитання, {name}! Напишіть нам, будь ласка, в особисті повідомлення", " або на {contact}",
           " — відповімо докладно."),
    "es": ("¡Gracias por preguntar, {name}! Escríbenos por mensaje privado", " o a {contact}",
           " y te respondemos con todos los detalles."),
    "fr": ("Merci pour votre question, {name} ! Écrivez-nous en message privé", " ou à {contact}",
           " et nous vous répondrons en détail."),
    "de": ("Danke für Ihre Frage, {name}! Schreiben Sie uns eine Direktnachricht", " oder an {contact}",
           ", dann antworten wir ausführlich."),
}
"""A question the profile has no answer to: the start, the contact when there is one, the end."""


def localized(value: Localized, language: str, brand: BrandProfile) -> tuple[str, str]:
    """The text of ``value`` for ``language`` (else the brand's), and the language it is in."""
    if isinstance(value, str):
        return value, brand.language
    if language in value:
        return value[language], language
    return value[brand.language], brand.language


def match_canned(text: str, brand: BrandProfile) -> CannedAnswer | None:
    """The canned answer whose keywords the question hits most (the first on a tie), or None."""
    if brand.replies is None:
        return None
    best, hits = None, 0
    for canned in brand.replies.canned:
        count = sum(1 for word in canned.keywords if keyword_pattern(word).search(text))
        if count > hits:
            best, hits = canned, count
    return best


def dm_invitation(brand: BrandProfile, language: str) -> str:
    """The line that takes a complaint to private messages, in ``language`` where it can."""
    replies = brand.replies
    if replies is not None and replies.complaints.dm_message is not None:
        return localized(replies.complaints.dm_message, language, brand)[0]
    return render("reply_dm.j2", language=language, contact=replies.escalation if replies else None)


_NAME_WORD = regex.compile(r"[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ][A-Za-zÀ-ÖØ-öø-ÿА-Яа-яЁёІіЇїЄєҐґ'’-]+")
_INITIAL = regex.compile(r"[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ]\.")
_SYMBOLS = regex.compile(r"[\p{So}\p{Sk}\p{Cf}\N{VARIATION SELECTOR-16}]+")
_PATRONYMIC = regex.compile(r"\p{Cyrillic}+(?:овна|евна|ична|ович|евич|ич)")


def first_name(author: str) -> str | None:
    """The first name in a display name ("Paolo Ferri", "Павел Н."), with the patronymic that
    follows it ("Татьяна Ивановна": the polite way to address her), or None for a handle
    ("giulia.m", "@cfo_mike", "follow.back.now"): a handle is not what a person is called."""
    words = _SYMBOLS.sub(" ", author).split()  # "Giulia 🌸" is a display name all the same
    if not 1 <= len(words) <= 3 or not _NAME_WORD.fullmatch(words[0]) or words[0].isupper():
        return None
    if not all(_NAME_WORD.fullmatch(w) or _INITIAL.fullmatch(w) for w in words[1:]):
        return None
    if len(words) > 1 and _PATRONYMIC.fullmatch(words[1]):
        return f"{words[0]} {words[1]}"
    return words[0]


def with_name(text: str, name: str | None) -> str:
    """``text`` with its ``{name}`` filled in, or taken out with the comma around it."""
    if name:
        return text.replace("{name}", name)
    out = regex.sub(r"^\{name\}[,:]?\s*", "", text)
    out = regex.sub(r",\s*\{name\}(?=\s*[!,.:?]|\s+[-—])", "", out)
    out = regex.sub(r"\s*\{name\}", "", out)
    return out[:1].upper() + out[1:]


def _pick(texts: tuple[str, ...], key: str, brand: BrandProfile) -> str | None:
    """One of ``texts``: stable for an item, so a rerun writes the same reply, and spread across
    items; never one with a word the brand bans (None when every one has)."""
    start = zlib.crc32(key.encode("utf-8")) % len(texts)
    for text in texts[start:] + texts[:start]:
        if not find_banned(text, brand.voice.banned_words):
            return text
    return None


def _written(own: Localized | None, table: dict[str, tuple[str, ...]], brand: BrandProfile, language: str,
             key: str) -> tuple[str, str] | None:
    """The profile's own text (and its language) where it has one, else a line of ``table``."""
    if own is not None:
        return localized(own, language, brand)
    picked = _pick(table[language], key, brand) if language in table else None
    return None if picked is None else (picked, language)


def apology(brand: BrandProfile, language: str, author: str, key: str, *, take_to_dm: bool) -> tuple[str, str] | None:
    """A complaint's reply in the profile's words, and its language; None when neither the
    profile nor the table has one for ``language``."""
    own = brand.replies.complaints.apology if brand.replies else None
    if (written := _written(own, APOLOGIES, brand, language, key)) is None:
        return None
    text, language = written
    after = dm_invitation(brand, language) if take_to_dm else TO_UNDERSTAND.get(language, "")
    return f"{with_name(text, first_name(author))} {after}".strip(), language


def thanks(brand: BrandProfile, language: str, author: str, key: str) -> tuple[str, str] | None:
    """A compliment's reply in the profile's words, and its language; None as for :func:`apology`."""
    written = _written(brand.replies.thanks if brand.replies else None, THANKS, brand, language, key)
    return None if written is None else (with_name(written[0], first_name(author)), written[1])


def ask_privately(brand: BrandProfile, language: str, author: str) -> str | None:
    """A question nobody has answered yet: thanks, and where to write for the answer (None where
    there is no table line, or it has a word the brand bans)."""
    if language not in ASK_PRIVATELY:
        return None
    start, contact, end = ASK_PRIVATELY[language]
    escalation = brand.replies.escalation if brand.replies else None
    text = start + (contact.format(contact=escalation) if escalation else "") + end
    return None if find_banned(text, brand.voice.banned_words) else with_name(text, first_name(author))
