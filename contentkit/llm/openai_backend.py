"""The ``openai`` backend: OpenAI or any OpenAI-compatible server (llama-server, Ollama, vLLM, LM Studio).

Retries are our own loop rather than the client's ``max_retries`` so that the policy is in
one place for the sync, async and streaming paths: 429, 5xx, timeouts and refused connections
are retried with exponential backoff, honouring ``Retry-After``; everything else fails at once
with a BackendError that says what to fix.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import ssl
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, ClassVar, TypeVar

import httpx
import openai

from contentkit.config import env, timeout_seconds
from contentkit.errors import BackendError
from contentkit.llm.base import Backend, Completion, Messages

# OpenAI-compatible local servers ignore the key but the client insists on one.
PLACEHOLDER_KEY = "sk-no-key-required"
DEFAULT_BASE_URL = "https://api.openai.com/v1"
_MAX_RETRY_AFTER = 60.0  # never sleep longer than this on a server's say-so
# Plain completions go through the client's documented low-level ``post`` for custom
# requests, with the reply's JSON back as it came (``cast_to=object``): our request is already plain JSON, and
# ``chat.completions.create`` spends ~2.5 ms of CPU per call re-checking it against its
# typed parameters and ~0.6 ms more building typed objects from the reply, of which we read
# four fields. A plan sends hundreds of requests from threads sharing one GIL, so that time
# showed in its wall time. Streaming keeps ``create``, which also wires up the event stream.
_CHAT = "/chat/completions"
_T = TypeVar("_T")
_log = logging.getLogger("contentkit")


class OpenAIBackend(Backend):
    """Chat completions over HTTP with the official ``openai`` client.

    ``model``: model name (default gpt-4o-mini; local servers serve whatever they loaded).
    ``api_key``: default ``OPENAI_API_KEY``; not needed when ``base_url`` names another server.
    ``base_url``: default ``OPENAI_BASE_URL``, else OpenAI itself.
    ``timeout``: seconds to wait for one reply; on a llama-server, which streams, seconds
    without any progress (a slow machine is not a failure, a silent server is). Default
    ``CONTENTKIT_TIMEOUT``, else 60. The first silent interval is logged as a warning.
    ``max_retries``: retries after the first try. ``backoff``: first retry delay in seconds,
    doubled each time. ``concurrency``: parallel requests in ``complete_many``.

    A server that says how many requests it decodes at once (llama-server's ``/props``) gets
    no more than that in flight: the rest wait here, untimed, instead of in its queue, where
    the timeout would run out on requests that were only waiting their turn.
    """

    id: ClassVar[str] = "openai"
    needs_key: ClassVar[bool] = True
    key_env_var: ClassVar[str | None] = "OPENAI_API_KEY"
    default_model: ClassVar[str] = "gpt-4o-mini"
    concurrent: ClassVar[bool] = True
    structured: ClassVar[bool] = True

    def __init__(self, model: str | None = None, *, api_key: str | None = None, base_url: str | None = None,
                 timeout: float | None = None, max_retries: int = 3, backoff: float = 1.0,
                 concurrency: int = 4) -> None:
        self.model = model or self.default_model
        self._api_key = api_key
        self._base_url = base_url
        self._timeout = timeout
        self._told_silent = False
        self.max_retries = max_retries
        self.backoff = backoff
        self.concurrency = max(1, concurrency)
        self._client: openai.OpenAI | None = None
        self._client_lock = threading.Lock()
        self._tls: ssl.SSLContext | None = None
        self._gate: threading.BoundedSemaphore | None = None
        self._gate_size: int | None = None
        self._gate_checked = ""  # the base URL whose slots were asked for
        self._gate_lock = threading.Lock()

    # -- settings, read on first use (no work in __init__) ---------------------------------
    default_timeout: ClassVar[float] = 60.0

    @property
    def timeout(self) -> float:
        if self._timeout is None:
            self._timeout = timeout_seconds(self.default_timeout)
        return self._timeout

    @timeout.setter
    def timeout(self, seconds: float) -> None:
        self._timeout = seconds

    @property
    def base_url(self) -> str:
        return (self._base_url or env("OPENAI_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")

    def _key(self) -> str:
        key = self._api_key or env("OPENAI_API_KEY")
        if key:
            return key
        if self.base_url != DEFAULT_BASE_URL:
            return PLACEHOLDER_KEY
        raise BackendError("the openai backend needs an API key",
                           hint="set OPENAI_API_KEY, or OPENAI_BASE_URL for a local OpenAI-compatible server")

    def check_ready(self) -> None:
        self._key()

    def _client_options(self) -> dict[str, Any]:
        return {"api_key": self._key(), "base_url": self.base_url, "timeout": self.timeout, "max_retries": 0}

    def _verify(self) -> ssl.SSLContext | bool:
        """What the HTTP clients verify the server with, built once per backend.

        Loading the trust store costs ~50 ms of CPU, and each batch opens a fresh async
        client (its connections belong to that batch's event loop), so it is shared. A plain
        http:// server (llama-server, Ollama on this machine) has no certificate to check:
        nothing is loaded for it.
        """
        if self.base_url.lower().startswith("http://"):
            return False
        with self._client_lock:
            if self._tls is None:
                self._tls = ssl.create_default_context()
            return self._tls

    def client(self) -> openai.OpenAI:
        verify = self._verify()
        with self._client_lock:
            if self._client is None:
                self._client = openai.OpenAI(**self._client_options(),
                                             http_client=openai.DefaultHttpxClient(verify=verify))
            return self._client

    def close(self) -> None:
        """Close the HTTP connections (also done when the backend is garbage-collected)."""
        client, self._client = self._client, None
        if client is not None:
            client.close()

    # -- a llama-server's slots ---------------------------------------------------------------
    def server_slots(self) -> int | None:
        """How many requests the server decodes at once, when it says so (llama-server's
        ``/props``: ``total_slots``); None for OpenAI itself and servers that do not say."""
        url = self.base_url
        with self._gate_lock:
            if self._gate_checked != url:
                self._gate_checked = url
                self._gate_size = None if url == DEFAULT_BASE_URL else _total_slots(url)
                self._gate = threading.BoundedSemaphore(self._gate_size) if self._gate_size else None
            return self._gate_size

    @contextmanager
    def _turn(self) -> Iterator[bool]:
        """Wait, untimed, for a free slot of the server; yields whether the server streams
        progress (a llama-server does), so that the timeout can be on silence, not on time."""
        self.server_slots()
        gate = self._gate
        if gate is None:
            yield False
            return
        with gate:
            yield True

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown: nothing left to tell
            pass

    # -- the protocol --------------------------------------------------------------------
    def complete(self, messages: Messages, *, max_tokens: int = 400, temperature: float = 0.7,
                 json_mode: bool | dict[str, Any] = False, seed: int | None = None) -> Completion:
        request = self._request(messages, max_tokens, temperature, json_mode, seed)

        def send() -> Completion:
            with self._turn() as streams:
                if streams:
                    return self._streamed(request)
                return self._completion(self.client().post(_CHAT, cast_to=object, body=request))

        return self._retrying(send)

    def _retrying(self, send: Callable[[], _T]) -> _T:
        """``send()``, tried again on what a retry can mend (see _retry_delay_or_raise)."""
        for attempt in range(self.max_retries + 1):
            self._not_interrupted()
            try:
                return send()
            except NotImplementedError:
                raise  # the server lacks the feature: asking again gives the same
            except Exception as exc:  # noqa: BLE001 - sorted into retry or a clear error below
                self._sleep_or_raise(exc, attempt)
        raise AssertionError("unreachable")  # the loop either returns or raises

    def _streamed(self, request: dict[str, Any]) -> Completion:
        """One reply read as it is generated: the client's read timeout then measures the
        silence between two pieces, not the whole reply."""
        # return_progress: llama-server also reports its reading of the prompt, which on a
        # busy machine can take a minute before the first token (other servers ignore it).
        body = {**request, "stream": True, "stream_options": {"include_usage": True}, "return_progress": True}
        pieces: list[str] = []
        logprobs: list[float] = []
        finish, usage, model = None, {}, self.model
        stream = self.client().post(_CHAT, cast_to=object, body=body, stream=True,
                                    stream_cls=openai.Stream[object])
        try:
            for chunk in stream:
                if not isinstance(chunk, dict):
                    continue
                model = str(chunk.get("model") or model)
                usage = chunk.get("usage") if isinstance(chunk.get("usage"), dict) else usage
                for choice in chunk.get("choices") or []:
                    delta = choice.get("delta") or {}
                    if delta.get("content"):
                        pieces.append(str(delta["content"]))
                    content = (choice.get("logprobs") or {}).get("content") or []
                    logprobs.extend(float(t["logprob"]) for t in content if isinstance(t, dict) and "logprob" in t)
                    finish = choice.get("finish_reason") or finish
        finally:
            stream.close()
        if finish is None:
            raise httpx.RemoteProtocolError("the stream ended before the reply did")
        return Completion(text="".join(pieces), model=model, prompt_tokens=_count(usage.get("prompt_tokens")),
                          completion_tokens=_count(usage.get("completion_tokens")) or len(logprobs),
                          finish_reason=finish,
                          mean_logprob=sum(logprobs) / len(logprobs) if logprobs else None)

    def complete_many(self, conversations: Sequence[Messages], *, max_tokens: int = 400,
                      temperature: float = 0.7, json_mode: bool | dict[str, Any] = False,
                      seed: int | None = None) -> list[Completion | Exception]:
        requests = [self._request(m, max_tokens, temperature, json_mode, seed) for m in conversations]
        if not requests:
            return []
        if len(requests) > 1 and self.server_slots():
            # The server's slots bound what is in flight (see _turn); threads wait on them.
            def one(messages: Messages) -> Completion | Exception:
                try:
                    return self.complete(messages, max_tokens=max_tokens, temperature=temperature,
                                         json_mode=json_mode, seed=seed)
                except Exception as exc:  # noqa: BLE001 - returned in place
                    return exc

            with ThreadPoolExecutor(max_workers=min(len(requests), self.concurrency)) as pool:
                return list(pool.map(one, conversations))
        if len(requests) == 1:
            # One request (a plan's worker thread drafting one post) reuses the shared sync
            # client: a fresh async client costs ~0.1 s of CPU loading the TLS trust store.
            try:
                return [self.complete(conversations[0], max_tokens=max_tokens, temperature=temperature,
                                      json_mode=json_mode, seed=seed)]
            except Exception as exc:  # noqa: BLE001 - returned in place, as for a batch
                return [exc]
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(self._complete_all(requests))
        # Called from inside an event loop (a notebook, an async app): run ours on a thread.
        result: list[list[Completion | Exception]] = []
        worker = threading.Thread(target=lambda: result.append(asyncio.run(self._complete_all(requests))))
        worker.start()
        worker.join()
        return result[0]

    def first_token_logprobs(self, conversations: Sequence[Messages], *,
                             top: int = 20) -> list[dict[str, float] | Exception]:
        def one(messages: Messages) -> dict[str, float] | Exception:
            request = {**self._request(messages, 1, 0.0, False, 0), "logprobs": True, "top_logprobs": top}

            def send() -> dict[str, float]:
                with self._turn():  # one token: not worth streaming
                    return self._top_logprobs(self.client().post(_CHAT, cast_to=object, body=request))

            try:
                return self._retrying(send)
            except Exception as exc:  # noqa: BLE001 - returned in place
                return exc

        if len(conversations) <= 1:
            return [one(m) for m in conversations]
        with ThreadPoolExecutor(max_workers=min(len(conversations), self.concurrency)) as pool:
            return list(pool.map(one, conversations))

    def _top_logprobs(self, data: Any) -> dict[str, float]:
        try:
            tops = data["choices"][0]["logprobs"]["content"][0]["top_logprobs"]
            return {str(t["token"]): float(t["logprob"]) for t in tops}
        except (KeyError, IndexError, TypeError, ValueError):
            raise NotImplementedError(f"the server at {self.base_url} gives no token log-probabilities") from None

    def stream(self, messages: Messages, *, max_tokens: int = 400, temperature: float = 0.7,
               seed: int | None = None) -> Iterator[str]:
        request = {**self._request(messages, max_tokens, temperature, False, seed), "stream": True}
        chunks = None
        for attempt in range(self.max_retries + 1):
            try:
                chunks = self.client().chat.completions.create(**request)
                break
            except Exception as exc:  # noqa: BLE001
                self._sleep_or_raise(exc, attempt)
        received, finished = 0, False
        try:
            for chunk in chunks:
                for choice in getattr(chunk, "choices", None) or []:
                    piece = choice.delta.content if choice.delta else None
                    if piece:
                        received += len(piece)
                        yield piece
                    finished = finished or choice.finish_reason is not None
        except (openai.APIError, json.JSONDecodeError) as exc:
            raise self._cut_off(received, exc) from exc
        finally:
            chunks.close()
        if not finished:
            raise self._cut_off(received, None)

    # -- helpers -------------------------------------------------------------------------
    def _request(self, messages: Messages, max_tokens: int, temperature: float,
                 json_mode: bool | dict[str, Any], seed: int | None) -> dict[str, Any]:
        request: dict[str, Any] = {"model": self.model, "messages": list(messages),
                                   "max_tokens": max_tokens, "temperature": temperature}
        if isinstance(json_mode, dict):
            request["response_format"] = {"type": "json_schema",
                                          "json_schema": {"name": "post", "schema": json_mode}}
        elif json_mode:
            request["response_format"] = {"type": "json_object"}
        if seed is not None:
            request["seed"] = seed
        return request

    async def _complete_all(self, requests: list[dict[str, Any]]) -> list[Completion | Exception]:
        limit = asyncio.Semaphore(self.concurrency)
        http = openai.DefaultAsyncHttpxClient(verify=self._verify())
        async with openai.AsyncOpenAI(**self._client_options(), http_client=http) as client:
            async def one(request: dict[str, Any]) -> Completion:
                async with limit:
                    for attempt in range(self.max_retries + 1):
                        try:
                            return self._completion(await client.post(_CHAT, cast_to=object, body=request))
                        except Exception as exc:  # noqa: BLE001
                            await asyncio.sleep(self._retry_delay_or_raise(exc, attempt))
                    raise AssertionError("unreachable")

            return list(await asyncio.gather(*(one(r) for r in requests), return_exceptions=True))

    def _completion(self, data: Any) -> Completion:
        choices = data.get("choices") if isinstance(data, dict) else None
        first = choices[0] if isinstance(choices, list) and choices and isinstance(choices[0], dict) else {}
        message = first.get("message")
        if not isinstance(message, dict):
            raise BackendError(f"the server at {self.base_url} sent a reply without a chat completion in it",
                               hint="check that OPENAI_BASE_URL points at an OpenAI-compatible /v1 endpoint")
        usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}
        return Completion(text=str(message.get("content") or ""), model=str(data.get("model") or self.model),
                          prompt_tokens=_count(usage.get("prompt_tokens")),
                          completion_tokens=_count(usage.get("completion_tokens")),
                          finish_reason=first.get("finish_reason"))

    def _not_interrupted(self) -> None:
        if self.interrupted:
            raise BackendError("stopped (Ctrl-C)", hint="run the command again to go on")

    def interrupt(self) -> None:
        super().interrupt()
        self.close()  # requests in flight end now instead of when the server answers

    def _sleep_or_raise(self, exc: Exception, attempt: int) -> None:
        self._not_interrupted()
        time.sleep(self._retry_delay_or_raise(exc, attempt))

    def _retry_delay_or_raise(self, exc: Exception, attempt: int) -> float:
        """Seconds to wait before the next try, or raise the clear error when no retry is left."""
        retryable = isinstance(exc, (openai.RateLimitError, openai.InternalServerError, openai.APIConnectionError,
                                     httpx.TransportError))
        if not retryable or attempt >= self.max_retries:
            raise self._error(exc, attempt + 1) from exc
        if isinstance(exc, openai.APITimeoutError | httpx.TimeoutException) and not self._told_silent:
            self._told_silent = True  # once: eight requests in flight would say it eight times
            _log.warning("the server at %s sent nothing for %g s; asking again (%d more tries). If it is only slow, "
                         "raise the timeout: --timeout or CONTENTKIT_TIMEOUT", self.base_url, self.timeout,
                         self.max_retries - attempt)
        delay = self.backoff * 2 ** attempt * random.uniform(0.8, 1.2)  # jitter: spread retrying clients
        return min(max(delay, _retry_after(exc) or 0.0), _MAX_RETRY_AFTER)

    def _error(self, exc: Exception, attempts: int) -> BackendError:
        """Translate an exception from the client into one line that says what to do."""
        url, tries = self.base_url, f" (after {attempts} attempts)" if attempts > 1 else ""
        if isinstance(exc, BackendError):
            return exc
        if isinstance(exc, openai.AuthenticationError):
            return BackendError(f"the server at {url} rejected the API key (401)",
                                hint="set OPENAI_API_KEY to a valid key")
        if isinstance(exc, openai.NotFoundError):
            return BackendError(f"model '{self.model}' was not found at {url} (404)",
                                hint="pass a model this server serves (--model or CONTENTKIT_MODEL), and check "
                                     "that the base URL ends in /v1")
        if isinstance(exc, openai.RateLimitError):
            return BackendError(f"the server at {url} kept refusing with 429 Too Many Requests{tries}",
                                hint="wait and try again, lower the concurrency, or check the account's quota")
        if isinstance(exc, openai.APITimeoutError | httpx.TimeoutException) and self._gate is not None:
            return BackendError(f"the server at {url} sent nothing for {self.timeout:g} s{tries}",
                                hint="the server seems stuck: see its log, or raise the timeout")
        if isinstance(exc, openai.APITimeoutError | httpx.TimeoutException):
            return BackendError(f"no answer from {url} within {self.timeout:g} s{tries}",
                                hint="raise the timeout, or check that the server is not overloaded")
        if isinstance(exc, httpx.TransportError):
            return BackendError(f"the connection to {url} broke mid-reply{tries}: {type(exc).__name__}",
                                hint="is the server still running? see its log")
        if isinstance(exc, openai.APIConnectionError):
            return BackendError(f"cannot connect to {url}{tries}",
                                hint="is the server running? check OPENAI_BASE_URL")
        if isinstance(exc, openai.APIStatusError):
            return BackendError(f"the server at {url} answered {exc.status_code}{tries}: {_server_message(exc)}",
                                hint="see the server's log" if exc.status_code >= 500 else "check the request settings")
        if isinstance(exc, (json.JSONDecodeError, openai.APIResponseValidationError)):
            return BackendError(f"the server at {url} sent a reply that is not valid JSON",
                                hint="check that OPENAI_BASE_URL points at an OpenAI-compatible /v1 endpoint")
        return BackendError(f"request to {url} failed: {type(exc).__name__}: {exc}")

    def _cut_off(self, received: int, exc: Exception | None) -> BackendError:
        why = f": {type(exc).__name__}" if exc else ""
        return BackendError(f"the stream from {self.base_url} was cut off after {received} characters{why}",
                            hint="try again; if it keeps happening, check the server's log")


def _total_slots(base_url: str) -> int | None:
    """``total_slots`` from a llama-server's ``/props`` (the root of its /v1 URL), or None."""
    root = base_url[:-3] if base_url.endswith("/v1") else base_url
    try:
        with urllib.request.urlopen(f"{root}/props", timeout=5) as response:
            props = json.loads(response.read())
    except (OSError, ValueError):
        return None
    slots = props.get("total_slots") if isinstance(props, dict) else None
    return slots if isinstance(slots, int) and slots > 0 else None


def _count(value: Any) -> int:
    return value if isinstance(value, int) and value > 0 else 0


def _retry_after(exc: Exception) -> float | None:
    response = getattr(exc, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    try:
        return float(value) if value is not None else None
    except ValueError:  # an HTTP date; rare enough that the backoff alone is fine
        return None


def _server_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict) and error.get("message"):
            return str(error["message"])
    return exc.message
