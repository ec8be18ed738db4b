"""The gap registry is the one list of gap kinds: every reader and both backends cover exactly its rows."""

from __future__ import annotations

from graph_model.gaps import GAP_KINDS, GapKind, describe_gap
from graph_model.schema import NodeKind
from graph_model.stores.memory.patterns import GAP_FINDERS
from graph_model.stores.neo4j import cypher


def test_the_registry_has_one_row_per_kind_with_distinct_titles_and_icons() -> None:
    assert list(GAP_KINDS) == list(GapKind)
    for field in ("title_zh", "title_en", "icon", "color"):
        values = [getattr(spec, field) for spec in GAP_KINDS.values()]
        assert len(set(values)) == len(values), field
    assert all(isinstance(spec.subject, NodeKind) for spec in GAP_KINDS.values())


def test_both_backends_find_every_kind_of_the_registry() -> None:
    assert set(GAP_FINDERS) == set(GAP_KINDS)
    # Neo4j finds every kind by a query of its own but one, worded from the secretaries' rows
    assert set(cypher.GAPS) | {GapKind.SECRETARY_WITHOUT_PAIR} == set(GAP_KINDS)
    assert set(cypher.GAPS_IN_COMMUNITY) == set(cypher.GAPS)


def test_every_kind_words_its_detail_from_the_facts_it_names() -> None:
    from graph_model.gaps import GapFact

    def worded(kind: GapKind, value: str) -> str:
        facts = {key: 2 if key == "part_time" else [value] if key == "managers" else value for key in GAP_KINDS[kind].facts}
        return describe_gap(GapFact(kind, "s1", "某某", "c1", facts))

    for kind, spec in GAP_KINDS.items():
        assert worded(kind, "甲"), kind
        if spec.facts and kind is not GapKind.GRID_WITHOUT_FULLTIME_WORKER:
            assert worded(kind, "甲") != worded(kind, "乙"), f"{kind}: the detail ignores its facts"
