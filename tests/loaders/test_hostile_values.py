"""Hostile cell values (issue 16, low items): invisible characters in ids and names, integers past 2^53.

- An id holding a control or invisible character (NUL, a zero-width space, a
  bidi override) looks like another id, or like nothing: it is refused, with
  the file, line and column.
- A name holding one is kept without it (a zero-width space pasted from a chat
  is nobody's intent; a bidi override would make the name display reversed).
- A whole number past ±(2^53 − 1) was read through a float (9007199254740993
  became ...992) and one past 2^63 crashed the Neo4j driver: one bound for
  both backends, refused with the column's wording.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_model.errors import DatasetError, Problem
from graph_model.stores.memory.store import MemoryStore
from graph_model.stores.neo4j.store import Neo4jStore
from loaders import load_dataset, load_into
from loaders.cell_values import INTEGER_LIMIT
from loaders.csv_safety import INVISIBLE, has_invisible, invisible_in
from tests.loaders.builders import small_network, write_dataset

pytestmark = pytest.mark.usefixtures("english")  # its assertions quote the messages in English, their source language

HIDDEN = [
    ("\x00", "U+0000 NUL at character 2"),
    ("\u200b", "U+200B ZERO WIDTH SPACE at character 2"),
    ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE at character 2"),
    ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE at character 2"),
    ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE at character 2"),
]


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    return caught.value.problems


def expected(hidden: str) -> str:
    return f"an id without control or invisible characters (found {hidden})"


def test_the_pattern_covers_every_control_format_separator_and_surrogate_code_point() -> None:
    categories = {"Cc", "Cf", "Zl", "Zp", "Cs"}
    missed = [hex(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in categories and not INVISIBLE.match(chr(c))]
    assert missed == []
    for visible in "北苑 abc-_.·（）“”，。、・ー":
        assert INVISIBLE.match(visible) is None, visible


def test_the_fast_check_finds_exactly_what_the_pattern_finds() -> None:
    found = [c for c in range(sys.maxunicode + 1) if has_invisible(chr(c)) != (INVISIBLE.match(chr(c)) is not None)]
    assert found == []
    assert has_invisible("北苑\u3000社区") is False and has_invisible("北苑\u3164") is True  # an ideographic space is no invisible character


@pytest.mark.parametrize(("char", "hidden"), HIDDEN)
def test_an_id_with_an_invisible_character_is_refused_with_file_line_and_column(tmp_path: Path, char: str, hidden: str) -> None:
    nodes, rels = small_network()
    nodes["Grid"].append({"id": f"g{char}3", "name": "北苑第三网格", "community": "c1"})
    root = write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels)
    assert problems_of(root) == [Problem(str(root / "nodes" / "Grid.csv"), 4, "id", f"g{char}3", expected(hidden))]


def test_references_with_invisible_characters_are_refused_as_such(tmp_path: Path) -> None:
    nodes, rels = small_network()
    nodes["Grid"][0]["community"] = "c\u200b1"  # looks like c1
    rels["COVERS"][0]["target"] = "g\u202e1"
    root = write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels)
    assert set(problems_of(root)) == {
        Problem(str(root / "relationships" / "COVERS.csv"), 2, "target", "g\u202e1", expected("U+202E RIGHT-TO-LEFT OVERRIDE at character 2")),
        Problem(str(root / "nodes" / "Grid.csv"), 2, "community", "c\u200b1", expected("U+200B ZERO WIDTH SPACE at character 2")),
    }


def test_the_message_shows_the_invisible_character(tmp_path: Path) -> None:
    nodes, rels = small_network()
    nodes["Grid"].append({"id": "g\u200b3", "name": "北苑第三网格", "community": "c1"})
    root = write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels)
    assert "'g\\u200b3'" in str(problems_of(root)[0])


def test_names_lose_their_invisible_characters(tmp_path: Path) -> None:
    nodes, rels = small_network()
    nodes["Grid"][0]["name"] = "北苑\u200b第一\u202e网格\x00"
    nodes["Grid"][1]["name"] = "\u2066前进村网格\u2069"
    root = write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels)
    names = {n.id: n.props["name"] for n in load_dataset(root).nodes if n.kind.value == "Grid"}
    assert names == {"g1": "北苑第一网格", "g2": "前进村网格"}


def test_a_name_of_nothing_but_invisible_characters_is_refused(tmp_path: Path) -> None:
    nodes, rels = small_network()
    nodes["Grid"][0]["name"] = "\u200b\u200d"
    root = write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels)
    assert problems_of(root) == [Problem(str(root / "nodes" / "Grid.csv"), 2, "name", "\u200b\u200d",
                                         "a name with visible characters (it holds only control or invisible ones)")]


def test_invisible_in_names_the_first_one() -> None:
    assert invisible_in("北苑") is None
    assert invisible_in("a\tb") == "U+0009 control character at character 2"


# -- integers --------------------------------------------------------------------------------------

TOO_BIG = f"a whole number ≥ 0, at most {INTEGER_LIMIT:,} either side of zero"


@pytest.mark.parametrize("text", [str(INTEGER_LIMIT + 2), "10000000000000000000", "1e19", "99999999999999999999999"])
def test_whole_numbers_past_the_bound_are_refused(tmp_path: Path, text: str) -> None:
    nodes, rels = small_network()
    nodes["Subdistrict"][0]["population"] = text
    root = write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels)
    assert problems_of(root) == [Problem(str(root / "nodes" / "Subdistrict.csv"), 2, "population", text, TOO_BIG)]


@pytest.fixture
def neo4j(neo4j_uri: str) -> Iterator[Neo4jStore]:
    with Neo4jStore.from_settings(uri=neo4j_uri) as store:
        store.clear()
        yield store


def test_the_largest_whole_number_is_the_same_on_both_backends(tmp_path: Path, neo4j: Neo4jStore) -> None:
    nodes, rels = small_network()
    nodes["Subdistrict"][0]["population"] = INTEGER_LIMIT
    nodes["Estate"][0]["households"] = "9,007,199,254,740,991"
    root = write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels)
    memory = MemoryStore()
    for store in (memory, neo4j):
        load_into(store, root)
    for store in (memory, neo4j):
        assert store.get("sd").props["population"] == INTEGER_LIMIT  # type: ignore[union-attr]
        assert store.get("e1").props["households"] == INTEGER_LIMIT  # type: ignore[union-attr]


def test_neo4j_is_never_asked_to_store_a_number_past_the_bound(tmp_path: Path, neo4j: Neo4jStore) -> None:
    nodes, rels = small_network()
    nodes["Subdistrict"][0]["population"] = 10**19  # past 2^63: the driver could not even send it
    root = write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels)
    with pytest.raises(DatasetError) as caught:
        load_into(neo4j, root)
    assert caught.value.problems[0].column == "population"
    assert neo4j.stats().nodes.get("Subdistrict", 0) == 0  # nothing was written

