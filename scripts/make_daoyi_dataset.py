#!/usr/bin/env python3
"""Generate the bundled Daoyi Subdistrict sample dataset (``data/daoyi/``).

The dataset reconstructs the grassroots-governance network described in the
People's Daily Online article on the Daoyi Subdistrict Party Working Committee
(2024-08-29, ``shared/seed/daoyi-subdistrict-article.txt``). Every unit the
article names is written with ``source=seed``; where the article only gives a
count (58 grid branches, 2,169 buildings, 210 grid workers ...) the rest is
filled with plausible rows marked ``source=synthetic``. The counts of
``spec/DAOYI_FACTS.md`` hold exactly; ``main()`` asserts them before writing.

Provenance column: node tables carry ``source`` (seed/synthetic). Two places
cannot, because ``source`` already means something there -- ``Need.source`` is
the channel a need came in through (tea_house, hotline_12345, ...) and
relationship tables use ``source,target`` for the endpoints -- so those rows
carry the provenance in ``origin`` instead.

Deterministic: one ``random.Random`` with a fixed seed, no set iteration, no
clock; re-running writes byte-identical files. Standard library only.

Usage::

    python3 scripts/make_daoyi_dataset.py            # writes data/daoyi/
    python3 scripts/make_daoyi_dataset.py --out DIR  # somewhere else
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import shutil
from pathlib import Path
from typing import NamedTuple

SEED = 20240829
ARTICLE_DATE = dt.date(2024, 8, 29)
ROOT = Path(__file__).resolve().parent.parent
CATEGORY_CSV = ROOT / "data" / "taxonomy" / "Category.csv"

SEED_, SYN = "seed", "synthetic"

# ---------------------------------------------------------------------------
# Communities and their estates
# ---------------------------------------------------------------------------
# (key, name, type, estate_category, service_focus, governance_strength,
#  source, grids, grid_branches, uncovered_grids, street_or_group_prefix,
#  estates [(estate key, name, category, grids, source)])
# Grids are assigned to estates in order; grids left over hold loose buildings
# (old stand-alone blocks in town, rows of houses in a village).
class Comm(NamedTuple):
    key: str
    name: str
    type: str
    estate_category: str
    service_focus: str
    governance_strength: int
    source: str
    grids: int
    grid_branches: int
    uncovered_grids: int
    prefix: str
    estates: list


_COMMUNITY_ROWS = [
    ("beiyuan", "北苑社区", "urban", "public_rental", "elderly", 5, SEED_, 13, 4, 0, "北苑路",
     [("beiyuan-gzf", "北苑公租房", "public_rental", 9, SEED_),
      ("beiyuan-jiayuan", "北苑家园", "commercial", 3, SYN)]),
    ("renjieshuian", "人杰水岸社区", "urban", "commercial", "mixed", 5, SEED_, 16, 5, 0, "",
     [("renjieshuian", "人杰水岸", "commercial", 14, SEED_),
      ("shuian-huating", "水岸华庭", "commercial", 2, SYN)]),
    ("taiyangcheng", "太阳城社区", "urban", "commercial", "elderly", 4, SEED_, 11, 3, 0, "",
     [("taiyangcheng-1", "太阳城一期", "commercial", 6, SYN),
      ("taiyangcheng-2", "太阳城二期", "commercial", 5, SYN)]),
    ("mingzhu", "明珠社区", "urban", "commercial", "elderly", 3, SEED_, 9, 3, 0, "明珠街",
     [("mingzhu-huayuan", "明珠花园", "commercial", 5, SYN),
      ("mingzhu-jiayuan", "明珠嘉园", "commercial", 3, SYN)]),
    ("mingfa", "明发社区", "urban", "commercial", "mixed", 3, SEED_, 9, 3, 0, "",
     [("mingfa-guangchang", "明发城市广场", "commercial", 6, SYN),
      ("mingfa-jinyuan", "明发锦苑", "commercial", 3, SYN)]),
    ("yataicheng", "亚泰城社区", "urban", "commercial", "youth", 4, SEED_, 11, 3, 0, "",
     [("yataicheng-1", "亚泰城一期", "commercial", 6, SYN),
      ("yataicheng-2", "亚泰城二期", "commercial", 5, SYN)]),
    ("lijing", "俪景社区", "urban", "commercial", "elderly", 4, SEED_, 8, 3, 0, "",
     [("lijingwan", "俪景湾", "commercial", 5, SYN),
      ("lijing-jiayuan", "俪景家园", "commercial", 3, SYN)]),
    ("jinxiu", "锦绣社区", "urban", "commercial", "mixed", 3, SYN, 10, 3, 0, "",
     [("huizhi-shangjun", "汇置尚郡", "commercial", 6, SEED_),
      ("jinxiu-huating", "锦绣华庭", "commercial", 4, SYN)]),
    ("cuihu", "翠湖社区", "urban", "commercial", "youth", 3, SYN, 9, 3, 0, "",
     [("lvyin-hupan", "绿茵湖畔", "commercial", 6, SEED_),
      ("cuihu-shanzhuang", "翠湖山庄", "commercial", 3, SYN)]),
    ("kangcheng", "康城社区", "urban", "commercial", "mixed", 2, SYN, 10, 3, 1, "",
     [("taihu-guoji", "太湖国际花园", "commercial", 7, SEED_),
      ("kangcheng-jiayuan", "康城佳苑", "commercial", 3, SYN)]),
    ("xuefu", "学府社区", "urban", "mixed", "youth", 3, SYN, 8, 2, 0, "学府路",
     [("xuefu-mingyuan", "学府名苑", "commercial", 5, SYN)]),
    ("puhe", "蒲河社区", "urban", "resettlement", "elderly", 2, SYN, 8, 2, 0, "蒲河路",
     [("puhe-xincun", "蒲河新村", "resettlement", 6, SYN)]),
    ("daoyi", "道义社区", "urban", "mixed", "migrant", 2, SYN, 9, 3, 0, "道义南大街",
     [("daoyi-xiaoqu", "道义小区", "mixed", 4, SYN),
      ("daoyi-nanyuan", "道义南苑", "resettlement", 3, SYN)]),
    ("huafu", "华府社区", "urban", "commercial", "migrant", 3, SYN, 9, 3, 0, "",
     [("huafu-tiandi", "华府天地", "commercial", 5, SYN),
      ("huafu-xincheng", "华府新城", "commercial", 4, SYN)]),
    ("yiyuan", "怡园社区", "urban", "resettlement", "elderly", 2, SYN, 8, 2, 0, "怡园街",
     [("yiyuan-huiqian", "怡园回迁小区", "resettlement", 6, SYN)]),
    ("liwan", "丽湾社区", "urban", "commercial", "youth", 3, SYN, 7, 2, 1, "",
     [("liwan-guoji", "丽湾国际", "commercial", 7, SYN)]),
    # seven administrative villages
    ("qianjin", "前进村", "village", "rural", "elderly", 3, SYN, 4, 2, 0, "前进村",
     [("qianjin-huiqian", "前进回迁楼", "resettlement", 2, SYN)]),
    ("hongqi", "红旗村", "village", "rural", "migrant", 2, SYN, 4, 2, 0, "红旗村", []),
    ("xinglong", "兴隆村", "village", "rural", "elderly", 2, SYN, 4, 2, 0, "兴隆村",
     [("xinglong-xinju", "兴隆新居", "resettlement", 1, SYN)]),
    ("zhangjia", "张家村", "village", "rural", "elderly", 1, SYN, 4, 1, 0, "张家村", []),
    ("wangjiatun", "王家屯村", "village", "rural", "migrant", 1, SYN, 4, 1, 1, "王家屯村", []),
    ("lijiatai", "李家台村", "village", "rural", "elderly", 2, SYN, 4, 2, 1, "李家台村", []),
    ("dongsheng", "东升村", "village", "rural", "mixed", 2, SYN, 3, 1, 0, "东升村",
     [("dongsheng-jiayuan", "东升家园", "resettlement", 2, SYN)]),
]
COMMUNITIES = [Comm(*row) for row in _COMMUNITY_ROWS]

COMMUNITY_NOTES = {
    "beiyuan": "公租房小区；“三微实践+四共机制+五社联动”；人民调解国家级典范；为3895位老年人提供综合养老服务",
    "renjieshuian": "“社区党委+红色物业+红色业委会”；25.23万元公共收益存入业委会账户；全市首个社区社会公司",
    "taiyangcheng": "社区食堂；区中医院社区卫生服务中心道义延伸点",
    "mingzhu": "邻里会客厅",
    "mingfa": "睦邻议事亭",
    "yataicheng": "社区商户联盟；未成年人保护中心",
    "lijing": "独居老人邻里帮帮团（药品共享、钥匙托管、环境同维）",
}

# Secretaries: community key -> (name, years_as_secretary, rating, strengths)
SECRETARIES = {
    "beiyuan": ("王淑华", 12, 5, "mediation;elderly;party_building;migrant"),
    "renjieshuian": ("刘志刚", 10, 5, "property;mediation;economy;party_building"),
    "taiyangcheng": ("张桂兰", 9, 5, "elderly;party_building;economy"),
    "yataicheng": ("赵明远", 8, 4, "youth;economy;mediation"),
    "mingfa": ("孙丽娟", 8, 4, "property;mediation;party_building"),
    "lijing": ("李秀梅", 7, 4, "elderly;mediation"),
    "huafu": ("陈国庆", 6, 4, "migrant;economy;property"),
    "cuihu": ("杨晓东", 6, 4, "property;youth;party_building"),
    "yiyuan": ("周雪", 3, 3, "elderly"),
    "jinxiu": ("吴海燕", 4, 3, "property;youth"),
    "puhe": ("郑宏伟", 2, 3, "party_building"),
    "xuefu": ("马丹", 3, 3, "youth"),
    "mingzhu": ("高红", 4, 3, "elderly;youth"),
    "liwan": ("于佳琪", 2, 2, "youth"),
    "daoyi": ("徐建军", 3, 3, "migrant"),
    "kangcheng": ("韩冰", 2, 3, "economy"),
    "qianjin": ("郭长海", 15, 4, "economy;party_building"),
    "hongqi": ("林玉凤", 5, 3, "migrant;mediation"),
    "xinglong": ("宋德福", 9, 4, "economy;mediation"),
    "zhangjia": ("曹亮", 1, 2, "party_building"),
    "wangjiatun": ("邓春生", 3, 3, "migrant"),
    "lijiatai": ("田永胜", 11, 4, "economy;elderly;party_building"),
    "dongsheng": ("冯丽", 6, 3, "mediation;elderly"),
}
# The 16 urban secretaries, paired one-to-one (mentor, mentee): a stronger
# community's secretary with a younger one whose community has a similar portrait.
MENTOR_PAIRS = [
    ("beiyuan", "yiyuan", "2023-03-16"),
    ("renjieshuian", "jinxiu", "2023-03-16"),
    ("taiyangcheng", "puhe", "2023-03-16"),
    ("yataicheng", "xuefu", "2023-03-16"),
    ("mingfa", "liwan", "2023-03-16"),
    ("lijing", "mingzhu", "2023-03-16"),
    ("huafu", "daoyi", "2023-03-16"),
    ("cuihu", "kangcheng", "2023-03-16"),
]

# ---------------------------------------------------------------------------
# Partners
# ---------------------------------------------------------------------------
# (id, name, sector, community key or "", capacity or None, source, alias, note)
PARTNERS = [
    # named in the article
    ("p-court-shenbei", "沈北新区人民法院", "court", "", 10, SEED_, "", "联动建立尹家法庭驻人杰水岸社区巡回审判庭"),
    ("p-court-yinjia", "尹家法庭", "court", "", 6, SEED_, "",
     "沈北新区人民法院派出法庭；巡回审判庭累计法律咨询65次、矛盾调解43件、普法宣传12次、开庭审理案件8件，覆盖道义地区12万人"),
    ("p-police-daoyi", "道义派出所", "police", "", 8, SEED_, "派出所",
     "原文仅称“派出所”，名称为推定；“矛盾纠纷调解联席微信群”“警情通报+社区回访”，治安案件发案率同比下降54%"),
    ("p-chengguan-daoyi", "道义城管中队", "urban_management", "", 6, SEED_, "城管",
     "原文仅称“城管”，名称为推定；施划泊位标线、整合闲置车位，新增3000余个停车位"),
    ("p-hospital-tcm", "沈北新区中医院", "hospital", "", 12, SEED_, "区中医院",
     "利用太阳城社区用房近500平方米打造社区卫生服务中心道义延伸点"),
    ("p-univ-shenshi", "沈阳师范大学", "university", "", None, SEED_, "沈师", "社区幸福教育共建意向"),
    ("p-univ-hangkong", "沈阳航空航天大学", "university", "", None, SEED_, "航院", "高级人才进社区共建意向"),
    ("p-univ-liaochuan", "辽宁传媒学院", "university", "", None, SEED_, "辽传", "校地合作共建意向"),
    ("p-dongdong", "咚咚集团", "community_company", "", 6, SEED_, "",
     "与人杰水岸社区社会公司签订合作协议，补充养老管家、家政保洁、陪诊陪护、辅具租赁、社区团购业态，分润保底"),
    ("p-huishan-qydw", "辉山经开区企业党委", "government", "", None, SEED_, "",
     "街道主动对接，组织8家非公企业党组织与17个社区、村党组织签订共建协议"),
    ("p-zongbu-base", "沈北总部基地", "other", "huafu", None, SEED_, "",
     "总部基地党总支“1+3+N”工程：建立党总支、构建“三联”机制、打造品牌项目；所在社区为推定"),
    ("p-renjie-company", "人杰水岸社区社会公司", "community_company", "renjieshuian", 3, SEED_, "",
     "全市首个社区社会公司，社区居委会独资控股，党建引领下的公司化运营"),
    ("p-lijing-bangbang", "俪景社区独居老人邻里帮帮团", "social_organization", "lijing", 3, SEED_, "",
     "借助楼长熟人优势：药品共享、钥匙托管、环境同维"),
    ("p-yatai-alliance", "亚泰城社区商户联盟", "social_organization", "yataicheng", None, SEED_, "", ""),
    ("p-beiyuan-volunteers", "北苑社区助老志愿服务队", "social_organization", "beiyuan", 4, SEED_, "",
     "“小棉袄”贴心帮办、“小皮鞋”跑腿代办、“小眼镜”上门教办；名称为推定"),
    # owners' committees (red 业委会), each with a party organization
    ("p-oc-renjieshuian", "人杰水岸小区业主委员会", "owners_committee", "renjieshuian", 2, SEED_, "",
     "5362户业主历时3个月依法重组，同步成立业委会党支部；发现整改小区问题2100余处，收回80平方米业主用房"),
    ("p-oc-lvyin", "绿茵湖畔小区业主委员会", "owners_committee", "cuihu", 2, SEED_, "", "红色业委会"),
    ("p-oc-huizhi", "汇置尚郡小区业主委员会", "owners_committee", "jinxiu", None, SYN, "", "红色业委会"),
    ("p-oc-yatai", "亚泰城一期业主委员会", "owners_committee", "yataicheng", 2, SYN, "", "红色业委会"),
    # the 8 non-public enterprises that signed co-building agreements
    ("p-ent-beichen", "沈阳北辰智能装备有限公司", "enterprise", "huafu", 3, SYN, "", "总部基地入驻企业，参与“1+3+N”工程"),
    ("p-ent-puhe", "辽宁蒲河绿色食品有限公司", "enterprise", "xinglong", 3, SYN, "", ""),
    ("p-ent-daokang", "沈阳道康医药连锁有限公司", "enterprise", "lijing", 4, SYN, "", ""),
    ("p-ent-hengxin", "沈阳恒信物流有限公司", "enterprise", "huafu", 2, SYN, "", "总部基地入驻企业，参与“1+3+N”工程"),
    ("p-ent-qihang", "辽宁启航人力资源有限公司", "enterprise", "yataicheng", 4, SYN, "", ""),
    ("p-ent-xinyuan", "沈阳鑫源建材有限公司", "enterprise", "zhangjia", 2, SYN, "", ""),
    ("p-ent-zhiyun", "沈阳智云信息技术有限公司", "enterprise", "huafu", 3, SYN, "", "总部基地入驻企业，参与“1+3+N”工程"),
    ("p-ent-jiahe", "沈阳佳和家政服务有限公司", "enterprise", "mingfa", 3, SYN, "", ""),
    # property companies: the first six have a party branch (red property)
    ("p-pm-huizhi", "沈阳汇置物业服务有限公司", "property_company", "jinxiu", 4, SYN, "", "市级红色物业示范点：汇置尚郡"),
    ("p-pm-renjie", "沈阳人杰物业管理有限公司", "property_company", "renjieshuian", 5, SYN, "", "红色物业，“双向进入、交叉任职”"),
    ("p-pm-anju", "沈北安居物业服务有限公司", "property_company", "beiyuan", 4, SYN, "", "公租房物业"),
    ("p-pm-yangguang", "沈阳阳光城物业服务有限公司", "property_company", "taiyangcheng", 4, SYN, "", ""),
    ("p-pm-yatai", "沈阳亚泰物业服务有限公司", "property_company", "yataicheng", 3, SYN, "", ""),
    ("p-pm-lvyin", "沈阳绿茵物业管理有限公司", "property_company", "cuihu", 4, SYN, "", ""),
    ("p-pm-huating", "沈阳华庭物业服务有限公司", "property_company", "renjieshuian", 3, SYN, "", ""),
    ("p-pm-mingfa", "沈阳明发物业管理有限公司", "property_company", "mingfa", 3, SYN, "", ""),
    ("p-pm-taihu", "沈阳太湖物业服务有限公司", "property_company", "kangcheng", 2, SYN, "", ""),
    ("p-pm-jiayuan", "沈阳家园物业服务有限公司", "property_company", "", None, SYN, "", ""),
    # public services behind the article's 办证难 / 开栓难 / fire-safety work (synthetic)
    ("p-heating-daoyi", "道义供热服务站", "other", "", 10, SYN, "", "供暖开栓"),
    ("p-gov-budongchan", "沈北新区不动产登记中心", "government", "", 5, SYN, "", "房产办证"),
    ("p-fire-daoyi", "道义消防救援站", "government", "", 4, SYN, "", "消防安全、电动车进楼和飞线充电整治"),
    # out-of-area providers: they offer a service but have no agreement, seat or
    # service area in Daoyi, so match(..., in_area_only=True) drops them
    ("p-gov-jiaotong", "沈北新区交通运输局", "government", "", None, SYN, "", "无共建协议、不在辖区内"),
    ("p-gov-shixun", "沈阳市职业技能公共实训基地", "government", "", None, SYN, "", "无共建协议、不在辖区内"),
]

# Party organizations of partners: (id, name, level, parent, unit partner id, source)
PARTNER_PARTY_ORGS = [
    ("po-zongbu", "总部基地党总支", "other", "po-sd-daoyi", "p-zongbu-base", SEED_),
    ("po-oc-renjieshuian", "人杰水岸小区业委会党支部", "owners_committee", "po-c-renjieshuian", "p-oc-renjieshuian", SEED_),
    ("po-oc-lvyin", "绿茵湖畔小区业委会党支部", "owners_committee", "po-c-cuihu", "p-oc-lvyin", SYN),
    ("po-oc-huizhi", "汇置尚郡小区业委会党支部", "owners_committee", "po-c-jinxiu", "p-oc-huizhi", SYN),
    ("po-oc-yatai", "亚泰城一期业委会党支部", "owners_committee", "po-c-yataicheng", "p-oc-yatai", SYN),
    ("po-ent-beichen", "沈阳北辰智能装备有限公司党支部", "enterprise", "po-sd-daoyi", "p-ent-beichen", SYN),
    ("po-ent-puhe", "辽宁蒲河绿色食品有限公司党支部", "enterprise", "po-sd-daoyi", "p-ent-puhe", SYN),
    ("po-ent-daokang", "沈阳道康医药连锁有限公司党支部", "enterprise", "po-sd-daoyi", "p-ent-daokang", SYN),
    ("po-ent-hengxin", "沈阳恒信物流有限公司党支部", "enterprise", "po-sd-daoyi", "p-ent-hengxin", SYN),
    ("po-ent-qihang", "辽宁启航人力资源有限公司党支部", "enterprise", "po-sd-daoyi", "p-ent-qihang", SYN),
    ("po-ent-xinyuan", "沈阳鑫源建材有限公司党支部", "enterprise", "po-sd-daoyi", "p-ent-xinyuan", SYN),
    ("po-ent-zhiyun", "沈阳智云信息技术有限公司党支部", "enterprise", "po-sd-daoyi", "p-ent-zhiyun", SYN),
    ("po-ent-jiahe", "沈阳佳和家政服务有限公司党支部", "enterprise", "po-sd-daoyi", "p-ent-jiahe", SYN),
    ("po-pm-huizhi", "沈阳汇置物业服务有限公司党支部", "property", "po-c-jinxiu", "p-pm-huizhi", SYN),
    ("po-pm-renjie", "沈阳人杰物业管理有限公司党支部", "property", "po-c-renjieshuian", "p-pm-renjie", SYN),
    ("po-pm-anju", "沈北安居物业服务有限公司党支部", "property", "po-c-beiyuan", "p-pm-anju", SYN),
    ("po-pm-yangguang", "沈阳阳光城物业服务有限公司党支部", "property", "po-c-taiyangcheng", "p-pm-yangguang", SYN),
    ("po-pm-yatai", "沈阳亚泰物业服务有限公司党支部", "property", "po-c-yataicheng", "p-pm-yatai", SYN),
    ("po-pm-lvyin", "沈阳绿茵物业管理有限公司党支部", "property", "po-c-cuihu", "p-pm-lvyin", SYN),
]

# MANAGES: property company -> estate keys
MANAGES = [
    ("p-pm-huizhi", ["huizhi-shangjun", "huafu-tiandi"]),
    ("p-pm-renjie", ["renjieshuian"]),
    ("p-pm-anju", ["beiyuan-gzf"]),
    ("p-pm-yangguang", ["taiyangcheng-1", "taiyangcheng-2", "mingzhu-huayuan"]),
    ("p-pm-yatai", ["yataicheng-1", "yataicheng-2"]),
    ("p-pm-lvyin", ["lvyin-hupan", "lijingwan", "liwan-guoji"]),
    ("p-pm-huating", ["shuian-huating", "jinxiu-huating", "cuihu-shanzhuang"]),
    ("p-pm-mingfa", ["mingfa-guangchang", "mingfa-jinyuan", "mingzhu-jiayuan"]),
    ("p-pm-taihu", ["taihu-guoji", "kangcheng-jiayuan"]),
    ("p-pm-jiayuan", ["beiyuan-jiayuan", "huafu-xincheng", "xuefu-mingyuan", "lijing-jiayuan"]),
]

# OFFERS: provider -> [(category, note)]
RED_PM_OFFERS = [("parking", ""), ("waste_sorting", ""), ("environment_renovation", ""),
                 ("public_facilities", ""), ("fire_safety", "消防通道清理")]
PLAIN_PM_OFFERS = [("parking", ""), ("public_facilities", "")]
OFFERS = {
    "p-court-shenbei": [("trial", ""), ("legal_consultation", ""), ("mediation", "诉调对接")],
    "p-court-yinjia": [("trial", "巡回审判"), ("legal_consultation", ""), ("mediation", ""),
                       ("legal_publicity", "普法宣教共建")],
    "p-police-daoyi": [("police_liaison", "警情通报+社区回访"), ("mediation", "矛盾纠纷调解联席微信群")],
    "p-chengguan-daoyi": [("parking", "施划泊位标线、整合闲置车位"), ("environment_renovation", "")],
    "p-hospital-tcm": [("medical", ""), ("tcm", "中西医结合"), ("family_doctor", "家庭医生签约"),
                       ("chronic_care", "一二级共诊")],
    "p-univ-shenshi": [("happiness_education", "社区幸福教育"), ("youth_activities", ""), ("talent", "")],
    "p-univ-hangkong": [("talent", "高级人才进社区"), ("youth_activities", "")],
    "p-univ-liaochuan": [("happiness_education", ""), ("youth_activities", ""),
                         ("enterprise_promotion", "传媒专业志愿服务")],
    "p-dongdong": [("elderly_steward", "养老管家"), ("housekeeping", "家政保洁"), ("escort", "陪诊陪护"),
                   ("assistive_devices", "辅具租赁"), ("group_buying", "社区团购")],
    "p-huishan-qydw": [("enterprise_promotion", "社区为企业“免费代言”、企业宣传角"), ("talent", "帮助企业引才")],
    "p-zongbu-base": [("enterprise_promotion", "“党建朋友圈”"), ("community_economy", "")],
    "p-renjie-company": [("community_economy", "公司化运营、社区合伙人")],
    "p-lijing-bangbang": [("home_care", "药品共享、钥匙托管")],
    "p-yatai-alliance": [("group_buying", ""), ("community_economy", "")],
    "p-beiyuan-volunteers": [("home_care", "帮办、代办、上门教办")],
    "p-oc-renjieshuian": [("public_facilities", "监督整改"), ("fire_safety", "消防通道占用整改监督")],
    "p-oc-lvyin": [("public_facilities", "监督整改")],
    "p-oc-huizhi": [("public_facilities", "监督整改")],
    "p-oc-yatai": [("public_facilities", "监督整改")],
    "p-ent-beichen": [("job_placement", "面向居民招聘"), ("enterprise_promotion", "")],
    "p-ent-puhe": [("elderly_meals", "捐赠食材、助餐配送")],
    "p-ent-daokang": [("chronic_care", "慢病用药配送")],
    "p-ent-hengxin": [("group_buying", "社区团购配送")],
    "p-ent-qihang": [("job_placement", "就业岗位推介"), ("talent", "")],
    "p-ent-xinyuan": [("public_facilities", "捐赠建材"), ("environment_renovation", "")],
    "p-ent-zhiyun": [("ebike_charging", "捐建智能充电桩"), ("police_liaison", "智慧安防")],
    "p-ent-jiahe": [("housekeeping", ""), ("home_care", "")],
    "p-heating-daoyi": [("heating", "")],
    "p-gov-budongchan": [("property_certificate", "")],
    "p-fire-daoyi": [("fire_safety", ""), ("ebike_charging", "电动车进楼、飞线充电整治")],
    "p-gov-jiaotong": [("transport", "公交线路调整")],
    "p-gov-shixun": [("skills_training", "职业技能培训")],
}
for _pm, _estates in MANAGES:
    OFFERS[_pm] = RED_PM_OFFERS if any(po[4] == _pm for po in PARTNER_PARTY_ORGS) else PLAIN_PM_OFFERS

# CO_BUILDS: (partner, community key, since, projects)
ENT_PROJECTS = "企业宣传角;社区免费代言;帮助企业引才;捐赠支持社区建设"
CO_BUILDS = [
    ("p-ent-beichen", "huafu", "2023-05-18", ENT_PROJECTS),
    ("p-ent-beichen", "daoyi", "2023-05-18", ENT_PROJECTS),
    ("p-ent-beichen", "qianjin", "2023-05-18", "村企结对;就业岗位推介"),
    ("p-ent-puhe", "puhe", "2023-05-18", ENT_PROJECTS + ";助餐食材捐赠"),
    ("p-ent-puhe", "yiyuan", "2023-05-18", "助餐食材捐赠;企业宣传角"),
    ("p-ent-puhe", "xinglong", "2023-05-18", "村企结对;农产品销售"),
    ("p-ent-daokang", "beiyuan", "2023-05-18", "慢病用药配送;企业宣传角"),
    ("p-ent-daokang", "lijing", "2023-05-18", "慢病用药配送;独居老人关爱"),
    ("p-ent-daokang", "liwan", "2023-05-18", ENT_PROJECTS),
    ("p-ent-hengxin", "huafu", "2023-05-18", "社区团购配送;企业宣传角"),
    ("p-ent-hengxin", "jinxiu", "2023-05-18", "社区团购配送"),
    ("p-ent-hengxin", "dongsheng", "2023-05-18", "村企结对;农产品物流"),
    ("p-ent-qihang", "beiyuan", "2023-05-18", "舒心就业岛;就业岗位推介"),
    ("p-ent-qihang", "yataicheng", "2023-05-18", ENT_PROJECTS),
    ("p-ent-qihang", "hongqi", "2023-05-18", "村企结对;就业岗位推介"),
    ("p-ent-xinyuan", "kangcheng", "2023-05-18", "小区环境改造建材捐赠"),
    ("p-ent-xinyuan", "zhangjia", "2023-05-18", "村企结对;村道修缮"),
    ("p-ent-xinyuan", "puhe", "2023-05-18", "老旧小区改造建材捐赠"),
    ("p-ent-zhiyun", "jinxiu", "2023-05-18", "智能充电桩捐建;智慧安防"),
    ("p-ent-zhiyun", "cuihu", "2023-05-18", "智能充电桩捐建"),
    ("p-ent-zhiyun", "yataicheng", "2023-05-18", "智慧安防;企业宣传角"),
    ("p-ent-jiahe", "mingfa", "2023-05-18", "家政服务进社区;企业宣传角"),
    ("p-ent-jiahe", "lijing", "2023-05-18", "独居老人上门保洁"),
    ("p-ent-jiahe", "liwan", "2023-05-18", ENT_PROJECTS),
    ("p-court-shenbei", "renjieshuian", "2023-04-20", "尹家法庭巡回审判庭;司法服务共联;纠纷多元共解"),
    ("p-court-yinjia", "renjieshuian", "2023-04-20", "巡回审判庭;法律咨询;矛盾调解;普法宣传"),
    ("p-police-daoyi", "beiyuan", "2022-09-01", "片警常驻;警情通报+社区回访"),
    ("p-hospital-tcm", "taiyangcheng", "2023-09-12", "社区卫生服务中心道义延伸点;家庭医生签约;中西医结合诊疗"),
    ("p-univ-shenshi", "xuefu", "2024-03-08", "社区幸福教育;大学生志愿服务"),
    ("p-univ-shenshi", "mingzhu", "2024-03-08", "社区幸福教育"),
    ("p-univ-hangkong", "xuefu", "2024-04-11", "高级人才进社区;青少年科普"),
    ("p-univ-hangkong", "taiyangcheng", "2024-04-11", "高级人才进社区"),
    ("p-univ-liaochuan", "yataicheng", "2024-04-25", "青少年媒体素养课堂"),
    ("p-univ-liaochuan", "mingzhu", "2024-04-25", "社区幸福教育;社区宣传"),
    ("p-dongdong", "renjieshuian", "2024-01-15", "养老管家;家政保洁;陪诊陪护;辅具租赁;社区团购"),
]
SERVES = [
    ("p-court-shenbei", "sd-daoyi"), ("p-court-yinjia", "sd-daoyi"), ("p-police-daoyi", "sd-daoyi"),
    ("p-chengguan-daoyi", "sd-daoyi"), ("p-hospital-tcm", "sd-daoyi"), ("p-huishan-qydw", "sd-daoyi"),
    ("p-heating-daoyi", "sd-daoyi"), ("p-gov-budongchan", "sd-daoyi"), ("p-fire-daoyi", "sd-daoyi"),
    ("p-dongdong", "c-beiyuan"), ("p-dongdong", "c-taiyangcheng"), ("p-dongdong", "c-lijing"),
    ("p-pm-jiayuan", "c-beiyuan"), ("p-pm-jiayuan", "c-huafu"), ("p-pm-jiayuan", "c-xuefu"),
    ("p-pm-jiayuan", "c-lijing"),
]

# Links the article itself states (origin=seed); every other link is synthetic,
# including the dates and project lists on seed CO_BUILDS rows.
SEED_LINKS = {
    ("CO_BUILDS", "p-court-shenbei", "renjieshuian"), ("CO_BUILDS", "p-court-yinjia", "renjieshuian"),
    ("CO_BUILDS", "p-police-daoyi", "beiyuan"), ("CO_BUILDS", "p-hospital-tcm", "taiyangcheng"),
    ("CO_BUILDS", "p-dongdong", "renjieshuian"),
    ("SERVES", "p-court-yinjia", "sd-daoyi"), ("SERVES", "p-police-daoyi", "sd-daoyi"),
    ("SERVES", "p-hospital-tcm", "sd-daoyi"), ("SERVES", "p-chengguan-daoyi", "sd-daoyi"),
    *(("OFFERS", "p-court-shenbei", k) for k in ("trial", "legal_consultation", "mediation")),
    *(("OFFERS", "p-court-yinjia", k) for k in ("trial", "legal_consultation", "mediation", "legal_publicity")),
    ("OFFERS", "p-police-daoyi", "police_liaison"), ("OFFERS", "p-police-daoyi", "mediation"),
    ("OFFERS", "p-chengguan-daoyi", "parking"),
    *(("OFFERS", "p-hospital-tcm", k) for k in ("medical", "tcm", "family_doctor", "chronic_care")),
    ("OFFERS", "p-univ-shenshi", "happiness_education"), ("OFFERS", "p-univ-shenshi", "talent"),
    ("OFFERS", "p-univ-hangkong", "talent"), ("OFFERS", "p-univ-liaochuan", "happiness_education"),
    *(("OFFERS", "p-dongdong", k) for k in ("elderly_steward", "housekeeping", "escort", "assistive_devices",
                                            "group_buying")),
    ("OFFERS", "p-huishan-qydw", "enterprise_promotion"), ("OFFERS", "p-huishan-qydw", "talent"),
    ("OFFERS", "p-renjie-company", "community_economy"), ("OFFERS", "p-lijing-bangbang", "home_care"),
    ("OFFERS", "p-beiyuan-volunteers", "home_care"),
    ("OFFERS", "p-oc-renjieshuian", "public_facilities"), ("OFFERS", "p-oc-renjieshuian", "fire_safety"),
    ("OFFERS", "f-canteen-taiyangcheng", "elderly_meals"),
    *(("OFFERS", "f-hs-beiyuan", k) for k in ("medical", "family_doctor", "tcm")),
    *(("OFFERS", "f-hc-taiyangcheng", k) for k in ("tcm", "family_doctor", "chronic_care")),
    ("OFFERS", "f-mpc-yataicheng", "child_protection"),
    *(("OFFERS", "f-court-renjieshuian", k) for k in ("trial", "legal_consultation", "mediation", "legal_publicity")),
}


def link_origin(rtype: str, source: str, target: str) -> str:
    return SEED_ if (rtype, source, target) in SEED_LINKS else SYN


# ---------------------------------------------------------------------------
# Facilities: (id, name, type, community, operator, area_m2, source, offers, note)
# ---------------------------------------------------------------------------
SERVICE_CENTERS = [  # (community, offers) -- which 12 communities have one is synthetic
    ("beiyuan", ["mediation", "home_care", "job_placement", "happiness_education", "enterprise_promotion"]),
    ("renjieshuian", ["mediation", "happiness_education", "enterprise_promotion"]),
    ("taiyangcheng", ["happiness_education", "mediation"]),
    ("mingzhu", ["happiness_education", "mediation"]),
    ("mingfa", ["mediation", "enterprise_promotion"]),
    ("yataicheng", ["job_placement", "enterprise_promotion", "mediation"]),
    ("lijing", ["mediation", "happiness_education", "enterprise_promotion"]),
    ("jinxiu", ["mediation", "enterprise_promotion"]),
    ("cuihu", ["mediation", "happiness_education", "enterprise_promotion"]),
    ("huafu", ["job_placement", "enterprise_promotion", "mediation"]),
    ("xuefu", ["happiness_education", "mediation"]),
    ("daoyi", ["mediation", "job_placement", "enterprise_promotion"]),
]
SERVICE_STATIONS = [  # (community, estate name for the station's name)
    ("renjieshuian", "人杰水岸"), ("kangcheng", "太湖国际花园"), ("liwan", "丽湾国际"),
    ("qianjin", "前进回迁楼"), ("dongsheng", "东升家园"),
]
FACILITIES_FIXED = [
    ("f-canteen-taiyangcheng", "太阳城社区食堂", "canteen", "taiyangcheng", "", None, SEED_, ["elderly_meals"],
     "特需配餐、上门送餐，最低11元解决一日三餐"),
    ("f-canteen-beiyuan", "北苑社区食堂", "canteen", "beiyuan", "", None, SYN, ["elderly_meals"], "助餐助行"),
    ("f-canteen-lijing", "俪景社区长者食堂", "canteen", "lijing", "p-dongdong", None, SYN, ["elderly_meals"], ""),
    ("f-canteen-puhe", "蒲河社区老年食堂", "canteen", "puhe", "", None, SYN, ["elderly_meals"], ""),
    ("f-studio-renjieshuian", "人杰水岸社区书记工作室", "secretary_studio", "renjieshuian", "", None, SEED_, [],
     "治理大讲堂、圆桌π沙龙"),
    ("f-studio-beiyuan", "北苑社区书记工作室", "secretary_studio", "beiyuan", "", None, SEED_, [], ""),
    ("f-studio-taiyangcheng", "太阳城社区书记工作室", "secretary_studio", "taiyangcheng", "", None, SEED_, [], ""),
    ("f-hs-beiyuan", "北苑社区卫生服务站", "health_station", "beiyuan", "", None, SEED_,
     ["medical", "family_doctor", "tcm"], "开通市级医保，“全科+中医”诊疗，家庭医生上门"),
    ("f-hc-taiyangcheng", "沈北新区中医院社区卫生服务中心道义延伸点", "health_center", "taiyangcheng",
     "p-hospital-tcm", 500, SEED_, ["tcm", "family_doctor", "chronic_care"],
     "利用太阳城社区用房；中西医结合、一二级共诊、家庭医生签约"),
    ("f-mpc-yataicheng", "亚泰城社区未成年人保护中心", "minor_protection_center", "yataicheng", "", None, SEED_,
     ["child_protection", "youth_activities"], "家长亲子教育、儿童风险评估、家庭风险危机干预"),
    ("f-court-renjieshuian", "尹家法庭驻人杰水岸社区巡回审判庭", "circuit_court", "renjieshuian",
     "p-court-yinjia", None, SEED_, ["trial", "legal_consultation", "mediation", "legal_publicity"],
     "法律咨询65次、矛盾调解43件、普法宣传12次、开庭审理8件"),
    ("f-parlor-mingzhu", "明珠社区邻里会客厅", "parlor", "mingzhu", "", None, SEED_, ["mediation"], ""),
    ("f-parlor-mingfa", "明发社区睦邻议事亭", "parlor", "mingfa", "", None, SEED_, ["mediation"], ""),
    ("f-tea-renjieshuian", "人杰说社情茶社", "tea_house", "renjieshuian", "", None, SEED_, [],
     "社情茶社累计开展25次、推进解决小区治理等问题47个（各茶社合计）"),
    ("f-tea-fanglin", "芳邻茶社", "tea_house", "lijing", "", None, SEED_, [], "所在社区为推定"),
    ("f-tea-nuanyang", "暖阳茶社", "tea_house", "taiyangcheng", "", None, SEED_, [], "所在社区为推定"),
]

# ---------------------------------------------------------------------------
# Needs named by the article (origin=seed)
# (id, name, community, category, status, households, channel, reported, resolved_by, note)
# ---------------------------------------------------------------------------
SEED_NEEDS = [
    ("n-beiyuan-transport", "北苑社区居民出行难", "beiyuan", "transport", "resolved", 620, "survey", "2023-03-06",
     "p-gov-jiaotong", "公交线路调整；解决方为推定"),
    ("n-beiyuan-meals", "北苑社区老年人吃饭难", "beiyuan", "elderly_meals", "resolved", 430, "survey", "2023-03-06",
     "f-canteen-beiyuan", ""),
    ("n-beiyuan-medical", "北苑社区居民看病难", "beiyuan", "medical", "resolved", 900, "survey", "2023-03-06",
     "f-hs-beiyuan", "建设北苑社区卫生服务站"),
    ("n-beiyuan-jobs", "北苑社区居民就业难", "beiyuan", "job_placement", "resolved", 260, "survey", "2023-03-06",
     "f-sc-beiyuan", "舒心就业岛"),
    ("n-daoyi-certificates", "道义南苑回迁房办证难", "daoyi", "property_certificate", "resolved", 380,
     "hotline_12345", "2023-04-12", "p-gov-budongchan", "所在社区为推定"),
    ("n-huafu-heating", "华府新城供暖开栓难", "huafu", "heating", "resolved", 210, "hotline_12345", "2023-10-28",
     "p-heating-daoyi", "所在社区为推定"),
    ("n-taiyangcheng-meals", "太阳城社区老年人就餐难", "taiyangcheng", "elderly_meals", "resolved", 350, "survey",
     "2023-05-15", "f-canteen-taiyangcheng", "高龄、空巢、失能老人特需配餐、上门送餐"),
    ("n-kangcheng-parking", "太湖国际花园周边停车难", "kangcheng", "parking", "resolved", 1200, "hotline_12345",
     "2023-06-02", "p-chengguan-daoyi", "新增停车位"),
    ("n-renjieshuian-parking", "人杰水岸小区周边停车难", "renjieshuian", "parking", "resolved", 1800, "tea_house",
     "2023-06-09", "p-chengguan-daoyi", "新增停车位"),
    ("n-renjieshuian-fire", "人杰水岸小区消防通道占用", "renjieshuian", "fire_safety", "resolved", 400, "grid_patrol",
     "2023-08-21", "p-pm-renjie", "红色业委会监督、红色物业整改"),
    ("n-renjieshuian-waste", "人杰水岸小区垃圾清运不及时", "renjieshuian", "waste_sorting", "resolved", 700,
     "tea_house", "2023-07-19", "p-pm-renjie", ""),
    ("n-beiyuan-ebike", "北苑公租房电动车进楼", "beiyuan", "ebike_charging", "in_progress", 300, "grid_patrol",
     "2024-05-20", "p-fire-daoyi", "兼职网格员排查"),
    ("n-yiyuan-flying-line", "怡园回迁小区飞线充电", "yiyuan", "ebike_charging", "open", 150, "grid_patrol",
     "2024-07-08", "", "兼职网格员排查"),
    ("n-puhe-fire", "蒲河新村楼道杂物堆放消防隐患", "puhe", "fire_safety", "in_progress", 180, "grid_patrol",
     "2024-06-14", "p-fire-daoyi", ""),
]
# Open needs whose category no in-area provider offers (a true gap).
UNRESOLVABLE_NEEDS = [
    ("n-hongqi-bus", "红旗村村民进城公交班次少", "hongqi", "transport", 260, "survey", "2024-04-02"),
    ("n-lijiatai-bus", "李家台村至街道便民服务大厅无直达公交", "lijiatai", "transport", 180, "hotline_12345",
     "2024-06-18"),
    ("n-wangjiatun-skills", "王家屯村失地农民技能培训", "wangjiatun", "skills_training", 90, "survey", "2024-03-21"),
    ("n-yiyuan-skills", "怡园回迁居民职业技能培训", "yiyuan", "skills_training", 70, "tea_house", "2024-07-25"),
]

# Synthetic need templates: category -> issue names ("{place}" is an estate or community name)
NEED_TEMPLATES = {
    "elderly_meals": ["高龄老人上门送餐", "助餐点就餐排队时间长"],
    "home_care": ["独居老人日常照料", "失能老人居家照护"],
    "escort": ["老年人就医陪诊"],
    "assistive_devices": ["轮椅等辅具短期租赁"],
    "elderly_steward": ["空巢老人养老管家服务"],
    "family_doctor": ["家庭医生签约上门"],
    "tcm": ["中医理疗就近服务"],
    "chronic_care": ["慢病患者用药管理"],
    "mediation": ["楼上楼下漏水纠纷", "邻里噪音纠纷", "业主与物业服务费纠纷"],
    "legal_consultation": ["居民劳动合同纠纷法律咨询"],
    "legal_publicity": ["防范养老诈骗普法宣传"],
    "police_liaison": ["夜间小区周边治安巡逻"],
    "job_placement": ["失业人员再就业帮扶", "高校毕业生就业见习岗位"],
    "happiness_education": ["老年人智能手机使用课堂"],
    "youth_activities": ["暑期青少年托管活动"],
    "child_protection": ["困境儿童关爱"],
    "housekeeping": ["家政保洁服务"],
    "group_buying": ["生鲜社区团购配送"],
    "parking": ["停车位不足", "非机动车乱停乱放"],
    "heating": ["暖气不热", "供暖开栓延迟"],
    "waste_sorting": ["垃圾分类投放点设置"],
    "environment_renovation": ["绿化带整治", "老旧楼院环境改造"],
    "public_facilities": ["单元门禁损坏", "路灯损坏", "电梯故障"],
    "fire_safety": ["消防通道占用", "楼道杂物堆放"],
    "ebike_charging": ["飞线充电", "电动车充电桩不足"],
    "enterprise_promotion": ["商户经营推广"],
}
FOCUS_CATEGORIES = {
    "elderly": ["elderly_meals", "home_care", "escort", "assistive_devices", "elderly_steward", "family_doctor",
                "tcm", "chronic_care"],
    "youth": ["youth_activities", "child_protection", "happiness_education", "job_placement"],
    "migrant": ["job_placement", "mediation", "police_liaison", "legal_consultation"],
    "mixed": ["mediation", "housekeeping", "group_buying", "legal_publicity"],
}
# Issue names for a village's own houses (no estate, no property company).
VILLAGE_TEMPLATES = {
    "environment_renovation": ["村屯环境整治", "村内边沟清淤"],
    "public_facilities": ["村内路灯损坏", "村道破损修缮"],
    "mediation": ["宅基地边界纠纷", "邻里纠纷"],
    "fire_safety": ["柴草堆放消防隐患"],
    "elderly_meals": ["高龄老人助餐"],
}
OWNERS_COMMITTEE_ESTATE = {"p-oc-renjieshuian": "renjieshuian", "p-oc-lvyin": "lvyin-hupan",
                           "p-oc-huizhi": "huizhi-shangjun", "p-oc-yatai": "yataicheng-1"}
COMMON_CATEGORIES = ["parking", "heating", "waste_sorting", "environment_renovation", "public_facilities",
                     "fire_safety", "ebike_charging", "mediation"]

# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------
SURNAMES = ("王王王李李李张张张刘刘刘赵赵孙孙于于杨杨高高陈郭马徐林周吴朱胡何罗郑梁谢宋唐韩冯邓曹彭曾肖田董"
            "袁潘蒋蔡杜程苏魏吕丁任沈姚卢姜崔谭陆范金石贾付白孟秦邱尹薛闫段侯史关常佟隋鲍谷")
GIVEN = ("秀兰 桂芝 淑珍 玉梅 凤英 丽华 春梅 艳 静 敏 丹 颖 雪 莉 红 娟 霞 波 军 伟 强 磊 勇 涛 斌 刚 鹏 辉 亮 明 "
         "志强 建国 国庆 德胜 长江 海军 宏伟 振华 立新 永刚 文 博 浩 宇 晨 欣 悦 佳 楠 旭 婷 宁 昊 一鸣 子涵 "
         "晓燕 玉兰 桂英 淑芬 俊峰 卫东 春生 福林 金凤 秀云 忠 成 凯 帅 鑫 阳 琳 爽 丽 萍").split()

CN_DIGITS = "零一二三四五六七八九"


def cn_num(n: int) -> str:
    """1..99 in Chinese numerals (一, 十二, 二十三)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


class Names:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)


def rand_date(rng: random.Random, start: dt.date, end: dt.date) -> str:
    return (start + dt.timedelta(days=rng.randint(0, (end - start).days))).isoformat()


def scale_to_total(values: list[int], total: int, floor: int = 1) -> list[int]:
    """Scale positive ints proportionally so they sum to ``total`` exactly."""
    s = sum(values)
    scaled = [max(floor, v * total // s) for v in values]
    i = 0
    while sum(scaled) != total:
        step = 1 if sum(scaled) < total else -1
        if scaled[i % len(scaled)] + step >= floor:
            scaled[i % len(scaled)] += step
        i += 1
    return scaled


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------
def build() -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    rng = random.Random(SEED)
    names = Names(rng)
    nodes: dict[str, list[dict]] = {k: [] for k in (
        "Subdistrict", "Community", "Estate", "Grid", "Building", "PartyOrg", "Household", "Person",
        "Partner", "Facility", "Need")}
    rels: dict[str, list[dict]] = {k: [] for k in (
        "COVERS", "SECRETARY_OF", "BUILDING_HEAD_OF", "GRID_WORKER_OF", "MENTORS", "CO_BUILDS", "OFFERS",
        "SERVES", "MANAGES")}

    comm = {c.key: c for c in COMMUNITIES}
    cid = {k: f"c-{k}" for k in comm}
    short = {k: c[1].removesuffix("社区") for k, c in comm.items()}

    # ---- grids and buildings ------------------------------------------------
    grids: list[dict] = []          # {id, name, community key, estate key or None, index}
    for c in COMMUNITIES:
        key = c.key
        plan: list[str | None] = []
        for ekey, _ename, _cat, eg, _src in c.estates:
            plan += [ekey] * eg
        plan += [None] * (c.grids - len(plan))
        assert len(plan) == c.grids, key
        for i, ekey in enumerate(plan, 1):
            grids.append({"id": f"g-{key}-{i:02d}", "name": f"{short[key]}第{cn_num(i)}网格",
                          "community": key, "estate": ekey, "index": i, "village": c.type == "village"})
    assert len(grids) == 182, len(grids)

    counts = [rng.randint(5, 8) if g["village"] else rng.randint(9, 16) for g in grids]
    urban_idx = [i for i, g in enumerate(grids) if not g["village"]]
    while sum(counts) != 2169:
        i = rng.choice(urban_idx)
        if sum(counts) < 2169 and counts[i] < 18:
            counts[i] += 1
        elif sum(counts) > 2169 and counts[i] > 8:
            counts[i] -= 1

    estate_info = {e[0]: (e[1], e[2], e[4], c.key) for c in COMMUNITIES for e in c.estates}
    hh_range = {"public_rental": (30, 60), "commercial": (12, 36), "resettlement": (16, 36), "mixed": (10, 28)}
    buildings: list[dict] = []
    estate_counter: dict[str, int] = {}
    loose_counter: dict[str, int] = {}
    for g, n in zip(grids, counts):
        key = g["community"]
        prefix = comm[key].prefix
        for j in range(1, n + 1):
            ekey = g["estate"]
            if ekey:
                estate_counter[ekey] = estate_counter.get(ekey, 0) + 1
                bname = f"{estate_info[ekey][0]}{estate_counter[ekey]}号楼"
                lo, hi = hh_range[estate_info[ekey][1]]
            elif g["village"]:
                bname = f"{prefix}{cn_num(g['index'])}组第{j}排"
                lo, hi = 8, 24
            else:
                loose_counter[key] = loose_counter.get(key, 0) + 1
                bname = f"{prefix}{loose_counter[key]}号楼"
                lo, hi = 10, 24
            buildings.append({"id": f"b-{key}-{g['index']:02d}-{j:03d}", "name": bname, "grid": g["id"],
                              "estate": f"e-{ekey}" if ekey else "", "households": rng.randint(lo, hi),
                              "community": key, "_ekey": ekey})
    # 人杰水岸 has 5,362 households (article)
    rj = [b for b in buildings if b["_ekey"] == "renjieshuian"]
    for b, h in zip(rj, scale_to_total([b["households"] for b in rj], 5362, floor=8)):
        b["households"] = h
    assert len(buildings) == 2169

    # ---- subdistrict, communities, estates --------------------------------------
    nodes["Subdistrict"].append({"id": "sd-daoyi", "name": "道义街道", "area_km2": "38.05", "population": 120000,
                                 "party_members": 1703, "source": SEED_, "note": "辽宁省沈阳市沈北新区"})
    hh_by_comm: dict[str, int] = {}
    hh_by_estate: dict[str, int] = {}
    for b in buildings:
        hh_by_comm[b["community"]] = hh_by_comm.get(b["community"], 0) + b["households"]
        if b["_ekey"]:
            hh_by_estate[b["_ekey"]] = hh_by_estate.get(b["_ekey"], 0) + b["households"]
    for c in COMMUNITIES:
        nodes["Community"].append({
            "id": cid[c.key], "name": c.name, "type": c.type, "subdistrict": "sd-daoyi",
            "households": hh_by_comm[c.key], "estate_category": c.estate_category, "service_focus": c.service_focus,
            "governance_strength": c.governance_strength, "source": c.source, "note": COMMUNITY_NOTES.get(c.key, "")})
    for c in COMMUNITIES:
        for ekey, ename, ecat, _eg, esrc in c.estates:
            nodes["Estate"].append({"id": f"e-{ekey}", "name": ename, "community": cid[c.key],
                                    "households": hh_by_estate[ekey], "category": ecat, "source": esrc})
    for g in grids:
        nodes["Grid"].append({"id": g["id"], "name": g["name"], "community": cid[g["community"]], "source": SYN})
    for b in buildings:
        nodes["Building"].append({k: b[k] for k in ("id", "name", "grid", "estate", "households")} | {"source": SYN})

    # ---- party organizations -----------------------------------------------------
    porgs = nodes["PartyOrg"]
    porgs.append({"id": "po-sd-daoyi", "name": "道义街道党工委", "level": "subdistrict_committee", "parent": "",
                  "unit": "sd-daoyi", "source": SEED_})
    for c in COMMUNITIES:
        suffix = "党委" if c.type == "urban" else "党总支"
        porgs.append({"id": f"po-{cid[c.key]}", "name": f"{c.name}{suffix}", "level": "community",
                      "parent": "po-sd-daoyi", "unit": cid[c.key], "source": c.source})
    grids_of = {k: [g for g in grids if g["community"] == k] for k in comm}
    bldgs_of_grid: dict[str, list[dict]] = {}
    for b in buildings:
        bldgs_of_grid.setdefault(b["grid"], []).append(b)
    branches: list[dict] = []
    for c in COMMUNITIES:
        key, name, n_branches = c.key, c.name, c.grid_branches
        covered = grids_of[key][: len(grids_of[key]) - c.uncovered_grids]
        per = [len(covered) // n_branches + (1 if i < len(covered) % n_branches else 0) for i in range(n_branches)]
        pos = 0
        for i, k in enumerate(per, 1):
            br = {"id": f"po-gb-{key}-{i:02d}", "name": f"{name}网格第{cn_num(i)}党支部", "level": "grid_branch",
                  "parent": f"po-{cid[key]}", "unit": "", "source": SYN, "_grids": covered[pos:pos + k]}
            pos += k
            branches.append(br)
    assert len(branches) == 58, len(branches)
    for br in branches:
        porgs.append({k: v for k, v in br.items() if not k.startswith("_")})
        for g in br["_grids"]:
            rels["COVERS"].append({"source": br["id"], "target": g["id"], "origin": SYN})

    # 87 building groups: every branch has one, 29 branches (with enough grids) a second
    two = sorted(rng.sample([b["id"] for b in branches if len(b["_grids"]) >= 2], 29))
    groups: list[dict] = []
    for br in branches:
        n = 2 if br["id"] in two else 1
        for i in range(n):
            g = br["_grids"][i]
            pool = bldgs_of_grid[g["id"]]
            k = min(len(pool), rng.randint(3, 7))
            start = rng.randint(0, len(pool) - k)
            cov = pool[start:start + k]
            gname = next(x["name"] for x in grids if x["id"] == g["id"])
            groups.append({"id": f"po-bg-{g['id'][2:]}", "name": f"{gname}楼栋党小组", "level": "building_group",
                           "parent": br["id"], "unit": "", "source": SYN, "_buildings": cov})
    assert len(groups) == 87, len(groups)
    for grp in groups:
        porgs.append({k: v for k, v in grp.items() if not k.startswith("_")})
        for b in grp["_buildings"]:
            rels["COVERS"].append({"source": grp["id"], "target": b["id"], "origin": SYN})
    for po in PARTNER_PARTY_ORGS:
        porgs.append({"id": po[0], "name": po[1], "level": po[2], "parent": po[3], "unit": po[4], "source": po[5]})

    # ---- party-member households (165) -----------------------------------------
    per_group = [1] * len(groups)
    while sum(per_group) < 165:
        i = rng.randrange(len(groups))
        if per_group[i] < 4:
            per_group[i] += 1
    households: list[dict] = []
    for grp, n in zip(groups, per_group):
        for _ in range(n):
            b = rng.choice(grp["_buildings"])
            person = names.person()
            households.append({"id": f"h-{len(households) + 1:03d}", "name": f"{person}党员中心户", "building": b["id"],
                               "party_group": grp["id"], "linked_households": rng.randint(5, 15),
                               "source": SYN, "_person": person, "_grid": b["grid"]})
    nodes["Household"] = [{k: v for k, v in h.items() if not k.startswith("_")} for h in households]

    # ---- persons: secretaries and mentors ---------------------------------------
    persons = nodes["Person"]
    for key in comm:
        pname, years, rating, strengths = SECRETARIES[key]
        pid = f"ps-sec-{key}"
        persons.append({"id": pid, "name": pname, "years_as_secretary": years, "rating": rating,
                        "strengths": strengths, "source": SYN})
        since = ARTICLE_DATE.replace(year=ARTICLE_DATE.year - years) - dt.timedelta(days=rng.randint(30, 300))
        rels["SECRETARY_OF"].append({"source": pid, "target": f"po-{cid[key]}", "since": since.isoformat(),
                                     "origin": SYN})
    for mentor, mentee, since in MENTOR_PAIRS:
        assert SECRETARIES[mentor][1] - SECRETARIES[mentee][1] >= 2, (mentor, mentee)
        rels["MENTORS"].append({"source": f"ps-sec-{mentor}", "target": f"ps-sec-{mentee}", "since": since,
                                "origin": SYN})

    # ---- grid workers: 210 full-time, some part-time ---------------------------
    no_fulltime = {"g-kangcheng-10", "g-puhe-08", "g-zhangjia-04", "g-wangjiatun-04", "g-lijiatai-03"}
    staffed = [g for g in grids if g["id"] not in no_fulltime]
    by_size = sorted((g for g in staffed if not g["village"]),
                     key=lambda g: (-len(bldgs_of_grid[g["id"]]), g["id"]))
    second = {g["id"] for g in by_size[: 210 - len(staffed)]}
    n = 0
    for g in staffed:
        for _ in range(2 if g["id"] in second else 1):
            n += 1
            pid = f"ps-gw-{n:03d}"
            persons.append({"id": pid, "name": names.person(), "years_as_secretary": "", "rating": "",
                            "strengths": "", "source": SYN})
            rels["GRID_WORKER_OF"].append({"source": pid, "target": g["id"], "full_time": "true", "role": "staff",
                                           "origin": SYN})
    assert n == 210
    n = 0
    for role, count, span in (("courier", 18, 3), ("delivery_rider", 18, 3), ("volunteer", 16, 1)):
        for _ in range(count):
            n += 1
            pid = f"ps-pt-{n:03d}"
            persons.append({"id": pid, "name": names.person(), "years_as_secretary": "", "rating": "",
                            "strengths": "", "source": SYN})
            key = rng.choice([c.key for c in COMMUNITIES])
            cg = grids_of[key]
            k = min(len(cg), rng.randint(1, span))
            start = rng.randint(0, len(cg) - k)
            for g in cg[start:start + k]:
                rels["GRID_WORKER_OF"].append({"source": pid, "target": g["id"], "full_time": "false", "role": role,
                                               "origin": SYN})
    for h in sorted(rng.sample(households, 14), key=lambda h: h["id"]):
        n += 1
        pid = f"ps-pt-{n:03d}"
        persons.append({"id": pid, "name": h["_person"], "years_as_secretary": "", "rating": "", "strengths": "",
                        "source": SYN, "note": f"{h['name']}（{h['id']}）"})
        rels["GRID_WORKER_OF"].append({"source": pid, "target": h["_grid"], "full_time": "false",
                                       "role": "household", "origin": SYN})

    # ---- building heads: most buildings, not all ------------------------------
    n = 0
    prev_head: tuple[str, str] | None = None   # (grid, person id)
    for b in buildings:
        village = comm[b["community"]].type == "village"
        if rng.random() < (0.25 if village else 0.08):
            prev_head = None
            continue
        if prev_head and prev_head[0] == b["grid"] and rng.random() < 0.12:
            pid = prev_head[1]
        else:
            n += 1
            pid = f"ps-bh-{n:04d}"
            persons.append({"id": pid, "name": names.person(), "years_as_secretary": "", "rating": "",
                            "strengths": "", "source": SYN})
        prev_head = (b["grid"], pid)
        rels["BUILDING_HEAD_OF"].append({"source": pid, "target": b["id"],
                                         "since": rand_date(rng, dt.date(2023, 2, 1), dt.date(2024, 6, 30)),
                                         "origin": SYN})

    # ---- partners, facilities -------------------------------------------------
    for pid, pname, sector, ckey, cap, src, alias, note in PARTNERS:
        nodes["Partner"].append({"id": pid, "name": pname, "sector": sector, "community": cid[ckey] if ckey else "",
                                 "capacity": "" if cap is None else cap, "source": src, "alias": alias, "note": note})
    facilities = []
    for ckey, offers in SERVICE_CENTERS:
        facilities.append((f"f-sc-{ckey}", f"{comm[ckey].name}党群服务中心", "service_center", ckey, "",
                           rng.randrange(600, 1600, 50), SYN, offers, "企业宣传角" if "enterprise_promotion" in offers else ""))
    for ckey, ename in SERVICE_STATIONS:
        facilities.append((f"f-ss-{ckey}", f"{ename}小区党群服务站", "service_station", ckey, "",
                           rng.randrange(120, 400, 20), SYN, ["mediation", "public_facilities"], ""))
    facilities += FACILITIES_FIXED
    for fid, fname, ftype, ckey, op, area, src, offers, note in facilities:
        nodes["Facility"].append({"id": fid, "name": fname, "type": ftype, "community": cid[ckey], "operator": op,
                                  "area_m2": "" if area is None else area, "source": src, "note": note})
        for cat in offers:
            rels["OFFERS"].append({"source": fid, "target": cat, "note": "", "origin": link_origin("OFFERS", fid, cat)})
    for pid, _pname, *_ in PARTNERS:
        for cat, note in OFFERS.get(pid, []):
            rels["OFFERS"].append({"source": pid, "target": cat, "note": note, "origin": link_origin("OFFERS", pid, cat)})
    for pid, ckey, since, projects in CO_BUILDS:
        rels["CO_BUILDS"].append({"source": pid, "target": cid[ckey], "since": since, "projects": projects,
                                  "origin": link_origin("CO_BUILDS", pid, ckey)})
    for pid, target in SERVES:
        rels["SERVES"].append({"source": pid, "target": target, "origin": link_origin("SERVES", pid, target)})
    for pid, ekeys in MANAGES:
        for ekey in ekeys:
            rels["MANAGES"].append({"source": pid, "target": f"e-{ekey}", "origin": SYN})

    # ---- needs -------------------------------------------------------------------
    build_needs(rng, nodes, rels, comm, cid, facilities)
    return nodes, rels


def load_taxonomy_parents() -> dict[str, str]:
    with CATEGORY_CSV.open(encoding="utf-8-sig", newline="") as fh:
        return {r["id"].strip(): (r.get("parent") or "").strip() for r in csv.DictReader(fh)}


def build_needs(rng, nodes, rels, comm, cid, facilities) -> None:
    parents = load_taxonomy_parents()

    def lineage(cat: str) -> list[str]:
        out = [cat]
        while parents.get(out[-1]):
            out.append(parents[out[-1]])
        return out

    # provider -> (offered categories, seat community ids, co-built community ids, serves ids)
    offers: dict[str, list[str]] = {}
    for r in rels["OFFERS"]:
        offers.setdefault(r["source"], []).append(r["target"])
    seat = {p["id"]: p["community"] for p in nodes["Partner"]} | {f["id"]: f["community"] for f in nodes["Facility"]}
    is_facility = {f["id"] for f in nodes["Facility"]}
    cobuild: dict[str, list[str]] = {}
    for r in rels["CO_BUILDS"]:
        cobuild.setdefault(r["source"], []).append(r["target"])
    serves: dict[str, list[str]] = {}
    for r in rels["SERVES"]:
        serves.setdefault(r["source"], []).append(r["target"])
    capacity = {p["id"]: p["capacity"] for p in nodes["Partner"]}

    def tie(p: str, c: str) -> float:
        if c in cobuild.get(p, []) or (p in is_facility and seat[p] == c):
            return 1.0
        if seat[p] == c:
            return 0.7
        if c in serves.get(p, []) or "sd-daoyi" in serves.get(p, []):
            return 0.5
        if cobuild.get(p) or seat[p]:   # every community here is in sd-daoyi
            return 0.3
        return 0.0

    def candidates(c: str, cat: str) -> list[tuple[float, float, str]]:
        line = lineage(cat)
        out = []
        for p, cats in offers.items():
            fits = [1.0 if k == cat else 0.6 for k in cats if k in line]
            if fits and tie(p, c) > 0:
                out.append((max(fits), tie(p, c), p))
        return sorted(out, key=lambda t: (-t[0], -t[1], t[2]))

    in_progress: dict[str, int] = {}
    needs = nodes["Need"]

    def add(nid, name, ckey, cat, status, hh, channel, reported, resolver, origin, note=""):
        needs.append({"id": nid, "name": name, "community": cid[ckey], "category": cat, "status": status,
                      "households_affected": hh, "source": channel, "reported": reported, "resolved_by": resolver,
                      "origin": origin, "note": note})
        if status == "in_progress":
            in_progress[resolver] = in_progress.get(resolver, 0) + 1

    for row in SEED_NEEDS:
        add(*row[:9], SEED_, row[9])
    for nid, name, ckey, cat, hh, channel, reported in UNRESOLVABLE_NEEDS:
        assert not candidates(cid[ckey], cat), nid
        add(nid, name, ckey, cat, "open", hh, channel, reported, "", SYN, "辖区内无提供该服务的共建单位或阵地")

    # Who may plausibly have handled a need: a facility of the same community; a
    # property company or owners' committee only for an estate it manages / belongs
    # to; any other partner only with an agreement with, seat in or service area
    # over the community (tie >= 0.5). Partner match itself is looser (tie 0.3).
    manages: dict[str, list[str]] = {}
    for r in rels["MANAGES"]:
        manages.setdefault(r["source"], []).append(r["target"])
    for oc, estate in OWNERS_COMMITTEE_ESTATE.items():
        manages[oc] = [f"e-{estate}"]
    managed = {e for es in manages.values() for e in es}

    def resolvers(c: str, estate: str, cat: str) -> list[str]:
        line = lineage(cat)
        found = []
        for p, cats in offers.items():
            fits = [1.0 if k == cat else 0.6 for k in cats if k in line]
            if not fits:
                continue
            if p in is_facility:
                ok = seat[p] == c
            elif p in manages:
                ok = estate in manages[p]
            else:
                ok = tie(p, c) >= 0.5
            if ok:
                found.append((max(fits), tie(p, c), p))
        found.sort(key=lambda t: (-t[0], -t[1], t[2]))
        best = [t for t in found if t[0] == found[0][0]] if found else []
        return [p for _f, _t, p in best]

    def has_room(p: str) -> bool:
        return p in is_facility or capacity[p] == "" or in_progress.get(p, 0) < int(capacity[p])

    tea_communities = {"renjieshuian", "lijing", "taiyangcheng"}
    estates_of: dict[str, list[tuple[str, str]]] = {}
    for e in nodes["Estate"]:
        estates_of.setdefault(e["community"], []).append((e["id"], e["name"]))
    used_names = {n["name"] for n in needs}
    for cm in COMMUNITIES:
        key, ctype = cm.key, cm.type
        c = cid[key]
        pool = FOCUS_CATEGORIES[cm.service_focus] + COMMON_CATEGORIES
        if key == "yataicheng":
            pool = pool + ["enterprise_promotion"]
        places = list(estates_of.get(c, []))
        if ctype == "village":
            places.append(("", cm.name))
        n_needs = rng.randint(2, 3) if ctype == "village" else rng.randint(3, 5)
        made = 0
        while made < n_needs:
            estate, place = rng.choice(places)
            cat = rng.choice(pool)
            if not estate and cat in ("parking", "heating", "waste_sorting", "public_facilities"):
                cat = rng.choice(["environment_renovation", "public_facilities"])
            templates = VILLAGE_TEMPLATES.get(cat) if not estate else None
            templates = templates or [t for t in NEED_TEMPLATES[cat] if "物业" not in t or estate in managed]
            if not templates:
                continue
            nname = f"{place}{rng.choice(templates)}"
            if nname in used_names:
                continue
            assert candidates(c, cat), (key, cat)   # every synthetic need has an in-area match
            status = rng.choices(["open", "in_progress", "resolved"], weights=[2, 3, 7])[0]
            who = resolvers(c, estate, cat)
            if status == "in_progress":
                who = [p for p in who if has_room(p)]
            if not who:
                status = "open"
            resolver = rng.choice(who) if status != "open" else ""
            channels = ["hotline_12345", "grid_patrol", "survey"] + (["tea_house"] * 2 if key in tea_communities else [])
            if status == "resolved":
                reported = rand_date(rng, dt.date(2023, 1, 9), dt.date(2024, 7, 31))
            else:
                reported = rand_date(rng, dt.date(2024, 1, 8), dt.date(2024, 8, 20))
            made += 1
            used_names.add(nname)
            add(f"n-{key}-{made:02d}", nname, key, cat, status, rng.randint(8, 240), rng.choice(channels),
                reported, resolver, SYN)


# ---------------------------------------------------------------------------
# Write
# ---------------------------------------------------------------------------
DATASET_TOML = """\
name = "daoyi"
title = "道义街道基层治理网络（示例数据）"
region = "辽宁省沈阳市沈北新区道义街道"
description = "据人民网2024年8月29日《沈北新区道义街道党工委》一文重建的党建引领基层治理网络：原文点名的单位为 source=seed，原文只给出数量的部分以合成数据补足（source=synthetic）。"
version = "1.0.0"
"""


def write_csv(path: Path, rows: list[dict]) -> None:
    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in cols})


def check(nodes: dict[str, list[dict]], rels: dict[str, list[dict]]) -> None:
    """The DAOYI_FACTS counts, asserted before anything is written."""
    lv: dict[str, int] = {}
    for po in nodes["PartyOrg"]:
        lv[po["level"]] = lv.get(po["level"], 0) + 1
    assert (lv["subdistrict_committee"], lv["community"], lv["grid_branch"], lv["building_group"]) == (1, 23, 58, 87)
    assert len(nodes["Household"]) == 165 and len(nodes["Grid"]) == 182 and len(nodes["Building"]) == 2169
    assert sum(c["type"] == "urban" for c in nodes["Community"]) == 16 and len(nodes["Community"]) == 23
    assert len({r["source"] for r in rels["GRID_WORKER_OF"] if r["full_time"] == "true"}) == 210
    assert len(rels["MENTORS"]) == 8
    ent = {p["id"] for p in nodes["Partner"] if p["sector"] == "enterprise"}
    assert len(ent) == 8
    assert len({r["target"] for r in rels["CO_BUILDS"] if r["source"] in ent}) == 17
    ftypes = [f["type"] for f in nodes["Facility"]]
    assert [ftypes.count(t) for t in ("service_center", "service_station", "canteen", "secretary_studio")] == [12, 5, 4, 3]
    red = {po["unit"] for po in nodes["PartyOrg"] if po["level"] == "property"}
    assert len({r["target"] for r in rels["MANAGES"] if r["source"] in red}) == 12
    assert sum(po["level"] == "owners_committee" for po in nodes["PartyOrg"]) == 4
    ids = [r["id"] for rows in nodes.values() for r in rows]
    assert len(ids) == len(set(ids))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "daoyi", help="dataset folder to (re)write")
    args = ap.parse_args(argv)
    nodes, rels = build()
    check(nodes, rels)
    out: Path = args.out
    for sub in ("nodes", "relationships"):
        if (out / sub).exists():
            shutil.rmtree(out / sub)
        (out / sub).mkdir(parents=True)
    (out / "dataset.toml").write_text(DATASET_TOML, encoding="utf-8")
    for kind, rows in nodes.items():
        write_csv(out / "nodes" / f"{kind}.csv", rows)
    for rtype, rows in rels.items():
        write_csv(out / "relationships" / f"{rtype}.csv", rows)
    total_n = sum(map(len, nodes.values()))
    total_r = sum(map(len, rels.values()))
    print(f"wrote {out}: {total_n} nodes in {len(nodes)} tables, {total_r} relationships in {len(rels)} tables")


if __name__ == "__main__":
    main()
