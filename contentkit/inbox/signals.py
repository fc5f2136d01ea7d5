"""Cheap features of a comment that character n-grams alone see poorly.

A link, a phone number, a word that mixes Cyrillic and Latin letters ("Зapaбoтoк", a
spammer's trick against word filters), a question word at the start, the emoji a comment
is made of: each is one number per comment, in 0..1, beside the n-grams.
"""

from __future__ import annotations

import math

import regex

URL = regex.compile(r"https?://\S+|www\.\S+|\b[\w-]+\.(?:com|net|org|io|ly|me|ru|it|info|biz|shop|store|top|xyz"
                    r"|click|link|win|bet|site|online|app)\b(?:/\S*)?", regex.IGNORECASE)
MENTION = regex.compile(r"@[\w.]+")
PHONE = regex.compile(r"\+\d[\d\s().-]{7,}\d")
MONEY = regex.compile(r"[$€₽£]|\b\d+\s?(?:k|к|тыс|mila)\b|\b(?:btc|eth|usdt|crypto|крипт\w*|bitcoin|биткоин\w*)\b",
                      regex.IGNORECASE)
MIXED_SCRIPT = regex.compile(r"\b(?=\w*\p{Cyrillic})(?=\w*\p{Latin})\w+\b")
LETTERS = regex.compile(r"\p{L}")
UPPER = regex.compile(r"\p{Lu}")
# The words a question starts with, in the languages the training examples cover.
QUESTION_START = regex.compile(
    r"^\W*(?:what|when|where|who|why|how|which|is|are|do|does|did|can|could|will|would|any|should"
    r"|cosa|che|quando|dove|chi|perch[eé]|come|quale|quali|quanto|quanta|quanti|quante|avete|si può|posso|c'è|ci sono|fate"
    r"|что|когда|где|кто|почему|зачем|как|какой|какая|какие|сколько|можно|есть ли|есть|у вас есть|а можно|вы)\b",
    regex.IGNORECASE)
# A question put after a greeting or a conjunction too ("Hi, do you…", "Ciao, avete…", "А когда…"),
# in Ukrainian (a Russian-speaking school's parents write in both), or opened by "¿": what
# ``classifier.asks`` looks for in each sentence. The models' signal keeps the plain form.
ASKING_START = regex.compile(
    r"^\s*¿|^\W*(?:(?:hi|hello|hey|and|but|so|also|ciao|salve|buongiorno|buonasera|e|ma|привет|здравствуйте"
    r"|добрый день|доброго дня|а|и|но|ну)\b\W*)?(?:(?:чи|коли|де|скільки|який|яка|які|що|чому)\b|"
    + QUESTION_START.pattern.removeprefix(r"^\W*(?:"), regex.IGNORECASE)
# Word stems that carry praise or complaint in en/it/ru: a comment praising "the staff" and
# one blaming them share the topic words, so these tip the balance n-grams leave level.
POSITIVE_WORDS = regex.compile(
    r"\b(?:lov|great|amazing|awesome|best|perfect|wonderful|excellent|fantastic|brilliant|beautiful|delicious"
    r"|thank|recommend|friendly|lovely|nice|happy|grateful|incredible|super|favou?rite|well done|bravo|yumm"
    r"|cozy|proud|masterpiece|grazie|ador|ottim|perfett|meraviglios|bellissim|buonissim|delizios|consigli"
    r"|gentil|miglior|brav|stupend|splendid|favolos|grat[oia]\b|complimenti|eccellent|incredibil|preferit"
    r"|спасиб|благодар|обожа|люблю|отличн|прекрасн|потрясающ|идеальн|вкусн|рекоменд|совету|лучш|класс"
    r"|молодц|шикарн|чудесн|красив|приветлив|уютн|любим|браво|восторг|круто)", regex.IGNORECASE)
NEGATIVE_WORDS = regex.compile(
    r"\b(?:terrible|awful|worst|horrible|disgust|disappoint|rude|dirty|broke|never again|refund|complain"
    r"|unhappy|ridiculous|scam|overcharg|waited|slow|wrong|lost|fail|crash|joke|unusable|meh\b|poor|bad\b"
    r"|hate|not worth|pessim|orribil|schif|delus|maleducat|scortes|sporc|rott|ritard|mai più|rimbors|reclam"
    r"|ridicol|truff|lent[oiae]\b|sbagliat|non funziona|vergogn|peggi|insoddisfatt|ужасн|отврат|худш|разочаров"
    r"|хам|грязн|слома|опозда|больше никогда|верните|жалоб|смешно|развод|медленн|потеря|не работает|позор"
    r"|недовол|бесит|плохо|хуже|издевательств"
    # What did not come, the most common complaint of all: "non è (ancora) arrivato", "never arrived".
    r"|non (?:è |e |sono )?(?:ancora )?arrivat|never (?:arrived|came)|(?:hasn't|has not|didn't|did not|still not) "
    r"(?:arrived|come|arrive)|не (?:пришл|пришёл|пришел|доставил|доставлен)|до сих пор нет"
    # What the customer cannot do is the next most common ("can't log in", "non riesco ad
    # accedere", "не могу зайти"); "can't wait" and "couldn't be happier" are praise.
    r"|(?:can't|cannot|can not|couldn't|could not|unable to)\b(?! (?:wait|stop|believe how|recommend|be happier|be better"
    r"|thank|get enough))|non (?:riesco|riusciamo|posso|possiamo|si riesce)\b(?! (?:a fare a meno|aspettare))"
    r"|не (?:могу|могла|мог|можем|могли|получается|удаётся|удается|открывается|грузится)\b(?! (?:бы|дождаться|нарадоваться))"
    # Billing gone wrong, the third: "charged twice", "addebitato due volte", "списали дважды".
    r"|(?:charged|billed)(?: (?:me|us))? twice|double[- ](?:charged|billed|charge)|addebitat\w* due volte"
    r"|doppio addebito|списали дважды|двойное списание"
    # A problem told as a fact, with no word of feeling: what stopped working, what is down,
    # who does not answer, how long the customer has waited ("broadband down for 3 days",
    # "still waiting for an update", "non risponde nessuno", "жду ответа третий день").
    r"|(?:doesn't|does not|don't|do not|isn't|is not|won't|will not|not|stopped) (?:work|working|load|loading"
    r"|print|connect|open|respond)|(?:is|are|was|were|been|still|keeps? going) down\b|outage|still waiting"
    r"|no (?:response|reply|answer|one (?:answers|replies|responds|helps))|nobody (?:answers|replies|responds|helps)"
    r"|(?:hasn't|has not|haven't|have not) (?:shipped|been (?:shipped|delivered|refunded|fixed|resolved))"
    r"|missing(?! you)|damaged|money back|on hold for|(?:for|in) (?:\d+|two|three|four|five|several) (?:hours|days|weeks|months)\b(?! ago)"
    r"|nessuna risposta|non rispond|(?:ancora|sempre) in attesa|in attesa da|ancora niente|bloccat|guast|danneggiat"
    r"|mancant|da (?:\d+|due|tre|quattro|cinque|diversi|parecchi) (?:giorni|settimane|mesi)"
    r"|никто не (?:отвеча|ответил|перезвонил|помог)|нет ответа|не отвечают|не перезвонил|жд(?:у|ём|ем) (?:уже|ответа|третий|второй)"
    r"|(?:второй|третий|четвёртый|пятый) день|уже (?:\d+ )?(?:неделю|недели|месяц|дня|дней)|пропал|задерж|ошибк"
    r")", regex.IGNORECASE)
# A word of praise this close after a negation is a complaint ("Not great.", "non è buono",
# "не лучший"); a complaint word after one is neither ("not bad").
_NEGATED = regex.compile(r"(?:\b(?:not|no|never|hardly|nothing|non|mai|niente|nessun[oa]?|не|нет|ни|никогда)|n't)"
                         r"(?:\W+\w+){0,2}\W+$", regex.IGNORECASE)
POSITIVE_EMOJI = regex.compile(r"[❤💕💖💗💓😍🥰😘😋🔥👍👏🙌💯⭐✨🎉💐😊🙂😀😃😄😁🤩👌🌟🥳🤗💪🔝]")
NEGATIVE_EMOJI = regex.compile(r"[😡😠🤬👎😞😢😭🙄😤💩😒😕🤮😫😩]")

NAMES = ("url", "mention", "phone", "money", "mixed_script", "question_mark", "question_start",
         "positive_emoji", "negative_emoji", "positive_words", "negative_words", "shouting", "no_letters",
         "short", "length")


def signals(text: str) -> list[float]:
    """The features named in ``NAMES`` for one comment."""
    letters = LETTERS.findall(text)
    upper = len(UPPER.findall(text))
    words = text.split()
    praise, complaint = _sentiment_words(text)
    return [
        float(bool(URL.search(text))),
        float(bool(MENTION.search(text))),
        float(bool(PHONE.search(text))),
        float(bool(MONEY.search(text))),
        float(bool(MIXED_SCRIPT.search(text))),
        float("?" in text),
        float(bool(QUESTION_START.search(text))),
        min(1.0, len(POSITIVE_EMOJI.findall(text)) / 3),
        min(1.0, len(NEGATIVE_EMOJI.findall(text)) / 2),
        min(1.0, praise / 2),
        min(1.0, complaint / 2),
        float(len(letters) >= 8 and upper / len(letters) > 0.6),
        float(not letters),
        float(len(words) <= 2),
        min(1.0, math.log1p(len(words)) / math.log1p(60)),
    ]


def _sentiment_words(text: str) -> tuple[int, int]:
    """How many words of praise and of complaint ``text`` holds, a negated one of praise counted
    as complaint and a negated one of complaint as neither."""
    praise = complaint = 0
    for match in POSITIVE_WORDS.finditer(text):
        if _NEGATED.search(text, 0, match.start()):
            complaint += 1
        else:
            praise += 1
    for match in NEGATIVE_WORDS.finditer(text):
        if not _NEGATED.search(text, 0, match.start()):
            complaint += 1
    return praise, complaint
