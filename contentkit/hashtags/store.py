"""Saving a HashtagSuggester as plain JSON and numeric arrays: safe to load from anyone.

A model folder holds three files:
  manifest.json  format name and version, the estimator's parameters, SHA-256 of the others
  model.json     tag and account names
  arrays.npz     numbers only, read with allow_pickle=False so loading never runs code
A file changed after saving (its SHA-256 no longer matches), a missing file, or a model
written by another format version is refused with ModelFileError naming the file.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

import numpy as np
import scipy.sparse as sp

from ..config import writable_dir
from ..errors import ModelFileError
from ..files import replacing, write_text

FORMAT = "contentkit.hashtags.suggester"
VERSION = 4  # 3: account_mention_ (how much each account tags the words it writes); 4: word_tag_rates_
MANIFEST, NAMES, ARRAYS = "manifest.json", "model.json", "arrays.npz"

_DENSE = ("idf_", "post_weight_", "post_er_", "post_rel_", "account_start_", "account_end_",
          "account_posts_", "account_median_er_", "account_best_rel_", "global_tags_", "global_posts_",
          "tag_word_rate_", "account_mention_")
_SPARSE = ("post_vectors_", "post_tags_", "global_centroids_", "word_tag_rates_")
_LISTS = ("tags_", "tag_keys_", "accounts_")
_RETRAIN = "retrain it with: contentkit hashtags train --history posts.csv --out MODEL_DIR"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _savez(handle: BinaryIO, arrays: dict[str, np.ndarray]) -> None:
    """``np.savez_compressed`` at the fastest compression: on a 200,000-post history its
    default level took 8 s of a 33 s fit for a file 10% smaller (133 MB against 147).
    An array that hardly compresses (``_packs``) is stored as it is: deflating the 127 MB of
    that history's text weights took 2 s to save a fifth of them."""
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, array in arrays.items():
            array = np.asanyarray(array)
            # A member opened by name takes the archive's method (at level 1 when deflated).
            archive.compression = zipfile.ZIP_DEFLATED if _packs(array) else zipfile.ZIP_STORED
            with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, array, allow_pickle=False)


_SAMPLE = 1 << 20


def _packs(array: np.ndarray) -> bool:
    """Whether deflating ``array`` is worth its time: a sample of it shrinks by a third or more."""
    if array.nbytes <= _SAMPLE:
        return True
    sample = array.reshape(-1)[: _SAMPLE // max(array.itemsize, 1)].tobytes()
    return len(zlib.compress(sample, 1)) < 0.67 * len(sample)


def _params(model) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in model.get_params().items()}


def save_model(model, folder: Path) -> Path:
    """Write ``model`` into ``folder`` (created if needed); returns the folder."""
    writable_dir(folder, ModelFileError, hint="save the model to a folder you can write to")
    arrays = {name: np.asarray(getattr(model, name)) for name in _DENSE}
    for name in _SPARSE:
        matrix = getattr(model, name).tocsr()
        arrays.update({f"{name}data": matrix.data, f"{name}indices": matrix.indices,
                       f"{name}indptr": matrix.indptr, f"{name}shape": np.asarray(matrix.shape, np.int64)})
    with replacing(folder / ARRAYS, ModelFileError, text=False) as handle:
        _savez(handle, arrays)
    names = {name: list(getattr(model, name)) for name in _LISTS}
    names["er_basis_"] = model.er_basis_
    write_text(folder / NAMES, json.dumps(names, ensure_ascii=False), ModelFileError)
    manifest = {"format": FORMAT, "version": VERSION, "params": _params(model),
                "files": {name: _sha256(folder / name) for name in (NAMES, ARRAYS)}}
    write_text(folder / MANIFEST, json.dumps(manifest, indent=2), ModelFileError)
    return folder


def _read_manifest(folder: Path) -> dict:
    if not folder.is_dir():
        raise ModelFileError("model folder not found", file=folder, hint=_RETRAIN)
    path = folder / MANIFEST
    if not path.is_file():
        raise ModelFileError("not a saved hashtag model (no manifest.json)", file=path, hint=_RETRAIN)
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(f"manifest is not valid JSON ({exc})", file=path) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ModelFileError(f"not a {FORMAT} model", file=path, field="format", hint=_RETRAIN)
    if manifest.get("version") != VERSION:
        raise ModelFileError(f"saved in format version {manifest.get('version')!r}; this contentkit reads "
                             f"version {VERSION}", file=path, field="version", hint=_RETRAIN)
    return manifest


def _check_files(folder: Path, manifest: dict) -> None:
    recorded = manifest.get("files")
    if not isinstance(recorded, dict):
        raise ModelFileError("manifest lists no files", file=folder / MANIFEST, field="files")
    for name in (NAMES, ARRAYS):
        path = folder / name
        if not path.is_file():
            raise ModelFileError("file is missing from the model folder", file=path, hint=_RETRAIN)
        if recorded.get(name) != _sha256(path):
            raise ModelFileError("file was changed after the model was saved (SHA-256 does not match "
                                 "manifest.json); refusing to load it", file=path, hint=_RETRAIN)


def _read_arrays(path: Path) -> dict[str, np.ndarray]:
    try:
        with np.load(path, allow_pickle=False) as data:
            return {name: data[name] for name in data.files}
    except (ValueError, OSError, zipfile.BadZipFile, EOFError) as exc:
        raise ModelFileError(f"cannot read the arrays ({exc})", file=path) from None


def _sparse(arrays: dict, name: str, path: Path) -> sp.csr_matrix:
    try:
        parts = [arrays[f"{name}{p}"] for p in ("data", "indices", "indptr", "shape")]
        matrix = sp.csr_matrix(tuple(parts[:3]), shape=tuple(int(x) for x in parts[3]))
        matrix.check_format(full_check=True)
    except (KeyError, ValueError, TypeError) as exc:
        raise ModelFileError(f"array '{name}' is missing or malformed ({exc})", file=path) from None
    return matrix


def _invalid(path: Path, field: str, what: str) -> ModelFileError:
    # A hash only proves the files were not changed *since the manifest was written*;
    # someone who edits both still must not get a traceback from deep inside suggest().
    return ModelFileError(f"not a valid hashtag model: {what}", file=path, field=field, hint=_RETRAIN)


def _read_params(cls, folder: Path, manifest: dict) -> dict:
    path, raw = folder / MANIFEST, manifest.get("params", {})
    if not isinstance(raw, dict):
        raise _invalid(path, "params", "'params' is not an object")
    defaults = cls().get_params()
    params = {}
    for key, value in raw.items():
        if key not in defaults:
            raise ModelFileError(f"unknown parameter '{key}'", file=path, field="params", hint=_RETRAIN)
        default = defaults[key]
        if isinstance(default, tuple):
            ok = isinstance(value, list) and len(value) == len(default) and all(
                isinstance(v, int) and not isinstance(v, bool) for v in value)
            value = tuple(value) if ok else value
        else:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not ok:
            raise _invalid(path, f"params.{key}", f"{value!r} is not a {type(default).__name__}")
        params[key] = value
    return params


def _read_names(path: Path) -> dict:
    try:
        names = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _invalid(path, "model.json", f"not JSON ({exc})") from None
    if not isinstance(names, dict):
        raise _invalid(path, "model.json", "not an object")
    for name in _LISTS:
        value = names.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _invalid(path, name, f"{str(value)[:40]!r} is not a list of names")
    if not isinstance(names.get("er_basis_", ""), str):
        raise _invalid(path, "er_basis_", "not a text")
    return names


def load_model(cls, folder: Path):
    """Rebuild a fitted ``cls`` from ``folder``, refusing anything changed, foreign or malformed."""
    manifest = _read_manifest(folder)
    _check_files(folder, manifest)
    model = cls(**_read_params(cls, folder, manifest))
    names = _read_names(folder / NAMES)
    arrays = _read_arrays(folder / ARRAYS)
    for name in _LISTS:
        setattr(model, name, list(names.get(name, [])))
    model.er_basis_ = str(names.get("er_basis_", "interactions"))
    for name in _DENSE:
        if name not in arrays:
            raise ModelFileError(f"array '{name}' is missing", file=folder / ARRAYS)
        setattr(model, name, arrays[name])
    for name in _SPARSE:
        setattr(model, name, _sparse(arrays, name, folder / ARRAYS))
    _check_shapes(model, folder / ARRAYS)
    return model


def _check_shapes(model, path: Path) -> None:
    n_posts, n_tags = model.post_tags_.shape
    if any(np.asarray(getattr(model, name)).ndim != 1 or not np.issubdtype(np.asarray(getattr(model, name)).dtype,
                                                                             np.number) for name in _DENSE):
        raise _invalid(path, "arrays.npz", "an array is not a list of numbers")
    consistent = (
        len(model.tags_) == len(model.tag_keys_) == n_tags
        and model.post_vectors_.shape[0] == n_posts == len(model.post_weight_)
        and model.post_vectors_.shape[1] == model.global_centroids_.shape[1] == len(model.idf_)
        and len(model.accounts_) == len(model.account_start_) == len(model.account_end_)
        == len(model.account_mention_)
        and len(model.global_tags_) == model.global_centroids_.shape[0]
        and len(model.tag_word_rate_) == n_tags
        and model.word_tag_rates_.shape == (len(model.idf_), n_tags)
        and (len(model.global_tags_) == 0 or int(model.global_tags_.max()) < n_tags)
        and (len(model.account_end_) == 0 or int(model.account_end_.max()) <= n_posts)
    )
    if not consistent:
        raise ModelFileError("arrays do not fit together (a partial or mixed model)", file=path, hint=_RETRAIN)
