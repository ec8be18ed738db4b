"""The workbench's tables for one community as one Excel workbook (GET /workbench/community.xlsx).

The same answers the page shows — the community's gaps (GET /gaps), its
needs with status and overdue mark (GET /needs), each unresolved need's
ranked partners with reasons (GET /match) — written with
:func:`viz.workbook.write_workbook`. No person's name: gap subjects that are
people are shown by id, as GET /gaps does.
"""

from __future__ import annotations

import io

from api.views import list_needs
from graph_model.gaps import GAP_KINDS, GapKind, gap_kinds_about
from graph_model.queries import coverage_gaps, match
from graph_model.queries.lookup import resolve_id
from graph_model.schema import NEED_STATUS_NAMES, NodeKind
from graph_model.store import GraphStore
from viz.workbook import Col, Sheet, write_workbook

__all__ = ["community_workbook"]

_PEOPLE = frozenset(kind.value for kind in gap_kinds_about(NodeKind.PERSON))


def community_workbook(store: GraphStore, community: str) -> tuple[bytes, str]:
    """The workbook's bytes and the community's name (for the file name)."""
    cid = resolve_id(store, (NodeKind.COMMUNITY,), community, what="community")
    node = store.get(cid)
    assert node is not None
    gaps = coverage_gaps(store, community=cid).gaps
    overdue = {g.subject: g.detail for g in gaps if g.kind == GapKind.NEED_OVERDUE.value}
    categories = {n.id: n.name for n in store.find(NodeKind.CATEGORY)}
    needs = list_needs(store, community=cid)
    gap_rows = [{"kind": GAP_KINDS[GapKind(g.kind)].title_zh, "subject": g.subject,
                 "name": None if g.kind in _PEOPLE else g.subject_name, "detail": g.detail} for g in gaps]
    need_rows = [{"id": n.id, "name": n.name, "category": categories.get(n.category or "", n.category),
                  "status": NEED_STATUS_NAMES.get(n.status or "", (n.status,))[0], "overdue": overdue.get(n.id, ""),
                  "households": n.households_affected, "reported": n.reported} for n in needs]
    match_rows = []
    for n in needs:
        if n.status == "resolved":
            continue
        for rank, r in enumerate(match(store, need=n.id).results, start=1):
            match_rows.append({"need": n.name, "rank": rank, "candidate": r.name, "score": r.score, "reasons": "；".join(r.reasons)})
    sheets = [
        Sheet("覆盖缺口", [Col("kind", "缺口类型"), Col("subject", "对象编号"), Col("name", "对象"), Col("detail", "说明", wrap=True)],
              gap_rows, note=f"{node.name}的覆盖缺口（{len(gap_rows)} 处）"),
        Sheet("诉求", [Col("id", "编号"), Col("name", "诉求"), Col("category", "类别"), Col("status", "状态"),
                     Col("overdue", "超期", wrap=True), Col("households", "影响户数"), Col("reported", "上报日期")],
              need_rows, note=f"{node.name}的诉求（{len(need_rows)} 件）"),
        Sheet("匹配", [Col("need", "诉求"), Col("rank", "名次"), Col("candidate", "可承接单位"),
                     Col("score", "得分", number_format="0.00"), Col("reasons", "理由", wrap=True)],
              match_rows, note=f"{node.name}未解决诉求的匹配结果"),
    ]
    buffer = io.BytesIO()
    write_workbook(buffer, sheets)
    return buffer.getvalue(), node.name
