"""Posts made of the brand's facts: where a post's topic has facts, the model chooses among
them word for word (a JSON enum under the server's grammar) and writes no body of its own, so
it cannot invent one; the topic is the post's first line."""

from __future__ import annotations

import json

import contentkit as ck
from drafting_helpers import make_brand
from test_formats import TIP, SchemaFake

from contentkit.drafting import Brief, draft_many
from contentkit.writing.facts import facts_for, sentences
from contentkit.writing.formats import FORMATS, assemble, parse_fields
from contentkit.writing.gate import own_share

PAST = ("Cappuccino a casa: scalda il latte a sessanta gradi, non di più.\n"
        "Per un cappuccino a casa monta il latte con movimenti piccoli e versa dal centro della tazza.\n"
        "Rispondi qui sotto, leggiamo tutto.",)


def _facts(reply_schema: dict, field: str) -> list[str]:
    return reply_schema["properties"][field]["items"]["enum"]


def test_a_topic_with_facts_is_told_in_the_brands_own_sentences(tmp_path):
    brand = make_brand(tmp_path / "caffe-prova")
    brief = Brief("cappuccino a casa", pillar="novità", format="announcement", material=PAST)
    chosen = {"news": ["Cappuccino a casa: scalda il latte a sessanta gradi, non di più."]}
    fake = SchemaFake([json.dumps(chosen)] * 3)
    (draft,) = draft_many(brand, [brief], fake)
    schema = fake.schemas[0]
    assert schema["required"] == ["news"], "no hook is asked for: the topic is the first line"
    offered = _facts(schema, "news")
    assert chosen["news"][0] in offered
    assert not any("qui sotto" in f for f in offered), "a sign-off is no fact"
    # The topic is the first line, unless the fact already begins with it.
    assert draft.text.startswith("Cappuccino a casa: scalda il latte a sessanta gradi"), draft.text
    assert "Passa a trovarci" in draft.text  # the profile's call to action
    assert draft.candidates and draft.candidates[0]["own"] == 0.0, "every sentence is the brand's or the topic"


def test_a_choice_that_is_not_one_of_the_facts_is_not_the_format():
    facts = ["Scalda il latte a sessanta gradi, non di più.", "Versa dal centro della tazza, piano."]
    fmt = FORMATS["story"]
    assert parse_fields(json.dumps({"story": [facts[1], facts[0]]}), fmt, facts) == {"story": [facts[1], facts[0]]}
    assert parse_fields(json.dumps({"story": ["Il nostro latte arriva dalla Luna."]}), fmt, facts) is None
    assert parse_fields(json.dumps({"story": [facts[0], facts[0]]}), fmt, facts) == {"story": [facts[0]]}
    text = assemble(fmt, {"story": facts}, "Passa a trovarci", "it", title="Il latte", facts=facts)
    assert text == f"Il latte\n\n{facts[0]} {facts[1]}\n\nPassa a trovarci"


def test_a_tips_facts_are_told_not_listed_and_a_free_tip_stays_a_list():
    facts = ["Scalda il latte a sessanta gradi, non di più."]
    grounded = assemble(FORMATS["tip"], {"steps": facts}, None, "it", title="Latte", facts=facts)
    assert "•" not in grounded and grounded == f"Latte\n\n{facts[0]}"
    free = assemble(FORMATS["tip"], {"hook": "Latte", "steps": ["Scalda il latte", "Versa piano"]}, None, "it")
    assert free == "Latte\n\n• Scalda il latte\n• Versa piano"


def test_facts_of_a_post_made_of_facts_are_on_its_topic_and_say_something():
    brand = ck.load_brand("aurora-caffe")
    material = ["Torna il corso di moka\nAlla fine ti porti a casa un sacchetto del caffè che hai estratto. "
                "Dietro le quinte: le sei del mattino, con il forno che scalda. "
                "Quello che non vedete dal bancone: le sei del mattino, con il forno che scalda.",
                "Rispondi qui sotto, leggiamo tutto."]
    facts = facts_for(brand, "Il forno alle sei", material=material, k=5, profile=False, near=False)
    assert "Torna il corso di moka." not in facts, "a post's short title is no sentence of another post"
    assert sum("forno che scalda" in f for f in facts) == 1, "two sentences saying one thing: one is kept"
    assert not any("qui sotto" in f for f in facts)
    assert not any("Tostiamo in sede" in f for f in facts), "the profile's description is not repeated in posts"
    # Facts that share only the pillar's words are not the topic's: none rather than those.
    assert facts_for(brand, "Un argomento senza fatti", pillar_text="latte art", material=(), k=5,
                     profile=False, near=False) == []
    assert sentences("Nuovo lotto 📣 Arriva da una cooperativa di piccoli produttori.") == [
        "Arriva da una cooperativa di piccoli produttori."]


def test_a_pillar_subject_is_not_a_posts_title(tmp_path):
    brand = make_brand(tmp_path / "caffe-prova")
    material = ("Nuovi prodotti ed eventi: il corso di latte art torna al bancone con Marco.",)
    fake = SchemaFake([json.dumps({"news": [material[0]]})] * 3)
    (draft,) = draft_many(brand, [Brief("Nuovi prodotti ed eventi", pillar="novità", format="announcement",
                                        material=material)], fake)
    assert draft.text.startswith(material[0]), "the pillar's description says 'Nuovi prodotti ed eventi'"


def test_the_share_of_the_models_own_words():
    given = ["Il forno scalda alle sei.", "Passa a trovarci"]
    assert own_share("Il forno\n\nIl forno scalda alle sei.\n\nPassa a trovarci https://x.it\n\n#caffe",
                      [*given, "Il forno"]) == 0.0
    assert own_share("Il forno scalda alle sei. La luna è di formaggio.", given) == 0.5
    # Two facts joined at an emoji are still two of the brand's sentences.
    assert own_share("Nuovo corso 📣 Il forno scalda alle sei.", ["Nuovo corso 📣", *given]) == 0.0


def test_a_plan_takes_first_the_subjects_the_brands_facts_speak_of():
    from contentkit.plans.topics import fallback_topics, pillar_subjects
    from contentkit.writing.facts import names_topic

    brand = ck.load_brand("aurora-caffe")
    pillar = brand.pillar("caffè e cultura")
    subjects = pillar_subjects(pillar)
    past = ["Lo tostiamo chiaro per lasciare parlare la frutta: così tostiamo ogni lotto, piano e senza fretta."]
    known = {s: names_topic(brand, s, past) for s in subjects}
    assert known["Come lo tostiamo"] and not known["Glossario in una frase"]
    topics = fallback_topics(brand, pillar, ["Prova numero 37 di un cuore", "Salva questo post"],
                             grounded=lambda t: known.get(t, t.startswith("Prova")))
    assert topics[0] == "Come lo tostiamo"
    assert topics.index("Prova numero 37 di un cuore") < topics.index("Glossario in una frase")
    assert topics.index("Glossario in una frase") < topics.index("Salva questo post"), "a sign-off says nothing"
    assert not names_topic(brand, "Salva questo post per il prossimo weekend", ["Salva questo post per il weekend."])
    assert fallback_topics(brand, pillar)[:len(subjects)] == subjects, "without facts to ask, the profile's order"


def test_a_question_post_asks_one_of_the_brands_own_questions_under_a_statement():
    facts = ["Programmare insegna a dividere un problema grande in passi piccoli.",
             "Come si fa un buon caffè con la moka a casa?"]
    fmt = FORMATS["question"]
    schema = fmt.schema(facts)
    assert schema["properties"]["context"]["items"]["enum"] == [facts[0]]
    assert schema["properties"]["question"]["items"]["enum"] == [facts[1]]
    assert "hook" not in schema["properties"]
    # Without a question of the brand's among the facts, the model writes the question.
    only = fmt.schema(facts[:1])
    assert only["properties"]["question"]["type"] == "string"
    fields = parse_fields(json.dumps({"context": [facts[0]], "question": [facts[1]]}), fmt, facts)
    assert assemble(fmt, fields, None, "it", title="Caffè a casa", facts=facts) == (
        f"Caffè a casa\n\n{facts[0]}\n\n{facts[1]}")


def test_on_a_short_platform_a_post_made_of_facts_takes_one(tmp_path):
    brand = make_brand(tmp_path / "caffe-prova")
    brief = Brief("cappuccino a casa", platform="x", pillar="novità", format="announcement", material=PAST)
    fake = SchemaFake([json.dumps({"news": ["Cappuccino a casa: scalda il latte a sessanta gradi, non di più."]})] * 3)
    (draft,) = draft_many(brand, [brief], fake)
    assert fake.schemas[0]["properties"]["news"]["maxItems"] == 1
    assert not any("parts changed" in r for r in draft.repairs)
    assert FORMATS["announcement"].schema(["a b c d e.", "f g h i j."])["properties"]["news"]["maxItems"] == 2


def test_where_the_brand_asks_nothing_on_the_topic_a_question_post_asks_a_stock_question(tmp_path):
    from contentkit.writing.formats import STOCK_QUESTIONS

    brand = make_brand(tmp_path / "caffe-prova")
    material = ("Cappuccino a casa: scalda il latte a sessanta gradi, non di più.",)
    reply = json.dumps({"context": [material[0]], "question": ["E tu come fai?"]})
    fake = SchemaFake([reply] * 3)
    (draft,) = draft_many(brand, [Brief("cappuccino a casa", pillar="novità", format="question", material=material)],
                          fake)
    assert fake.schemas[0]["properties"]["question"]["items"]["enum"] == list(STOCK_QUESTIONS["it"])
    assert draft.text.endswith("E tu come fai?\n\n#caffeprova"), draft.text


def test_the_embedded_model_writes_no_body_alone(tmp_path):
    brand = make_brand(tmp_path / "caffe-prova")
    embedded = "qwen2.5-coder-1.5b-instruct"  # the model the quality gate was fitted on
    # No fact speaks of the topic: nothing is asked, the post is its topic and call to action.
    fake = SchemaFake([], model=embedded)
    (draft,) = draft_many(brand, [Brief("cappuccino a casa", pillar="novità", format="story")], fake)
    assert fake.schemas == [], "no request: there was nothing the model could choose"
    assert draft.text.startswith("Cappuccino a casa\n\nPassa a trovarci"), draft.text
    assert any("no fact of Caffè Prova" in w for w in draft.warnings) and not draft.ok
    # A question post with no statement on the topic: no stock question either, which would
    # ask about nothing ("What do you think?" was a whole post under a pillar's subject).
    fake = SchemaFake([json.dumps({"question": ["Ti è mai capitato?"]})] * 3, model=embedded)
    (draft,) = draft_many(brand, [Brief("cappuccino a casa", pillar="novità", format="question")], fake)
    assert fake.schemas == [] and "Ti è mai capitato?" not in draft.text, draft.text
    assert draft.text.startswith("Cappuccino a casa\n\n") and not draft.ok, draft.text
    # Any other model still writes where there are no facts.
    fake = SchemaFake([TIP] * 3)
    (draft,) = draft_many(brand, [Brief("cappuccino a casa", pillar="novità", format="tip")], fake)
    assert "Scalda il latte" in draft.text


def test_an_old_posts_date_or_price_makes_no_topic():
    from contentkit.writing.facts import names_topic

    brand = ck.load_brand("aurora-caffe")
    past = ["Piccola promo del mese: cappuccino e maritozzo a 4,50 €, fino a fine mese al bancone con noi."]
    assert not names_topic(brand, "Piccola promo del mese: cappuccino e maritozzo a 4,50 €", past)
    assert not names_topic(brand, "Sabato 28: corso di assaggio al bancone", past)
    assert not names_topic(brand, "Piccola promo del mese: cappuccino e maritozzo fino a fine mese", past)


def test_a_count_or_a_measure_stays_true_while_a_date_time_price_or_promotion_does_not():
    from contentkit.material import clean_post, stale_number

    profile = frozenset({"borsieri 21"})
    for once in ("Sabato 28 degustazione al bancone.", "Il 14 febbraio torna il corso.", "Corso alle 18:30.",
                 "Cappuccino e maritozzo a 4,50 €.", "Join us on March 3 at 5pm.", "Lavoriamo con loro dal 2019.",
                 "Скидка 20% на первый месяц.", "Открытый урок до 15 декабря."):
        assert stale_number(once, profile), once
    for still in ("How a 40-person design studio in Leeds cut days sales outstanding from 52 to 34.",
                  "Your invoice is 30 days overdue.", "Группы до 6 человек, живой преподаватель.",
                  "На наших уроках дети говорят 70% времени.", "In sacchetti da 250 g per chi lo vuole a casa.",
                  "Ci trovi in via Borsieri 21, Milano."):
        assert not stale_number(still, profile), still
    # A case study's numbers are the brand's to tell again; a course's date is not.
    post = "How a design studio cut DSO from 52 to 34 days. Book the next session on Tuesday 12."
    assert clean_post(post, profile) == "How a design studio cut DSO from 52 to 34 days."


def test_a_post_the_checks_left_with_only_its_call_to_action_is_no_post(tmp_path):
    brand = make_brand(tmp_path / "caffe-prova")
    priced = json.dumps({"hook": "Solo oggi costa 1,20 €", "steps": ["Solo oggi costa 1,20 €", "Solo oggi a 2,50 €"]})
    (result,) = draft_many(brand, [Brief("cappuccino a casa", pillar="novità", format="tip")], SchemaFake([priced] * 6))
    # Asked again, the same: the post fails with its reason rather than ship a bare call to action.
    assert isinstance(result, ck.ContentkitError) and "no usable text" in str(result)


def test_the_posts_of_a_plan_tell_different_facts(tmp_path):
    from contentkit.writing.facts import Told

    brand = make_brand(tmp_path / "caffe-prova")
    told = Told()
    first = "Cappuccino a casa: scalda il latte a sessanta gradi, non di più."
    briefs = [Brief("cappuccino a casa", pillar="novità", format="announcement", material=PAST)]
    fake = SchemaFake([json.dumps({"news": [first]})] * 3)
    (draft,) = draft_many(brand, briefs, fake, told=told)
    assert first in draft.text and told.times(first) == 1
    fake = SchemaFake([json.dumps({"news": [first]})] * 3)
    draft_many(brand, briefs, fake, told=told)
    offered = fake.schemas[0]["properties"]["news"]["items"]["enum"]
    assert first not in offered and offered, "the fact told before is not offered while others are left"
    # Posts asked side by side are offered different facts while there are enough, and only
    # what a post told counts once all are written.
    more = (PAST[0] + "\nIl cappuccino a casa viene meglio con il latte intero e freddo di frigo."
            "\nPer il cappuccino a casa basta una moka piccola e un montalatte a mano.")
    briefs = [Brief("cappuccino a casa", pillar="novità", format="announcement", material=(more,))]
    told = Told()
    fake = SchemaFake([json.dumps({"news": [first]})] * 6)
    drafts = draft_many(brand, briefs * 2, fake, told=told)
    offers = [set(schema["properties"]["news"]["items"]["enum"]) for schema in fake.schemas[:2]]
    assert offers[0] and offers[1] and not offers[0] & offers[1], offers
    # (The fake answers the second with a fact it was not offered, twice: that post fails.)
    assert told.times(first) == sum(first in getattr(d, "text", "") for d in drafts) == 1


def test_a_past_posts_title_is_told_with_what_the_brand_wrote_under_it(tmp_path):
    from contentkit.history import load_history
    from contentkit.material import opens_with
    from contentkit.plans.history import material_of
    from contentkit.plans.topics import fallback_topics
    from contentkit.writing.facts import names_topic

    brand = ck.load_brand("shkola-umnikov")
    material = material_of(load_history(brand.history_path), brand)
    topic = "Ребёнок не хочет делать уроки"
    # The post of that title alone: the next closest shares a word, not the subject.
    chosen = material.for_topic(topic)
    assert chosen and all(text.startswith(topic) for text in chosen), chosen
    # A line the brand puts under a dozen titles is no part of this one.
    assert not any("Учимся онлайн" in text for text in material.for_topic("Проверим логику"))
    # Its sentences are offered though they share no word with the title.
    facts = facts_for(brand, topic, material=chosen, k=3, profile=False, near=False, chosen=False)
    assert facts and all(any(f in text for text in chosen) for f in facts), facts
    assert names_topic(brand, topic, chosen)
    assert not opens_with(chosen[0], "Ребёнок не хочет"), "a title's first words are not its title"
    assert opens_with("Torna il corso di moka Alla fine ti porti a casa il caffè", "Torna il corso di moka")
    # Told under it, the post speaks of its topic; the same sentence under another title does not.
    brief = Brief(topic, pillar="польза", format="tip", material=chosen)
    reply = json.dumps({"steps": [facts[0]]})
    embedded = "qwen2.5-coder-1.5b-instruct"
    (draft,) = draft_many(brand, [brief], SchemaFake([reply] * 3, model=embedded))
    assert facts[0] in draft.text and not any("does not speak" in w for w in draft.warnings), draft.warnings
    # The history's titles go to the pillar they are nearest.
    pillar = brand.pillar("игры и задачки")
    themes = ["Открываем набор в курс Python для подростков", "Задачка выходного дня: проверим логику"]
    assert fallback_topics(brand, pillar, themes, grounded=lambda t: True)[0] != themes[0]


def test_a_topic_told_only_by_the_profile_a_poll_or_a_contests_line_is_no_topic_to_tell():
    from contentkit.writing.facts import names_topic

    brand = ck.load_brand("ledgerly")
    past = ["Poll for finance folks: spreadsheet or software for your forecast? "
            "Ledgerly is used by 3,800 finance teams in the UK, Ireland and North America.",
            "It's month-end. How are we all doing? Best answer gets a Ledgerly mug and our eternal respect."]
    # The only sentence under it is the profile read back, which the checks cut from a post.
    assert not names_topic(brand, "Finance teams in the UK and Ireland", past[:1])
    assert not names_topic(brand, "Poll for finance folks: spreadsheet or software for your forecast", past)
    facts = facts_for(brand, "It's month-end", material=past[1:], k=5, profile=False, near=False)
    assert facts and not any("Best answer" in f for f in facts), "a contest's line points at a post not written"


def test_when_the_titles_run_out_a_plan_posts_one_of_the_brands_own_statements(tmp_path):
    from contentkit.plans.topics import fallback_topics
    from contentkit.writing.facts import names_topic, statements

    brand = ck.load_brand("shkola-umnikov")
    from contentkit.history import load_history
    from contentkit.plans.history import material_of

    material = material_of(load_history(brand.history_path), brand)
    said = statements(brand, material.statements())
    topic = "Разрешите ошибаться: страх плохой оценки мешает учиться сильнее, чем лень."
    assert topic in said
    assert not any(s.startswith(("Бабушки и дедушки", "Три простых игры", "Перешлите", "Поделитесь")) for s in said), said
    assert facts_for(brand, "Мини-урок английского: неправильные глаголы",
                     material=["Мини-урок английского: неправильные глаголы. Поделитесь с детьми и внуками!"],
                     k=3, profile=False, near=False) == []
    assert not any("Учимся онлайн" in s for s in said), "a line under a dozen titles is filler"
    chosen = material.for_topic(topic)
    assert chosen and names_topic(brand, topic, chosen)
    embedded = "qwen2.5-coder-1.5b-instruct"
    fake = SchemaFake([], model=embedded)
    (draft,) = draft_many(brand, [Brief(topic, pillar="польза", format="tip", material=chosen)], fake)
    assert fake.schemas == [] and draft.text.startswith(topic + "\n\n"), draft.text
    assert not any("no fact" in w or "does not speak" in w for w in draft.warnings), draft.warnings
    assert draft.ok, "the brand's own statement, whole, with nothing to warn of, is ready"
    # A title told with a fact is not: the gate cannot tell those apart at 9 in 10.
    (told,) = draft_many(brand, [Brief("Дроби пугают", pillar="польза", format="tip",
                                       material=material.for_topic("Дроби пугают"))],
                         SchemaFake([json.dumps({"steps": ["Разберите одну задачу вслух: пусть ребёнок объяснит "
                                                           "решение вам, как учитель."]})] * 3, model=embedded))
    assert not told.ok and any("quality gate" in w for w in told.warnings), told.warnings
    # The history's titles come first, the statements after them.
    pillar = brand.pillar("польза")
    order = fallback_topics(brand, pillar, [topic, "Дроби пугают"], grounded=lambda t: True)
    assert order.index("Дроби пугают") < order.index(topic)


def test_a_plan_takes_no_topic_whose_every_fact_a_topic_before_tells():
    from contentkit.plans.topics import Taken

    facts = {"Le stagioni": frozenset({"Il mercato del sabato ispira i dolci di stagione."}),
             "Dolci di stagione": frozenset({"Il mercato del sabato ispira i dolci di stagione."}),
             "Il forno alle sei": frozenset({"Il forno scalda alle sei.", "Il mercato del sabato ispira i dolci di stagione."})}
    taken = Taken(facts_of=lambda t: facts.get(t, frozenset()))
    assert taken.claim("Le stagioni")
    assert not taken.claim("Dolci di stagione"), "the same sentence twice"
    assert taken.claim("Il forno alle sei"), "a fact not told yet"
    assert taken.claim("Un argomento senza fatti"), "a topic with no facts is judged by its words alone"
    # A title taken is told: a topic made of that sentence would say it again.
    said = {"Cash-flow forecasting": frozenset({"A cash-flow forecast is a habit, not a spreadsheet."})}
    taken = Taken(["A cash-flow forecast is a habit, not a spreadsheet"], facts_of=lambda t: said.get(t, frozenset()))
    assert not taken.claim("Cash-flow forecasting")


def test_a_fragment_or_a_line_that_points_at_its_post_is_no_fact():
    brand = ck.load_brand("ledgerly")
    past = ["Why profitable companies run dry.\na monthly forecast is out of date by day ten. "
            "Here's what gets paid on time. In this video: reminder templates and tone by customer segment. "
            "Read the help article for the details, or reply here and our team will walk you through it. "
            "Compare last month's forecast with what happened: the gap tells you where to look."]
    assert "a monthly forecast is out of date by day ten." not in sentences("x. a monthly forecast is out of date by day ten.")
    facts = facts_for(brand, "Why profitable companies run dry", material=past, k=5, profile=False, near=False)
    assert facts == ["Compare last month's forecast with what happened: the gap tells you where to look."], facts


def test_a_plan_chooses_a_subject_only_for_facts_that_tell_most_of_it():
    from contentkit.history import load_history
    from contentkit.plans.history import material_of
    from contentkit.writing.facts import names_topic, statements

    brand = ck.load_brand("shkola-umnikov")
    material = material_of(load_history(brand.history_path), brand)
    # "Письмо от родителей: …" tells half of "Отзывы родителей": no post of parents' reviews.
    assert not names_topic(brand, "Отзывы родителей", material.for_topic("Отзывы родителей"))
    aurora = ck.load_brand("aurora-caffe")
    past = ["Quello che non vedete dal bancone: le sei del mattino, con il forno che scalda."]
    assert names_topic(aurora, "Il forno alle sei", past)
    # A statement that opens on what the sentence before it named is no post alone.
    ledgerly = ck.load_brand("ledgerly")
    said = statements(ledgerly, ["Their finance lead set up reminders by segment and stopped sending the same email.",
                                 "Write down who owns each step: most delays are hand-offs, not hard problems."])
    assert "Write down who owns each step: most delays are hand-offs, not hard problems." in said
    assert not any(s.startswith("Their") for s in said), said


def test_a_riddle_the_brand_left_for_its_readers_is_a_post_whole(tmp_path):
    from contentkit.history import load_history
    from contentkit.material import clean_post
    from contentkit.plans.history import material_of
    from contentkit.writing.facts import riddles, statements, topic_facts

    # A short question is one sentence with the one it asks about, numbers and all: they are
    # a riddle's, while a date or a price in a statement is still no fact.
    puzzle = "Отец старше сына на 24 года, а через 6 лет будет старше в 3 раза. Сколько лет сыну?"
    assert sentences(f"Проверим логику? {puzzle}") == [puzzle]
    assert clean_post(f"Задачка. {puzzle}", frozenset()) == f"Задачка. {puzzle}"
    assert clean_post("Sabato 28 degustazione al bancone. Vi aspettiamo tutti!", frozenset()) == (
        "Vi aspettiamo tutti!")
    brand = ck.load_brand("shkola-umnikov")
    material = material_of(load_history(brand.history_path), brand)
    asked = riddles(brand, material.statements())
    assert puzzle in asked and "Как из шести спичек сложить четыре равных треугольника?" in asked
    # A question its post answers is a teaser; a sign-off asks nothing.
    assert not any(q.startswith(("Как помочь внуку", "Пишите")) for q in asked), asked
    said = statements(brand, material.statements())
    assert puzzle in said and not any(s.startswith("Отец старше") and s != puzzle for s in said)
    chosen = material.for_topic(puzzle)
    assert topic_facts(brand, puzzle, chosen) == [puzzle]
    fake = SchemaFake([], model="qwen2.5-coder-1.5b-instruct")
    (draft,) = draft_many(brand, [Brief(puzzle, pillar="игры и задачки", format="question", material=chosen)], fake)
    assert draft.text.startswith(puzzle + "\n\n") and draft.ok, (draft.text, draft.warnings)
    assert "А вы что думаете?" not in draft.text, "no stock question under a riddle"


def test_a_plan_places_each_past_post_in_the_pillar_its_words_and_hashtags_name():
    from concurrent.futures import ThreadPoolExecutor
    from datetime import date

    from contentkit.plans.history import PlanHistory
    from contentkit.plans.slots import make_slots
    from contentkit.plans.topics import Taken, choose_topics

    brand = ck.load_brand("shkola-umnikov")
    slots = make_slots(brand, "2027-12-06", 14)
    with ThreadPoolExecutor(2) as pool:
        history = PlanHistory(brand.history_path, brand, date(2027, 12, 6), 14, None, slots, pool)
        # Its own words say nothing of puzzles; its post's title and hashtags do.
        assert {"задач", "логик"} <= history.words_around("Как из шести спичек сложить четыре равных треугольника?")
        topics = choose_topics(brand, [s.pillar for s in slots], lambda asks: [(i, []) for i in range(len(asks))],
                               avoid=Taken((), facts_of=history.facts_of), more=history.themes,
                               grounded=history.grounded, around=history.words_around)
        games = [t for s, t in zip(slots, topics, strict=True) if s.pillar == "игры и задачки"]
        assert sum(t.endswith("?") for t in games) >= 2, games
        told = [t for t in topics if history.grounded(t)]
    # Before, eleven of the 28 slots got a subject that no fact tells; the riddles tell four.
    assert len(told) >= 20, len(told)
    assert len(set(topics)) == len(topics)


def test_a_fact_an_earlier_post_of_the_plan_told_is_not_offered_again(tmp_path):
    from contentkit.writing.facts import Told

    brand = ck.load_brand(make_brand(tmp_path / "caffe-prova"))
    told = Told()
    facts = facts_for(brand, "cappuccino a casa", material=PAST, k=3, profile=False, near=False, told=told)
    assert facts
    told.add(facts)
    assert facts_for(brand, "cappuccino a casa", material=PAST, k=3, profile=False, near=False, told=told) == []


class _Chooser(SchemaFake):
    """A server that fills every field with the first choices its schema allows, as the
    embedded model would: a plan's posts are then made of exactly what they were offered."""

    concurrent = True

    def complete(self, messages, *, max_tokens=400, temperature=0.7, json_mode=False, seed=None):
        from contentkit.llm.base import Completion

        self.schemas.append(json_mode)
        if not isinstance(json_mode, dict):
            return super().complete(messages, max_tokens=max_tokens, temperature=temperature, seed=seed)
        fields = {}
        for name, spec in json_mode["properties"].items():
            items = spec.get("items", {})
            fields[name] = items.get("enum", ["Testo"])[:max(1, spec.get("minItems", 1))]
        return Completion(text=json.dumps(fields, ensure_ascii=False), model=self.model)


def _told_twice(posts) -> dict[str, list[str]]:
    """Each sentence of seven words or more that two posts say, with their topics."""
    told: dict[str, list[str]] = {}
    for post in posts:
        body = post.text.split("\n\n")
        for sentence in {s for part in body[1:] + body[:1] for s in sentences(part) if len(s.split()) >= 7}:
            told.setdefault(sentence, []).append(post.topic)
    return {s: topics for s, topics in told.items() if len(topics) > 1}


def test_no_sentence_of_the_brand_is_told_twice_in_a_plan(tmp_path):
    brand = ck.load_brand("shkola-umnikov")
    plan = ck.plan_content(brand, "2028-01-10", 14, backend=_Chooser(model="qwen2.5-coder-1.5b-instruct"),
                           out_dir=tmp_path, images=False)
    assert not plan.failed
    twice = _told_twice(plan.done)
    assert not twice, twice
    # A post that is its topic alone says so once, not also that it "does not speak of its topic".
    bare = [p for p in plan.done if any("no fact of" in w for w in p.warnings)]
    assert bare and not any("does not speak of its topic" in w for p in bare for w in p.warnings)
    # The riddles and statements chosen are posted whole, and ready.
    riddles = [p for p in plan.done if p.topic.endswith("?")]
    assert riddles and all(p.text.startswith(p.topic) and p.status == "done" and not p.warnings for p in riddles)


def test_a_line_that_answers_its_readers_or_points_at_media_is_no_post_alone_and_a_told_line_is_not_said_again():
    from contentkit.writing.facts import Told, statements

    brand = ck.load_brand("aurora-caffe")
    said = statements(brand, ["Domanda del lunedì. Grazie a chi ci ha mandato le foto delle vostre colazioni: le "
                              "ripubblichiamo tutte. Rispondiamo a tutti, promesso, anche a chi beve il caffè freddo. "
                              "Torna il corso. Non serve esperienza, serve solo curiosità e un grembiule.",
                              "Video. How to set up automatic payment reminders in five minutes (Ledgerly walkthrough)."])
    assert not any(s.startswith(("Grazie", "Rispondiamo", "Non serve", "How to set up")) for s in said), said
    assert "In bancone da giovedì, in sacchetti da 250 g per chi lo vuole a casa." not in said, "news of its week"
    # An emoji with its variation selector ends a sentence as a bare emoji does.
    assert sentences("Una mattina qualunque in via Borsieri 🌤️ Il nostro quartiere cambia ogni mese, ma la fila "
                     "del sabato resta uguale.") == ["Il nostro quartiere cambia ogni mese, ma la fila del sabato "
                                                     "resta uguale."]
    told = Told()
    told.add(["Bank reconciliation shouldn't need a spreadsheet named FINAL_v7.xlsx"])
    assert told.echoes("Month-end close shouldn't need a spreadsheet named FINAL_v7_really_final.xlsx.")
    assert not told.echoes("Close the sub-ledgers first, then the bank, then review accruals.")
    # A plan takes no title that says a line taken before in other words.
    from contentkit.plans.topics import Taken

    lines = {"Month-end close": frozenset({"Month-end close shouldn't need a spreadsheet named FINAL_v7_really_final.xlsx."}),
             "Bank reconciliation shouldn't need a spreadsheet named FINAL_v7.xlsx": frozenset(
                 {"Match recurring transactions with rules once and let them run every month."})}
    taken = Taken(facts_of=lambda topic: lines.get(topic, frozenset()))
    assert taken.claim("Month-end close")
    assert not taken.claim("Bank reconciliation shouldn't need a spreadsheet named FINAL_v7.xlsx")


def test_a_resumed_plan_does_not_tell_again_what_its_saved_posts_told(tmp_path):
    brand = ck.load_brand("shkola-umnikov")
    backend = _Chooser(model="qwen2.5-coder-1.5b-instruct")
    whole = ck.plan_content(brand, "2028-01-10", 14, backend=backend, out_dir=tmp_path / "whole", images=False)
    # The same plan killed after a few posts: its journal up to the fifth saved post, then a rerun.
    journal = (tmp_path / "whole" / "plan.jsonl").read_text("utf-8").splitlines(keepends=True)
    posts = [i for i, line in enumerate(journal) if json.loads(line)["kind"] == "post"]
    (tmp_path / "killed").mkdir()
    (tmp_path / "killed" / "plan.jsonl").write_text("".join(journal[:posts[4] + 1]), encoding="utf-8")
    resumed = ck.plan_content(brand, "2028-01-10", 14, backend=backend, out_dir=tmp_path / "killed", images=False)
    assert len(resumed.done) == len(whole.done) and not resumed.failed
    twice = _told_twice(resumed.done)
    assert not twice, twice
