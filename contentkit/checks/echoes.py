"""What a model says instead of the post: the instructions read back, talk about the post or
to its user, dialogue it made up, example posts and the profile copied, sentences said twice."""

from __future__ import annotations

import re
from collections.abc import Iterable

import regex

from .form import tidy_lists
from .text import SENTENCE_SPLIT, WORDS_OF, drop_sentences, has_content, norm


ECHO_RUN = 5
"""Words in a row that a post shares with its instructions before it counts as parroting them."""


def _runs(texts: Iterable[str]) -> set[tuple[str, ...]]:
    runs: set[tuple[str, ...]] = set()
    for text in texts:
        words = [w.casefold() for w in WORDS_OF.findall(text)]
        runs.update(tuple(words[i:i + n]) for n in range(3, ECHO_RUN + 1) for i in range(len(words) - n + 1))
    return runs


def drop_echoed_instructions(text: str, instructions: Iterable[str], facts: Iterable[str] = ()) -> tuple[str, int]:
    """Remove sentences that repeat the prompt's instructions, whole or in a run of
    :data:`ECHO_RUN` words ("Ora ci sono i nostri post passati su questo tema. Usa solo i loro
    fatti, con frasi nuove."): a small model continues its prompt as if it were the post.
    Runs the brand's own ``facts`` also hold (its description, calls to action, the topic)
    are the post's to repeat."""
    runs = _runs(instructions) - _runs(facts)

    def echoed(sentence: str) -> bool:
        words = [w.casefold() for w in WORDS_OF.findall(sentence)]
        if len(words) < 3:
            return False
        n = min(len(words), ECHO_RUN)
        return any(tuple(words[i:i + n]) in runs for i in range(len(words) - n + 1))

    return drop_sentences(text, echoed)


# 'Famiglia Rossi: "Quando passi a trovarci..."': a line of a dialogue the model made up.
_SPEAKER_LINE = regex.compile(r"^\s*[-–—*•]?\s*(\p{Lu}[\p{L}'’.]*(?:\s+\p{Lu}[\p{L}'’.]*){0,3})\s*:\s*[\"“«„]")


def drop_made_up_dialogue(text: str, brand_name: str) -> tuple[str, int]:
    """Turn a scripted dialogue back into the brand's voice: lines put in a speaker's mouth go,
    except the brand's own, which lose their label and quotes. A single quoted line (a
    customer's words the brand cites) stays."""
    lines = text.split("\n")
    speakers = [_SPEAKER_LINE.match(line) for line in lines]
    if sum(m is not None for m in speakers) < 2:
        return text, 0
    own = norm(brand_name)
    kept, dropped = [], 0
    for line, match in zip(lines, speakers, strict=True):
        if match is None:
            kept.append(line)
        elif norm(match.group(1)) == own:  # the brand's own line: its words without the label and quotes
            said = line[match.end():]
            close = max(said.rfind(q) for q in "\"”»")
            kept.append((said[:close] + said[close + 1:] if close >= 0 else said).strip())
        else:
            dropped += 1
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip(), dropped


# A chat assistant's lines, not a brand's: offers of help, apologies, talk about the post or
# the request itself ("Questo è un post breve, lungo 90 parole").
_ASSISTANT_TALK = regex.compile(
    r"(?i)^(?:come (?:posso|puoi) (?:mi )?(?:aiutar|esserti utile)|how (?:can|may) i (?:help|assist)|"
    r"чем (?:я )?могу (?:вам |тебе )?помочь|i hope this (?:post|helps)|spero che (?:questo|ti) |"
    r"mi dispiace, ma|i'?m sorry, but|извините, но|к сожалению, я не|"
    r"sono qui per aiutart|i'?m here to help|я здесь, чтобы помочь|"
    r"non posso rispondere|i can(?:not|'t) answer|я не могу ответить)"
    r"|\b(?:post|caption|пост)\b.{0,60}\b(?:facebook|instagram|telegram|linkedin|vk|parole|words|слов)\b"
    r"|\b(?:ho un'idea per un post|here is (?:a|the|your) post|вот (?:пост|текст))"
    # The model naming itself: "as an AI language model, I cannot provide pricing information".
    r"|\b(?:as an ai\b|an ai (?:language )?model|a (?:large )?language model|i am an ai\b|"
    r"(?:come|sono) (?:un[ao']?\s?)?(?:modello (?:di linguaggio|linguistico)|intelligenza artificiale|assistente virtuale)|"
    r"(?:как|я) (?:—\s)?(?:языковая модель|искусственный интеллект|ии-ассистент|виртуальный ассистент)|"
    r"i (?:cannot|can't|am unable to) provide|non posso fornire|я не могу (?:предоставить|дать информацию))"
    # Talk about the text and how it was written: "Questo post utilizza solo i testi presenti nei
    # post precedenti", "Si è mantenuta la lingua italiana".
    r"|\b(?:questo|il) (?:post|testo)\b.{0,40}\b(?:utilizza|usa|contiene|mantiene|segue|rispetta|è scritto|potrebbe)"
    r"|\bsi (?:è|sono) mantenut|\b(?:post|testi) (?:precedenti|passati)\b"
    r"|\bthis (?:post|text|caption)\b.{0,40}\b(?:uses|keeps|follows|contains|is written|was written)"
    r"|\b(?:previous|past) posts\b"
    r"|\b(?:этот|данный) (?:пост|текст)\b.{0,40}\b(?:использует|написан|содержит|сохраня)"
    r"|\b(?:прошл|предыдущ)\w* пост"
    # The model presenting its draft: "Вот как он может выглядеть:", "Этот вариант не использует…",
    # "Написание новых постов для Школы Умников", "Спасибо за ваше обращение!".
    r"|\b(?:вот как (?:он|она|оно|это) мож\w+ выглядеть|(?:этот|данный|правильный) вариант\b|вариант для \S*-?поста"
    r"|написание (?:новых )?пост|спасибо за (?:ваше )?обращение"
    r"|ecco come potrebbe|questa versione\b|la versione (?:per|del) post|scrittura di (?:nuovi )?post"
    r"|grazie per (?:la tua|la vostra) richiesta|here(?:'s| is) how it could look|this version\b"
    r"|thank you for your (?:request|inquiry)"
    r"|не содержит инструкц|non contiene istruzion|(?:does not|doesn't) contain instructions"
    r"|(?:должен|должна|должно) быть (?:полезн|информативн|привлекательн)|deve essere (?:utile|informativ|coinvolgent)"
    r"|should be (?:useful|informative|engaging)"
    # The model asking its user for more: "Ti chiedo se potresti aggiungere qualche dettaglio…".
    r"|\b(?:potresti|puoi|può) (?:aggiungere|fornire|darmi|dirmi|indicarmi|specificare)\b|\bti chiedo se\b"
    r"|\b(?:prego di|per favore,?) fornir|\bfornire un paragrafo|\bplease provide\b|пожалуйста, предоставьте"
    # A help desk or a letter, not a post: "Мы всегда рады помочь вам!", "Ваше имя?", "С уважением, …".
    r"|(?:мы )?(?:всегда )?рады (?:вам )?помочь|спасибо за (?:вашу )?обратную связь|^ваше имя\?|^с уважением\b"
    r"|siamo (?:sempre )?(?:felici|lieti) di aiutart|grazie per il (?:tuo |vostro )?feedback|^cordiali saluti\b"
    r"|(?:we are|we're) (?:always )?(?:happy|glad) to help|thanks? (?:you )?for (?:your|the) feedback"
    r"|^(?:best|kind|warm) regards\b|^sincerely\b"
    r"|\b(?:did you enjoy|hope you enjoyed|did you like) (?:this|the|our) (?:post|article)"
    r"|\bti è piaciuto (?:questo|il nostro) post|\bпонравил(?:ся|ась) (?:ли )?(?:вам )?(?:этот |наш )?пост"
    r"|\bcould you (?:please )?(?:provide|add|share|tell me|give me|specify)\b"
    r"|не могли бы вы (?:уточнить|предоставить|добавить|рассказать)|уточните, пожалуйста)"
    # The model answering its brief: "È solo un tema, non un'istruzione."
    r"|\b(?:(?:un|il|questo) tema|un'?\s?istruzione|the (?:topic|brief)|an instruction|(?:это )?тема,? а не)\b.{0,30}"
    r"\b(?:non (?:un'?\s?)?istruzion|not an? instruction|не инструкц)")
# "Una frase" - Coco Chanel: a quote put in a famous or made-up person's mouth.
_ATTRIBUTED = regex.compile(r"[\"“«„][^\"”»\n]{3,200}[\"”»]\s*[-–—]\s*\p{Lu}[\p{L}.']+(?:\s\p{Lu}[\p{L}.']+){0,2}\s*$")


def drop_assistant_talk(text: str) -> tuple[str, int]:
    """Remove sentences that talk like a chat assistant ("Come posso aiutarti oggi?")."""
    return drop_sentences(text, lambda p: bool(_ASSISTANT_TALK.search(p.strip(" -–—*\"«"))
                                                or _ATTRIBUTED.search(p)))


NEAR_REPEAT = 0.7
"""Share of a sentence's words another sentence of the post already said before it counts as said again."""


def _content_words(sentence: str) -> set[str]:
    return {w.casefold() for w in WORDS_OF.findall(sentence) if len(w) > 3}


def drop_repeats(text: str) -> str:
    """Text with repeated sentences removed, word for word or nearly ("Il nostro caffè è
    tostato a Roma." after "Il caffè è tostato qui a Roma."): small models loop, and a
    reader hears the loop even when two words changed."""
    seen: set[str] = set()
    said: list[set[str]] = []
    paragraphs = []
    for paragraph in text.split("\n"):
        kept = []
        for sentence in SENTENCE_SPLIT.split(paragraph):
            key, words = norm(sentence), _content_words(sentence)
            if len(key) >= 20 and key in seen:
                continue
            if len(words) >= 4 and any(len(words & old) >= NEAR_REPEAT * min(len(words), len(old))
                                       for old in said if len(old) >= 4):
                continue
            seen.add(key)
            said.append(words)
            kept.append(sentence)
        paragraphs.append(" ".join(kept))
    return tidy_lists("\n".join(paragraphs))


def copies_example(text: str, examples: Iterable[str], share: float = 0.5) -> bool:
    """Whether ``text`` repeats most of one of the example posts (small models parrot them)."""
    def grams(value: str) -> set[tuple[str, ...]]:
        words = norm(value).split()
        return {tuple(words[i:i + 5]) for i in range(len(words) - 4)}

    own = grams(text)
    return any(g and len(g & own) >= share * len(g) for g in map(grams, examples))


def drop_copied_sentences(text: str, examples: Iterable[str], run: int = 8) -> tuple[str, int]:
    """Remove sentences that lift ``run`` words in a row from an example post: a plan whose
    posts each repeat "un cuore disegnato da Giulia" reads as one post said again."""
    def shingles(value: str) -> set[tuple[str, ...]]:
        # Words without their punctuation: "persone: il forno" lifted as "persone, il forno" is lifted.
        words = [w.casefold() for w in WORDS_OF.findall(value)]
        return {tuple(words[i:i + run]) for i in range(len(words) - run + 1)}

    lifted = set().union(*map(shingles, examples)) if examples else set()
    if not lifted:
        return text, 0
    dropped, lines = 0, []
    for line in text.split("\n"):
        pieces = SENTENCE_SPLIT.split(line)
        keep = [p for p in pieces if not shingles(p) & lifted]
        dropped += len(pieces) - len(keep)
        lines.append(" ".join(keep))
    result = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return (result, dropped) if dropped and has_content(result) else (text, 0)
