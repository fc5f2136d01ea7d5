"""Build the example brands' logos and post histories, deterministically.

    python scripts/make_brand_assets.py            # rewrites brand_profiles/<slug>/logo.png and history.csv

The histories are synthetic but shaped like real accounts: each topic has its own hashtags,
and engagement depends on topic, hashtags, weekday and hour, so the hashtag suggester and the
best-time analysis have real signal to learn. Texts come from hand-written sentence pools per
topic so that no two posts read alike. Same seed, same files.
"""

from __future__ import annotations

import csv
import math
import random
import string
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent / "brand_profiles"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
# About nine months of history ending the week the examples were written.
START, END = date(2026, 2, 23), date(2026, 11, 22)
COLUMNS = ["account", "published_at", "text", "likes", "comments", "shares", "saves",
           "reach", "followers", "platform", "url"]
# Each platform's own hashtag habit (see contentkit/platforms.py), before the brand's max.
TAG_CAP = {"instagram": 5, "facebook": 2, "telegram": 3, "x": 2, "linkedin": 3, "vk": 5,
           "odnoklassniki": 4, "youtube": 3, "threads": 1}
SHORT = {"x", "telegram"}  # platforms where the team writes one idea, not a story


@dataclass
class Topic:
    key: str
    weight: float                 # how often the team posts about it
    boost: float                  # how well it lands with the audience
    tags: list[str]               # the first is used on nearly every post of the topic
    hooks: list[str]
    bodies: list[str]
    fills: dict[str, list[str]] = field(default_factory=dict)
    comments: float = 0.04        # per like
    shares: float = 0.03
    saves: float = 0.05


@dataclass
class Channel:
    share: float                  # fraction of the brand's posts
    followers: int                # at START
    growth: float                 # relative growth by END
    er: float                     # likes per follower on an average post
    reach: float                  # reach per follower on an average post
    hours: dict[int, float]       # hours the team actually posted at, weighted
    saves: bool = True            # Telegram and YouTube report no saves


@dataclass
class Brand:
    slug: str
    handle: str
    tz: str
    seed: int
    n_posts: int
    channels: dict[str, Channel]
    topics: list[Topic]
    extras: list[str]             # brand sentences that fit any topic
    ctas: dict[str, list[str]]    # per platform; "*" for the rest
    closers: list[str]
    brand_tags: list[str]
    tag_cap: int
    tag_boost: dict[str, float]
    hour_effect: dict[int, float]
    weekday_effect: list[float]   # Monday first
    weekday_posting: list[float]  # how likely the team posts on each weekday
    logo: dict


# --------------------------------------------------------------------------- logos

def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / name), size)


def make_logo(spec: dict, palette: dict[str, str], path: Path) -> None:
    """A flat monogram mark; drawn 4x larger and scaled down for clean edges."""
    size, scale = 512, 4
    s = size * scale
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    pad = 24 * scale
    box = (pad, pad, s - pad, s - pad)
    if spec["shape"] == "circle":
        draw.ellipse(box, fill=palette["primary"])
    else:
        draw.rounded_rectangle(box, radius=110 * scale, fill=palette["primary"])
    for kind, *args in spec.get("details", []):
        _detail(draw, kind, args, palette, s, scale)
    font = _font(spec["font"], spec["size"] * scale)
    cx, cy = s // 2 + spec.get("dx", 0) * scale, s // 2 + spec.get("dy", 0) * scale
    draw.text((cx, cy), spec["mark"], font=font, fill=palette[spec.get("ink", "background")], anchor="mm")
    img = img.resize((size, size), Image.LANCZOS)
    # A flat mark needs few colours; a palette PNG keeps the repo light (< 60 KB).
    img.quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(path, optimize=True)


def _detail(draw: ImageDraw.ImageDraw, kind: str, args: list, palette: dict, s: int, k: int) -> None:
    if kind == "arc":  # the sunrise band behind the café's monogram
        role, inset, width, start, end = args
        draw.arc((inset * k, inset * k, s - inset * k, s - inset * k), start, end,
                 fill=palette[role], width=width * k)
    elif kind == "ring":
        role, inset, width = args
        draw.ellipse((inset * k, inset * k, s - inset * k, s - inset * k), outline=palette[role], width=width * k)
    elif kind == "dot":
        role, x, y, r = args
        draw.ellipse(((x - r) * k, (y - r) * k, (x + r) * k, (y + r) * k), fill=palette[role])
    elif kind == "bar":
        role, x0, y0, x1, y1 = args
        draw.rounded_rectangle((x0 * k, y0 * k, x1 * k, y1 * k), radius=(y1 - y0) * k // 2, fill=palette[role])


# --------------------------------------------------------------------------- histories

def _pick(rng: random.Random, weighted: dict):
    keys = list(weighted)
    return rng.choices(keys, weights=[weighted[k] for k in keys])[0]


def _lognormal(rng: random.Random, sigma: float) -> float:
    return math.exp(rng.gauss(-sigma * sigma / 2, sigma))


def _tags_in(text: str) -> set[str]:
    return {w.strip(".,!?:;()«»\"'").lower() for w in text.split() if w.startswith("#")}


def compose(brand: Brand, topic: Topic, platform: str, rng: random.Random) -> tuple[str, list[str]]:
    fills = {k: rng.choice(v) for k, v in topic.fills.items()}
    bodies = rng.sample(topic.bodies, 2 if platform not in SHORT and rng.random() < 0.45 else 1)
    parts = [rng.choice(topic.hooks), *bodies]
    if platform not in SHORT and rng.random() < 0.4:
        parts.append(rng.choice(brand.extras))
    ctas = brand.ctas.get(platform, brand.ctas["*"])
    if rng.random() < 0.55:
        parts.append(rng.choice(ctas))
    if platform == "x":
        parts = parts[:2] if len(" ".join(parts[:2])) < 230 else parts[:1]
    sep = " " if platform in SHORT else "\n\n" if rng.random() < 0.5 else " "
    text = sep.join(p.format_map(fills) for p in parts)
    if brand.closers and rng.random() < 0.35:
        text += " " + rng.choice(brand.closers)
    return text, _choose_tags(brand, topic, platform, text, rng)


def _choose_tags(brand: Brand, topic: Topic, platform: str, text: str, rng: random.Random) -> list[str]:
    cap = min(TAG_CAP[platform], brand.tag_cap)
    inline = _tags_in(text)
    wanted = [topic.tags[0]] if rng.random() < 0.9 else []
    wanted += rng.sample(topic.tags[1:], min(len(topic.tags) - 1, rng.randint(0, 3)))
    if brand.brand_tags and (platform in {"instagram", "vk"} or rng.random() < 0.5):
        wanted.append(rng.choice(brand.brand_tags))
    room = max(0, cap - len(inline)) if rng.random() < 0.85 else max(0, min(cap, 1) - len(inline))
    out: list[str] = []
    for tag in wanted:
        if tag.lower() not in inline and tag.lower() not in {t.lower() for t in out}:
            out.append(tag)
    return out[:room]


def engagement(brand: Brand, topic: Topic, ch: Channel, when: datetime, tags: set[str],
               rng: random.Random) -> dict:
    progress = (when.date() - START).days / (END - START).days
    followers = int(ch.followers * (1 + ch.growth * progress) * (1 + rng.gauss(0, 0.004)))
    mult = topic.boost * brand.hour_effect.get(when.hour, 1.0) * brand.weekday_effect[when.weekday()]
    for tag in tags:
        mult *= brand.tag_boost.get(tag, 1.0)
    mult *= _lognormal(rng, 0.32)
    likes = max(1, round(followers * ch.er * mult))
    comments = round(likes * topic.comments * _lognormal(rng, 0.4))
    shares = round(likes * topic.shares * _lognormal(rng, 0.45))
    saves = round(likes * topic.saves * _lognormal(rng, 0.4)) if ch.saves else ""
    reach = round(followers * ch.reach * mult ** 0.6 * _lognormal(rng, 0.15))
    reach = max(reach, likes + comments + shares + (saves or 0) + rng.randint(5, 40))
    return {"likes": likes, "comments": comments, "shares": shares, "saves": saves,
            "reach": reach, "followers": followers}


def _url(platform: str, handle: str, n: int, rng: random.Random) -> str:
    alnum = string.ascii_letters + string.digits
    token = lambda k: "".join(rng.choice(alnum) for _ in range(k))  # noqa: E731
    digits = lambda k: str(rng.randint(10 ** (k - 1), 10 ** k - 1))  # noqa: E731
    return {
        "instagram": f"https://www.instagram.com/p/{token(11)}/",
        "facebook": f"https://www.facebook.com/{handle}/posts/{digits(16)}",
        "telegram": f"https://t.me/{handle}/{n}",
        "vk": f"https://vk.com/wall-187654321_{n}",
        "odnoklassniki": f"https://ok.ru/group/70000001234567/topic/{digits(15)}",
        "linkedin": f"https://www.linkedin.com/feed/update/urn:li:activity:{digits(19)}/",
        "x": f"https://x.com/{handle}/status/{digits(19)}",
        "youtube": f"https://www.youtube.com/watch?v={token(11)}",
    }[platform]


def history(brand: Brand) -> list[dict]:
    rng = random.Random(brand.seed)
    tz = ZoneInfo(brand.tz)
    days = (END - START).days + 1
    slots = []
    while len(slots) < brand.n_posts:
        day = START + timedelta(days=rng.randrange(days))
        if rng.random() < brand.weekday_posting[day.weekday()]:
            slots.append(day)
    rows = []
    counters = {p: rng.randint(120, 900) for p in brand.channels}
    platforms = {p: c.share for p, c in brand.channels.items()}
    topics = {t.key: t.weight for t in brand.topics}
    by_key = {t.key: t for t in brand.topics}
    seen: set[str] = set()
    for day in sorted(slots):
        platform = _pick(rng, platforms)
        ch = brand.channels[platform]
        topic = by_key[_pick(rng, topics)]
        hour = _pick(rng, ch.hours)
        when = datetime(day.year, day.month, day.day, hour, rng.choice([0, 0, 5, 10, 15, 30, 30, 45]), tzinfo=tz)
        for _ in range(20):  # a repeated caption would read as a bot; draw again
            text, tags = compose(brand, topic, platform, rng)
            if tags:
                text += ("\n\n" if platform in {"instagram", "vk"} else " ") + " ".join(tags)
            if text not in seen:
                break
        seen.add(text)
        counters[platform] += rng.randint(1, 4)
        rows.append({"account": brand.handle, "published_at": when.isoformat(), "text": text,
                     **engagement(brand, topic, ch, when, _tags_in(text), rng),
                     "platform": platform, "url": _url(platform, brand.handle, counters[platform], rng)})
    rows.sort(key=lambda r: r["published_at"])
    return rows


def write_history(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def palette_of(slug: str) -> dict[str, str]:
    import yaml  # the palette lives in brand.yaml; the logo follows it

    data = yaml.safe_load((ROOT / slug / "brand.yaml").read_text(encoding="utf-8"))
    return data["visual"]["palette"]


# --------------------------------------------------------------------------- Aurora Caffè (it)

AURORA = Brand(
    slug="aurora-caffe", handle="auroracaffe", tz="Europe/Rome", seed=2019, n_posts=186,
    channels={
        "instagram": Channel(0.55, 8400, 0.35, 0.045, 0.38, {7: 3, 8: 2, 10: 1, 13: 2, 15: 1, 18: 3, 21: 1}),
        "facebook": Channel(0.25, 3100, 0.08, 0.012, 0.22, {9: 1, 12: 3, 15: 1, 19: 2, 21: 1}),
        "telegram": Channel(0.20, 1250, 0.5, 0.05, 0.55, {7: 3, 8: 1, 11: 1, 16: 2, 20: 1}, saves=False),
    },
    topics=[
        Topic("latteart", 1.3, 1.45, ["#latteart", "#cappuccino", "#baristalife", "#flatwhite", "#lattearte"],
              ["Oggi al bancone {barista} ha disegnato {shape} ☕", "Sfida del mattino: {shape} in meno di dieci secondi.",
               "Il tuo cappuccino, ma con {shape} sopra.", "Prova numero 37 di {shape}: questa volta ci siamo 😄",
               "Non è magia, è latte montato bene."],
              ["Il segreto? Latte intero a 60 gradi e una microschiuma lucida come la vernice.",
               "{barista} dice che il trucco è il polso, noi diciamo che è la pazienza.",
               "Con il latte d'avena viene un po' più difficile, ma ce la facciamo lo stesso.",
               "Ogni tazza è diversa: se non ti piace il disegno, il caffè resta buonissimo.",
               "La #latteart non cambia il gusto, ma cambia la mattina di chi la riceve."],
              {"barista": ["Giulia", "Marco", "Sofia", "Davide"],
               "shape": ["un cuore", "un tulipano a cinque petali", "un cigno", "una rosetta", "un orsetto"]},
              comments=0.05, shares=0.04, saves=0.03),
        Topic("pasticceria", 1.2, 1.3, ["#cornetto", "#colazioneamilano", "#pasticceria", "#brioche", "#colazioneitaliana"],
              ["Sono le 6:15 e il forno è già caldo 🥐", "Appena sfornati: {pastry}.",
               "Colazione seria: {pastry} e un cappuccino.", "Chi arriva prima delle otto trova ancora {pastry} tiepidi.",
               "Novità in vetrina: {pastry} 😍"],
              ["Sfogliamo l'impasto a mano, con burro d'alpeggio e tre giorni di lievitazione.",
               "Il nostro #cornetto è meno dolce di quello che ti aspetti, ed è proprio questo il punto.",
               "Per chi non beve latte ci sono anche i cornetti vegani, con olio di girasole e marmellata di albicocche.",
               "Li finiamo quasi sempre prima delle dieci, quindi non dire che non ti avevamo avvisato.",
               "Si abbinano benissimo a un espresso corto, ma anche a un filtro fruttato."],
              {"pastry": ["i cornetti all'albicocca", "i cornetti integrali al miele", "i maritozzi con la panna",
                          "le girelle alla cannella", "i cornetti al pistacchio", "le sfogliatelle"]},
              comments=0.03, shares=0.05, saves=0.04),
        Topic("origini", 0.9, 0.95, ["#specialtycoffee", "#monorigine", "#torrefazione", "#caffèspecialty", "#coffeeroaster"],
              ["Nuovo lotto in tostatura: {origin} ✨", "In macinino da oggi: {origin}.",
               "Storia di un chicco: {origin}.", "Lo abbiamo assaggiato dieci volte prima di deciderci: {origin}."],
              ["Note di {notes}: lo senti già al primo sorso, ancora meglio in filtro.",
               "Lo tostiamo chiaro per lasciare parlare la frutta, senza amaro.",
               "Arriva da una cooperativa di piccoli produttori che conosciamo da tre anni.",
               "Monorigine vuol dire che tutto il sacco viene da una sola zona: un territorio, un gusto.",
               "Disponibile in bancone e in sacchetti da 250 g, macinato per moka o in grani."],
              {"origin": ["Etiopia Guji lavato", "Colombia Huila", "Brasile Cerrado naturale", "Kenya Nyeri AA",
                          "Guatemala Huehuetenango", "Ruanda Nyamasheke"],
               "notes": ["pesca e bergamotto", "cioccolato al latte e nocciola", "frutti rossi e miele",
                         "pompelmo rosa e ribes", "caramello e mandorla tostata"]},
              comments=0.03, shares=0.03, saves=0.09),
        Topic("metodi", 0.8, 1.05, ["#caffèacasa", "#moka", "#v60", "#filtercoffee", "#brewguide"],
              ["Tre errori che tutti facciamo con la moka (anche noi, prima).", "Guida veloce: {method} in quattro passaggi.",
               "Domanda del bancone: come si fa un buon {method} a casa?", "Salva questo post per il prossimo weekend ☕"],
              ["Acqua già calda nella caldaia: così il caffè non si cuoce sul fuoco.",
               "Macinatura media, 15 grammi per 250 ml d'acqua, e un timer: niente di più.",
               "Non pressare mai la polvere nel filtro della #moka, lascia respirare il caffè.",
               "Con la #v60 versa l'acqua a cerchi lenti, in tre tempi, e aspetta che finisca di scendere.",
               "Tieni il caffè in un barattolo chiuso, lontano dal frigo: assorbe tutti gli odori."],
              {"method": ["caffè in moka", "filtro con la V60", "caffè con la French press", "cold brew"]},
              comments=0.06, shares=0.06, saves=0.16),
        Topic("quartiere", 0.8, 1.0, ["#quartiereisola", "#milano", "#isola", "#milanodavivere", "#dietrolequinte"],
              ["Una mattina qualunque in via Borsieri 🌤️", "Dietro le quinte: {scene}.",
               "Isola si sveglia presto, e noi con lei.", "Quello che non vedete dal bancone: {scene}."],
              ["Il signor Franco arriva alle 7:02 da sei anni, il suo espresso è pronto alle 7:03.",
               "Il nostro quartiere cambia ogni mese, ma la fila del sabato mattina resta uguale.",
               "Grazie alla libreria qui accanto per averci prestato le sedie per l'evento di ieri.",
               "Il mercato del sabato in piazzale Lagosta è la nostra ispirazione per i dolci di stagione.",
               "Si lavora in sei, in pochi metri quadrati, e si ride parecchio."],
              {"scene": ["le sei del mattino, con il forno che scalda", "la pulizia della macchina a fine giornata",
                         "la consegna del latte fresco dalla Brianza", "l'assaggio dei nuovi lotti del lunedì"]},
              comments=0.04, shares=0.03, saves=0.02),
        Topic("eventi", 0.6, 0.8, ["#corsobarista", "#eventimilano", "#workshop", "#lattearte", "#milanoweekend"],
              ["Torna il corso {course} 📣", "Sabato {day}: {course} al bancone.",
               "Ultimi posti per {course}.", "Segnatevi la data: {day}."],
              ["Due ore, sei persone, tanto latte e tante prove sbagliate: è il bello.",
               "Non serve esperienza, serve solo curiosità (e un grembiule, lo diamo noi).",
               "Alla fine ti porti a casa un sacchetto del caffè che hai estratto.",
               "Il corso si prenota sul sito, i posti sono pochi perché il bancone è piccolo."],
              {"course": ["di latte art per principianti", "di moka e filtro a casa", "di assaggio (cupping)",
                          "di espresso per appassionati"],
               "day": ["14", "21", "28", "7", "12"]},
              comments=0.05, shares=0.07, saves=0.06),
        Topic("offerte", 0.7, 0.65, ["#offerta", "#colazione", "#milanofood", "#pausapranzo"],
              ["Fino alle 11: {deal}.", "Questa settimana al bancone: {deal}.",
               "Orari speciali per {holiday} 📅", "Piccola promo del mese: {deal}."],
              ["Vale tutti i giorni feriali, basta chiederlo al bancone.",
               "Portate la vostra tazza: 20 centesimi di sconto su ogni bevanda, sempre.",
               "Per i pranzi veloci c'è anche la focaccia farcita del giorno.",
               "Gli orari aggiornati sono sempre sul sito e nella nostra bio."],
              {"deal": ["cornetto e filtro a 3,50 €", "cappuccino e maritozzo a 4,50 €", "il secondo sacchetto di caffè a metà prezzo",
                        "pranzo con focaccia e acqua a 8 €"],
               "holiday": ["Pasqua", "il 25 aprile", "Ferragosto", "Ognissanti", "il ponte del 2 giugno"]},
              comments=0.02, shares=0.03, saves=0.02),
        Topic("community", 0.7, 1.1, ["#coffeelover", "#caffè", "#buongiorno", "#pausacaffè"],
              ["Domanda seria del lunedì: {question}", "Sondaggio al bancone: {question}",
               "Ditelo nei commenti 👇 {question}", "Vi leggiamo sempre: {question}"],
              ["Il più votato finisce sulla lavagna la prossima settimana.",
               "Noi siamo divisi a metà, e Marco non parla più con Giulia.",
               "Grazie a chi ci ha mandato le foto delle vostre colazioni: le ripubblichiamo tutte.",
               "Rispondiamo a tutti, promesso, anche a chi beve il caffè freddo a gennaio."],
              {"question": ["cappuccino dopo pranzo sì o no?", "cornetto vuoto o con la crema?",
                            "moka o espresso al bar?", "zucchero nel caffè: scandalo o libertà?",
                            "qual è il vostro primo caffè della giornata?"]},
              comments=0.22, shares=0.02, saves=0.01),
    ],
    extras=["Ti aspettiamo in via Borsieri 21, dalle 7 alle 19.", "Il caffè è tostato da noi, a due passi dal bancone.",
            "Se passi, di' che ci hai letto qui: ci fa sempre piacere.", "Buona giornata da tutta la squadra di Aurora.",
            "Siamo aperti anche la domenica mattina.", "Il wifi c'è, la password la chiedi al bancone."],
    ctas={"instagram": ["Salva il post e taggaci nelle tue stories.", "Link per prenotare in bio.",
                        "Taggaci con @auroracaffe se passi!"],
          "facebook": ["Prenota sul sito: auroracaffe.it", "Ci trovi in via Borsieri 21, Milano.",
                       "Condividi con chi ti deve un caffè."],
          "*": ["Rispondi qui sotto, leggiamo tutto.", "Inoltra a chi lavora in zona Isola.", "auroracaffe.it"]},
    closers=["☕", "🥐", "❤️", "✨", "☀️"],
    brand_tags=["#auroracaffe"], tag_cap=5,
    tag_boost={"#latteart": 1.25, "#cornetto": 1.15, "#colazioneamilano": 1.2, "#quartiereisola": 1.1,
               "#v60": 1.05, "#milano": 0.9, "#coffeelover": 0.85, "#offerta": 0.8, "#caffè": 0.95},
    hour_effect={7: 1.35, 8: 1.25, 10: 0.95, 12: 1.05, 13: 1.1, 15: 0.75, 16: 0.9, 18: 1.25, 19: 1.15, 20: 0.9, 21: 0.75},
    weekday_effect=[0.95, 0.9, 0.95, 1.0, 1.05, 1.2, 1.15],
    weekday_posting=[1.0, 0.9, 1.0, 0.9, 1.0, 0.8, 0.5],
    logo={"shape": "circle", "mark": "A", "font": "DejaVuSerif-Bold.ttf", "size": 300, "dy": 18,
          "details": [("ring", "secondary", 52, 10), ("arc", "accent", 92, 26, 200, 340)]},
)


# --------------------------------------------------------------------------- Школа Умников (ru)

SHKOLA = Brand(
    slug="shkola-umnikov", handle="shkola_umnikov", tz="Europe/Moscow", seed=2020, n_posts=178,
    channels={
        "vk": Channel(0.35, 12400, 0.25, 0.018, 0.30, {9: 1, 12: 2, 15: 1, 19: 3, 21: 2}),
        "telegram": Channel(0.30, 5600, 0.45, 0.035, 0.60, {8: 3, 13: 1, 17: 1, 20: 3}, saves=False),
        "instagram": Channel(0.20, 7300, 0.15, 0.03, 0.28, {11: 1, 14: 1, 19: 3, 22: 1}),
        "odnoklassniki": Channel(0.15, 4200, 0.2, 0.022, 0.25, {7: 1, 10: 3, 14: 1, 18: 2}),
    },
    topics=[
        Topic("english", 1.3, 1.2, ["#английскийдлядетей", "#английскийязык", "#английскийонлайн", "#englishforkids", "#учиманглийский"],
              ["Как выучить {words} и не заскучать? 🇬🇧", "Мини-урок английского: {words}.",
               "Ребёнок путает {confusion}? Это нормально!", "5 минут английского перед сном: играем в {game}."],
              ["Повторяйте новые слова не списком, а в игре: так мозг запоминает их в 3 раза лучше.",
               "Главное правило — говорить каждый день понемногу, а не раз в неделю по часу.",
               "Мультфильмы на английском с субтитрами — отличная привычка для детей от 8 лет.",
               "На наших уроках дети говорят 70% времени, а преподаватель только направляет.",
               "Не исправляйте каждую ошибку сразу: сначала похвалите, что ребёнок заговорил."],
              {"words": ["названия животных", "неправильные глаголы", "слова про погоду", "фразы для путешествий", "цвета и формы"],
               "confusion": ["he и she", "in и on", "this и that", "do и does"],
               "game": ["«Крокодила»", "«Угадай слово»", "«Я вижу...»", "«Что пропало?»"]},
              comments=0.04, shares=0.06, saves=0.15),
        Topic("math", 0.9, 1.0, ["#математикадлядетей", "#математика", "#огэ", "#подготовкакогэ", "#устныйсчёт"],
              ["Дроби пугают? Давайте разберёмся на пицце 🍕", "Почему в 5 классе начинаются проблемы с {topic}?",
               "Готовимся к ОГЭ без паники: {topic}.", "Простой приём для {topic}, который работает."],
              ["Разберите одну задачу вслух: пусть ребёнок объяснит решение вам, как учитель.",
               "Начинайте с примеров из жизни: сдача в магазине, рецепт, расписание автобуса.",
               "Ошибки в вычислениях чаще всего от спешки, а не от незнания — учим проверять себя.",
               "В мини-группе ребёнок видит, что трудности бывают у всех, и перестаёт бояться доски.",
               "Регулярность важнее объёма: 20 минут 4 раза в неделю лучше, чем 2 часа в воскресенье."],
              {"topic": ["дробями", "текстовыми задачами", "уравнениями", "процентами", "геометрией"]},
              comments=0.04, shares=0.05, saves=0.13),
        Topic("coding", 0.9, 1.05, ["#программированиедлядетей", "#scratch", "#python", "#айтидлядетей", "#кружокпрограммирования"],
              ["{student} написал(а) свою первую игру на {lang} 🎮", "С чего начать программирование в {age} лет?",
               "Игры — это не вред, если ребёнок их создаёт.", "Из игрока в разработчика за 8 недель 🚀"],
              ["Начинаем со #scratch: блоки вместо кода, а логика та же самая, что у настоящих программистов.",
               "В 11–12 лет пора переходить на Python: синтаксис простой, а возможности огромные.",
               "Каждый модуль заканчивается проектом, который можно показать друзьям и бабушке.",
               "Программирование учит разбивать большую задачу на маленькие шаги — это пригодится везде.",
               "Компьютер не нужен мощный: хватит обычного ноутбука и интернета."],
              {"student": ["Саша, 11 лет,", "Маша, 9 лет,", "Тимур, 13 лет,", "Вика, 10 лет,"],
               "lang": ["Scratch", "Python"], "age": ["7", "9", "10", "12"]},
              comments=0.05, shares=0.04, saves=0.08),
        Topic("parents", 1.0, 1.35, ["#советыродителям", "#родителям", "#мотивация", "#воспитание", "#домашка"],
              ["Ребёнок не хочет делать уроки. Что делать? 🤔", "Родителям на заметку: {idea}.",
               "Сохраните, чтобы не потерять 📌", "Вопрос от мамы из Казани: как {idea}?"],
              ["Договоритесь о фиксированном времени для уроков и не торгуйтесь каждый день заново.",
               "Хвалите не результат, а усилие: «ты долго разбирался и справился» работает лучше «ты умница».",
               "Уберите телефон из комнаты на 30 минут — это честнее, чем запреты на весь вечер.",
               "Если ребёнок устал после школы, дайте ему час на отдых до занятий.",
               "Разрешите ошибаться: страх плохой оценки мешает учиться сильнее, чем лень."],
              {"idea": ["вернуть интерес к учёбе после каникул", "перестать делать домашку вместо ребёнка",
                        "наладить режим к 1 сентября", "поддержать ребёнка перед контрольной"]},
              comments=0.07, shares=0.09, saves=0.18),
        Topic("stories", 0.7, 1.1, ["#успехиучеников", "#отзывы", "#гордимся", "#онлайнобучение"],
              ["Отзыв, от которого мы улыбались весь день 😊", "История ученицы: {story}.",
               "Наши ученики снова удивляют!", "Письмо от родителей: {story}."],
              ["Спасибо преподавателям, которые верят в каждого ребёнка.",
               "Три месяца назад он стеснялся включить камеру, а теперь сам ведёт презентацию на английском.",
               "Дома теперь спорят не о том, делать ли уроки, а о том, кто первым покажет проект.",
               "Мама говорит, что самое важное — у ребёнка снова горят глаза."],
              {"story": ["от тройки к пятёрке по английскому за четверть", "первая олимпиада по математике",
                         "сдала Cambridge Flyers на отлично", "своя игра в App Store в 14 лет"]},
              comments=0.08, shares=0.03, saves=0.03),
        Topic("puzzles", 0.8, 1.25, ["#задачкадня", "#задачка", "#головоломка", "#логика"],
              ["Задачка выходного дня 🧩", "Проверим логику? 🧠", "Сможете решить за минуту?", "Головоломка для всей семьи:"],
              ["У Маши 3 кота, у каждого кота 4 котёнка, а у каждого котёнка 2 клубка. Сколько всего клубков?",
               "Какое число пропущено: 2, 6, 12, 20, ?, 42",
               "Отец старше сына на 24 года, а через 6 лет будет старше в 3 раза. Сколько лет сыну?",
               "Как из шести спичек сложить четыре равных треугольника?",
               "Какое английское слово становится короче, если добавить к нему две буквы? (Подсказка: short)"],
              {}, comments=0.3, shares=0.05, saves=0.04),
        Topic("promo", 0.8, 0.6, ["#пробныйурок", "#онлайншкола", "#набор", "#скидка", "#каникулы"],
              ["Открываем набор в {group} 📣", "Бесплатный пробный урок — уже на этой неделе!",
               "{offer} — только до конца месяца.", "Интенсив на каникулах: {group}."],
              ["Группы до 6 человек, живой преподаватель и отчёт родителям после каждого модуля.",
               "Пробный урок длится 40 минут: знакомимся, определяем уровень и даём рекомендации.",
               "Для братьев и сестёр скидка 15% на весь курс.",
               "Расписание подстраиваем под часовой пояс: учатся дети от Калининграда до Владивостока."],
              {"group": ["группы английского для 7–9 лет", "курс Python для подростков", "подготовку к ОГЭ по математике",
                         "группу Scratch для начинающих"],
               "offer": ["Скидка 20% на первый месяц", "Второй курс в подарок", "Пробный урок и тест уровня бесплатно"]},
              comments=0.02, shares=0.02, saves=0.03),
    ],
    extras=["Учимся онлайн, из любого города и с любого устройства.", "Пишите вопросы в комментариях — ответит методист.",
            "Наши преподаватели проходят отбор в 4 этапа, берём только каждого десятого.",
            "Занятия длятся 45 минут, чтобы ребёнок не уставал."],
    ctas={"telegram": ["Ответы — в комментариях 👇", "Перешлите тем, кому пригодится."],
          "vk": ["Записаться на пробный урок: shkola-umnikov.ru", "Сохраните пост и поделитесь с друзьями."],
          "odnoklassniki": ["Поделитесь с детьми и внуками!", "Подробнее на сайте shkola-umnikov.ru"],
          "*": ["Ссылка на пробный урок — в шапке профиля.", "Пишите в комментариях, что думаете!"]},
    closers=["💙", "✨", "🙌", "📚", "🎉"],
    brand_tags=["#школаумников"], tag_cap=5,
    tag_boost={"#советыродителям": 1.2, "#задачкадня": 1.2, "#scratch": 1.1, "#огэ": 1.05, "#английскийдлядетей": 1.1,
               "#онлайншкола": 0.8, "#скидка": 0.75, "#englishforkids": 0.9, "#набор": 0.85},
    hour_effect={7: 0.85, 8: 1.1, 10: 1.0, 12: 1.05, 14: 0.8, 15: 0.8, 17: 0.9, 18: 1.05, 19: 1.3, 20: 1.35, 21: 1.2, 22: 0.85},
    weekday_effect=[1.0, 1.0, 0.95, 0.95, 0.85, 0.9, 1.2],
    weekday_posting=[1.0, 1.0, 1.0, 1.0, 0.9, 0.6, 0.7],
    logo={"shape": "rounded", "mark": "ШУ", "font": "DejaVuSans-Bold.ttf", "size": 210, "dy": -10,
          "details": [("bar", "secondary", 130, 360, 382, 392), ("dot", "accent", 410, 108, 34)]},
)


# --------------------------------------------------------------------------- Ledgerly (en)

LEDGERLY = Brand(
    slug="ledgerly", handle="ledgerlyhq", tz="Europe/Dublin", seed=2021, n_posts=172,
    channels={
        "linkedin": Channel(0.40, 9800, 0.40, 0.012, 0.80, {8: 3, 10: 1, 12: 2, 17: 1}),
        "x": Channel(0.35, 6200, 0.12, 0.006, 0.50, {9: 2, 13: 2, 16: 2, 20: 1}),
        "facebook": Channel(0.15, 2400, 0.05, 0.005, 0.15, {11: 2, 15: 1, 19: 1}),
        "youtube": Channel(0.10, 3100, 0.60, 0.02, 1.20, {15: 3, 17: 1}, saves=False),
    },
    topics=[
        Topic("getting-paid", 1.3, 1.3, ["#accountsreceivable", "#latepayments", "#cashflow", "#invoicing", "#creditcontrol"],
              ["Late payments are a process problem, not a customer problem.", "How to get paid {days} days faster without sounding pushy.",
               "Your invoice is 30 days overdue. Now what?", "The reminder email that gets paid (template inside)."],
              ["Send a friendly nudge 3 days before the due date; it beats any reminder sent after.",
               "Put the payment link and the invoice number in the subject line, not just the body.",
               "Offer card and bank transfer on every invoice: each extra option cuts the wait by about {days} days.",
               "Escalate in steps: reminder, phone call, statement, then a pause on new work.",
               "Agree payment terms before the work starts and repeat them on the invoice."],
              {"days": ["5", "7", "9", "11"]},
              comments=0.05, shares=0.08, saves=0.12),
        Topic("forecasting", 0.9, 1.15, ["#cashflowforecast", "#cashflow", "#smallbusiness", "#financeleaders", "#fpa"],
              ["Do you know how much cash you'll have in {horizon}?", "A cash-flow forecast is a habit, not a spreadsheet.",
               "Three numbers every founder should check on Monday.", "Why profitable companies still run out of cash."],
              ["Start with what's already invoiced and when customers actually pay, not when they should.",
               "Update the forecast weekly; a monthly forecast is out of date by day ten.",
               "Separate committed spend from planned spend, or the forecast will always look too good.",
               "Compare last month's forecast with what happened: the gap tells you where to look."],
              {"horizon": ["60 days", "13 weeks", "the next quarter"]},
              comments=0.04, shares=0.06, saves=0.1),
        Topic("close", 0.9, 1.1, ["#monthend", "#bankreconciliation", "#accounting", "#bookkeeping", "#financeops"],
              ["Month-end close in {n} days, not eight.", "Bank reconciliation shouldn't need a spreadsheet named FINAL_v7.xlsx.",
               "What slows down month-end close? We asked 300 finance teams.", "A checklist for a calmer month-end."],
              ["Reconcile daily in small batches instead of once a month in one painful afternoon.",
               "Match recurring transactions with rules once and let them run every month.",
               "Close the sub-ledgers first, then the bank, then review accruals.",
               "Write down who owns each step: most delays are hand-offs, not hard problems."],
              {"n": ["three", "four", "five"]},
              comments=0.04, shares=0.05, saves=0.11),
        Topic("product", 1.0, 0.8, ["#productupdate", "#xero", "#quickbooks", "#stripe", "#automation"],
              ["New in Ledgerly: {feature}.", "Shipped this week: {feature}.",
               "You asked, we built it: {feature}.", "{feature} is live for every plan."],
              ["It syncs both ways with Xero and QuickBooks, so your books stay the single source of truth.",
               "Set it up once in settings; it takes about five minutes.",
               "It was the most requested feature on our roadmap board this year.",
               "Read the help article for the details, or reply here and our team will walk you through it."],
              {"feature": ["multi-currency invoicing", "automatic payment reminders by customer segment",
                           "Stripe payouts matched to invoices", "a 13-week cash-flow forecast", "bulk invoice import from CSV"]},
              comments=0.03, shares=0.03, saves=0.04),
        Topic("customers", 0.7, 1.05, ["#customerstory", "#casestudy", "#smallbusiness", "#accountsreceivable"],
              ["How {customer} cut days sales outstanding from {before} to {after}.", "Customer story: {customer}.",
               "\"We stopped chasing invoices on Friday nights.\"", "Real numbers from {customer}."],
              ["Their finance lead set up reminders by segment and stopped sending the same email to everyone.",
               "Bank reconciliation went from a two-day job to a morning coffee.",
               "They now review receivables in a 15-minute weekly meeting instead of a monthly scramble.",
               "The team is the same size; the backlog is gone."],
              {"customer": ["a 40-person design studio in Leeds", "an IT services firm in Cork", "a logistics startup in Toronto",
                            "a family-run wholesaler in Bristol"],
               "before": ["52", "61", "47"], "after": ["31", "34", "29"]},
              comments=0.04, shares=0.05, saves=0.05),
        Topic("benchmarks", 0.6, 1.4, ["#dso", "#benchmark", "#cashflow", "#smallbusiness", "#data"],
              ["We looked at {volume} invoices. Here's what gets paid on time.", "Benchmark: the average small business waits {wait} days on a 30-day invoice.",
               "Data, not opinions: when do customers actually pay?", "The invoice detail that predicts late payment."],
              ["Invoices sent on Tuesday morning were paid 4 days faster than those sent on Friday afternoon.",
               "Invoices with a named contact were paid 2.3 times more often within terms.",
               "The longer the payment terms, the later the payment, even in days after the due date.",
               "All figures come from anonymised Ledgerly data, methodology in the comments."],
              {"volume": ["1.2 million", "850,000", "2 million"], "wait": ["47", "44", "51"]},
              comments=0.06, shares=0.12, saves=0.1),
        Topic("community", 0.6, 1.0, ["#financeteam", "#accountinglife", "#cfo", "#poll"],
              ["Poll for finance folks: {question}", "Quick question for the finance leads here: {question}",
               "Behind the scenes at Ledgerly:", "It's month-end. How are we all doing?"],
              ["Best answer gets a Ledgerly mug and our eternal respect.",
               "Our own finance team voted, and the result surprised us.",
               "Tell us in the replies; we read every one.",
               "Here's our support team on a Friday afternoon, fresh from fixing a 3,000-line import."],
              {"question": ["what takes longest at month-end?", "do you still send invoices as PDF by email?",
                            "who owns credit control in your company?", "spreadsheet or software for your forecast?"]},
              comments=0.25, shares=0.02, saves=0.01),
        Topic("webinars", 0.5, 0.7, ["#webinar", "#financeops", "#learning", "#accountsreceivable"],
              ["Free webinar on {date}: {title}.", "Join us live: {title}.", "Recording is up: {title}."],
              ["45 minutes, practical, with a live Q&A and no sales pitch.",
               "Hosted by our head of finance and a guest accountant from our partner network.",
               "Everyone who signs up gets the slides and the templates."],
              {"date": ["Thursday", "Tuesday the 14th", "the 22nd"],
               "title": ["a 4-day month-end close", "credit control for small teams", "your first 13-week cash-flow forecast"]},
              comments=0.03, shares=0.04, saves=0.05),
    ],
    extras=["Ledgerly is used by 3,800 finance teams in the UK, Ireland and North America.",
            "Works with Xero, QuickBooks and Stripe.", "No spreadsheet required, but you can keep yours.",
            "Questions? Our support team answers in under two hours on working days."],
    ctas={"linkedin": ["Full playbook at ledgerly.io/playbook", "What would you add? Comments are open.",
                       "Start a 14-day free trial: ledgerly.io/signup"],
          "x": ["More: ledgerly.io/blog", "Free trial: ledgerly.io/signup"],
          "youtube": ["Chapters and templates in the description.", "Subscribe for a new walkthrough every week."],
          "*": ["Book a demo: ledgerly.io/demo", "Read more on our blog: ledgerly.io/blog"]},
    closers=["📈", "✅"],
    brand_tags=[], tag_cap=3,
    tag_boost={"#accountsreceivable": 1.15, "#cashflow": 1.2, "#monthend": 1.1, "#dso": 1.15,
               "#smallbusiness": 0.85, "#productupdate": 0.8, "#automation": 0.85, "#poll": 1.1},
    hour_effect={8: 1.3, 9: 1.25, 10: 1.1, 12: 1.1, 13: 1.0, 15: 0.95, 16: 0.95, 17: 0.85, 19: 0.7, 20: 0.65},
    weekday_effect=[1.0, 1.2, 1.15, 1.1, 0.85, 0.5, 0.55],
    weekday_posting=[1.0, 1.0, 1.0, 1.0, 0.8, 0.08, 0.08],
    logo={"shape": "rounded", "mark": "L", "font": "DejaVuSans-Bold.ttf", "size": 300, "dx": -75, "dy": 0,
          "details": [("bar", "accent", 310, 170, 410, 200), ("bar", "background", 310, 240, 410, 270),
                      ("bar", "background", 310, 310, 410, 340)]},
)

BRANDS = [AURORA, SHKOLA, LEDGERLY]


def main() -> None:
    for brand in BRANDS:
        folder = ROOT / brand.slug
        make_logo(brand.logo, palette_of(brand.slug), folder / "logo.png")
        rows = history(brand)
        write_history(rows, folder / "history.csv")
        print(f"{brand.slug}: logo.png, history.csv ({len(rows)} posts)")


if __name__ == "__main__":
    main()
