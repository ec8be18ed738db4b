"""The message catalog: every translatable text of the code has its Chinese, and the compiled catalog is the one in the repository."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from graph_model.i18n import LOCALE_DIR, _, negotiate, ngettext, use_language

ROOT = Path(__file__).resolve().parents[2]
PO = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "linli.po"
MO = PO.with_suffix(".mo")
FIELD = re.compile(r"\{[^{}]*\}")


def _extracted() -> set[str]:
    """The msgids the code holds now, as `make messages` extracts them (same babel.cfg, same keywords)."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {**DEFAULT_KEYWORDS, "N_": None, "ngettext": (1, 2)}
    found = extract_from_dir(str(ROOT), method_map, options_map, keywords=keywords)
    return {message if isinstance(message, str) else message[0] for _file, _line, message, _comments, _context in found}


def test_every_message_of_the_code_has_a_chinese_translation() -> None:
    with PO.open("rb") as f:
        catalog = read_po(f)
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and (m.string if isinstance(m.string, str) else all(m.string)) and not m.fuzzy
    }
    missing = sorted(_extracted() - translated)
    assert not missing, f"run `make messages` and translate: {missing[:20]}"


def test_translations_keep_every_placeholder() -> None:
    with PO.open("rb") as f:
        catalog = read_po(f)
    for m in catalog:
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        wanted = sorted(FIELD.findall(ids[-1]))
        for s in strings:
            assert sorted(FIELD.findall(s)) == wanted, (m.id, s)


def test_the_compiled_catalog_is_the_catalog() -> None:
    with PO.open("rb") as f:
        catalog = read_po(f)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    assert MO.read_bytes() == buffer.getvalue(), "linli.mo is out of date: run `make messages`"


def test_the_language_is_per_context_and_english_is_the_source() -> None:
    message = "unknown {what} {ident!r}"
    with use_language("en"):
        assert _(message) == message
        assert ngettext("{n} gap", "{n} gaps", 2) == "{n} gaps"
        with use_language("zh"):
            assert _(message) != message
        assert _(message) == message


@pytest.mark.parametrize(
    ("header", "language"),
    [("en", "en"), ("en-GB,en;q=0.8", "en"), ("zh-CN", "zh"), ("fr-FR,en;q=0.5", "en"), ("fr", "zh"), ("en;q=0,zh;q=0.1", "zh"), ("", "zh")],
)
def test_accept_language_is_negotiated(header: str, language: str) -> None:
    assert negotiate(header) == language


def test_a_dataset_problem_reads_in_chinese_by_default_and_in_english_on_request() -> None:
    from graph_model.errors import DatasetError, Problem
    from graph_model.schema import NODE_SPECS, NodeKind

    def problems() -> DatasetError:  # worded where it is found, as the loader words it, in the language of the moment
        status = NODE_SPECS[NodeKind.NEED].column("status")
        return DatasetError([Problem("/data/Need.csv", 39, "status", "dispatched?", status.describe()),
                             Problem("/data/Grid.csv", 3, "name", None, _("a required column (missing from the header)"))])

    assert str(problems()).splitlines() == [
        "发现 2 个问题，未载入任何数据：",
        "  /data/Need.csv，第 39 行，status 列：'dispatched?' —— 应为 open/dispatched/in_progress/resolved 之一（或 待解决/已派单/办理中/已解决）",
        "  /data/Grid.csv，第 3 行，name 列：需要必填列（表头中缺少）",
    ]
    with use_language("en"):
        assert str(problems()).splitlines() == [
            "2 problem(s) found, nothing was loaded:",
            "  /data/Need.csv, line 39, column status: 'dispatched?' — expected one of open/dispatched/in_progress/resolved",
            "  /data/Grid.csv, line 3, column name: a required column (missing from the header)",
        ]
        assert problems().problems[0].as_dict() == {"source": "/data/Need.csv", "line": 39, "column": "status", "value": "dispatched?",
                                                    "expected": "one of open/dispatched/in_progress/resolved"}
