"""The Review page through streamlit's AppTest: the period's figures and pictures, the
changes a manager ticks, and the button that plans the next weeks with them."""

from __future__ import annotations

from pathlib import Path

from contentkit.llm.fake import FakeBackend
from test_app import DRAFT, app, elements, keyed, no_failures
from test_review_competitors import account_exports



def test_review_page_shows_the_period_and_plans_with_the_accepted_changes() -> None:
    at = app("review", FakeBackend(default=DRAFT))
    no_failures(at)
    assert at.title[0].value == "Review"
    at.number_input[0].set_value(90).run()
    no_failures(at)
    subheaders = [s.value for s in at.subheader]
    assert {"Changes for the next plan", "ER by hour and weekday", "Pillar mix: planned vs published",
            "Hashtags: lift with the posts behind it", "Best posts", "Weakest posts"} <= set(subheaders)
    assert len(elements(at, "vega_lite_chart")) >= 3
    assert [m.value for m in at.metric][0] == "55"
    labels = {b.label for b in elements(at, "download_button")}
    assert {"review.json (for plan --learn-from)", "review.html"} <= labels

    learn = keyed(at.button, "ck_review_learn")
    assert "3 change(s)" in learn.label  # the medium and high confidence ones, ticked by default
    learn.click().run()
    no_failures(at)
    assert at.session_state["ck_page"] == "Plan"
    assert keyed(at.checkbox, "ck_plan_learn").value is True
    at.number_input[0].set_value(2)
    at.multiselect[0].set_value(["instagram"])
    at.text_area[0].input("latte d'inverno\ncorso di latte art")
    at.button[0].click().run()
    no_failures(at)
    notes = " ".join(w.value for w in at.warning) + " ".join(s.value for s in at.success)
    assert "learned from the review: hashtag #coffeelover: dropped" in notes


def test_competitors_tab_compares_exports_and_names_a_bad_one(tmp_path: Path, shared_data: Path) -> None:
    files = account_exports(shared_data, ("cuordicarciofo", "local_milk", "savourschool"), tmp_path)
    at = app("review")
    no_failures(at)
    at.text_area(key="ck_rivals_paths").input("\n".join(map(str, files))).run()
    no_failures(at)
    assert "What we would do differently" in [s.value for s in at.subheader]
    themes = at.dataframe[-1].value
    assert {"theme", "brand_posts", "competitor_posts"} <= set(themes.columns) and len(themes) >= 3
    bad = tmp_path / "bad.csv"
    bad.write_text("account,published_at,text,likes\nrival,2026-11-01,ciao,many\n")
    at.text_area(key="ck_rivals_paths").input(str(bad)).run()
    assert any("bad.csv" in e.value and "likes" in e.value for e in at.error)
