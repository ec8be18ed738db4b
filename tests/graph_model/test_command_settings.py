"""CommandSettings (the command line's settings, read without pydantic-settings) equals LinliSettings, the one definition."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from graph_model.command_settings import PATH_FIELDS, CommandSettings
from graph_model.errors import InvalidQuery
from graph_model.settings import LinliSettings

ENVIRONMENTS = [
    {},
    {"LINLI_DATA": "some/data", "LINLI_STATE_DIR": "/tmp/state", "LINLI_LANG": "en", "LINLI_LOG_LEVEL": "info"},
    {"LINLI_NEO4J_URI": "bolt://127.0.0.1:7687", "LINLI_NEO4J_USER": "u", "LINLI_NEO4J_PASSWORD": "p w",
     "LINLI_NEO4J_DATABASE": "db"},
    {"linli_data": "lower/case", "Linli_Neo4j_Uri": "bolt://x"},
    {"LINLI_DATA": "", "LINLI_NEO4J_URI": "", "LINLI_STATE_DIR": "null"},
    {"LINLI_DATA": "a", "linli_data": "b"},
    {"LINLI_DATA": "数据/道义", "LINLI_UNKNOWN": "x", "OTHER": "y", "LINLI_": "z"},
]


def _as_values(settings: LinliSettings) -> dict[str, object]:
    values = settings.model_dump()
    values["neo4j_password"] = settings.neo4j_password.get_secret_value()
    return values


def test_the_fields_are_linli_settings_fields_with_the_same_defaults() -> None:
    fields = {f.name: f.default for f in dataclasses.fields(CommandSettings)}
    assert list(fields) == list(LinliSettings.model_fields)
    for name, info in LinliSettings.model_fields.items():
        default = info.default.get_secret_value() if name == "neo4j_password" else info.default
        assert fields[name] == default, name
    assert PATH_FIELDS == {n for n, info in LinliSettings.model_fields.items() if "Path" in str(info.annotation)}


@pytest.mark.parametrize("environ", ENVIRONMENTS)
def test_it_reads_the_environment_as_linli_settings_does(environ: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for key in [k for k in __import__("os").environ if k.lower().startswith("linli_")]:
        monkeypatch.delenv(key)
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    fast, full = CommandSettings.from_environment(), LinliSettings()
    assert dataclasses.asdict(fast) == _as_values(full)
    assert fast.backend == full.backend
    assert _as_values(fast.full()) == _as_values(full)
    assert "p w" not in repr(fast)
    for flags in ({}, {"data": Path("d")}, {"neo4j": "bolt://y"}, {"state_dir": Path("s")}, {"data": Path("d"), "state_dir": Path("s")}):
        assert dataclasses.asdict(fast.with_flags(**flags)) == _as_values(full.with_flags(**flags))  # type: ignore[arg-type]


@pytest.mark.parametrize("flags", [{"data": Path("d"), "neo4j": "bolt://y"}, {"state_dir": Path("s"), "neo4j": "bolt://y"}])
def test_the_same_flags_are_refused_with_the_same_message(flags: dict[str, object]) -> None:
    with pytest.raises(InvalidQuery) as fast:
        CommandSettings().with_flags(**flags)  # type: ignore[arg-type]
    with pytest.raises(InvalidQuery) as full:
        LinliSettings(data=None, neo4j_uri=None, state_dir=None).with_flags(**flags)  # type: ignore[arg-type]
    assert str(fast.value) == str(full.value)
