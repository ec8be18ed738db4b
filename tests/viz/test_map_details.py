"""What a map says about needs and partners: each need's status (overdue apart), each partner's offers and agreements."""

from __future__ import annotations

from tests.viz.map_fixtures import WrittenMap

from graph_model.gaps import GapKind
from graph_model.queries import coverage_gaps
from graph_model.stores.memory.store import MemoryStore
from viz.style import GROUPS


def test_focus_map_colours_needs_by_status_and_marks_overdue(daoyi_maps: dict[str, WrittenMap], daoyi_store: MemoryStore) -> None:
    data = daoyi_maps["focus"].data
    overdue = {g.subject for g in coverage_gaps(daoyi_store, kinds=[GapKind.NEED_OVERDUE]).gaps}
    needs = [n for n in data["nodes"] if n["kind"] == "Need"]
    assert needs
    for n in needs:
        status = daoyi_store.get(n["id"]).props["status"]  # type: ignore[union-attr]
        assert n["group"] == ("need:overdue" if n["id"] in overdue else f"need:{status}")
        assert GROUPS[n["group"]].label.startswith("诉求 · ")
    assert {"need:overdue", "need:resolved"} <= {n["group"] for n in needs}
    assert any(row[0] == "已超期" for n in needs if n["id"] in overdue for row in data["info"][n["id"]]["r"])
    legend = [row["label"] for row in data["legend"] if row["section"] == "node"]
    assert "诉求 · 已超期" in legend and "诉求 · 已解决" in legend


def test_partner_details_list_offers_and_agreements(daoyi_maps: dict[str, WrittenMap]) -> None:
    for layer in ("circle", "focus"):
        rows = dict(map(tuple, daoyi_maps[layer].data["info"]["p-ent-daokang"]["r"]))  # type: ignore[arg-type]
        assert rows["提供服务"] == "慢病管理（慢病用药配送）", layer
        assert rows["共建协议"].split("；") == ["北苑社区（2023-05-18 起：慢病用药配送、企业宣传角）",
                                          "俪景社区（2023-05-18 起：慢病用药配送、独居老人关爱）",
                                          "丽湾社区（2023-05-18 起：企业宣传角、社区免费代言、帮助企业引才、捐赠支持社区建设）"], layer
