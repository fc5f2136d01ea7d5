"""A full disk: one clear line, no 0-byte or truncated file, and nothing written before lost.

``SmallDisk`` puts a disk with a few bytes free behind every file contentkit writes (the
scratch files of contentkit.files and the plan's journal): past them a write fails with
ENOSPC after writing what fit, as a real disk does. One test uses a real tmpfs where this
machine lets a test mount one.
"""

from __future__ import annotations

import errno
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import run
from PIL import Image
from test_export import make_plan

import contentkit as ck
from contentkit import files
from contentkit.errors import ImageError, PlanError
from contentkit.llm.fake import FakeBackend
from contentkit.plans import checkpoint

AURORA = Path(__file__).resolve().parent.parent / "brand_profiles" / "aurora-caffe" / "history.csv"


class _Limited:
    def __init__(self, handle: Any, disk: SmallDisk) -> None:
        self._handle, self._disk = handle, disk

    def write(self, data: Any) -> int:
        size = len(data.encode("utf-8") if isinstance(data, str) else data)
        if size > self._disk.free:
            self._handle.write(data[: self._disk.free])  # what fits lands, the rest does not
            self._handle.flush()
            self._disk.free = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self._disk.free -= size
        return self._handle.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> _Limited:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()


class SmallDisk:
    def __init__(self, free: int) -> None:
        self.free = free

    def open(self, path: Any, mode: str = "r", **options: Any) -> _Limited:
        return _Limited(open(path, mode, **options), self)  # noqa: SIM115 - closed by _Limited


@pytest.fixture
def small_disk(monkeypatch: pytest.MonkeyPatch):
    def make(free: int) -> SmallDisk:
        disk = SmallDisk(free)
        monkeypatch.setattr(files, "_open_scratch", disk.open)
        monkeypatch.setattr(checkpoint, "_open", disk.open)
        return disk
    return make


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_exports_on_a_full_disk_leave_the_earlier_files_whole(tmp_path: Path, small_disk) -> None:
    plan = make_plan(tmp_path / "plan")
    ck.export_all(plan, tmp_path / "plan")
    before = _snapshot(tmp_path / "plan")
    small_disk(3000)
    with pytest.raises(PlanError) as err:
        ck.export_all(plan, tmp_path / "plan")
    assert "the disk is full" in str(err.value) and str(tmp_path / "plan") in str(err.value)
    assert "\n" not in str(err.value)
    assert _snapshot(tmp_path / "plan") == before  # every file as it was, no scratch file left


def test_a_first_export_on_a_full_disk_leaves_no_empty_or_cut_file(tmp_path: Path, small_disk) -> None:
    plan = make_plan(tmp_path / "plan")
    small_disk(5000)
    with pytest.raises(PlanError, match="the disk is full"):
        ck.export_all(plan, tmp_path / "out")
    written = _snapshot(tmp_path / "out")
    assert all(data for data in written.values()), [name for name, data in written.items() if not data]
    assert not [name for name in written if name.endswith(".tmp")]
    for name in written:  # what is there is whole: it was renamed into place only when complete
        if name.endswith(".json"):
            json.loads(written[name])


def test_an_image_on_a_full_disk_is_one_error_and_no_truncated_png(tmp_path: Path, small_disk) -> None:
    target = tmp_path / "card.png"
    small_disk(2000)
    with pytest.raises(ImageError, match="the disk is full"):
        ck.save_image(Image.effect_noise((600, 600), 80).convert("RGB"), target)
    assert not target.exists() and not list(tmp_path.iterdir())


def test_hashtags_train_on_a_full_disk_says_so_in_one_line(tmp_path: Path, small_disk, capsys) -> None:
    model = tmp_path / "model"
    assert run(capsys, "hashtags", "train", "--history", str(AURORA), "--out", str(model))[0] == 0
    before = _snapshot(model)
    small_disk(10_000)
    code, _, err = run(capsys, "hashtags", "train", "--history", str(AURORA), "--out", str(model))
    assert code == 1 and "the disk is full" in err and "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "arrays.npz" in errors[0] and errors[0] == err.strip().splitlines()[-1], err
    assert _snapshot(model) == before  # the model trained before still loads
    assert ck.HashtagSuggester.load(model).suggest("cappuccino e cornetto", k=3)


def test_a_plan_whose_journal_meets_a_full_disk_stops_cleanly_and_resumes(tmp_path: Path, small_disk) -> None:
    out = tmp_path / "plan"
    disk = small_disk(1500)
    with pytest.raises(PlanError, match="the disk is full"):
        ck.plan_content("aurora-caffe", "2026-12-07", 3, backend=FakeBackend(), out_dir=out, images=False,
                        history=False)
    saved = (out / "plan.jsonl").read_text("utf-8").splitlines()
    assert saved and (out / "plan.jsonl").stat().st_size <= 1500
    disk.free = 10**9  # space freed: the rerun keeps every whole record and finishes
    plan = ck.plan_content("aurora-caffe", "2026-12-07", 3, backend=FakeBackend(), out_dir=out, images=False,
                           history=False)
    assert plan.posts and not plan.failed
    for line in (out / "plan.jsonl").read_text("utf-8").splitlines():
        json.loads(line)


def _mount_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    if sys.platform != "linux":
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, check=False)
    return done.returncode == 0


def test_hashtags_train_onto_a_real_full_tmpfs(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "tiny"
    if not _mount_tmpfs(folder, "16k"):
        pytest.skip("this machine does not let a test mount a tmpfs; SmallDisk covers the same writes above")
    try:
        code, _, err = run(capsys, "hashtags", "train", "--history", str(AURORA), "--out", str(folder / "model"))
        assert code == 1 and "the disk is full" in err and "Traceback" not in err
        assert not [p for p in (folder / "model").rglob("*") if p.is_file() and p.stat().st_size == 0]
        assert not list((folder / "model").glob(".*.tmp"))
    finally:
        subprocess.run(["umount", str(folder)], check=False)
