"""How the maps look: Chinese names, colours, shapes and gap icons, in one place.

Every colour a map uses is named here so the four layers share one visual
language: party organizations in party red (darker = higher level),
co-building partners by sector in a muted palette, gaps in warm warning tones
each with a circled-number icon that survives black-and-white printing.

Examples
--------
>>> KIND_NAMES["Grid"], SECTOR_NAMES["university"]
('网格', '高校')
>>> GAP_STYLES["building_without_head"].icon
'①'
>>> sector_group("no-such-sector")
'sector:other'
"""

from __future__ import annotations

from dataclasses import dataclass

from graph_model.gaps import GAP_KINDS
from graph_model.labels import FACILITY_NAMES, KIND_NAMES, LEVEL_NAMES, SECTOR_NAMES
from graph_model.labels import REL_NAMES as _SCHEMA_REL_NAMES
from graph_model.schema import NEED_STATUS_NAMES

__all__ = [
    "FONT_STACK",
    "KIND_NAMES",
    "LEVEL_NAMES",
    "SECTOR_NAMES",
    "FACILITY_NAMES",
    "GapStyle",
    "GAP_STYLES",
    "GroupStyle",
    "GROUPS",
    "NEED_STATUS_STYLES",
    "sector_group",
    "OK_COLOR",
    "REL_NAMES",
    "LAYER_NAMES",
]

FONT_STACK = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC", sans-serif'

OK_COLOR = "#66BB8A"

LAYER_NAMES: dict[str, str] = {
    "circle": "党建朋友圈",
    "organization": "组织体系",
    "coverage": "覆盖缺口",
    "focus": "关系网络",
}

REL_NAMES: dict[str, str] = {**_SCHEMA_REL_NAMES, "GAP": "缺口所在", "CAN_HELP": "可承接"}


@dataclass(frozen=True, slots=True)
class GroupStyle:
    """A legend entry and the vis-network group it styles."""

    label: str
    color: str
    shape: str = "dot"
    border: str | None = None

    def vis(self) -> dict[str, object]:
        """The vis-network ``groups`` entry."""
        border = self.border or _darker(self.color)
        return {
            "shape": self.shape,
            "color": {
                "background": self.color,
                "border": border,
                "highlight": {"background": self.color, "border": "#212121"},
                "hover": {"background": self.color, "border": "#212121"},
            },
        }


@dataclass(frozen=True, slots=True)
class GapStyle:
    """How one gap kind is marked: a colour, an icon and a Chinese name."""

    label: str
    color: str
    icon: str


GAP_STYLES: dict[str, GapStyle] = {kind.value: GapStyle(spec.title_zh, spec.color, spec.icon) for kind, spec in GAP_KINDS.items()}
"""Each gap kind's mark, as the gap registry (:data:`graph_model.gaps.GAP_KINDS`) gives it."""

_SECTOR_COLORS: dict[str, str] = {
    "enterprise": "#3C78D8",
    "university": "#8E63CE",
    "hospital": "#26A69A",
    "court": "#5D6D7E",
    "police": "#1F4E8C",
    "urban_management": "#7CB342",
    "school": "#F2A541",
    "property_company": "#C98A5B",
    "owners_committee": "#D4A373",
    "social_organization": "#E57373",
    "community_company": "#EC8F5E",
    "government": "#546E7A",
    "other": "#9E9E9E",
}


def _darker(color: str, factor: float = 0.72) -> str:
    """``color`` (``#rrggbb``) darkened, for borders.

    Examples
    --------
    >>> _darker("#ffffff", 0.5)
    '#808080'
    """
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(v * factor) for v in (r, g, b)))


def sector_group(sector: str | None) -> str:
    """The group key of a partner sector (unknown sectors fall into ``other``)."""
    return f"sector:{sector if sector in SECTOR_NAMES else 'other'}"


NEED_STATUS_STYLES: tuple[tuple[str, str, str], ...] = (
    *((status, names[0], color) for (status, names), color in zip(
        NEED_STATUS_NAMES.items(), ("#E53935", "#FB8C00", "#1E88E5", "#43A047"), strict=True)),
    ("overdue", "已超期", "#6A1B9A"),
)
"""Each need status's legend name and colour (open, dispatched, in progress, resolved; overdue over any of the first three)."""


def _groups() -> dict[str, GroupStyle]:
    groups: dict[str, GroupStyle] = {
        "level:subdistrict_committee": GroupStyle("街道党工委", "#B71C1C", "star"),
        "level:community": GroupStyle("社区(村)党组织", "#E53935", "dot"),
        "level:grid_branch": GroupStyle("网格党支部", "#F57C00", "dot"),
        "level:building_group": GroupStyle("楼栋党小组", "#FBC02D", "dot"),
        "level:other_org": GroupStyle("两新/物业/业委会党组织", "#EF9A9A", "dot"),
        "household": GroupStyle("党员中心户", "#A1887F", "dot"),
        "subdistrict": GroupStyle("街道", "#B71C1C", "star"),
        "community": GroupStyle("社区", "#5C6BC0", "dot"),
        "community:village": GroupStyle("行政村", "#7E9F5B", "dot"),
        "grid": GroupStyle("网格", "#78909C", "dot"),
        "building": GroupStyle("楼栋（无缺口）", OK_COLOR, "dot"),
        "facility": GroupStyle("阵地 / 服务点", "#00897B", "square"),
        "estate": GroupStyle("小区", "#BCAAA4", "dot"),
        "need": GroupStyle("民生诉求", "#7986CB", "triangle"),
        **{f"need:{status}": GroupStyle(f"诉求 · {name}", color, "triangle") for status, name, color in NEED_STATUS_STYLES},
        "person": GroupStyle("人员（书记/楼长/网格员）", "#90A4AE", "dot"),
        "category": GroupStyle("服务类别", "#B0BEC5", "dot"),
        "aggregate": GroupStyle("汇总节点", "#90A4AE", "hexagon"),
        "candidate": GroupStyle("可承接的单位（尚无关系）", "#CE93D8", "diamond", border="#6A1B9A"),
    }
    for sector, name in SECTOR_NAMES.items():
        groups[f"sector:{sector}"] = GroupStyle(f"共建单位 · {name}", _SECTOR_COLORS[sector], "diamond")
    for kind, gap in GAP_STYLES.items():
        groups[f"gap:{kind}"] = GroupStyle(f"{gap.icon} {gap.label}", gap.color, "dot")
    return groups


GROUPS: dict[str, GroupStyle] = _groups()
