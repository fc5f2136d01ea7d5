"""The Streamlit front end, page by page, through streamlit's AppTest with a scripted backend.

The backend is injected by placing a FakeBackend in ``session_state["ck_backend"]``
(contentkit.ui.state.INJECTED_BACKEND) before the first run; the pages then use it
instead of the one the sidebar settings describe.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from contentkit.llm.fake import FakeBackend
from contentkit.ui.state import INJECTED_BACKEND

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ("Il nuovo latte d'inverno è arrivato al bancone: cannella, miele e un cuore di latte art. "
         "Passa a provarlo con un cornetto caldo, ti aspettiamo!")


def app(page: str, backend: FakeBackend | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state[INJECTED_BACKEND] = backend or FakeBackend(default=DRAFT)
    at.query_params["page"] = page
    return at.run()


def elements(at: AppTest, kind: str) -> list:
    return list(at.get(kind))


def keyed(widgets, prefix: str):
    return next(w for w in widgets if (w.key or "").startswith(prefix))


def no_failures(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_brand_page_shows_the_profile() -> None:
    at = app("brand")
    no_failures(at)
    assert at.title[0].value == "Aurora Caffè"
    text = " ".join(m.value for m in at.markdown)
    assert "Chiara, la professionista di quartiere" in text  # a persona
    assert "Dai del tu a chi legge" in text  # a voice rule
    assert elements(at, "image"), "the logo is shown"
    assert at.sidebar.selectbox[0].value == "aurora-caffe"


def test_a_broken_brand_upload_is_explained_in_words() -> None:
    at = app("brand")
    at.radio(key="ck_brand_mode").set_value("Edit this profile").run()
    yaml = at.text_area[0].value.replace('primary: "#5B3A29"', 'primary: "brown"')
    at.text_area[0].input(yaml)
    at.button(key="ck_check_yaml").click().run()
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert "brand.yaml" in message and "visual.palette" in message and "brown" in message
    assert "Traceback" not in message
    assert at.title[0].value == "Aurora Caffè"  # the valid profile stays active


def test_an_edited_brand_becomes_active() -> None:
    at = app("brand")
    at.radio(key="ck_brand_mode").set_value("Edit this profile").run()
    at.text_area[0].input(at.text_area[0].value.replace("name: Aurora Caffè", "name: Aurora Bis"))
    at.button(key="ck_check_yaml").click().run()
    no_failures(at)
    assert at.title[0].value == "Aurora Bis"
    assert "now active" in at.success[0].value


def test_write_streams_drafts_with_hashtags_count_and_image() -> None:
    backend = FakeBackend(default=DRAFT)
    at = app("write", backend)
    at.text_input[0].input("latte d'inverno")
    at.number_input[0].set_value(2)
    at.button[0].click().run()
    no_failures(at)
    assert len(backend.prompts) == 2  # two variants, each streamed once
    assert [s.value for s in at.subheader] == ["Draft 1 of 2 · Instagram", "Draft 2 of 2 · Instagram"]
    assert DRAFT in at.text_area[0].value
    tags = at.button_group(key="d1-0-tags")
    assert tags.options and all(tag.startswith("#") for tag in tags.options)
    first = tags.options[0]
    assert first in at.code[0].value
    reasons = " ".join(m.value for m in at.markdown)
    assert f"**{first}** — " in reasons and "median" in reasons
    assert "Language: **Italian (it)**" in reasons
    assert "/ 2,200 characters on Instagram" in elements(at, "progress")[0].text
    assert len(elements(at, "image")) == 2
    assert len(elements(at, "download_button")) == 2

    tags.unselect(first).run()  # clicking a hashtag removes it from the text to copy
    assert first not in at.code[0].value and first in at.code[1].value


def test_write_explains_an_empty_topic_and_a_failing_backend() -> None:
    at = app("write")
    at.button[0].click().run()
    assert "the topic is empty" in at.error[0].value

    at = app("write", FakeBackend(default=""))
    at.text_input[0].input("latte d'inverno")
    at.button[0].click().run()
    assert not at.exception
    assert "no usable text" in at.error[0].value


def test_plan_generates_edits_regenerates_and_exports() -> None:
    backend = FakeBackend(default=DRAFT)
    at = app("plan", backend)
    at.number_input[0].set_value(2)
    at.multiselect[0].set_value(["instagram"])
    at.text_area[0].input("latte d'inverno\ncorso di latte art")
    at.button[0].click().run()
    no_failures(at)
    assert "posts done" in at.success[0].value
    assert "**latte d'inverno**" in [m.value for m in at.markdown]  # a calendar card
    assert elements(at, "image"), "the selected post's image"
    labels = {b.label for b in elements(at, "download_button")}
    assert {"Spreadsheet (CSV)", "Calendar (ICS)", "JSON", "Everything (ZIP with images)"} <= labels

    keyed(at.text_area, "ck_plan_text-").input("Testo scritto a mano dal copywriter.")
    keyed(at.button, "ck_plan_save-").click().run()
    no_failures(at)
    assert keyed(at.text_area, "ck_plan_text-").value == "Testo scritto a mano dal copywriter."

    backend.queue("Una versione nuova: il latte d'inverno con cannella. Ti aspettiamo al bancone di via Borsieri!")
    keyed(at.button, "ck_plan_again-").click().run()
    no_failures(at)
    assert "Una versione nuova" in keyed(at.text_area, "ck_plan_text-").value


def test_insights_show_charts_from_the_example_and_reject_a_bad_upload(tmp_path: Path) -> None:
    at = app("insights")
    no_failures(at)
    assert [s.value for s in at.subheader] == ["ER over time", "Top hashtags by ER lift", "Best posting times",
                                              "Best posts", "Weakest posts"]
    assert len(elements(at, "vega_lite_chart")) == 3
    assert at.metric[0].value == "186"
    # Per hashtag: how often it was used and its ER lift, the most used first.
    [tags] = [d.value for d in at.dataframe if "Hashtag" in d.value.columns]
    assert tags.iloc[0]["Hashtag"] == "#auroracaffe" and tags.iloc[0]["Used in"] == 98
    assert tags.iloc[0]["Share of posts"] == pytest.approx(98 / 186) and tags["ER lift"].between(0.2, 5).all()

    at.radio(key="ck_insights_source").set_value("upload").run()
    assert not at.error  # nothing uploaded yet: a hint, not an error
    upload = at.file_uploader(key="ck_insights_upload")
    upload.upload("posts.csv", b"account,text\nshop,hello\n", "text/csv").run()
    assert not at.exception
    assert at.error[0].value.startswith("posts.csv: field 'published_at': missing required column(s)")
    assert not elements(at, "vega_lite_chart")


def test_insights_read_an_uploaded_history() -> None:
    at = app("insights")
    at.radio(key="ck_insights_source").set_value("upload").run()
    csv = (ROOT / "brand_profiles" / "ledgerly" / "history.csv").read_bytes()
    at.file_uploader(key="ck_insights_upload").upload("ledgerly.csv", csv, "text/csv").run()
    no_failures(at)
    assert len(elements(at, "vega_lite_chart")) == 3
    assert int(at.metric[0].value.replace(",", "")) > 100


def test_a_brand_upload_without_its_logo_names_the_missing_file() -> None:
    at = app("brand")
    at.radio(key="ck_brand_mode").set_value("Upload files").run()
    yaml = (ROOT / "brand_profiles" / "ledgerly" / "brand.yaml").read_bytes()
    at.file_uploader(key="ck_brand_files").upload("brand.yaml", yaml, "application/x-yaml").run()
    at.button(key="ck_check_upload").click().run()
    assert not at.exception
    assert at.error[0].value.startswith("brand.yaml: field 'visual.logo'")

    logo = (ROOT / "brand_profiles" / "ledgerly" / "logo.png").read_bytes()
    history = (ROOT / "brand_profiles" / "ledgerly" / "history.csv").read_bytes()
    at.file_uploader(key="ck_brand_files").set_value([
        ("brand.yaml", yaml, "application/x-yaml"), ("logo.png", logo, "image/png"),
        ("history.csv", history, "text/csv")]).run()
    at.button(key="ck_check_upload").click().run()
    no_failures(at)
    assert at.title[0].value == "Ledgerly"


@pytest.mark.parametrize("page", ["Brand", "Write", "Plan", "Insights"])
def test_sidebar_switches_pages_and_shows_the_backend(page: str) -> None:
    at = app("write")
    at.sidebar.radio[0].set_value(page).run()
    assert not at.exception
    assert "fake:fake-model" in " ".join(c.value for c in at.sidebar.caption)


def test_plan_page_says_which_posts_need_review_and_fits_the_calendar_to_the_days() -> None:
    english = ("Our winter latte has arrived at the counter: cinnamon, honey and a heart of latte art. "
               "Come and try it!")  # an Italian brand: every draft carries a language warning
    at = app("plan", FakeBackend(default=english))
    at.number_input[0].set_value(3)
    at.multiselect[0].set_value(["instagram"])
    at.text_area[0].input("latte d'inverno\ncorso di latte art\ncornetto")
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert not at.success, "nothing is ready to schedule"
    assert "0 ready to schedule, 2 need review" in at.warning[0].value
    days = [c for c in at.columns if any(m.value.startswith("**") and m.value[5:6] == "*" for m in c.markdown[:1])]
    # Three days fill the width in three columns, not three of seven narrow ones.
    assert len(days) == 3 and all(c.weight == pytest.approx(1 / 3) for c in days)
    at.segmented_control(key="ck_plan_view").set_value("Table").run()
    table = at.dataframe[0].value
    assert set(table["Status"]) == {"needs review"}


def test_the_shipped_streamlit_config_turns_the_file_watcher_off() -> None:
    import fnmatch
    import subprocess
    import sys

    # Read by streamlit itself from the checkout, as `streamlit run app.py` there does.
    shown = subprocess.run([sys.executable, "-c", "import streamlit.config as c; "
                            "print(c.get_option('server.fileWatcherType'), c.get_option('server.runOnSave'))"],
                           cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    assert shown.stdout.split() == ["none", "False"]
    # ... and it reaches users: no .gitignore pattern keeps it out of the repository.
    patterns = [line.strip() for line in (ROOT / ".gitignore").read_text().splitlines()
                if line.strip() and not line.startswith("#")]
    for path in (".streamlit/config.toml", "config.toml"):
        assert not [p for p in patterns if fnmatch.fnmatch(path, p.strip("/")) or fnmatch.fnmatch(path, f"*/{p}")]


def test_generate_pressed_while_a_plan_runs_follows_that_run_instead_of_starting_another() -> None:
    import threading
    import time

    from contentkit.errors import ContentkitError
    from contentkit.plans.pace import Pace
    from contentkit.ui.plan import RUN

    backend = FakeBackend(default=DRAFT)
    at = app("plan", backend)
    outcome: dict = {}

    def earlier_run() -> None:  # the first press's plan, still drafting
        time.sleep(1.0)
        outcome["error"] = ContentkitError("the first run ended")

    worker = threading.Thread(target=earlier_run, daemon=True)
    worker.start()
    at.session_state[RUN] = {"worker": worker, "seen": {"done": 0, "total": 0, "post": None},
                             "outcome": outcome, "pace": Pace()}
    at.number_input[0].set_value(2)
    at.button[0].click().run()
    assert any("already being generated" in i.value for i in at.info)
    assert not backend.prompts, "a second plan was started beside the first"
    assert any("the first run ended" in str(e.value) for e in [*at.error, *at.exception])
