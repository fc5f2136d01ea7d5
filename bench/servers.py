"""The embedded model on llama-server built here beside llama.cpp's prebuilt server (xllamacpp).

    .venv/bin/python bench/servers.py [--rounds 3] [--threads 2]

A fresh machine runs the prebuilt one until (or instead of) the 7-minute source build; this
says what that costs per post. Both serve the embedded default GGUF with the same settings
and get the same real request, a post's fields for aurora-caffe (prompt plus 190 tokens at
most, temperature 0), in alternating rounds so that other work on the machine hits both alike.
Prints seconds per request for each and the ratio prebuilt / built.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from contentkit.brand import load_brand  # noqa: E402
from contentkit.drafting import Brief, DraftJob  # noqa: E402
from contentkit.llm import catalog  # noqa: E402
from contentkit.llm.fake import FakeBackend  # noqa: E402
from contentkit.llm.llama_server import LlamaServer, find_binary  # noqa: E402
from contentkit.llm.openai_backend import OpenAIBackend  # noqa: E402

PREBUILT = [sys.executable, "-m", "contentkit.llm.xllama_server"]


def request() -> tuple[list[dict[str, str]], int, dict | None]:
    class Structured(FakeBackend):
        structured = True

    job = DraftJob(load_brand("aurora-caffe"), Brief("Il nostro nuovo lotto etiope", pillar=None), Structured())
    return job.next_messages(), job.budget, job.schema


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-schema", action="store_true", help="free text: no JSON schema to hold the reply to")
    args = parser.parse_args()
    binary = find_binary()
    if binary is None:
        sys.exit("no llama-server built here: make llama-server")
    gguf = catalog.gguf_path(catalog.default_model())
    messages, budget, schema = request()
    schema = None if args.no_schema else schema
    servers = {"built": LlamaServer(binary, gguf, threads=args.threads),
               "prebuilt": LlamaServer(PREBUILT, gguf, threads=args.threads, log=gguf.parent / "xllama.log")}
    seconds: dict[str, list[float]] = {name: [] for name in servers}
    tokens: dict[str, list[int]] = {name: [] for name in servers}
    try:
        clients = {name: OpenAIBackend("m", base_url=server.start(), timeout=600, max_retries=0)
                   for name, server in servers.items()}
        for name, client in clients.items():  # warm: the first request reads the model from disk
            client.complete(messages, max_tokens=8, temperature=0.0, seed=1)
        for _ in range(args.rounds):
            for name, client in clients.items():
                start = time.perf_counter()
                reply = client.complete(messages, max_tokens=budget, temperature=0.0, seed=1,
                                        json_mode=schema or False)
                seconds[name].append(time.perf_counter() - start)
                tokens[name].append(reply.completion_tokens or 0)
    finally:
        for server in servers.values():
            server.stop()
    for name in servers:
        print(f"{name:<9} {statistics.median(seconds[name]):6.1f} s per request (median of {args.rounds}; "
              f"{statistics.median(tokens[name])} tokens)")
    print(f"prebuilt / built: {statistics.median(seconds['prebuilt']) / statistics.median(seconds['built']):.2f}x")


if __name__ == "__main__":
    main()
