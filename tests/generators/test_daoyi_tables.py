"""The Daoyi generator's hand-written tables: every unit the article names is there, and broken tables are caught."""

from __future__ import annotations

import fnmatch
import shutil
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from graph_model.errors import DatasetError
from generators.daoyi.table_checks import table_problems
from generators.daoyi.table_files import read_tables, tables_folder
from generators.daoyi.table_rows import DaoyiTables

pytestmark = pytest.mark.usefixtures("english")  # its assertions quote the messages in English, their source language

ROOT = Path(__file__).resolve().parents[2]
TABLES = Path(str(tables_folder()))

# The units the article names (with the role it gives them), written out here so the
# tables are checked against the article rather than against themselves.
COMMUNITIES = {"北苑社区", "人杰水岸社区", "太阳城社区", "明珠社区", "明发社区", "亚泰城社区", "俪景社区"}
ESTATES = {"人杰水岸", "汇置尚郡", "绿茵湖畔", "太湖国际花园", "北苑公租房"}
PARTNERS = {"沈北新区人民法院", "尹家法庭", "派出所", "城管", "区中医院", "沈阳师范大学", "沈阳航空航天大学",
            "辽宁传媒学院", "咚咚集团", "辉山经开区企业党委", "人杰水岸社区社会公司", "俪景社区独居老人邻里帮帮团",
            "亚泰城社区商户联盟"}
FACILITIES = {  # (type, community key, a word of its name)
    ("health_station", "beiyuan", "卫生服务站"), ("circuit_court", "renjieshuian", "巡回审判庭"),
    ("canteen", "taiyangcheng", "食堂"), ("health_center", "taiyangcheng", "延伸点"),
    ("parlor", "mingzhu", "会客厅"), ("parlor", "mingfa", "议事亭"),
    ("minor_protection_center", "yataicheng", "未成年人保护"),
    ("secretary_studio", "renjieshuian", "书记工作室"), ("secretary_studio", "beiyuan", "书记工作室"),
    ("secretary_studio", "taiyangcheng", "书记工作室"),
    ("tea_house", "renjieshuian", "人杰说"), ("tea_house", "lijing", "芳邻"), ("tea_house", "taiyangcheng", "暖阳"),
}
NEEDS = ["北苑社区居民出行难", "北苑社区老年人吃饭难", "北苑社区居民看病难", "北苑社区居民就业难", "办证难", "开栓难",
         "老年人就餐难", "太湖国际花园周边停车难", "人杰水岸小区周边停车难", "消防", "电动车进楼", "飞线充电"]


@pytest.fixture(scope="module")
def tables() -> DaoyiTables:
    return read_tables()


def test_the_tables_hold_together(tables: DaoyiTables) -> None:
    assert table_problems(tables) == []


def test_the_subdistrict_is_the_article_s(tables: DaoyiTables) -> None:
    sd = tables.subdistrict
    assert (sd.name, sd.area_km2, sd.population, sd.party_members) == ("道义街道", 38.05, 120000, 1703)
    assert sd.party_committee == "道义街道党工委"


def test_every_named_unit_is_a_seed_row(tables: DaoyiTables) -> None:
    assert COMMUNITIES == {c.name for c in tables.communities if c.source == "seed"}
    assert ESTATES == {e.name for e in tables.estates if e.source == "seed"}
    named = {name for p in tables.partners if p.source == "seed" for name in (p.name, p.alias)}
    assert PARTNERS - named == set()
    orgs = {o.name for o in tables.partner_party_orgs if o.source == "seed"}
    assert {"总部基地党总支", "人杰水岸小区业委会党支部"} <= orgs
    facilities = {(f.type, f.community, f.name) for f in tables.facilities if f.source == "seed"}
    missing = [f for f in FACILITIES if not any(f[:2] == g[:2] and f[2] in g[2] for g in facilities)]
    assert missing == []
    named_needs = [n.name for n in tables.named_needs]
    assert [n for n in NEEDS if not any(n in name for name in named_needs)] == []


def test_the_article_s_figures_are_in_the_tables(tables: DaoyiTables) -> None:
    assert sum(c.type == "urban" for c in tables.communities) == 16 and len(tables.communities) == 23
    assert next(e for e in tables.estates if e.key == "renjieshuian").households == 5362
    assert next(f for f in tables.facilities if f.id == "f-hc-taiyangcheng").area_m2 == 500
    paired = [k for p in tables.mentor_pairs for k in (p.mentor, p.mentee)]
    assert sorted(paired) == sorted(c.key for c in tables.communities if c.type == "urban")
    red_committees = {o.unit for o in tables.partner_party_orgs if o.level == "owners_committee"}
    assert {"p-oc-renjieshuian", "p-oc-lvyin"} <= red_committees and len(red_committees) == 4
    assert len([p for p in tables.service_points if p.type == "service_center"]) == 12
    assert len([p for p in tables.service_points if p.type == "service_station"]) == 5


def test_every_broken_reference_is_reported_at_once(tables: DaoyiTables) -> None:
    broken = replace(
        tables,
        estates=(*tables.estates[:-1], replace(tables.estates[-1], community="atlantis")),
        offers=(*tables.offers, replace(tables.offers[0], category="time_travel")),
        secretaries=tables.secretaries[1:],
        co_builds=(*tables.co_builds, replace(tables.co_builds[0], origin="rumour")))
    assert [str(p) for p in table_problems(broken)] == [
        "tables/estates.csv, column community: 'atlantis' — expected the key of a community in communities.csv",
        "tables/offers.csv, column category: 'time_travel' — expected a category of the default taxonomy",
        "tables/co_builds.csv, column origin: 'rumour' — expected seed or synthetic",
        f"tables/secretaries.csv, column community: '{tables.secretaries[0].community}' — "
        "expected exactly one secretary per community",
    ]


def _break(path: Path, line: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")


def test_cells_of_the_wrong_type_are_located_in_every_file(tmp_path: Path) -> None:
    shutil.copytree(TABLES, tmp_path, dirs_exist_ok=True)
    _break(tmp_path / "communities.csv", 3, ",16,5,0,", ",many,5,0,")  # 人杰水岸's grids
    _break(tmp_path / "estates.csv", 2, ",9,seed,", ",nine,seed,")  # 北苑公租房's grids
    with pytest.raises(DatasetError) as caught:
        read_tables(tmp_path)
    assert [(p.source, p.line, p.column, p.value) for p in caught.value.problems] == [
        ("tables/communities.csv", 3, "grids", "many"), ("tables/estates.csv", 2, "grids", "nine")]


def test_a_missing_toml_key_is_named(tmp_path: Path) -> None:
    shutil.copytree(TABLES, tmp_path, dirs_exist_ok=True)
    names = tmp_path / "names.toml"
    names.write_text(names.read_text(encoding="utf-8").replace("surnames", "family_names"), encoding="utf-8")
    with pytest.raises(DatasetError, match="tables/names.toml"):
        read_tables(tmp_path)


def test_every_table_file_ships_with_the_package() -> None:
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    patterns = settings["package-data"]["generators.daoyi"]
    files = [f"tables/{p.name}" for p in TABLES.iterdir()]
    assert [f for f in files if not any(fnmatch.fnmatch(f, pattern) for pattern in patterns)] == []
