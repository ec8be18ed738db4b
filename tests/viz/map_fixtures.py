"""What the map tests share: hostile names, a hand-made hostile network, and reading a written map back.

The hostile network is small: every name a planner could type into a
spreadsheet that might break a page (markup, a closing script tag, ``href``,
line separators) sits on a node or a relationship property, next to a
secretary and a household whose names must stay private.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import NodeKind as K
from graph_model.schema import RelType as R
from viz import MapSummary

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_FLAG = '<img src=x onerror="window.__xss=1">'
XSS_SCRIPT = "</script><script>window.__xss=2</script><!--"
XSS_HREF = '<a href="javascript:window.__xss=3">href</a>'
SEPARATORS = "行\u2028分\u2029隔"
HOSTILE_NAMES = (XSS_IMG, XSS_FLAG, XSS_SCRIPT, XSS_HREF, SEPARATORS)
PEOPLE = ("张秘密", "李隐私党员中心户")
DATA_BLOCK = re.compile(r'<script type="application/json" id="map-data">(.*?)</script>', re.S)


@dataclass(frozen=True)
class WrittenMap:
    """One exported map: what export_map said, the page's text and its embedded data."""

    summary: MapSummary
    html: str
    data: dict[str, Any]


def read_map(summary: MapSummary) -> WrittenMap:
    """Read back a written map and parse its JSON data block."""
    assert summary.path is not None
    html = summary.path.read_text(encoding="utf-8")
    blocks = DATA_BLOCK.findall(html)
    assert len(blocks) == 1, "exactly one map-data block"
    return WrittenMap(summary, html, json.loads(blocks[0]))


def hostile_change() -> ChangeSet:
    n = Node
    nodes = [
        n("sd", K.SUBDISTRICT, {"name": "测试街道"}),
        n("c1", K.COMMUNITY, {"name": XSS_SCRIPT, "type": "urban"}),
        n("c2", K.COMMUNITY, {"name": "安全社区", "type": "village", "note": XSS_HREF}),
        n("po-sd", K.PARTY_ORG, {"name": "测试街道党工委", "level": "subdistrict_committee"}),
        n("po-c1", K.PARTY_ORG, {"name": XSS_FLAG, "level": "community"}),
        n("po-c2", K.PARTY_ORG, {"name": "安全社区党委", "level": "community"}),
        n("po-gb", K.PARTY_ORG, {"name": "第一网格党支部", "level": "grid_branch"}),
        n("po-bg", K.PARTY_ORG, {"name": "一号楼党小组", "level": "building_group"}),
        n("g1", K.GRID, {"name": SEPARATORS}),
        n("b1", K.BUILDING, {"name": "一号楼", "households": 40}),
        n("b2", K.BUILDING, {"name": XSS_IMG}),
        n("p-x", K.PARTNER, {"name": XSS_IMG, "sector": "enterprise", "capacity": 3}),
        n("p-y", K.PARTNER, {"name": "安全医院", "sector": "hospital"}),
        n("f1", K.FACILITY, {"name": XSS_FLAG, "type": "service_center"}),
        n("ps-1", K.PERSON, {"name": PEOPLE[0], "years_as_secretary": 9, "rating": 5}),
        n("h-1", K.HOUSEHOLD, {"name": PEOPLE[1], "linked_households": 8}),
    ]
    r = Relationship
    rels = [
        r(R.HAS_COMMUNITY, "sd", "c1"), r(R.HAS_COMMUNITY, "sd", "c2"),
        r(R.PARTY_ORG_OF, "po-sd", "sd"), r(R.PARTY_ORG_OF, "po-c1", "c1"), r(R.PARTY_ORG_OF, "po-c2", "c2"),
        r(R.LEADS, "po-sd", "po-c1"), r(R.LEADS, "po-sd", "po-c2"), r(R.LEADS, "po-c1", "po-gb"), r(R.LEADS, "po-gb", "po-bg"),
        r(R.HAS_GRID, "c1", "g1"), r(R.HAS_BUILDING, "g1", "b1"), r(R.HAS_BUILDING, "g1", "b2"),
        r(R.COVERS, "po-gb", "g1"), r(R.COVERS, "po-bg", "b1"),
        r(R.CO_BUILDS, "p-x", "c1", {"since": "2024-01-01", "projects": [XSS_IMG, XSS_SCRIPT]}),
        r(R.CO_BUILDS, "p-y", "c2", {"projects": ["义诊"]}),
        r(R.SERVES, "p-y", "sd"), r(R.LOCATED_IN, "p-x", "c1"), r(R.LOCATED_IN, "f1", "c1"),
        r(R.SECRETARY_OF, "ps-1", "po-c1"), r(R.BUILDING_HEAD_OF, "ps-1", "b1"),
        r(R.LIVES_IN, "h-1", "b1"), r(R.HAS_HOUSEHOLD, "po-bg", "h-1"),
    ]
    return ChangeSet(nodes=nodes, relationships=rels)
