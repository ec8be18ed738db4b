"""The written pages, read as text: offline, escaped, valid data, private by default, counts that match the store."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest

from graph_model.errors import InvalidQuery, NotFound
from graph_model.queries import coverage_gaps
from graph_model.schema import NodeKind as K
from graph_model.stores.memory.store import MemoryStore
from viz import LAYERS, export_map
from viz.style import GAP_STYLES

from tests.viz.map_fixtures import HOSTILE_NAMES, PEOPLE, SEPARATORS, XSS_IMG, WrittenMap, read_map

# src=/href= attributes, CSS url(...) and @import: anything that would make the browser fetch.
RESOURCE = re.compile(r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?|url\(\s*["']?|@import\s+(?:url\(\s*)?["']?)([^"')\s>]*)""", re.I)


def _all_maps(daoyi_maps: dict[str, WrittenMap], hostile_maps: dict[str, WrittenMap]) -> list[WrittenMap]:
    return [*daoyi_maps.values(), *hostile_maps.values()]


def test_pages_fetch_nothing(daoyi_maps: dict[str, WrittenMap], hostile_maps: dict[str, WrittenMap]) -> None:
    for page in _all_maps(daoyi_maps, hostile_maps):
        targets = RESOURCE.findall(page.html)
        remote = [t for t in targets if t and not t.startswith(("data:", "#", "javascript:void"))]
        assert [t for t in remote if re.match(r"(?i)([a-z][a-z0-9+.-]*:)?//", t)] == [], page.summary.path
        assert "<link" not in page.html and not re.search(r"<script[^>]*\bsrc\s*=", page.html)
        assert "cdnjs" not in page.html and "bootstrap" not in page.html.lower()


def test_export_writes_only_the_file(daoyi_store: MemoryStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    summary = export_map(daoyi_store, layer="circle", out=Path("maps") / "circle.html")
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == ["maps", "maps/circle.html"]
    raw = summary.path.read_bytes()  # type: ignore[union-attr]
    assert not raw.startswith(b"\xef\xbb\xbf") and "道义街道党工委".encode() in raw
    assert summary.bytes == len(raw)


def test_hostile_names_appear_only_escaped(hostile_maps: dict[str, WrittenMap]) -> None:
    for page in hostile_maps.values():
        for name in HOSTILE_NAMES:
            assert name not in page.html, (page.summary.layer, name)
        assert page.html.count("</script>") == 3  # the data block, vis-network, our script
        assert "<!--" not in page.html
        assert "\u2028" not in page.html and "\u2029" not in page.html
    # ... yet the data still holds every name exactly, for the page to show as text.
    circle = hostile_maps["circle"]
    texts = {info["t"] for info in circle.data["info"].values()}
    assert {XSS_IMG, '<img src=x onerror="window.__xss=1">'} <= texts
    assert "&lt;img src=x onerror=alert(1)&gt;" in circle.html  # the title, HTML-escaped
    coverage = hostile_maps["coverage"]
    assert SEPARATORS in {info["t"] for info in coverage.data["info"].values()}
    projects = [row for info in circle.data["edgeInfo"].values() for row in info["r"] if row[0] == "共建项目"]
    assert any(XSS_IMG in value for _, value in projects)


def test_data_block_is_valid_and_consistent(daoyi_maps: dict[str, WrittenMap]) -> None:
    for layer, page in daoyi_maps.items():
        data = page.data
        ids = [n["id"] for n in data["nodes"]]
        assert len(ids) == len(set(ids)) == page.summary.nodes == data["summary"]["nodes"]
        assert len(data["edges"]) == page.summary.edges
        known = set(ids)
        assert all(e["from"] in known and e["to"] in known for e in data["edges"]), layer
        assert set(data["info"]) == known and set(data["edgeInfo"]) == {e["id"] for e in data["edges"]}
        assert Counter(n["kind"] for n in data["nodes"]) == Counter(page.summary.nodes_by_kind)
        assert all(isinstance(n["x"], float | int) and isinstance(n["y"], float | int) for n in data["nodes"])
        assert data["options"]["physics"]["enabled"] is False
        spread = {(round(n["x"]), round(n["y"])) for n in data["nodes"]}
        assert len(spread) > 0.9 * len(ids), f"{layer}: nodes pile up on each other"


def test_people_stay_private_by_default(daoyi_store: MemoryStore, daoyi_maps: dict[str, WrittenMap],
                                        hostile_maps: dict[str, WrittenMap]) -> None:
    names = {n.name for n in daoyi_store.find(K.PERSON)} | {n.name for n in daoyi_store.find(K.HOUSEHOLD)}
    person_ids = set(daoyi_store.ids(K.PERSON)) | set(daoyi_store.ids(K.HOUSEHOLD))
    for page in daoyi_maps.values():
        shown = [v for info in page.data["info"].values() for v in (info["t"], info["s"], *(r[1] for r in info["r"]))]
        shown += [n["label"] for n in page.data["nodes"]] + [n["id"] for n in page.data["nodes"]]
        assert not [s for s in shown if s in names or s in person_ids], page.summary.layer
    organization = daoyi_maps["organization"]
    assert organization.summary.nodes_by_kind["Household"] == 165
    assert {n["label"] for n in organization.data["nodes"] if n["kind"] == "Household"} == {"党员中心户"}
    for page in hostile_maps.values():
        assert not any(p in page.html for p in PEOPLE), page.summary.layer


def test_people_are_shown_when_asked(hostile_store: MemoryStore, tmp_path: Path) -> None:
    hidden = read_map(export_map(hostile_store, layer="focus", focus="po-c1", depth=2, out=tmp_path / "hidden.html"))
    shown = read_map(export_map(hostile_store, layer="focus", focus="po-c1", depth=2, include_people=True, out=tmp_path / "shown.html"))
    assert "书记、楼长" in {n["label"] for n in hidden.data["nodes"]}
    assert PEOPLE[0] not in hidden.html and "ps-1" not in hidden.html
    assert PEOPLE[0] in shown.html and "ps-1" in {n["id"] for n in shown.data["nodes"]}
    households = read_map(export_map(hostile_store, layer="organization", include_people=True, out=tmp_path / "org.html"))
    assert PEOPLE[1] in {n["label"] for n in households.data["nodes"]}


def test_circle_counts_match_the_store(daoyi_store: MemoryStore, daoyi_maps: dict[str, WrittenMap], tmp_path: Path) -> None:
    stats = daoyi_store.stats()
    summary = daoyi_maps["circle"].summary
    assert summary.nodes_by_kind == {
        "Partner": stats.nodes["Partner"],
        "PartyOrg": stats.party_org_levels["community"] + stats.party_org_levels["subdistrict_committee"],
    }
    assert summary.edges_by_type["CO_BUILDS"] == stats.relationships["CO_BUILDS"]
    assert summary.edges_by_type["SERVES"] == stats.relationships["SERVES"]
    widths = {e["width"] for e in daoyi_maps["circle"].data["edges"] if daoyi_maps["circle"].data["edgeInfo"][e["id"]]["t"] == "共建协议"}
    assert len(widths) > 1, "agreements with more projects are drawn thicker"
    with_facilities = export_map(daoyi_store, layer="circle", include_facilities=True, out=tmp_path / "f.html")
    assert with_facilities.nodes_by_kind["Facility"] == stats.nodes["Facility"]


def test_organization_counts_match_the_store(daoyi_store: MemoryStore, daoyi_maps: dict[str, WrittenMap]) -> None:
    stats = daoyi_store.stats()
    summary = daoyi_maps["organization"].summary
    assert summary.nodes_by_kind["PartyOrg"] == stats.nodes["PartyOrg"]
    assert summary.edges_by_type == {"HAS_HOUSEHOLD": stats.relationships["HAS_HOUSEHOLD"], "LEADS": stats.relationships["LEADS"]}
    nodes = {n["id"]: n for n in daoyi_maps["organization"].data["nodes"]}
    committee, community = nodes["po-sd-daoyi"], nodes["po-c-beiyuan"]
    assert committee["y"] < community["y"] < nodes["po-gb-beiyuan-01"]["y"] < nodes["po-bg-beiyuan-01"]["y"]


def test_coverage_marks_every_gap(daoyi_store: MemoryStore, daoyi_maps: dict[str, WrittenMap]) -> None:
    report = coverage_gaps(daoyi_store)
    page = daoyi_maps["coverage"]
    assert page.summary.gap_counts == report.summary
    stats = daoyi_store.stats()
    for kind in ("Building", "Grid", "Community"):
        assert page.summary.nodes_by_kind[kind] == stats.nodes[kind]
    marks = Counter(g for info in page.data["info"].values() for g in info["g"])
    expected = Counter(f"{GAP_STYLES[g.kind].icon} {GAP_STYLES[g.kind].label}" for g in report.gaps)
    assert marks == expected
    for kind, count in report.summary.items():  # the legend shows every kind with its count
        assert f"{GAP_STYLES[kind].label}</span><span class=\"n\">{count:,}</span>" in page.html
    first = report.gaps[0]
    node = next(n for n in page.data["nodes"] if n["id"] == first.subject)
    assert node["group"] == f"gap:{first.kind}" and GAP_STYLES[first.kind].icon in node["label"]


def test_focus_is_the_neighbourhood(daoyi_store: MemoryStore, daoyi_maps: dict[str, WrittenMap], tmp_path: Path) -> None:
    near = daoyi_store.neighbourhood("c-beiyuan", 1)
    data = daoyi_maps["focus"].data
    # besides the neighbourhood: the partners that could resolve its unresolved needs, marked apart, tied by 可承接 edges
    helpers = {n["id"] for n in data["nodes"] if n["group"] == "candidate"}
    assert {n["id"] for n in data["nodes"]} - helpers == {n.id for n in near.nodes}
    assert sum(1 for e in data["edges"] if data["edgeInfo"][e["id"]]["t"] != "可承接") == len(near.relationships)
    assert helpers and not helpers & {n.id for n in near.nodes}
    assert all(daoyi_store.get(h).kind.value in ("Partner", "Facility") for h in helpers)  # type: ignore[union-attr]
    by_name = export_map(daoyi_store, layer="focus", focus="北苑社区", depth=2, out=tmp_path / "f2.html")
    page = read_map(by_name)
    # two hops, never through the subdistrict (it ties every community to every other), nor through a need's events
    two = daoyi_store.neighbourhood("c-beiyuan", 2)
    step: dict[str, set[str]] = {}
    for r in two.relationships:
        step.setdefault(r.source, set()).add(r.target)
        step.setdefault(r.target, set()).add(r.source)
    kinds = {n.id: n.kind for n in two.nodes}
    first = {i for i in step["c-beiyuan"] if kinds[i] is not K.NEED_EVENT}
    second = {j for i in first if kinds[i] is not K.SUBDISTRICT for j in step[i] if kinds[j] is not K.NEED_EVENT}
    drawn = {n["id"] for n in page.data["nodes"] if n["group"] != "candidate"}
    expected = first | second | {"c-beiyuan"}
    private = {i for i in expected if kinds[i] in (K.PERSON, K.HOUSEHOLD)}  # drawn under pseudonyms
    assert len(drawn) == len(expected) and {i for i in drawn if not i.startswith(("person-", "household-"))} == expected - private
    assert by_name.nodes < len(two.nodes)
    assert not {"c-cuihu", "c-daoyi"} & drawn or all(  # another community only through a partner, not through 道义街道
        any(kinds[p] is K.PARTNER and p in step["c-beiyuan"] for p in step[c]) for c in {"c-cuihu", "c-daoyi"} & drawn)
    centre = next(n for n in daoyi_maps["focus"].data["nodes"] if n["id"] == "c-beiyuan")
    assert (centre["x"], centre["y"]) == (0, 0)


def test_big_maps_fold_and_say_so(daoyi_store: MemoryStore, daoyi_maps: dict[str, WrittenMap], tmp_path: Path) -> None:
    summary = export_map(daoyi_store, layer="coverage", out=tmp_path / "c.html", max_nodes=1000)
    page = read_map(summary)
    assert summary.nodes <= 1000
    assert summary.folded == {"Building": daoyi_store.stats().nodes["Building"]}
    assert summary.nodes + sum(summary.folded.values()) == daoyi_maps["coverage"].summary.nodes  # unfolded
    assert summary.notes and "楼栋" in summary.notes[0] and summary.notes[0] in page.html
    grid = next(n for n in page.data["nodes"] if n["id"] == "g-beiyuan-01")
    assert "楼栋" in grid["label"]
    assert summary.gap_counts == coverage_gaps(daoyi_store).summary


@pytest.mark.parametrize(("options", "error"), [
    ({"layer": "map"}, InvalidQuery),
    ({"layer": "focus"}, InvalidQuery),
    ({"layer": "coverage", "focus": "c-beiyuan"}, InvalidQuery),
    ({"layer": "focus", "focus": "c-beiyun"}, NotFound),
    ({"layer": "focus", "focus": "c-beiyuan", "depth": -1}, InvalidQuery),
])
def test_bad_arguments_are_clear_errors(daoyi_store: MemoryStore, tmp_path: Path, options: dict[str, object],
                                        error: type[Exception]) -> None:
    with pytest.raises(error) as caught:
        export_map(daoyi_store, out=tmp_path / "x.html", **options)  # type: ignore[arg-type]
    assert not (tmp_path / "x.html").exists()
    if error is NotFound:
        assert "c-beiyuan" in str(caught.value)


def test_every_layer_is_exported(daoyi_store: MemoryStore, daoyi_maps: dict[str, WrittenMap]) -> None:
    name = daoyi_store.find(K.SUBDISTRICT)[0].name
    assert set(daoyi_maps) == set(LAYERS)
    for layer, page in daoyi_maps.items():
        assert page.summary.layer == layer and page.summary.title == name
        assert f"<h1>{name}</h1>" in page.html
        assert page.summary.seconds < 10 and os.path.getsize(page.summary.path) == page.summary.bytes  # type: ignore[arg-type]
