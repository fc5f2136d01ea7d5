"""What a new user hits in the first hour: folders that cannot be written, another plan's
journal, a start in the past, no key, wrong types in the Python API. Each is one clear
line (or a warning), before any model work."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

import contentkit as ck
from cli_helpers import run
from contentkit.errors import BrandError, ContentkitError, PlanError
from contentkit.llm.fake import FakeBackend
from test_planning import reply

ROOT = Path(__file__).resolve().parent.parent
AURORA_HISTORY = ROOT / "brand_profiles" / "aurora-caffe" / "history.csv"
FUTURE = (date.today() + timedelta(days=30)).isoformat()


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeBackend:
    """The backend every plan in this file gets, so a test can see whether it was asked at all."""
    backend = FakeBackend(default=reply)
    monkeypatch.setattr("contentkit.drafting.resolve_backend", lambda *args, **kwargs: backend)
    return backend


@pytest.fixture
def blocked(tmp_path: Path) -> Path:
    """A folder that cannot be created: its parent is a file (root can write anywhere else)."""
    (tmp_path / "a-file").write_text("not a folder")
    return tmp_path / "a-file" / "plan"


# --- folders that cannot be written --------------------------------------------------------

def test_plan_into_an_unwritable_folder_fails_before_the_first_request(
        capsys: pytest.CaptureFixture[str], fake: FakeBackend, blocked: Path) -> None:
    code, out, err = run(capsys, "plan", "--brand", "aurora-caffe", "--start", FUTURE, "--days", "2",
                         "--out", str(blocked))
    assert code == 1 and fake.prompts == []
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(blocked) in err and "cannot write" in err and "--out" in err


@pytest.mark.parametrize("target", ["/proc/contentkit-plan", "/proc/1/contentkit-plan"])
def test_plan_into_a_read_only_place_is_one_line(fake: FakeBackend, target: str) -> None:
    with pytest.raises(PlanError, match="cannot write to this folder") as error:
        ck.plan_content("aurora-caffe", FUTURE, 2, out_dir=target, images=False)
    assert error.value.file == target and fake.prompts == []


def test_hashtags_train_into_an_unwritable_folder_says_so(capsys: pytest.CaptureFixture[str],
                                                          blocked: Path) -> None:
    code, _, err = run(capsys, "hashtags", "train", "--history", str(AURORA_HISTORY), "--out", str(blocked))
    assert code == 1 and err.count("\n") == 1 and str(blocked) in err and "cannot write" in err


def test_read_only_user_folder_is_one_line(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                           fake: FakeBackend, blocked: Path) -> None:
    monkeypatch.setenv("CONTENTKIT_HOME", str(blocked))
    with pytest.raises(ContentkitError, match="CONTENTKIT_HOME") as error:
        ck.plan_content("aurora-caffe", FUTURE, 2, images=False)  # its default folder is in the user folder
    assert error.value.file == str(blocked)


# --- a plan journal belongs to one plan --------------------------------------------------------

def test_another_brands_plan_in_the_folder_is_refused_not_reused(tmp_path: Path, fake: FakeBackend) -> None:
    first = ck.plan_content("aurora-caffe", FUTURE, 2, out_dir=tmp_path, images=False)
    assert first.posts and all(p.text for p in first.posts)
    asked = len(fake.prompts)
    with pytest.raises(PlanError, match="holds the plan of 'aurora-caffe'") as error:
        ck.plan_content("ledgerly", FUTURE, 2, out_dir=tmp_path, images=False)
    assert "--overwrite" in str(error.value) and len(fake.prompts) == asked
    # Another start or length of the same brand is another plan too.
    later = (date.fromisoformat(FUTURE) + timedelta(days=7)).isoformat()
    with pytest.raises(PlanError, match="holds the plan of"):
        ck.plan_content("aurora-caffe", later, 2, out_dir=tmp_path, images=False)
    with pytest.raises(PlanError, match="for 2 days, not of 'aurora-caffe' .* for 3 days"):
        ck.plan_content("aurora-caffe", FUTURE, 3, out_dir=tmp_path, images=False)
    # The same request resumes; --overwrite starts afresh for the other brand.
    assert ck.plan_content("aurora-caffe", FUTURE, 2, out_dir=tmp_path, images=False).posts == first.posts
    other = ck.plan_content("ledgerly", FUTURE, 2, out_dir=tmp_path, images=False, overwrite=True)
    assert other.brand == "ledgerly" and len(fake.prompts) > asked
    lines = [json.loads(line) for line in (tmp_path / "plan.jsonl").read_text("utf-8").splitlines()]
    assert lines[0] == {"kind": "plan", "brand": "ledgerly", "start": FUTURE, "days": 2}
    assert not [r for r in lines if r["kind"] == "plan" and r["brand"] == "aurora-caffe"]


def test_cli_refuses_another_plan_in_out_in_one_line(capsys: pytest.CaptureFixture[str], fake: FakeBackend,
                                                     tmp_path: Path) -> None:
    ck.plan_content("aurora-caffe", FUTURE, 2, out_dir=tmp_path, images=False)
    code, _, err = run(capsys, "plan", "--brand", "ledgerly", "--start", FUTURE, "--days", "2",
                       "--out", str(tmp_path), "--no-images")
    assert code == 1 and err.count("\n") == 1 and "--overwrite" in err
    code, out, _ = run(capsys, "plan", "--brand", "ledgerly", "--start", FUTURE, "--days", "2",
                       "--out", str(tmp_path), "--no-images", "--overwrite")
    assert code == 0 and "posts done" in out


# --- a start in the past ------------------------------------------------------------------------

def test_a_start_in_the_past_is_warned_about(capsys: pytest.CaptureFixture[str], fake: FakeBackend,
                                             tmp_path: Path) -> None:
    past = (date.today() - timedelta(days=10)).isoformat()
    code, _, err = run(capsys, "plan", "--brand", "aurora-caffe", "--start", past, "--days", "1",
                       "--out", str(tmp_path / "past"), "--no-images")
    assert code == 0 and "Warning: the plan starts on" in err and "before today" in err
    plan = ck.plan_content("aurora-caffe", past, 1, out_dir=tmp_path / "api", images=False)
    assert any("before today" in note for note in plan.notes)
    code, _, err = run(capsys, "plan", "--brand", "aurora-caffe", "--start", FUTURE, "--days", "1",
                       "--out", str(tmp_path / "future"), "--no-images")
    assert code == 0 and "Warning" not in err
    assert ck.plan_content("aurora-caffe", FUTURE, 1, out_dir=tmp_path / "api2", images=False).notes == []


# --- the openai backend with nothing to talk to -------------------------------------------------

def test_openai_without_key_or_server_stops_once_before_the_first_post(capsys: pytest.CaptureFixture[str],
                                                                       tmp_path: Path) -> None:
    code, out, err = run(capsys, "plan", "--brand", "aurora-caffe", "--start", FUTURE, "--days", "7",
                         "--backend", "openai", "--out", str(tmp_path), "--no-images")
    assert code == 1 and err.count("\n") == 1
    assert "needs an API key" in err and "OPENAI_API_KEY" in err and "OPENAI_BASE_URL" in err
    assert "failed" not in out + err
    journal = (tmp_path / "plan.jsonl").read_text("utf-8")
    assert '"kind": "post"' not in journal


# --- the Python API with wrong types -----------------------------------------------------------

@pytest.mark.parametrize("value", [None, 42, 3.5, ["aurora-caffe"]])
def test_load_brand_with_a_wrong_type_names_the_argument(value: object) -> None:
    with pytest.raises(BrandError, match="path_or_slug") as error:
        ck.load_brand(value)  # type: ignore[arg-type]
    assert error.value.field == "path_or_slug"


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"days": "two"}, "days"), ({"days": 2.5}, "days"), ({"days": None}, "days"), ({"days": True}, "days"),
    ({"start": None}, "start"), ({"start": 20261201}, "start"),
    ({"platforms": 7}, "platforms"), ({"platforms": [None]}, "platforms"),
    ({"topics": "one topic"}, "topics"), ({"topics": [1, 2]}, "topics"),
    ({"concurrency": "8"}, "concurrency"), ({"concurrency": 0}, "concurrency"),
    ({"brand": None}, "path_or_slug"),
])
def test_plan_content_with_wrong_types_names_the_argument(fake: FakeBackend, tmp_path: Path, kwargs: dict,
                                                          field: str) -> None:
    args = {"brand": "aurora-caffe", "start": FUTURE, "days": 2, **kwargs}
    with pytest.raises(ContentkitError) as error:
        ck.plan_content(args.pop("brand"), args.pop("start"), out_dir=tmp_path, images=False, **args)
    assert error.value.field == field and fake.prompts == []


@pytest.mark.parametrize(("call", "field"), [
    (lambda brand: ck.draft_post(brand, None, platform="instagram"), "topic"),
    (lambda brand: ck.draft_post(brand, "latte", platform=3), "platform"),
    (lambda brand: ck.compose_image(brand, None, platform="instagram"), "headline"),
    (lambda brand: ck.load_history(None), "source"),
    (lambda brand: ck.detect_language(None), "text"),
])
def test_other_entry_points_with_wrong_types_name_the_argument(fake: FakeBackend, call, field: str) -> None:  # noqa: ANN001
    with pytest.raises(ContentkitError) as error:
        call(ck.load_brand("aurora-caffe"))
    assert error.value.field == field or field in str(error.value)


def test_plan_takes_a_date_format_for_a_history_that_cannot_tell(capsys: pytest.CaptureFixture[str],
                                                                 fake: FakeBackend, tmp_path: Path) -> None:
    rows = [f"auroracaffe,0{m}/0{d}/2024 08:00,Buongiorno #caffè,{10 + m},1000" for m in range(1, 6) for d in range(1, 6)]
    path = tmp_path / "us.csv"
    path.write_text("account,published_at,text,likes,followers\n" + "\n".join(rows) + "\n", encoding="utf-8")
    args = ["plan", "--brand", "aurora-caffe", "--start", FUTURE, "--days", "1", "--history", str(path),
            "--no-images"]
    code, _, err = run(capsys, *args, "--out", str(tmp_path / "a"))
    assert code == 1 and "--date-format" in err and err.count("\n") == 1
    code, out, _ = run(capsys, *args, "--out", str(tmp_path / "b"), "--date-format", "MM/DD/YYYY")
    assert code == 0 and "posts done" in out


def test_a_journal_without_an_owner_is_resumed_even_with_a_torn_last_line(tmp_path: Path,
                                                                          fake: FakeBackend) -> None:
    first = ck.plan_content("aurora-caffe", FUTURE, 2, out_dir=tmp_path, images=False)
    journal = tmp_path / "plan.jsonl"
    # As an older contentkit wrote it (no owner line), killed in the middle of a line.
    lines = [line for line in journal.read_text("utf-8").splitlines() if '"kind": "plan"' not in line]
    journal.write_text("\n".join(lines) + '\n{"kind": "topic", "id": "x", "to', "utf-8")
    asked = len(fake.prompts)
    again = ck.plan_content("aurora-caffe", FUTURE, 2, out_dir=tmp_path, images=False)
    assert again.posts == first.posts and len(fake.prompts) == asked
    with pytest.raises(PlanError, match="holds the plan of 'aurora-caffe'"):
        ck.plan_content("ledgerly", FUTURE, 2, out_dir=tmp_path, images=False)
