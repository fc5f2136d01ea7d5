"""Checks that guard what a post says, not only its form: real words of the language, the
brand speaking as "we", no made-up links, and the brand's own past posts as its facts."""

from __future__ import annotations

import pytest
from drafting_helpers import IT_TEXT, load_test_brand

from contentkit import checks, spelling
from contentkit.material import Material, Source, clean_post, profile_numbers


@pytest.fixture
def brand(tmp_path):
    return load_test_brand(tmp_path / "caffe-prova")


@pytest.mark.parametrize(("language", "coined", "real"), [
    ("it", "Sfogliiamo l'impasto ogni mattina.", "Il forno è caldo alle sei e i cornetti sono pronti."),
    ("ru", "Уроки помогут нам лучше поняться.", "Решаем задачки дома по темам, которые интересуют детей."),
    ("en", "Our team reconcilates every invoice.", "Our team reconciles every invoice before the close."),
])
def test_a_sentence_with_a_coined_word_goes_and_real_ones_stay(language, coined, real):
    text, words = checks.drop_misspelled(f"{real} {coined}", language)
    assert text == real
    assert len(words) == 1 and words[0].lower() in coined.lower()


def test_names_and_the_brands_own_words_count_as_real(brand):
    known = checks.brand_words(brand, ["Taggaci nelle tue stories!"])
    text = "Oggi al bancone c'è Giulia con il nuovo Caffè Prova. Taggaci nelle tue stories. CaffèProva ti aspetta."
    assert checks.drop_misspelled(text, "it", known) == (text, [])
    assert spelling.unknown_words("Vieni a trovare Marco a Torino", "it") == []
    # The brand's name with a possessive is the brand's word too (it once cut a right sentence).
    assert spelling.unknown_words("Ledgerly's reminders work.", "en", frozenset({"ledgerly"})) == []


def test_a_language_without_a_dictionary_is_not_judged():
    assert spelling.unknown_words("Zzkrqy blorf", "xx") == []
    assert checks.drop_misspelled("Zzkrqy blorf. Frase.", "xx") == ("Zzkrqy blorf. Frase.", [])


def test_review_drops_coined_words_and_asks_again_when_much_is_lost(brand):
    kept = checks.review(IT_TEXT + " Sfogliiamo i cornetti.", brand, "instagram")
    assert "Sfogliiamo" not in kept.text and kept.problems == []
    assert any("Sfogliiamo" in r for r in kept.repairs)
    salad = checks.review("Tutto è utropo di Roma, passeremparci altamente. Il zardenale della stesso amore. "
                          "Oggi cornetti caldi al bancone per tutti voi, passa a trovarci.", brand, "instagram")
    assert "spelling" in salad.problems
    assert "utropo" not in salad.text and "zardenale" not in salad.text


def test_a_post_in_english_is_left_to_the_language_check(brand):
    from drafting_helpers import EN_TEXT

    assert checks.review(EN_TEXT, brand, "instagram").problems == ["language"]


@pytest.mark.parametrize(("language", "text", "kept"), [
    ("it", "Ho mangiato una tazza di latte art. Passa a trovarci al bancone!", "Passa a trovarci al bancone!"),
    ("ru", "Я люблю математику. Приходите на пробный урок!", "Приходите на пробный урок!"),
    ("en", "I just wanted to say your food is amazing. Join our webinar on Thursday.", "Join our webinar on Thursday."),
])
def test_the_brand_speaks_as_we_not_i(language, text, kept):
    assert checks.drop_first_person(text, language) == (kept, 1)


def test_a_customer_quote_keeps_its_first_person():
    text = "«Il mio primo cappuccino qui» ci ha scritto Anna. Grazie!"
    assert checks.drop_first_person(text, "it") == (text, 0)
    assert checks.drop_first_person("Ho fame.", "it") == ("Ho fame.", 0)  # nothing would be left


def test_links_the_profile_does_not_give_are_removed(brand):
    text = "Scopri di più su [www.caffe-prova.it](http://www.caffe-prova.it). Mappa: https://example.com/mappa"
    cleaned, removed = checks.drop_invented_links(text, brand)
    assert removed == 1
    assert "caffe-prova.it" not in cleaned and "https://example.com/mappa" in cleaned
    same = "La mappa è qui: https://example.com/mappa/"
    assert checks.drop_invented_links(same, brand) == (same, 0)


def test_old_dates_and_prices_never_reach_the_model(brand):
    numbers = profile_numbers(brand.model_copy(update={"description": "Caffetteria in via Roma 21, dal 2019."}))
    post = ("Sabato 21 torna il corso. Siamo in via Roma 21 dal 2019. Cappuccino a 4,50 €. "
            "Il forno è acceso alle sei. #caffe https://example.com @marco")
    assert clean_post(post, numbers) == "Siamo in via Roma 21 dal 2019. Il forno è acceso alle sei."


def test_material_picks_past_posts_on_the_topic_better_ones_first(brand):
    posts = [Source("Il forno è acceso alle sei: cornetti all'albicocca e burro d'alpeggio.", 1.0, "instagram"),
             Source("Il forno sforna maritozzi con la panna ogni sabato mattina.", 2.5, "telegram"),
             Source("Nuovo lotto di caffè dall'Etiopia, note di pesca e bergamotto.", 3.0, "instagram"),
             Source("Corto", 9.0, "instagram")]
    material = Material(brand, posts)
    picked = material.for_topic("Il forno e i cornetti", platform="instagram", k=2)
    assert len(picked) == 2 and all("forno" in p for p in picked)
    assert "cornetti" in picked[0]  # two topic words beat one, whatever the ER
    assert material.for_topic("Il forno e i cornetti", k=1, avoid=picked[:1]) == picked[1:2]
    assert material.for_topic("Programmazione in Python") == ()  # nothing related: nothing shown


def test_a_plan_shows_each_draft_the_brands_past_posts_on_its_topic(tmp_path):
    import contentkit as ck
    from contentkit.history import load_history
    from contentkit.llm.fake import FakeBackend

    brand = ck.load_brand("aurora-caffe")
    backend = FakeBackend(default="Oggi vi raccontiamo il nostro caffè del mattino. Passate a trovarci in via Borsieri! ☕")
    plan = ck.plan_content(brand, "2026-12-07", 7, backend=backend, out_dir=tmp_path, images=False)
    past = [str(t) for t in load_history(brand.history_path).posts["text"]]
    asked = [m[-1]["content"] for m in backend.prompts if "Usa solo i loro fatti" in m[-1]["content"]]
    assert len(asked) >= len(plan.posts) * 0.8  # nearly every topic has past posts to stand on
    shown = [block.split("```\n", 1)[1].split("\n```", 1)[0].splitlines()
             for block in (a.split("Usa solo i loro fatti, con frasi nuove.\n", 1)[1] for a in asked)]
    for lines in shown:
        assert 1 <= len(lines) <= 2
        for line in lines:
            first = " ".join(line.split()[:5])
            assert any(first in " ".join(p.split()) for p in past), line  # the brand's own words, not made up
            assert "#" not in line and "http" not in line
    flat = [line for lines in shown for line in lines]
    assert len(set(flat)) >= 0.8 * len(flat)  # one old post feeds one new post, as far as they go


def test_an_assistant_offering_help_is_not_the_brand():
    text = "Sono qui per aiutarti a trovare il caffè che cerchi. Il forno è acceso dalle sei."
    assert checks.drop_assistant_talk(text) == ("Il forno è acceso dalle sei.", 1)


def test_a_post_with_no_real_sentence_is_kept_for_review_not_emptied(brand):
    salad = "Fazciamo scoprire il terro lupto. Sfogliiamo utropo zardenale."
    review = checks.review(salad, brand, "instagram")
    assert review.text.startswith("Fazciamo") and "spelling" in review.problems and "empty" not in review.problems


def test_a_russian_post_with_an_english_word_dropped_in_loses_that_sentence():
    import contentkit as ck

    shkola = ck.load_brand("shkola-umnikov")
    raw = ("Пробный урок по Python — лучший способ начать. Мы делаем learning весёлым и понятным. "
           "Записывайтесь, ждём ваших детей на уроке!")
    review = checks.review(raw, shkola, "telegram", language="ru")
    assert "learning" not in review.text and "Python" in review.text
    assert any("English words" in r for r in review.repairs)
    italian = "Il nostro latte art per principianti: il corso parte sabato in via Borsieri, ti aspettiamo!"
    assert checks.drop_stray_latin(italian, "it") == (italian, 0)  # Italian copy borrows English freely


def test_a_post_that_parrots_its_instructions_or_talks_about_itself_loses_those_lines(brand):
    # Verbatim from Qwen2.5-Coder-1.5B in bench/drafts.py, for a café's Instagram post.
    raw = ('"Stai per la tua colazione? Ora ci sono i nostri post passati su questo tema. Usa solo i loro '
           'fatti, con frasi nuove.\n\nPassa da noi per un cappuccino con il cornetto appena sfornato.\n\n'
           'Prenota il corso di latte art"\n\nQuesto post utilizza solo i testi presenti nei post precedenti '
           "e aggiunge nuove frasi informative. Si è mantenuta la lingua italiana e l'ambito culturale.")
    told = ["Tra le righe ``` ci sono nostri post passati su questo tema. Usa solo i loro fatti, con frasi nuove."]
    review = checks.review(raw, brand, "instagram", language="it", echo=told)
    assert "post passati" not in review.text and "Usa solo" not in review.text
    assert "Questo post" not in review.text and "mantenuta" not in review.text
    assert review.text.startswith("Stai per la tua colazione?")  # the quotes around it went too
    assert "cornetto appena sfornato" in review.text and "Prenota il corso di latte art" in review.text


def test_the_profiles_own_words_in_the_prompt_may_be_repeated(brand):
    told = [f"End with this invitation: {c.text}" for c in brand.calls_to_action] + [f"About us: {brand.description}"]
    raw = f"Il forno è acceso dalle sei e il caffè è pronto al bancone. {brand.calls_to_action[0].text}"
    assert checks.drop_echoed_instructions(raw, told, checks.profile_facts(brand)) == (raw, 0)


def test_a_dialogue_the_model_made_up_goes_and_the_brands_own_lines_stay():
    raw = ('Come tostiamo i nostri lotti?\n\nAurora Caffè: "Tostiamo piccoli lotti e facciamo latte art al '
           'bancone." ☕\n\nFamiglia Rossi: "Quando passi a trovarci, ti portiamo un sacchetto del caffè."')
    text, dropped = checks.drop_made_up_dialogue(raw, "Aurora Caffè")
    assert dropped == 1 and "Famiglia Rossi" not in text
    assert "Tostiamo piccoli lotti e facciamo latte art al bancone. ☕" in text and "Aurora Caffè:" not in text
    cited = 'Una cliente ci ha scritto:\n\nGiulia: "Il miglior cornetto del quartiere!"'
    assert checks.drop_made_up_dialogue(cited, "Aurora Caffè") == (cited, 0)  # one quote is a citation


def test_a_post_written_as_code_or_data_is_taken_out_of_it_and_marked(brand):
    # Shapes Qwen2.5-Coder wrote in a real aurora-caffe plan (the posts were marked ready).
    raw = ('{\n"post": "Tostiamo in sede piccoli lotti di specialty coffee ogni martedì, e il sabato mattina '
           'facciamo latte art al bancone per chi passa.\n}')
    review = checks.review(raw, brand, "instagram", language="it")
    assert review.text.startswith("Tostiamo in sede piccoli lotti") and "{" not in review.text
    assert '"post"' not in review.text and "code" in review.problems  # asked again, then marked for review
    listed = "Dietro le quinte\n\ndata = {\n'Hook': [\n\"Il forno scalda dalle sei del mattino.\",\n],"
    text, lines = checks.drop_code(listed)
    assert lines == 3 and text == "Dietro le quinte\n\nIl forno scalda dalle sei del mattino."
    plain = "Il forno è acceso dalle sei: cornetti all'albicocca e caffè del giorno. Ti aspettiamo!"
    assert checks.drop_code(plain) == (plain, 0)


DESCRIBED = ("Caffè Prova è una piccola caffetteria di quartiere a Torino che tosta il suo caffè "
             "ogni mattina in via Po.")


def test_a_sentence_lifted_from_the_description_goes_and_the_post_keeps_the_rest(tmp_path):
    brand = load_test_brand(tmp_path / "caffe-prova", description=DESCRIBED)
    own = "Oggi al bancone c'è il nuovo cornetto al pistacchio, caldo dalle sette. Passa a provarlo con un cappuccino."
    review = checks.review(DESCRIBED + " " + own, brand, "instagram", language="it")
    assert "tosta il suo caffè" not in review.text
    assert "cornetto al pistacchio" in review.text
    assert any("description" in r for r in review.repairs)
    assert "copy" not in review.problems


def test_a_post_that_is_the_description_is_a_copy_to_write_again(tmp_path):
    brand = load_test_brand(tmp_path / "caffe-prova", description=DESCRIBED)
    review = checks.review(DESCRIBED, brand, "instagram", language="it")
    assert "copy" in review.problems
    assert any("description" in w for w in review.warnings)


def test_a_sentence_said_again_in_other_words_goes():
    text = ("Il nostro caffè viene tostato ogni mattina qui a Torino. Il caffè viene tostato ogni mattina "
            "a Torino, da noi. Vieni ad assaggiarlo con un cornetto caldo.")
    assert checks.drop_repeats(text) == ("Il nostro caffè viene tostato ogni mattina qui a Torino. "
                                         "Vieni ad assaggiarlo con un cornetto caldo.")


def test_sentences_that_share_a_subject_but_say_new_things_stay():
    text = ("Il pistacchio arriva da Bronte ogni settimana. Con il pistacchio di Bronte facciamo "
            "anche la crema dei cornetti del sabato.")
    assert checks.drop_repeats(text) == text


def test_a_numbered_item_whose_sentence_went_leaves_no_bare_number_and_no_gap(brand):
    raw = ("Tre idee per la colazione di domenica:\n1. Un cornetto al pistacchio con il cappuccino.\n"
           "2. Sfogliiamo zardenale utropo.\n3. Una spremuta d'arancia fresca con la brioche.")
    review = checks.review(raw, brand, "instagram", language="it")
    assert "zardenale" not in review.text
    assert review.text.splitlines()[1:3] == ["1. Un cornetto al pistacchio con il cappuccino.",
                                            "2. Una spremuta d'arancia fresca con la brioche."]


def test_a_handle_the_profile_never_gives_goes_and_the_sentence_reads_on(brand):
    raw = ("@Chiaraaa, non solo ci trovi al bancone ogni mattina, ma anche il sabato con i cornetti caldi. "
           "Chiedi a @giulia.barista la ricetta del nostro cappuccino.")
    text, count = checks.drop_invented_mentions(raw, brand, ["Le foto di @caffeprova ogni sabato."])
    assert count == 2 and "@" not in text
    assert text == "Non solo ci trovi al bancone ogni mattina, ma anche il sabato con i cornetti caldi."
    assert checks.drop_invented_mentions("Seguici su @caffeprova, e scrivi a info@caffeprova.it.", brand,
                                         ["Le foto di @caffeprova ogni sabato."])[1] == 0


def test_a_post_quoted_paragraph_by_paragraph_loses_the_quotes_and_the_topic_said_as_a_line(brand):
    raw = ('"Da oggi al bancone ci sono i dolci di stagione, con le castagne e la zucca."\n\n'
           '"Per i pranzi veloci c\'è anche la focaccia farcita del giorno, calda dalle dodici."\n\n'
           '"Dolci di stagione"')
    review = checks.review(raw, brand, "instagram", language="it", topic="Dolci di stagione")
    assert review.text.startswith("Da oggi al bancone") and '"' not in review.text
    assert "\nDolci di stagione" not in review.text


def test_a_post_left_as_one_quoted_paragraph_loses_its_quotes(brand):
    raw = ('"Il quartiere cambia ogni mese, ma la fila del sabato mattina resta uguale. Passa a trovarci!"\n\n'
           "Sono qui per aiutarti con il tuo post.")
    review = checks.review(raw, brand, "instagram", language="it")
    assert review.text.startswith("Il quartiere cambia") and '"' not in review.text


def test_one_quote_among_plain_paragraphs_stays_quoted(brand):
    raw = ('Sabato abbiamo chiesto ai clienti il loro cornetto preferito.\n\n'
           '"Quello al pistacchio, senza dubbio."\n\nE il vostro qual è? Raccontatecelo nei commenti.')
    assert '"Quello al pistacchio' in checks.review(raw, brand, "instagram", language="it").text


def test_a_form_the_model_filled_in_loses_its_labels_and_a_list_cut_mid_item_its_last_number(brand):
    raw = ("Titolo: Novità di dicembre - Caffè Prova\n\nContenuto:\n\nEcco le novità di questa settimana:\n"
           "1. Il cornetto al pistacchio torna al bancone ogni mattina.\n"
           "2. Il sabato prepariamo la torta di castagne con la panna.\n3. Il corso di latte art")
    review = checks.review(raw, brand, "facebook", language="it", cut_off=True)
    assert "Titolo" not in review.text and "Contenuto" not in review.text
    assert review.text.splitlines()[:3] == ["Ecco le novità di questa settimana:",
                                            "1. Il cornetto al pistacchio torna al bancone ogni mattina.",
                                            "2. Il sabato prepariamo la torta di castagne con la panna."]


@pytest.fixture
def shkola():
    from contentkit.brand import load_brand

    return load_brand("shkola-umnikov")


def test_document_headlines_go_and_a_list_heading_stays(shkola):
    raw = ("Школа Умников: Польза и Упражнения для Домашних Занятий\n\n"
           "Советы родителям по мотивации:\n- Хвалите ребёнка за усилия, а не только за оценки.\n"
           "- Занимайтесь понемногу, но каждый день, по пятнадцать минут.\n\nСоветы Родительского Поддержания\n"
           "Пробный урок бесплатный, а группы до 6 человек.")
    text, dropped = checks.drop_headings(raw, shkola)
    assert dropped == 2 and "Польза и Упражнения" not in text and "Поддержания" not in text
    for greeting in ("С Новым годом и Рождеством", "Buon Natale a tutti"):
        assert checks.drop_headings(f"{text}\n\n{greeting}", shkola)[1] == 0
    assert "Советы родителям по мотивации:" in text and "Пробный урок бесплатный" in text
    plain = "Пишите вопросы в комментариях — ответит методист\nГруппы Python и Scratch стартуют в январе"
    assert checks.drop_headings(plain, shkola) == (plain, 0)


def test_the_model_presenting_its_draft_or_saying_yes_is_not_the_post(shkola):
    raw = ("Да, конечно! Победитель Cambridge Flyers! Спасибо преподавателям, которые верят в каждого "
           "ребёнка. Этот вариант не использует грамматически неподходящие слова. Вот как он может выглядеть.")
    review = checks.review(raw, shkola, "telegram", language="ru")
    assert review.text.startswith("Победитель Cambridge Flyers!")
    assert "вариант" not in review.text and "выглядеть" not in review.text and "конечно" not in review.text


def test_what_is_left_of_a_program_is_code(shkola):
    raw = ("Напишем игру на Python вместе: компьютер загадывает число, а ребёнок угадывает его за пять попыток.\n"
           "import random\nВыберите число от 1 до 10.\")\nprint(\"Вы победили!\")\n"
           "1. Придумайте правила.\n2. 😎")
    review = checks.review(raw, shkola, "telegram", language="ru")
    assert "code" in review.problems
    assert "import" not in review.text and '")' not in review.text and "2. 😎" not in review.text
    assert "Напишем игру на Python" in review.text


def test_a_quote_mark_without_its_pair_and_a_last_line_announcing_nothing_go(brand):
    raw = ('"Da oggi al bancone ci sono i dolci di stagione, con le castagne e la zucca.\n\n'
           "Per i pranzi veloci c'è anche la focaccia farcita del giorno, calda dalle dodici.\"\n\n"
           "Quindi, rispondi qui sotto:")
    review = checks.review(raw, brand, "instagram", language="it")
    assert review.text.startswith("Da oggi al bancone") and '"' not in review.text
    assert "rispondi qui sotto" not in review.text


def test_a_post_does_not_greet_the_profiles_personas_by_name(tmp_path):
    from contentkit.brand import load_brand

    ledgerly = load_brand("ledgerly")
    raw = ("Hello Priya!\n\nReconcile daily in small batches instead of once a month.\n"
           "Sandra, the outsourced bookkeeper, reconciles every client on Fridays.")
    text, count = checks.drop_persona_address(raw, ledgerly)
    assert count == 1 and text.startswith("Reconcile daily") and "Sandra, the outsourced" in text
    text, _ = checks.drop_persona_address("Hey Sandra! It's time to close the month in small batches.", ledgerly)
    assert text == "It's time to close the month in small batches."
    shkola = load_brand("shkola-umnikov")
    text, _ = checks.drop_persona_address("Добрый день, Ирина! Пробный урок бесплатный, а группы до 6 человек.", shkola)
    assert text == "Пробный урок бесплатный, а группы до 6 человек."


@pytest.mark.parametrize(("text", "named"), [
    ("Sabato 13 dicembre alle 17:00 degustazione", {"17:00", (12, 13)}),
    ("Join us on February 15th at 3 PM ET.", {"15:00", (2, 15)}),
    ("Вебинар 15 декабря в 19:00.", {"19:00", (12, 15)}),
    ("Aperitivo alle 18.30, dalle 7 alle 11 la colazione.", {"18:30", "07:00", "11:00"}),
    ("Siamo aperti 7:00–19:00.", {"07:00", "19:00"}),
])
def test_times_and_dates_are_read_in_each_language(text, named):
    from contentkit.moments import moments

    assert moments(text) == named


@pytest.mark.parametrize("text", ["Costa 1.50 € al bancone.", "Le 3 regole: alle 3 ricette del mese.",
                                  "Dal 7 classe all'OGЭ.", "Support 24/7, in 7 классе, 2 ore di corso."])
def test_prices_counts_and_grades_are_no_times(text):
    from contentkit.moments import moments

    assert moments(text) == set()


def test_a_date_or_hour_the_brand_never_stated_goes_and_its_opening_hours_stay():
    from contentkit.brand import load_brand

    aurora = load_brand("aurora-caffe")  # its canned answers give the hours: 7:00–19:00
    raw = ("Sabato 13 dicembre alle 17:00 facciamo una degustazione di panettone. "
           "Il panettone artigianale arriva dal forno di quartiere. Ti aspettiamo fino alle 19!")
    review = checks.review(raw, aurora, "instagram", language="it")
    assert "13 dicembre" not in review.text and "17:00" not in review.text
    assert "Il panettone artigianale arriva" in review.text and "fino alle 19" in review.text
    assert any("date or time" in r for r in review.repairs)
    # A time the topic gives is the brand's own.
    stated = checks.drop_invented_moments("La degustazione è alle 17:00.", aurora, ["Degustazione alle 17"])
    assert stated == ("La degustazione è alle 17:00.", 0)


def test_tags_written_without_their_hash_go_and_brand_names_stay():
    raw = "Il cornetto al pistacchio è tornato al bancone.\n\nCaffè LatteArt IsolaMilano"
    assert checks.drop_bare_tag_lines(raw) == ("Il cornetto al pistacchio è tornato al bancone.", 1)
    kept = "Prova il nostro LatteArt Lab: sabato, sei posti.\nGrazie a tutti"
    assert checks.drop_bare_tag_lines(kept) == (kept, 0)


def test_a_quoted_greeting_to_a_persona_goes_too():
    from contentkit.brand import load_brand

    aurora = load_brand("aurora-caffe")
    text, count = checks.drop_persona_address('"Hey famiglia Rossi! Il brunch della domenica è pronto."', aurora)
    assert count == 1 and text == '"Il brunch della domenica è pronto."'


def test_the_brand_does_not_define_itself_in_a_post():
    from contentkit.brand import load_brand

    aurora = load_brand("aurora-caffe")
    raw = ("Dallo stesso luogo di Milano, Aurora Caffè è un'agenzia di barista aperta dal 2019. "
           "Aurora Caffè, il quartiere Isola di Milano, è un punto di riferimento per il caffè. "
           "Il caffè è tostato da noi, a due passi dal bancone. Aurora Caffè apre alle 7.")
    text, count = checks.drop_self_definitions(raw, aurora, "it")
    assert count == 2 and text == "Il caffè è tostato da noi, a due passi dal bancone. Aurora Caffè apre alle 7."
    ledgerly = load_brand("ledgerly")
    text, count = checks.drop_self_definitions(
        "Ledgerly is the invoicing tool you need. Reconcile daily in small batches.", ledgerly, "en")
    assert (text, count) == ("Reconcile daily in small batches.", 1)
    text, count = checks.drop_self_definitions(
        "Welcome to Ledgerly, your trusted partner for quick and easy invoicing. Reconcile daily.", ledgerly, "en")
    assert (text, count) == ("Reconcile daily.", 1)
    shkola = load_brand("shkola-umnikov")
    text, count = checks.drop_self_definitions(
        "Школа Умников — это лучшая школа города. Пробный урок бесплатный.", shkola, "ru")
    assert (text, count) == ("Пробный урок бесплатный.", 1)


def test_sono_opening_a_sentence_is_the_brand_saying_i_but_they_are_stays():
    raw = ("Piacere! Sono Aurora Caffè, un caffè moderno. Sono qui con la torta. "
           "Sono pronti i cornetti al pistacchio. Sono le sei e il forno è caldo.")
    text, count = checks.drop_first_person(raw, "it", "Aurora Caffè")
    assert count == 2
    assert text == "Piacere! Sono pronti i cornetti al pistacchio. Sono le sei e il forno è caldo."
    # Verbatim from a bench plan: the brand's name with an article, in lower case.
    text, count = checks.drop_first_person("Tu hai la voce. Sono l'aurora Caffè, il nostro barista.", "it", "Aurora Caffè")
    assert (text, count) == ("Tu hai la voce.", 1)


def test_a_line_ending_in_tags_without_hash_loses_them():
    raw = '"Passa a trovarci in via Borsieri 21! 😃 Caffè LatteArt IsolaMilano"\nSfida del mattino.'
    assert checks.drop_bare_tag_lines(raw) == ('"Passa a trovarci in via Borsieri 21! 😃"\nSfida del mattino.', 1)


def test_a_sentence_copied_from_a_pillar_goes_whatever_its_punctuation():
    from contentkit.brand import load_brand

    aurora = load_brand("aurora-caffe")
    raw = ("Dietro le quinte e persone, il forno alle sei, i baristi e i clienti abituali, il quartiere.\n\n"
           "Giulia accende la macchina alle sei e mezza, e il primo cornetto esce caldo dal forno. "
           "Tostiamo in sede piccoli lotti di specialty coffee.")
    review = checks.review(raw, aurora, "instagram", language="it")
    assert review.text.startswith("Giulia accende") and "Tostiamo in sede" in review.text
    assert any("pillar" in r for r in review.repairs)


def test_the_model_asking_for_more_details_is_no_post():
    text, count = checks.drop_assistant_talk(
        "Ti chiedo se potresti aggiungere qualche dettaglio sul barista? Il forno è caldo dalle sei.")
    assert count == 1 and text == "Il forno è caldo dalle sei."


@pytest.mark.parametrize(("raw", "kept"), [
    # Verbatim (shortened) from the bench's aurora plan, each with what the checks leave.
    ("Aurora Caffè, il nuovo centro di specialty coffee e micro-torrefazione in Milano, è rilasciato il suo "
     "primo lattato art al bancone. Il sabato facciamo corsi per baristi amatoriali.",
     "Il sabato facciamo corsi per baristi amatoriali."),
    ("Ricorda che Aurora Caffè è il tuo posto preferito. Il forno è caldo dalle sei.", "Il forno è caldo dalle sei."),
    ("Aurora Caffè, il sabato, apre alle 8. Il forno è caldo dalle sei.",
     "Aurora Caffè, il sabato, apre alle 8. Il forno è caldo dalle sei."),
    ("Sono sicuro che tu stia interessato alla cultura del caffè. Il forno è caldo dalle sei.",
     "Il forno è caldo dalle sei."),
    ("Bene, prego di fornire un paragrafo per completare l'invito alla torta. Il forno è caldo dalle sei.",
     "Il forno è caldo dalle sei."),
    ("Se desideri sapere di più, questo post potrebbe essere un buon punto di partenza.\n\nContenuto\n\n"
     "Il forno è caldo dalle sei.", "Il forno è caldo dalle sei."),
    ("Il lunedì arriva un nuovo lotto.\n\nDolci di Stagione\nLa stagione è una grande opportunità.\n\n"
     "Corsi\nIl sabato c'è il corso per baristi amatoriali.",
     "Il lunedì arriva un nuovo lotto.\n\nLa stagione è una grande opportunità.\n\n"
     "Il sabato c'è il corso per baristi amatoriali."),
])
def test_what_the_bench_plan_still_shipped_is_taken_out(raw, kept):
    from contentkit.brand import load_brand

    review = checks.review(raw, load_brand("aurora-caffe"), "instagram", language="it")
    assert checks.strip_hashtags(review.text) == kept


@pytest.mark.parametrize(("raw", "kept"), [
    # Verbatim from the bench's shkola plan: a help desk and a letter, not a post.
    ("Ваше имя?\n\nМы рады вам предложить нашу онлайн-школу. Что думаешь? Мы всегда рады помочь вам!",
     "Мы рады вам предложить нашу онлайн-школу. Что думаешь?"),
    ("Приятно иметь возможность учиться вместе.\n\nС уважением, Школа Умников", "Приятно иметь возможность учиться вместе."),
    ("Thanks for your feedback! Reconcile daily in small batches.", "Reconcile daily in small batches."),
])
def test_help_desk_lines_and_letter_sign_offs_go(raw, kept):
    assert checks.drop_assistant_talk(raw)[0] == kept


def test_section_lines_above_a_blank_line_are_headings_too(shkola):
    # Verbatim (shortened) from the bench's shkola plan.
    raw = ("Успехи учеников\n\nУченики Школы Умников успешно прошли все модули.\n\n"
           "Проекты учеников\n\nОни создали свои собственные игры, приложения и сайты.")
    text, dropped = checks.drop_headings(raw, shkola)
    assert dropped == 2
    assert text == "Ученики Школы Умников успешно прошли все модули.\n\nОни создали свои собственные игры, приложения и сайты."


def test_what_the_bench_ledgerly_plan_still_shipped_is_taken_out():
    from contentkit.brand import load_brand

    ledgerly = load_brand("ledgerly")
    raw = ("Hey there, finance lead! Reconcile daily in small batches.\n\n"
           "Welcome to Ledgerly, your trusted partner for quick and easy invoicing, we're here to help.\n\n"
           "To learn more, contact us at info@ledgerly.io. Our support team answers at support@ledgerly.io.\n\n"
           "Did you enjoy this post? Close the sub-ledgers first, then the bank.")
    review = checks.review(raw, ledgerly, "linkedin", language="en")
    text = checks.strip_hashtags(review.text)
    assert text == ("Reconcile daily in small batches.\n\nOur support team answers at support@ledgerly.io.\n\n"
                    "Close the sub-ledgers first, then the bank.")
    assert any("e-mail" in r for r in review.repairs)


def test_a_post_that_only_defines_the_brand_is_asked_again():
    from contentkit.brand import load_brand

    ledgerly = load_brand("ledgerly")
    raw = ("Welcome to Ledgerly, your trusted partner for quick and easy invoicing and accounts receivable "
           "for businesses with 5-200 employees.")
    review = checks.review(raw, ledgerly, "x", language="en")
    assert "copy" in review.problems and any("only says what Ledgerly is" in w for w in review.warnings)
