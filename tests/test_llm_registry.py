"""Choosing a backend: registered by entry points, picked argument > env > key/base URL > local."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import pytest

from contentkit.errors import BackendError
from contentkit.llm import registry
from contentkit.llm.fake import FakeBackend
from contentkit.llm.local import LocalBackend
from contentkit.llm.openai_backend import OpenAIBackend
from contentkit.llm.registry import available_backends, get_backend


def test_the_built_in_backends_are_registered():
    assert {"local", "openai"} <= set(available_backends())


def test_with_nothing_set_and_no_llama_server_the_local_default_is_used(monkeypatch):
    monkeypatch.setattr("contentkit.llm.llama_server.server_command", lambda: None)
    backend = get_backend()
    assert isinstance(backend, LocalBackend) and backend.model == "SmolLM2-135M-Instruct"


def test_with_llama_server_installed_the_embedded_model_runs_there(monkeypatch):
    from contentkit.llm import catalog
    from contentkit.llm.llama_server import LlamaServerBackend

    monkeypatch.setattr("contentkit.llm.llama_server.server_command", lambda: ["/opt/llama-server"])
    backend = get_backend()
    assert isinstance(backend, LlamaServerBackend)
    assert backend.model == catalog.default_model().name and catalog.is_installed(catalog.default_model())


@pytest.mark.parametrize("variable, value", [("OPENAI_API_KEY", "sk-test"),
                                             ("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")])
def test_a_key_or_base_url_makes_openai_the_default(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    assert isinstance(get_backend(), OpenAIBackend)


def test_contentkit_backend_beats_an_openai_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("CONTENTKIT_BACKEND", "local")
    monkeypatch.setenv("CONTENTKIT_MODEL", "/models/mine")
    backend = get_backend()
    assert isinstance(backend, LocalBackend) and backend.model == "/models/mine"


def test_arguments_beat_the_environment(monkeypatch):
    monkeypatch.setenv("CONTENTKIT_BACKEND", "local")
    monkeypatch.setenv("CONTENTKIT_MODEL", "from-env")
    backend = get_backend("openai", "gpt-4o", base_url="http://127.0.0.1:9/v1")
    assert isinstance(backend, OpenAIBackend) and backend.model == "gpt-4o"
    assert backend.base_url == "http://127.0.0.1:9/v1"


def test_env_model_is_not_forced_on_a_different_explicit_backend(monkeypatch):
    monkeypatch.setenv("CONTENTKIT_BACKEND", "openai")
    monkeypatch.setenv("CONTENTKIT_MODEL", "gpt-4o")
    assert get_backend("local").model == "SmolLM2-135M-Instruct"
    assert get_backend("openai").model == "gpt-4o"


def test_an_unknown_backend_lists_the_ones_there_are():
    with pytest.raises(BackendError) as err:
        get_backend("antropic")
    assert "unknown backend 'antropic'" in str(err.value)
    assert "local, openai" in str(err.value) and "CONTENTKIT_BACKEND" in str(err.value)


def test_an_unknown_option_is_named():
    with pytest.raises(BackendError, match="does not take these options: base_url"):
        get_backend("local", base_url="http://x")


def test_a_missing_optional_package_says_what_to_install(monkeypatch):
    # None in sys.modules makes `import openai` fail exactly as if it were not installed.
    monkeypatch.setitem(sys.modules, "openai", None)
    monkeypatch.delitem(sys.modules, "contentkit.llm.openai_backend")
    with pytest.raises(BackendError) as err:
        get_backend("openai")
    assert "needs the Python package 'openai'" in str(err.value) and "pip install openai" in str(err.value)


def test_a_plugin_registered_by_entry_point_is_found_without_code_changes(monkeypatch):
    plugin = importlib.metadata.EntryPoint(name="scripted", value="contentkit.llm.fake:FakeBackend",
                                           group=registry.GROUP)
    real = registry._entry_points()
    monkeypatch.setattr(registry, "_entry_points", lambda: {**real, "scripted": plugin})
    monkeypatch.setenv("CONTENTKIT_BACKEND", "scripted")
    assert "scripted" in available_backends()
    assert isinstance(get_backend(), FakeBackend)


def test_a_plugin_that_is_not_a_backend_is_refused(monkeypatch):
    plugin = importlib.metadata.EntryPoint(name="bogus", value="contentkit.config:env", group=registry.GROUP)
    monkeypatch.setattr(registry, "_entry_points", lambda: {"bogus": plugin})
    with pytest.raises(BackendError, match="not a contentkit Backend"):
        get_backend("bogus")


def test_backends_describe_themselves():
    assert (OpenAIBackend.id, OpenAIBackend.needs_key, OpenAIBackend.key_env_var) == ("openai", True, "OPENAI_API_KEY")
    assert (LocalBackend.id, LocalBackend.needs_key) == ("local", False)


def test_choosing_a_backend_loads_no_model_and_imports_no_torch():
    code = ("import sys; from contentkit.llm import get_backend; b = get_backend('local'); "
            "print(b.describe()); assert 'torch' not in sys.modules and 'transformers' not in sys.modules")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "local:SmolLM2-135M-Instruct"
