"""City scale: every layer narrowed to one subdistrict, subdistrict labels readable at the first view, honest fold notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from generators.synthetic_city import generate_dataset
from graph_model.schema import NodeKind as K
from graph_model.stores.memory.store import MemoryStore
from loaders import load_into
from viz import LAYERS, build_map
from viz.export import map_data
from viz.scope import territory

ENV = {"LINLI_NEO4J_URI": None, "NO_COLOR": "1", "COLUMNS": "200"}


@pytest.fixture(scope="module")
def city_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("city3")
    generate_dataset(out, subdistricts=3, seed=5)
    return out


@pytest.fixture(scope="module")
def city(city_dir: Path) -> MemoryStore:
    store = MemoryStore()
    load_into(store, city_dir)
    return store


def test_territories_split_the_places(city: MemoryStore) -> None:
    subdistricts = [n.id for n in city.find(K.SUBDISTRICT)]
    assert len(subdistricts) == 3
    parts = {s: territory(city, s) for s in subdistricts}
    for kind in (K.COMMUNITY, K.GRID, K.BUILDING, K.NEED):
        for node in city.find(kind):
            homes = [s for s, part in parts.items() if node.id in part]
            assert len(homes) == 1, (kind, node.id, homes)  # every place in exactly one subdistrict


def test_a_layers_kinds_give_the_same_territory(city: MemoryStore) -> None:
    from viz.export import _TERRITORY_KINDS

    first = city.find(K.SUBDISTRICT)[0].id
    whole = territory(city, first)
    for layer, kinds in _TERRITORY_KINDS.items():
        of_kinds = {i for i, kind in city.kinds_of(list(whole)).items() if kind in kinds}
        assert territory(city, first, kinds=kinds) == of_kinds, layer


@pytest.mark.parametrize("layer", LAYERS)
def test_every_layer_draws_one_subdistrict(city: MemoryStore, layer: str) -> None:
    first, other = (n for n in city.find(K.SUBDISTRICT)[:2])
    within = territory(city, first.name)
    focus = next(n.id for n in city.find(K.COMMUNITY) if n.id in within) if layer == "focus" else None
    data = map_data(city, layer=layer, focus=focus, depth=2, subdistrict=first.name)
    drawn = {n["id"] for n in data["nodes"]}
    real = set(city.kinds_of(list(drawn)))
    assert real and real <= within
    assert other.id not in drawn and not any(c.id in drawn for c in city.find(K.COMMUNITY) if c.id not in within)
    assert data["title"] == first.name


def test_focus_outside_the_subdistrict_is_refused(city: MemoryStore) -> None:
    from graph_model.errors import InvalidQuery

    first, other = city.find(K.SUBDISTRICT)[:2]
    stranger = next(c.id for c in city.find(K.COMMUNITY) if c.id not in territory(city, first.id))
    with pytest.raises(InvalidQuery, match="不在所选街道内"):
        map_data(city, layer="focus", focus=stranger, subdistrict=first.id)


def test_subdistrict_labels_are_readable_at_the_first_view(city: MemoryStore) -> None:
    for layer in ("circle", "coverage"):
        data = map_data(city, layer=layer)
        xs = [n["x"] for n in data["nodes"]]
        ys = [n["y"] for n in data["nodes"]]
        scale = min(1100 / (max(xs) - min(xs) + 200), 750 / (max(ys) - min(ys) + 200))
        hubs = [n for n in data["nodes"] if n["kind"] == "Subdistrict" or n["group"] == "level:subdistrict_committee"]
        assert len(hubs) == 3
        assert all(n["font"]["size"] * scale >= 17.5 for n in hubs), layer  # vis-network skips labels under 6 px


def test_cli_subdistrict_and_the_fold_note(city_dir: Path, city: MemoryStore, tmp_path: Path) -> None:
    name = city.find(K.SUBDISTRICT)[0].name
    result = CliRunner().invoke(app, ["map", "--data", str(city_dir), "--layer", "coverage", "--subdistrict", name,
                                      "--out", str(tmp_path / "c.html"), "--json"], env=ENV)
    assert result.exit_code == 0, result.output
    import json

    summary = json.loads(result.output)
    assert summary["title"] == name and summary["nodes_by_kind"]["Subdistrict"] == 1
    _, folded = build_map(city, layer="coverage", max_nodes=1000)
    assert folded.notes and all("--subdistrict" in note for note in folded.notes)
    bad = CliRunner().invoke(app, ["map", "--data", str(city_dir), "--subdistrict", "没有这个街道", "--out", str(tmp_path / "x.html")], env=ENV)
    assert bad.exit_code == 2 and "Traceback" not in bad.output
