"""A post tied to a time of year (a month, a holiday, a season) is only offered near it: the
brand's best past posts may include last August's Ferragosto hours."""

from __future__ import annotations

import datetime as dt

import pytest
from drafting_helpers import load_test_brand

from contentkit.material import Material, Source
from contentkit.seasons import in_season, season_months

DECEMBER, AUGUST = dt.date(2026, 12, 10), dt.date(2026, 8, 3)


@pytest.mark.parametrize(("text", "language", "months"), [
    ("Orari speciali per Ferragosto", "it", {8}),
    ("Il panettone artigianale è tornato", "it", {12}),
    ("Granita al caffè d'estate", "it", {6, 7, 8}),
    ("Corso di cupping a marzo", "it", {3}),
    ("Зимние каникулы с пользой", "ru", {12, 1, 2}),
    ("С Новым годом, ученики!", "ru", {12}),
    ("Вебинар для родителей в мае", "ru", {5}),
    ("Close your books before Christmas", "en", {12}),
    ("Our summer release is here", "en", {6, 7, 8}),
])
def test_time_of_year_words_in_each_language(text, language, months):
    assert season_months(text, language) == months


@pytest.mark.parametrize(("text", "language"), [
    ("Marzocchi in via Borsieri, come ogni mattina", "it"),  # a name, not "marzo"
    ("Группы для детей 7–9 лет", "ru"),  # "лет" is an age, not summer
    ("Летопись нашей школы", "ru"),
    ("Real estate firms close their books with Ledgerly", "en"),  # not Italian "estate"
    ("May we suggest a faster month-end? An adventure in March of progress", "en"),
])
def test_common_words_that_look_like_a_season_are_not_one(text, language):
    assert season_months(text, language) == frozenset()
    assert in_season(text, DECEMBER, language) and in_season(text, AUGUST, language)


def test_a_post_is_in_season_in_its_month_and_the_ones_beside_it():
    assert not in_season("Orari speciali per Ferragosto", DECEMBER, "it")
    assert in_season("Orari speciali per Ferragosto", AUGUST, "it")
    assert in_season("Orari speciali per Ferragosto", dt.date(2026, 7, 20), "it")  # announced ahead
    assert in_season("Prenota il panettone per Natale", dt.date(2026, 11, 25), "it")
    assert not in_season("Prenota il panettone per Natale", AUGUST, "it")
    assert in_season("Ciao da Milano", DECEMBER, "it")  # no time of year: any time
    assert in_season("Orari speciali per Ferragosto", None, "it")  # no day: no judgement
    # Every word is judged: "Christmas in July" is not a December post that mentions summer.
    assert not in_season("Christmas in summer: our winter sale", DECEMBER, "en")


@pytest.fixture
def brand(tmp_path):
    return load_test_brand(tmp_path / "caffe-prova")


def test_material_offers_no_past_post_out_of_season(brand):
    posts = [Source("Orari speciali per Ferragosto: il bancone apre alle otto, il caffè è sempre pronto.", 3.0),
             Source("Il caffè del mattino al bancone, con il cornetto caldo appena sfornato.", 1.0)]
    material = Material(brand, posts)
    december = material.for_topic("Il caffè al bancone", k=2, day=DECEMBER)
    assert december and not any("Ferragosto" in p for p in december)
    assert any("Ferragosto" in p for p in material.for_topic("Il caffè al bancone", k=2, day=AUGUST))


def test_a_december_plan_takes_no_summer_theme_from_the_history(tmp_path):
    import contentkit as ck
    from contentkit.history import load_history
    from contentkit.plans.parts import history_themes

    brand = ck.load_brand("aurora-caffe")
    history = load_history(brand.history_path)
    anytime = history_themes(history, language="it")
    assert any("Ferragosto" in t for t in anytime)  # the example history has one among its best
    december = history_themes(history, day=DECEMBER, language="it")
    assert december and not any(season_months(t, "it") - {11, 12, 1} for t in december)
    assert any("Ferragosto" in t for t in history_themes(history, day=AUGUST, language="it"))


def test_a_december_plan_drops_the_models_summer_ideas():
    import contentkit as ck
    from contentkit.llm.fake import FakeBackend
    from contentkit.plans.parts import make_ideator

    brand = ck.load_brand("aurora-caffe")
    backend = FakeBackend(default="Granita al caffè d'estate\nIl panettone della casa\nLatte art per principianti")
    ideate = make_ideator(brand, backend, day=DECEMBER)
    ideas = [list(lines) for _, lines in ideate([(brand.pillars[0], 3, [])])]
    assert ideas == [["Il panettone della casa", "Latte art per principianti"]]
    august = make_ideator(brand, backend, day=AUGUST)
    assert "Granita al caffè d'estate" in [i for _, lines in august([(brand.pillars[0], 3, [])]) for i in lines]
