"""A scripted OpenAI-compatible server on 127.0.0.1 for fault tests of the openai backend.

Each request to ``/v1/chat/completions`` takes the next step from the script:

    with ScriptedServer() as server:
        server.queue(status(429, retry_after=0), reply("Hello"))
        backend = OpenAIBackend(base_url=server.url, backoff=0.01)
        backend.complete(...).text == "Hello"
        server.requests  # the JSON bodies it received, in order

When the script is empty the server answers 500 "no scripted reply", so a test that sends
more requests than it scripted fails loudly instead of passing by accident.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Step:
    """One scripted answer: a status and body, or an SSE stream, optionally after a pause."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    stream: list[str] | None = None  # text pieces sent as SSE chunks
    cut: bool = False  # drop the connection mid-stream, before finish_reason and [DONE]
    pace: float = 0.0  # seconds before each streamed piece: a slow but working server


def completion_body(text: str, model: str = "scripted-model") -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 5, "completion_tokens": len(text.split()), "total_tokens": 9}}


def reply(text: str) -> Step:
    return Step(body=json.dumps(completion_body(text)).encode())


def first_tokens(logprobs: dict[str, float], text: str | None = None) -> Step:
    """A one-token reply carrying the log-probabilities of its likeliest first tokens, as
    llama-server and OpenAI give them when asked with ``top_logprobs``."""
    body = completion_body(text if text is not None else max(logprobs, key=logprobs.__getitem__))
    tops = [{"token": token, "logprob": value, "bytes": list(token.encode())}
            for token, value in sorted(logprobs.items(), key=lambda pair: -pair[1])]
    body["choices"][0]["logprobs"] = {"content": [{**tops[0], "top_logprobs": tops}]}
    return Step(body=json.dumps(body).encode())


def status(code: int, message: str = "scripted error", *, retry_after: float | None = None) -> Step:
    headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else {}
    error = {"error": {"message": message, "type": "scripted", "code": code}}
    return Step(status=code, body=json.dumps(error).encode(), headers=headers)


def hang(seconds: float) -> Step:
    """Answer only after ``seconds`` (longer than the client's timeout), then with a normal reply."""
    return Step(body=json.dumps(completion_body("too late")).encode(), delay=seconds)


def broken_json() -> Step:
    return Step(body=b'{"id": "chatcmpl-1", "choices": [{"message": {"content": "half', headers={})


def stream(pieces: list[str], *, cut: bool = False, pace: float = 0.0, delay: float = 0.0) -> Step:
    return Step(stream=pieces, cut=cut, pace=pace, delay=delay)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (a timeout, a cancel, Ctrl-C) is what those tests script; its
        # broken pipe is no error of the server's. Anything else is still printed.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class ScriptedServer:
    """A threaded HTTP server on a free loopback port, answering from a queue of Steps."""

    def __init__(self) -> None:
        self.script: deque[Step | Callable[[dict[str, Any]], Step]] = deque()
        self.requests: list[dict[str, Any]] = []
        self.slots: int | None = None
        """When set, ``GET /props`` says ``total_slots`` as a llama-server does."""
        self.busy = self.most_busy = 0  # requests being answered now, and the most at once
        self._busy_lock = threading.Lock()
        self.stopping = threading.Event()
        self._server = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="scripted-server", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def queue(self, *steps: Step | Callable[[dict[str, Any]], Step]) -> ScriptedServer:
        self.script.extend(steps)
        return self

    def next_step(self, body: dict[str, Any]) -> Step:
        self.requests.append(body)
        if not self.script:
            return status(500, "no scripted reply left")
        step = self.script.popleft()
        return step(body) if callable(step) else step

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()  # wake any handler still pausing in a hang
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def _handler_for(server: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            # Headers and body go out in separate writes; without this, Nagle's algorithm
            # and the client's delayed ACK add ~40 ms to every keep-alive request.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:
            if self.path.rstrip("/") == "/props" and server.slots:
                self._plain(Step(body=json.dumps({"total_slots": server.slots}).encode()))
            else:
                self._plain(status(404, "not found"))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            step = server.next_step(body)
            with server._busy_lock:
                server.busy += 1
                server.most_busy = max(server.most_busy, server.busy)
            try:
                if step.delay and server.stopping.wait(step.delay):
                    return
                if step.stream is not None:
                    self._stream(step)
                else:
                    self._plain(step)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up first (timeouts)
                pass
            finally:
                with server._busy_lock:
                    server.busy -= 1

        def _plain(self, step: Step) -> None:
            self.send_response(step.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(step.body)))
            for name, value in step.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(step.body)

        def _stream(self, step: Step) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for piece in step.stream or []:
                if step.pace and server.stopping.wait(step.pace):
                    return
                self._chunk(_sse({"content": piece}, None))
            if step.cut:
                # Half a chunk, then close: the client sees a connection dropped mid-reply.
                self.wfile.write(b"40\r\ndata: {\"id\"")
                self.wfile.flush()
                self.close_connection = True
                return
            self._chunk(_sse({}, "stop"))
            self._chunk(b"data: [DONE]\n\n")
            self.wfile.write(b"0\r\n\r\n")

        def _chunk(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

    return Handler


def _sse(delta: dict[str, str], finish_reason: str | None) -> bytes:
    chunk = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 0, "model": "scripted-model",
             "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}]}
    return f"data: {json.dumps(chunk)}\n\n".encode()
