"""``docs/data-model.md``, the users' reference to the data model, written from the schema (Chinese first, English beside).

Every table, column, value and Chinese name comes from :mod:`graph_model.schema`
and :mod:`loaders.column_notes`; the gap kinds from :data:`graph_model.gaps.GAP_KINDS`;
the lifecycle's allowed steps from :data:`graph_model.need_lifecycle.ALLOWED_FROM`;
the workbook limits from :data:`loaders.workbook.LIMITS`; and the worked
example is a small ledger loaded and matched when the page is written, so
its answer is Linli's own. Only the prose of the rules is written here.

    .venv/bin/python -m loaders.data_model_doc            # rewrite docs/data-model.md
    .venv/bin/python -m loaders.data_model_doc --check    # exit 1 when the committed page is stale

``tests/loaders/test_data_model_doc.py`` fails when the committed page is not what :func:`render` writes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph_model.gaps import GAP_KINDS, GapKind
from graph_model.need_lifecycle import ALLOWED_FROM
from graph_model.schema import (
    NODE_SPECS,
    REFERENCE_RELATIONSHIPS,
    RELATIONSHIP_TABLES,
    Column,
    NodeKind,
    NEED_STATUS_NAMES,
    ValueType,
)
from loaders.column_notes import column_note, relationship_ends, table_meaning
from loaders.workbook import LIMITS

__all__ = ["render", "DOC_PATH", "main"]

DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "data-model.md"

GAP_RULES: dict[GapKind, tuple[str, str]] = {
    GapKind.BUILDING_WITHOUT_HEAD: ("没有楼长（楼长表中没有它）", "no BUILDING_HEAD_OF"),
    GapKind.BUILDING_WITHOUT_PARTY_GROUP: ("没有被“楼栋党小组”层级的党组织覆盖", "not COVERED by a PartyOrg of level building_group"),
    GapKind.GRID_WITHOUT_BRANCH: ("没有被“网格党支部”层级的党组织覆盖", "not COVERED by a PartyOrg of level grid_branch"),
    GapKind.GRID_WITHOUT_FULLTIME_WORKER: ("没有专职（专职=是）的网格员", "no GRID_WORKER_OF with full_time true"),
    GapKind.COMMUNITY_WITHOUT_PARTNER: ("没有任何共建协议", "no CO_BUILDS"),
    GapKind.COMMUNITY_WITHOUT_SERVICE_CENTER: ("社区内没有党群服务中心或党群服务站", "no Facility of type service_center or service_station LOCATED_IN it"),
    GapKind.COMMUNITY_WITHOUT_PARTY_ORG: ("没有以它为所属单位的社区(村)党组织", "no PartyOrg of level community with PARTY_ORG_OF it"),
    GapKind.PARTY_ORG_WITHOUT_SECRETARY: ("社区(村)党组织没有书记", "a level-community PartyOrg with no SECRETARY_OF"),
    GapKind.SECRETARY_WITHOUT_PAIR: ("社区(村)党组织书记不在任何结对帮带中", "a secretary of a level-community PartyOrg in no MENTORS"),
    GapKind.NEED_WITHOUT_RESOLVER: ("待解决的诉求，在本社区及所在街道范围内没有可匹配的单位（只看有关联的候选）",
                                    "an open need for which match(need, in_area_only=True) is empty"),
    GapKind.ESTATE_WITHOUT_RED_PROPERTY: ("小区没有物业管理，或管理它的物业公司都没有党组织（非红色物业）",
                                          "no MANAGES, or no managing Partner has a PartyOrg PARTY_ORG_OF it"),
    GapKind.NEED_OVERDUE: ("诉求超过所属类别的办结时限仍未办结", "a need still unresolved past its category's resolve_days"),
}
"""When each gap kind is a gap (Chinese, English): a new kind without its rule here fails the page's test."""

EXAMPLE = {
    "街道": "编号,名称\nsd,道义街道\n",
    "社区": "道义街道社区台账\n编号,名称,类型,所属街道,户数（户）,服务重点\nc-by,北苑社区,城市社区,道义街道,3200,养老\nc-lj,丽景社区,城市社区,道义街道,2100,综合\n",
    "共建单位": "编号,名称,领域,所属社区,承接能力（件）\npt-zy,区中医院,医院,北苑社区,3\npt-kd,顺丰快递站,企业,丽景社区,\n",
    "阵地": "编号,名称,类型,所属社区,运营单位\nf-st,北苑长者食堂,社区食堂,北苑社区,\n",
    "共建协议": "起点,终点,开始日期,共建项目\n区中医院,丽景社区,2023年5月18日,义诊；健康讲座\n",
    "提供服务": "起点,终点\n区中医院,老年助餐\n北苑长者食堂,老年助餐\n顺丰快递站,养老服务\n",
    "民生诉求": "编号,名称,所属社区,类别,状态,上报日期\nn-1,独居老人吃饭难,北苑社区,老年助餐,待解决,2024/3/1\n",
}
"""The worked example: a small ledger as a planner writes it (Chinese names everywhere, references by name)."""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _columns_table(table: str, columns: tuple[Column, ...] | list[Column]) -> list[str]:
    lines = ["| 中文表头 | column | 必填 required | 说明 | Note |", "|---|---|---|---|---|"]
    for column in columns:
        zh, en = column_note(column, table)
        required = "是 yes" if column.required else ""
        lines.append(f"| {column.zh} | `{column.name}` | {required} | {_cell(zh)} | {_cell(en)} |")
    return lines


def _node_sections() -> list[str]:
    out: list[str] = []
    relationships_of: dict[str, list[str]] = {}
    for rel, (sources, targets, columns) in REFERENCE_RELATIONSHIPS.items():
        for where in columns.split(", "):
            kind = where.split(".")[0]
            relationships_of.setdefault(kind, []).append(
                f"`{where.split('.')[1]}` → `({'/'.join(k.value for k in sources)})-[:{rel.value}]->({'/'.join(k.value for k in targets)})`")
    for kind, spec in NODE_SPECS.items():
        zh, en = table_meaning(kind.value)
        out += [f"### {spec.zh} · {kind.value}", "", f"{zh}。", f"*{en}.*", ""]
        if kind is NodeKind.NEED_EVENT:
            out += ["无编号列：每行是一个环节，存为编号 `<诉求编号>#<序号>` 的 NeedEvent 节点。",
                    "*No id column: each row is one step, stored as a NeedEvent node with id `<need>#<n>`.*", ""]
        out += _columns_table(kind.value, spec.columns)
        if relationships_of.get(kind.value):
            out += ["", "引用列生成的关系 · relationships its reference columns make: " + "; ".join(relationships_of[kind.value])]
        out.append("")
    return out


def _relationship_sections() -> list[str]:
    out: list[str] = []
    for rel, spec in RELATIONSHIP_TABLES.items():
        zh, en = table_meaning(rel.value)
        ends = f"`({'/'.join(k.value for k in spec.sources)})-[:{rel.value}]->({'/'.join(k.value for k in spec.targets)})`"
        out += [f"### {spec.zh} · {rel.value}", "", f"{zh}。{ends}", f"*{en}.*", ""]
        out += _columns_table(rel.value, (*relationship_ends(rel), *spec.properties))
        out.append("")
    return out


def _value_sections() -> list[str]:
    out: list[str] = []
    seen: set[tuple[str, ...]] = set()
    places: dict[tuple[str, ...], list[str]] = {}
    columns: dict[tuple[str, ...], Column] = {}
    everything = [(k.value, c) for k, s in NODE_SPECS.items() for c in s.columns]
    everything += [(r.value, c) for r, s in RELATIONSHIP_TABLES.items() for c in s.properties]
    for table, column in everything:
        if column.type is ValueType.ENUM:
            key = column.choices
            places.setdefault(key, []).append(f"{table}.{column.name}")
            columns.setdefault(key, column)
    for key, column in columns.items():
        if key in seen:
            continue
        seen.add(key)
        out += [f"#### {' · '.join(places[key])}", "", "| 值 value | 中文（Linli 这样写） | 也接受 also accepted |", "|---|---|---|"]
        for value in column.choices:
            names = column.names[value]
            out.append(f"| `{value}` | {names[0]} | {'、'.join(names[1:])} |")
        out.append("")
    return out


def _gap_section() -> list[str]:
    out = ["| 缺口 gap | kind | 对象 subject | 何时算缺口 | a gap when |", "|---|---|---|---|---|"]
    for kind, spec in GAP_KINDS.items():
        zh, en = GAP_RULES[kind]
        out.append(f"| {spec.icon} {spec.title_zh} | `{kind.value}` | {NODE_SPECS[spec.subject].zh} {spec.subject.value} | {zh} | {en} |")
    return out


def _lifecycle_section() -> list[str]:
    actions = NODE_SPECS[NodeKind.NEED_EVENT].column("action").names
    out = ["| 环节 action | 允许的状态 allowed from |", "|---|---|"]
    for action, allowed in ALLOWED_FROM.items():
        where = "、".join(f"{NEED_STATUS_NAMES[s][0]} `{s}`" for s in sorted(allowed, key=list(NEED_STATUS_NAMES).index))
        out.append(f"| {actions[action][0]} `{action}` | {where or '仅第一个环节 the first step only'} |")
    return out


def _example() -> list[str]:
    from graph_model.i18n import use_language
    from graph_model.queries.partner_matching import match
    from graph_model.stores.memory.store import MemoryStore
    from loaders.dataset import default_taxonomy
    from loaders.tables import read_csv_text
    from loaders.validation import validate_tables

    tables = []
    for name, text in EXAMPLE.items():
        from loaders.ledger_names import table_named

        section, table = table_named(name) or ("", name)
        tables.append(read_csv_text(text, name=table, section=section, source=f"{name}.csv"))
    nodes, rels = default_taxonomy()
    dataset = validate_tables(tables, base=nodes, base_relationships=rels)
    store = MemoryStore()
    store.apply(dataset.change_set())
    with use_language("zh"):
        report = match(store, need="n-1")
    out = ["一个扁平文件夹（或一个工作簿的各工作表），每个文件以表名命名 · a flat folder, each file named by its table:", ""]
    for name, text in EXAMPLE.items():
        out += [f"`{name}.csv`", "", "```csv", text.rstrip("\n"), "```", ""]
    out += [
        "载入后图中只有编号：`北苑社区` 写在“所属社区”里，存的是 `c-by`；`城市社区` 存为 `urban`；`2024/3/1` 存为 `2024-03-01`；"
        "“社区”表上方的标题行被跳过。`linli match --need n-1` 的结果（写本页时实际运行得出）：",
        "*Loaded, the graph holds ids only (`北苑社区` in a reference column is stored as `c-by`, `城市社区` as `urban`, "
        "`2024/3/1` as `2024-03-01`); the title row above the 社区 header is skipped. What `linli match --need n-1` answers "
        "(run when this page was written):*",
        "",
        "| 名次 rank | 单位 candidate | score | fit | tie | record | capacity | 理由 reasons |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for rank, r in enumerate(report.results, 1):
        out.append(f"| {rank} | {r.name} (`{r.id}`) | {r.score:g} | {r.fit:g} | {r.tie:g} | {r.record:g} | {r.capacity:g} | "
                   f"{_cell('；'.join(r.reasons))} |")
    out += ["", "北苑长者食堂在北苑社区内（tie 1.0）且正好提供老年助餐（fit 1.0）；区中医院位于北苑社区（tie 0.7）；"
            "顺丰快递站只提供更宽的“养老服务”（fit 0.6），与北苑社区的联系只是同一街道（tie 0.3）。",
            "*The canteen sits in 北苑社区 and offers exactly 老年助餐; the hospital is located in the community; the courier "
            "station offers only the broader 养老服务 and is tied through the subdistrict alone.*"]
    return out


_HEAD = """# 数据模型 · Data model

> 本页由 `python -m loaders.data_model_doc` 根据 `graph_model/schema.py` 生成，请勿手改；测试会检查它是否最新。
> *Written from `graph_model/schema.py` by `python -m loaders.data_model_doc`; do not edit by hand — a test checks it is up to date.*

邻里把一个街道的党建与治理网络存成一张图：节点是街道、社区、小区、网格、楼栋、党组织、人员、共建单位、阵地、服务类别和诉求，
边是它们之间的关系。数据集就是一组表（台账）；本页列出每张表、每一列、每个取值和载入规则，最后给出一个完整的例子。
*Linli keeps a subdistrict's party-building and governance network as a graph. A dataset is a set of tables (ledgers);
this page lists every table, column, value and loading rule, and ends with a worked example.*

## 1. 数据集的形式 · Dataset layout

- **文件夹 folder**：`nodes/<表名>.csv` 与 `relationships/<表名>.csv`，或把所有表平放在一个文件夹里（表的种类由文件名判断）；
  可选 `dataset.toml`（name、region、description、version）。
  *`nodes/<table>.csv` and `relationships/<table>.csv`, or every table side by side in one folder (its name tells its kind); optional `dataset.toml`.*
- **工作簿 workbook**：一个 `.xlsx`（WPS 另存的 xlsx 亦可）或 `.xls`（Excel 97）文件，每张表一个工作表；名为 `dataset` 的工作表存元数据（key, value）。
  *One `.xlsx` or `.xls` file, a sheet per table; a `dataset` sheet holds metadata.*
- **表名 table names**：英文（`Community`、`CO_BUILDS`）或中文（`社区`、`共建协议`），见第 2、3 节。名字不是任何表名的工作表（如“说明”“填表须知”）被跳过并列出；
  与某个表名只差一两个字（编辑距离 ≤ 2，且不超过名字长度的三分之一）的工作表或文件是错误，并提示“您是不是要找……”。
  *English or Chinese (sections 2, 3). Sheets named like no table (说明) are skipped and listed; a name one or two edits from a table's is an error with a suggestion.*
- **表头 headers**：英文列名或中文表头，后面可加括号注释（`承接能力（件）`、`面积(平方公里)`），比较时忽略空格、全半角括号和大小写。
  与某列只差一两个字的表头（`capacty`、`comunity`、`承接能刀`）是错误——否则这一列会悄悄丢失；其他未知表头作为属性保留。
  *English or Chinese headers, with an optional bracketed note; blanks, bracket width and case ignored. A header one or two edits from a column (`capacty`) is an error naming that column; other unknown headers are kept as properties.*
- **标题行 title rows**：表头之上、至多只有一个非空单元格的行（如“道义街道共建单位台账”）被跳过；报错的行号仍是文件自己的行号。
  *Rows above the header with at most one non-empty cell are skipped; line numbers stay the file's own.*
- **编码 encodings**：UTF-8（带或不带 BOM）、UTF-16（带 BOM）、GB18030/GBK（中文 Windows 版 Excel 所写），自动识别。
  同一个文件里 UTF-8 行和 GBK 行混在一起时拒绝载入，并指出第一处不一致的行；未闭合的引号吞掉后面的行时，指出引号开始的行。
  *A file mixing UTF-8 and GBK lines is refused at the first line that disagrees; a quote left open that swallows the rows after it is reported at the line it opens.*
- **单元格 cells**：首尾空白去掉；一格多项用 `;` 或 `；` 分隔；是否写 `是/否`（或 true/false、1/0、yes/no）；日期写 `2024-01-05`、`2024/1/5`、`2024年1月5日` 或 Excel 日期。
  *Cells are stripped; lists split on `;`/`；`; booleans 是/否 or true/false/1/0/yes/no; dates in any of those forms or Excel dates.*
- **编号与名称 ids and names**：编号在整个数据集内唯一，可以用中文。引用列（所属社区、起点、终点……）可写被引用对象的编号，
  也可写它的名称——只要恰好一个允许种类的对象叫这个名字；重名时报错并列出各自编号，找不到时提示最接近的编号和名称。图中只存编号。
  *Ids are unique across the dataset. A reference may hold the referenced node's name when exactly one node of an allowed kind has it; a shared name is an error listing the ids, an unknown value suggests the nearest ids and names. The graph stores ids only.*
  编号不能含控制字符或不可见字符（NUL、零宽空格、双向文本控制符等），否则报错；名称中的这类字符会被去掉。整数不超过 ±9,007,199,254,740,991（2^53 − 1）。
  *Ids may not hold control or invisible characters (NUL, zero-width spaces, bidi overrides …): refused; names lose them. Whole numbers are at most ±9,007,199,254,740,991 (2^53 − 1), the same on both backends.*
- **模板 template**：`linli template --out 台账模板.xlsx` 写出空白台账：说明页、每张表一页（中文表头、每列的批注说明、枚举列的下拉列表），由本页同一份 schema 生成，填好即可载入。
  *`linli template --out 台账模板.xlsx` writes an empty ledger drawn from the same schema: a 说明 sheet, a sheet per table with Chinese headers, a note on each column and drop-down lists; filled in, it loads.*
- **工作簿的上限 workbook limits**（防止几 KB 的文件撑爆内存 · so a few-KB file cannot exhaust memory）：
  解压后合计不超过 {limit_mb} MB；大于 {floor_mb} MB 的部分压缩比不超过 {ratio} 倍；每张工作表不超过 {rows:,} 行、{columns} 列、{cells:,} 个单元格（按声明的范围和实际单元格计算）。
  *At most {limit_mb} MB uncompressed; parts over {floor_mb} MB may expand at most {ratio}×; a sheet at most {rows:,} rows, {columns} columns, {cells:,} cells (declared range and cells alike).*

## 2. 对象表 · Node tables

每张表都有 `编号 id`、`名称 name` 两列（诉求流转除外）。*Every node table has `id` and `name` (except NeedEvent).*

"""

_RULES = """## 5. 载入规则 · Loading rules

- **全有或全无 · all or nothing**：有任何问题就什么都不载入，已存的数据不变。*A dataset with any problem loads nothing and changes nothing stored.*
- **一次列出全部问题 · every problem at once**：表名、表头、取值、编号、引用、关系两端的种类、诉求流转——所有问题一次列出（最多 200 条），
  每条指明文件或工作表、行、列、写的值和应写什么。*Every problem of every layer in one run (up to 200), each naming the file or sheet, line, column, value and what was expected.*
- **会报的错 · errors**：未知的表；缺必填列；必填值为空；取值不在列表中；数字、是否、日期写错；编号重复；引用不存在的编号或名称；引用了错误种类的对象；
  关系两端种类不对；表头写错（像某列而不是某列）；类别形成环；诉求的状态与其流转环节不符。
  *Unknown table, missing required column, empty required value, bad enum, bad number/bool/date, duplicate id, unknown reference, reference to the wrong kind, relationship between wrong kinds, misspelled header, a category cycle, a need whose status its steps do not lead to.*
- **重复载入 · loading twice** 得到同一张图（编号是键）。*Loading the same dataset twice leaves the same graph (ids are keys).*
- **默认服务类别 · the default taxonomy** 总会载入；数据集中的“服务类别”表可增补类别，编号相同则替换默认类别。`linli validate` 会分别说明多少对象来自数据集、多少来自默认分类。
  *The default categories are always loaded; a dataset's Category rows add to them or replace one of the same id. `linli validate` says how many nodes came from each.*

## 6. 三个核心查询 · The three core queries

### 共建单位匹配 · Partner match

`match(社区 c, 类别 k)` 或 `match(诉求 n)`（取诉求的社区和类别）。候选：提供 k 本身、k 的上级类别或 k 的下级类别的共建单位和阵地。
*Candidates: every partner or facility offering k, an ancestor of k or a descendant of k.*

- `fit`：提供 k 本身 1.0；提供 k 的下级（更具体的服务，如问“养老服务”找到提供“老年助餐”的）0.8；只提供上级 0.6。
  *1.0 for k itself, 0.8 for a descendant, 0.6 for an ancestor only.*
- `tie`：与 c 有共建协议，或阵地就在 c 内 1.0；单位位于 c 0.7；服务范围覆盖 c 或其街道 0.5；与同街道另一社区共建或位于同街道另一社区 0.3；否则 0。
  *1.0 CO_BUILDS c (or a facility LOCATED_IN c); 0.7 LOCATED_IN c; 0.5 SERVES c or its subdistrict; 0.3 tied to another community of the subdistrict; else 0.*
- `record` = min(1, r/3)，r 为该单位解决过的类别 k 的诉求数。*r = resolved needs of category k with RESOLVED_BY p.*
- `capacity` = max(0, (承接能力 − 办理中)/承接能力)；未填承接能力时 0.5。办理中 = 状态为已派单或办理中、当前承办单位是它的诉求。
  *(cap − a)/cap with a the needs dispatched or in progress whose current partner is p; 0.5 without a capacity.*
- `score` = 0.4·fit + 0.3·tie + 0.2·record + 0.1·capacity（四位小数），按 score 降序、编号升序排列。`tie > 0` 即“区域内”。
  *Rounded to 4 decimals; order score descending then id; in_area = tie > 0.*

### 覆盖缺口 · Coverage gaps

范围为整个数据集或一个社区；按种类、社区、对象编号排序。*Scope: the whole dataset or one community; ordered by kind, community, subject id.*

"""

_PAIRS = """
### 书记结对帮带 · Mentor–mentee secretary pairs

书记：任“社区(村)党组织”书记的人员；其社区是该党组织的所属单位。师傅与徒弟任职年限相差至少 2 年才可结对。
权重 = 1 + 师傅能传授的特长数 + 小区类别相同 1 + 服务重点相同 1 + 0.5 × min(年限差, 10)/10 + 0.5 × max(0, 评分差)（缺评分按 3 计）。
结果是一组配对：配对数最多，其中总权重最大。模式 `keep`（默认，保留已有结对，只为未结对者配对）或 `fresh`；范围 `subdistrict`（默认，同街道）或 `all`。
*Secretaries of level-community party organizations; a pair needs a years gap of at least 2. Weight = 1 + strengths the mentor can pass on
+ 1 same estate category + 1 same service focus + 0.5·min(gap, 10)/10 + 0.5·max(0, rating gap) (missing rating = 3). The proposal has the most pairs and,
among those, the largest total weight. Modes keep (default) or fresh; scope subdistrict (default) or all.*

### 诉求流转 · The need lifecycle

每个环节只能在下列状态下发生；诉求的状态由它的环节依次推出（评价 ≤ 2 分自动重办）。*Each step is allowed only from these statuses; a need's status follows from its steps (a rating ≤ 2 reopens it).*

"""


def render() -> str:
    """The whole page, as ``docs/data-model.md`` must hold it."""
    head = _HEAD.format(limit_mb=LIMITS.uncompressed_bytes >> 20, floor_mb=LIMITS.ratio_floor >> 20, ratio=LIMITS.ratio,
                        rows=LIMITS.rows, columns=LIMITS.columns, cells=LIMITS.cells)
    lines = [head.rstrip("\n"), ""]
    lines += _node_sections()
    lines += ["## 3. 关系表 · Relationship tables", "",
              "每张关系表都有 `起点 source`、`终点 target` 两列，其后是关系的属性。*Every relationship table has `source` and `target`, then its properties.*", ""]
    lines += _relationship_sections()
    lines += ["## 4. 取值 · Values", "",
              "枚举列可以写英文值或中文名；Linli 输出中文名，JSON 和图中存英文值。*Enum cells may hold the English value or a Chinese name; the graph and JSON keep the English value.*", ""]
    lines += _value_sections()
    lines += [_RULES.rstrip("\n"), ""]
    lines += _gap_section()
    lines += [_PAIRS.rstrip("\n"), ""]
    lines += _lifecycle_section()
    lines += ["", "## 7. 完整的例子 · A worked example", ""]
    lines += _example()
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the page, or (``--check``) say whether the committed one is up to date."""
    parser = argparse.ArgumentParser(description="Write docs/data-model.md from the schema.")
    parser.add_argument("--check", action="store_true", help="exit 1 when docs/data-model.md is not what the schema gives")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else ""
        if current != text:
            sys.stderr.write(f"{DOC_PATH} is out of date: run python -m loaders.data_model_doc\n")
            return 1
        return 0
    DOC_PATH.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
