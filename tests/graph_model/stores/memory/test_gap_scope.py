"""Coverage gaps of one community look only at what may belong to it, and find exactly what the whole network's filter finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from generators.synthetic_city import generate_dataset
from graph_model.gaps import GapKind
from graph_model.schema import NodeKind
from graph_model.stores.memory.patterns import GAP_FINDERS
from loaders import bundled_dataset_path
from tests.loaders.builders import loaded

AS_OF = "2024-09-01T00:00"


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("city") / "city"
    generate_dataset(out, subdistricts=2, seed=3)
    return out


@pytest.mark.parametrize("which", ["daoyi", "city"])
def test_one_communitys_gaps_are_the_whole_networks_filtered(which: str, city: Path) -> None:
    store = loaded(bundled_dataset_path() if which == "daoyi" else city)
    whole = {kind: list(GAP_FINDERS[kind](store, kind, AS_OF, None)) for kind in GapKind}
    assert sum(1 for facts in whole.values() if facts) >= 8  # most kinds have gaps to find
    found = 0
    for community in store.ids(NodeKind.COMMUNITY):
        for kind in GapKind:
            expected = [f for f in whole[kind] if f.community == community]
            assert store.gap_facts(kind, community, as_of=AS_OF) == expected, (community, kind)
            found += len(expected)
    assert found == sum(1 for facts in whole.values() for f in facts if f.community is not None)
