"""HashtagSuggester: estimator contract, what it learns, brand policy, safe persistence."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)
from sklearn.utils.validation import check_is_fitted

from contentkit.brand import load_brand
from contentkit.errors import HistoryError, ModelFileError, NotFittedError
from contentkit.hashtags.suggester import HashtagSuggester, Suggestion, suggest_for_brand
from contentkit.history import load_history

ROOT = Path(__file__).resolve().parent.parent

COFFEE = ["Il nostro espresso del mattino ☕", "Cappuccino cremoso e latte art ☕", "Espresso doppio per iniziare ☕",
          "Latte macchiato e cappuccino al bancone ☕", "Caffè filtro e espresso monorigine ☕"]
PASTRY = ["Cornetto caldo alla crema 🥐", "Sfogliatelle e cornetti appena sfornati 🥐", "Brioche alla marmellata 🥐",
          "Cornetto integrale al miele 🥐", "Pasticceria fresca: cornetti e brioche 🥐"]
RUSSIAN = ["Дроби на пицце 🍕 решаем вместе", "Задачка дня: дроби и проценты", "Решаем задачи с дробями",
           "Математика для детей: дроби", "Проценты и дроби на кухне"]


def _posts() -> pd.DataFrame:
    rows = []
    for i, text in enumerate(COFFEE):
        rows.append(("bar", f"2024-03-{i + 1:02d} 08:00", f"{text} #Caffè #espresso", 100 + 50 * (i % 2), 1000))
    for i, text in enumerate(PASTRY):
        rows.append(("bar", f"2024-03-{i + 10:02d} 08:00", f"{text} #cornetto #colazione", 80, 1000))
    for i, text in enumerate(RUSSIAN):
        rows.append(("shkola", f"2024-03-{i + 1:02d} 19:00", f"{text} #математика #дроби", 30 + 10 * i, 500))
    # A third account shares #colazione so that content-only suggestions have a shared tag.
    for i, text in enumerate(PASTRY[:3]):
        rows.append(("forno", f"2024-02-{i + 1:02d} 07:00", f"{text} #colazione #forno", 20, 800))
    return pd.DataFrame(rows, columns=["account", "published_at", "text", "likes", "followers"])


@pytest.fixture(scope="module")
def model() -> HashtagSuggester:
    return HashtagSuggester(min_global_posts=2).fit(_posts())


def test_estimator_contract_with_sklearn_checks() -> None:
    name, estimator = "HashtagSuggester", HashtagSuggester()
    check_no_attributes_set_in_init(name, estimator)
    check_parameters_default_constructible(name, estimator)
    check_get_params_invariance(name, estimator)
    check_set_params(name, estimator)
    assert clone(HashtagSuggester(half_life=3.0)).get_params()["half_life"] == 3.0


def test_fit_returns_self_and_unfitted_use_is_a_clear_error() -> None:
    estimator = HashtagSuggester()
    with pytest.raises(NotFittedError, match="not fitted"):
        estimator.suggest("ciao")
    with pytest.raises(ValueError):  # sklearn code that catches ValueError still works
        estimator.scores("ciao")
    with pytest.raises(NotFittedError):
        estimator.save("/nonexistent")
    assert estimator.fit(_posts()) is estimator
    check_is_fitted(estimator)


def test_fit_accepts_history_dataframe_and_path(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    _posts().to_csv(path, index=False)
    from_path = HashtagSuggester().fit(str(path))
    from_history = HashtagSuggester().fit(load_history(path))
    assert from_path.tags_ == from_history.tags_ == HashtagSuggester().fit(_posts()).tags_


def test_history_without_any_hashtag_is_refused() -> None:
    frame = pd.DataFrame({"account": ["a"], "published_at": ["2024-01-01"], "text": ["no tags"], "likes": [1]})
    with pytest.raises(HistoryError, match="no post carries a hashtag"):
        HashtagSuggester().fit(frame)


def test_content_picks_among_the_accounts_own_tags(model: HashtagSuggester) -> None:
    coffee = [s.tag for s in model.suggest("Un espresso e un cappuccino ☕", account="bar", k=2)]
    pastry = [s.tag for s in model.suggest("Cornetti caldi e brioche 🥐", account="bar", k=2)]
    assert set(coffee) == {"#Caffè", "#espresso"}
    assert set(pastry) == {"#cornetto", "#colazione"}
    assert all(isinstance(s, Suggestion) and s.score > 0 for s in model.suggest("espresso", account="bar"))


def test_cyrillic_tags_kept_as_written(model: HashtagSuggester) -> None:
    tags = [s.tag for s in model.suggest("Дроби и проценты для школьников", account="shkola", k=2)]
    assert set(tags) == {"#математика", "#дроби"}


def test_case_insensitive_tags_and_exclude(model: HashtagSuggester) -> None:
    assert "#Caffè" in model.tags_ and "#caffè" not in model.tags_
    found = model.suggest("espresso ☕", account="bar", k=5, exclude=["CAFFÈ", "#Espresso"])
    assert {"#Caffè", "#espresso"}.isdisjoint(s.tag for s in found)
    # A tag already written in the draft is not suggested again.
    assert "#espresso" not in [s.tag for s in model.suggest("espresso #ESPRESSO", account="bar")]


def test_unseen_account_gets_content_only_suggestions(model: HashtagSuggester) -> None:
    found = model.suggest("Brioche e sfogliatelle appena sfornate 🥐", account="new_bakery", k=1)
    assert [s.tag for s in found] == ["#colazione"]  # the only pastry tag two accounts share
    assert "similar text" in found[0].reason
    # A word of the draft that is a known tag counts too, and says so.
    mentioned = model.suggest("Un cornetto al volo", account="new_bakery", k=1)
    assert mentioned[0].tag == "#cornetto" and "word of your text" in mentioned[0].reason


def test_language_drops_tags_in_other_scripts(model: HashtagSuggester) -> None:
    mixed = [s.tag for s in model.suggest("дроби espresso cornetto", account="shkola", k=10)]
    italian = [s.tag for s in model.suggest("дроби espresso cornetto", account="shkola", k=10, language="it")]
    assert "#математика" in mixed
    assert not any(t.startswith(("#м", "#д")) for t in italian)
    assert "#математика" in [s.tag for s in model.suggest("дроби", account="shkola", language="ru")]


def test_reasons_speak_of_best_posts_and_er(model: HashtagSuggester) -> None:
    reasons = [s.reason for s in model.suggest("espresso ☕", account="bar", k=2)]
    assert any("of your 5 best posts" in r or "of your 10 posts" in r for r in reasons)
    assert all("ER " in r and "x your median (" in r and "% median)" in r for r in reasons)


def test_brand_policy_always_banned_max() -> None:
    brand = load_brand(ROOT / "brand_profiles" / "aurora-caffe")
    model = HashtagSuggester().fit(brand.history_path)
    account = model.accounts_[0]
    found = suggest_for_brand(model, brand, "Nuovo cornetto al pistacchio e cappuccino", account=account)
    tags = [s.tag.lower() for s in found]
    assert len(found) == brand.hashtags.max
    assert tags[0] == brand.hashtags.always[0].lower()
    assert not set(tags) & {t.lower() for t in brand.hashtags.banned}
    assert len(set(tags)) == len(tags)
    threads = suggest_for_brand(model, brand, "Nuovo cornetto", account=account, platform="threads")
    assert len(threads) == 1  # Threads takes one topic tag


def test_accounts_that_tag_their_words_get_their_words_suggested_more(model: HashtagSuggester) -> None:
    # "bar" turns the cornetto it writes about into #cornetto; "forno" writes it and never does.
    habit = dict(zip(model.accounts_, model.account_mention_))
    assert habit["bar"] > 1.0 > habit["forno"]
    bar = model.scores("Cornetto caldo", account="bar")
    forno = model.scores("Cornetto caldo", account="forno")
    assert bar[model._tag_index("cornetto")] > forno[model._tag_index("cornetto")]


def test_words_of_the_draft_lift_the_tags_that_go_with_them_in_the_history(tmp_path: Path) -> None:
    # "rockies" is in three captions, all tagged #banff (and #hiking, like every post).
    captions = [("Sunrise over the Rockies, cold hands", "#hiking #banff"),
                ("Back in the Rockies for a long weekend", "#hiking #banff"),
                ("The Rockies at dusk", "#hiking #banff"),
                ("Forest walk after the rain", "#hiking #forest"),
                ("Forest trail and wet boots", "#hiking #forest"),
                ("Morning forest run", "#hiking #forest"),
                ("Ridge walk with friends", "#hiking")]
    frame = pd.DataFrame([("trail", f"2024-05-{i + 1:02d}", f"{text} {tags}", 10, 100)
                          for i, (text, tags) in enumerate(captions)],
                         columns=["account", "published_at", "text", "likes", "followers"])
    model = HashtagSuggester().fit(frame)
    lift = model.scores("Rockies again", account="trail") - model.set_params(word_tag_weight=0.0).scores(
        "Rockies again", account="trail")
    assert lift[model._tag_index("banff")] == lift.max() > 0 == lift[model._tag_index("forest")]
    # Saved and loaded, the association still works (format v4 stores it).
    loaded = HashtagSuggester.load(model.set_params(word_tag_weight=0.2).save(tmp_path / "model"))
    assert [s.tag for s in loaded.suggest("Rockies again", account="trail", k=2)] == ["#hiking", "#banff"]


def test_save_load_round_trip(model: HashtagSuggester, tmp_path: Path) -> None:
    folder = model.save(tmp_path / "model")
    loaded = HashtagSuggester.load(folder)
    assert loaded.get_params() == model.get_params()
    for text, account in [("espresso ☕", "bar"), ("дроби", "shkola"), ("cornetto", None)]:
        assert loaded.suggest(text, account=account, k=4) == model.suggest(text, account=account, k=4)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["version"] == 4 and len(manifest["files"]["arrays.npz"]) == 64
    assert np.array_equal(loaded.account_mention_, model.account_mention_)
    assert "#математика" in (folder / "model.json").read_text(encoding="utf-8")


@pytest.fixture
def saved(model: HashtagSuggester, tmp_path: Path) -> Path:
    return model.save(tmp_path / "model")


def test_tampered_arrays_refused(saved: Path) -> None:
    data = bytearray((saved / "arrays.npz").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (saved / "arrays.npz").write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match="changed after the model was saved") as error:
        HashtagSuggester.load(saved)
    assert error.value.file.endswith("arrays.npz")


def test_tampered_names_refused(saved: Path) -> None:
    path = saved / "model.json"
    path.write_text(path.read_text(encoding="utf-8").replace("#espresso", "#casino"), encoding="utf-8")
    with pytest.raises(ModelFileError, match="SHA-256") as error:
        HashtagSuggester.load(saved)
    assert error.value.file.endswith("model.json")


def test_pickled_array_refused_even_with_matching_hash(saved: Path) -> None:
    import hashlib

    np.savez(saved / "arrays.npz", idf_=np.array([object()], dtype=object))
    manifest = json.loads((saved / "manifest.json").read_text())
    manifest["files"]["arrays.npz"] = hashlib.sha256((saved / "arrays.npz").read_bytes()).hexdigest()
    (saved / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelFileError, match="arrays.npz"):
        HashtagSuggester.load(saved)


def _rewrite_consistently(saved: Path, edit) -> None:  # noqa: ANN001 - edit(names, manifest)
    """Edit model.json and manifest.json together, updating the hash as a careful editor would."""
    import hashlib

    names = json.loads((saved / "model.json").read_text(encoding="utf-8"))
    manifest = json.loads((saved / "manifest.json").read_text())
    edit(names, manifest)
    (saved / "model.json").write_text(json.dumps(names), encoding="utf-8")
    manifest["files"]["model.json"] = hashlib.sha256((saved / "model.json").read_bytes()).hexdigest()
    (saved / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize(("edit", "field"), [
    (lambda names, manifest: names.update(tags_=42), "tags_"),
    (lambda names, manifest: names.update(accounts_=[1, 2]), "accounts_"),
    (lambda names, manifest: manifest["params"].update(half_life="soon"), "params.half_life"),
    (lambda names, manifest: manifest["params"].update(ngram_range=[2]), "params.ngram_range"),
    (lambda names, manifest: manifest.update(params=[]), "params"),
])
def test_consistently_edited_model_is_not_a_valid_model(saved: Path, edit, field: str) -> None:  # noqa: ANN001
    _rewrite_consistently(saved, edit)
    with pytest.raises(ModelFileError, match="not a valid hashtag model") as error:
        HashtagSuggester.load(saved)
    assert error.value.field == field


def test_k_zero_suggests_nothing(model: HashtagSuggester) -> None:
    assert model.suggest("espresso ☕", account="bar", k=0) == []
    assert len(model.suggest("espresso ☕", account="bar", k=1)) == 1


def test_other_format_version_refused(saved: Path) -> None:
    manifest = json.loads((saved / "manifest.json").read_text())
    manifest["version"] = 99
    (saved / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelFileError, match="format version 99") as error:
        HashtagSuggester.load(saved)
    assert error.value.field == "version"


@pytest.mark.parametrize("remove", ["manifest.json", "model.json", "arrays.npz"])
def test_missing_file_refused(saved: Path, remove: str) -> None:
    (saved / remove).unlink()
    with pytest.raises(ModelFileError) as error:
        HashtagSuggester.load(saved)
    assert error.value.file.endswith(remove)


def test_missing_folder_and_broken_manifest(tmp_path: Path, saved: Path) -> None:
    with pytest.raises(ModelFileError, match="model folder not found"):
        HashtagSuggester.load(tmp_path / "nothing")
    (saved / "manifest.json").write_text("{not json")
    with pytest.raises(ModelFileError, match="not valid JSON"):
        HashtagSuggester.load(saved)


def test_real_brand_history_in_russian() -> None:
    model = HashtagSuggester().fit(ROOT / "brand_profiles" / "shkola-umnikov" / "history.csv")
    found = model.suggest("Дроби пугают? Разберём задачку на пицце 🍕", account="shkola_umnikov", k=5)
    assert len(found) == 5
    assert all(s.tag.startswith("#") and not s.tag[1:].isascii() for s in found)
    assert all("your" in s.reason for s in found)


def test_tags_written_without_spaces_are_all_read_and_all_stripped() -> None:
    from contentkit.tags import strip_for_query, tags_in_text

    caption = "tempo #shotaward #afterlight#justgoshoot#vscogood, in C# too"
    assert tags_in_text(caption) == ["#shotaward", "#afterlight", "#justgoshoot", "#vscogood"]
    assert strip_for_query(caption) == "tempo , in C# too"


def test_tfidf_scales_in_place_by_blocks_as_one_pass_would(monkeypatch):
    import numpy as np
    import scipy.sparse as sp
    from sklearn.preprocessing import normalize

    from contentkit.hashtags import features as feats

    rng = np.random.default_rng(0)
    dense = sp.random(40, 30, density=0.2, dtype=np.float32, random_state=1).toarray()
    dense[[5, 39]] = 0  # an empty row among full ones, and the last
    counts = sp.csr_matrix(dense)
    idf = rng.uniform(1.0, 3.0, 30).astype(np.float32)
    expected = normalize(counts.multiply(idf).tocsr().astype(np.float64)).astype(np.float32)
    whole = feats.tfidf(counts.copy(), idf)
    monkeypatch.setattr(feats, "ROWS", 3)
    blocks = feats.tfidf(counts.copy(), idf)
    assert np.array_equal(whole.toarray(), blocks.toarray()), "blocks of rows change nothing"
    assert np.allclose(whole.toarray(), expected.toarray(), rtol=1e-6, atol=1e-7)
    assert not whole[5].nnz and not whole[39].nnz


def test_tag_words_are_found_as_each_caption_reads_them() -> None:
    from contentkit.hashtags import features as feats
    from contentkit.hashtags import tag_words
    from contentkit.tags import tag_key, words_of_query

    captions = ["Sunset in New York tonight", "new york new york", "Milano, Milano e ancora Milano",
                "Sunset in New York tonight", "", "Дроби и проценты", "NYC-style bagels in new-york"]
    tags = [["#newyork"], [], ["#Milano", "#sunset"], ["#sunset"], ["#x"], ["#проценты"], ["#NewYork"]]
    _, index = feats.tag_vocabulary([t for t in tags if t] + [["#bagels"]])
    queries = feats.queries(captions)
    rows, columns = zip(*[(row, index[tag_key(t)]) for row, ts in enumerate(tags) for t in ts if tag_key(t) in index])
    post, word, hit = tag_words.word_mentions(queries, index, tag_words.carried_tags(rows, columns, len(index)))
    expected = sorted((row, index[w], float(index[w] in {index[tag_key(t)] for t in tags[row]}))
                      for row, q in enumerate(queries) for w in words_of_query(q) if w in index)
    assert sorted(zip(post.tolist(), word.tolist(), hit.tolist())) == expected
    assert (0, index["newyork"], 1.0) in expected and (6, index["newyork"], 1.0) in expected  # joined neighbours
    assert (3, index["sunset"], 1.0) in expected and (2, index["milano"], 1.0) in expected


def test_arrays_that_hardly_compress_are_stored_and_read_back_whole(tmp_path: Path) -> None:
    import zipfile

    from contentkit.hashtags.store import _read_arrays, _savez

    noise = np.random.default_rng(0).random(1 << 19).astype(np.float32)  # 2 MB, deflates by under a tenth
    arrays = {"noise": noise, "zeros": np.zeros(1 << 19, dtype=np.int32), "small": np.arange(5)}
    path = tmp_path / "arrays.npz"
    with path.open("wb") as handle:
        _savez(handle, arrays)
    methods = {i.filename: i.compress_type for i in zipfile.ZipFile(path).infolist()}
    assert methods == {"noise.npy": zipfile.ZIP_STORED, "zeros.npy": zipfile.ZIP_DEFLATED,
                       "small.npy": zipfile.ZIP_DEFLATED}
    read = _read_arrays(path)
    assert all(np.array_equal(read[name], value) for name, value in arrays.items())
