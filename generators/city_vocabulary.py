"""The word lists and proportions the synthetic city generator draws from.

Kept apart from :mod:`generators.synthetic_city` and its stages so they read
as an algorithm: what a partner of each sector offers, capacity and area
ranges, which needs are common, and the Chinese name material (surnames,
place words, estate and firm names).

Examples
--------
>>> "elderly_meals" in FACILITY_OFFERS["canteen"], len(SURNAMES) > 100
(True, True)
"""

from __future__ import annotations

__all__ = ["CAPACITY", "AREA_M2", "STRENGTHS", "SECTOR_OFFERS", "FACILITY_OFFERS", "SCARCE", "COMMON_NEEDS", "NEED_PHRASES", "SURNAMES", "GIVEN_NAMES", "PLACE_WORDS", "VILLAGE_WORDS", "ESTATE_WORDS", "FIRM_WORDS", "SUBDISTRICT_NAMES", "SUBDISTRICTS_PER_DISTRICT", "DISTRICT_WORDS", "INDUSTRIES", "SUBJECTS", "FACILITY_NAMES", "PLANNED_ESTATES", "PHASES", "TEA_HOUSES", "OFFER_NOTES"]

CAPACITY: dict[str, tuple[int, int]] = {
    "enterprise": (3, 10), "university": (2, 6), "hospital": (5, 15), "court": (3, 8),
    "police": (5, 10), "urban_management": (3, 8), "school": (2, 5), "property_company": (3, 8),
    "owners_committee": (1, 3), "social_organization": (2, 6), "community_company": (2, 6),
    "government": (5, 15), "other": (1, 4)}
AREA_M2: dict[str, tuple[int, int]] = {
    "service_center": (300, 1500), "service_station": (60, 300), "canteen": (80, 400),
    "health_station": (50, 200), "health_center": (300, 1200), "minor_protection_center": (60, 300),
    "circuit_court": (40, 200), "parlor": (30, 150), "tea_house": (30, 120),
    "secretary_studio": (20, 100), "other": (20, 100)}
STRENGTHS = ("mediation", "elderly", "property", "youth", "migrant", "economy", "party_building")
SECTOR_OFFERS: dict[str, tuple[str, ...]] = {
    "enterprise": ("enterprise_promotion", "community_economy", "job_placement", "talent",
                   "group_buying", "housekeeping", "elderly_steward", "escort", "assistive_devices"),
    "university": ("education", "skills_training", "talent", "happiness_education",
                   "youth_activities", "legal_consultation"),
    "hospital": ("medical", "family_doctor", "tcm", "chronic_care", "escort"),
    "court": ("legal", "trial", "mediation", "legal_consultation", "legal_publicity"),
    "police": ("public_security", "police_liaison", "fire_safety", "ebike_charging", "legal_publicity"),
    "urban_management": ("parking", "waste_sorting", "environment_renovation", "ebike_charging"),
    "school": ("youth_activities", "child_protection", "happiness_education"),
    "property_company": ("property", "parking", "heating", "waste_sorting", "public_facilities",
                         "environment_renovation", "fire_safety", "ebike_charging"),
    "owners_committee": ("parking", "environment_renovation", "public_facilities", "waste_sorting"),
    "social_organization": ("elderly", "home_care", "elderly_meals", "mediation", "youth_activities",
                            "child_protection", "housekeeping", "escort"),
    "community_company": ("living", "housekeeping", "group_buying", "community_economy",
                          "elderly_meals", "parking"),
    "government": ("employment", "certificates", "property_certificate", "job_placement",
                   "transport", "heating"),
    "other": ("living", "transport", "group_buying"),
}
FACILITY_OFFERS: dict[str, tuple[str, ...]] = {
    "service_center": ("certificates", "legal_consultation", "job_placement", "happiness_education"),
    "service_station": ("home_care", "housekeeping", "public_facilities"),
    "canteen": ("elderly_meals",), "health_station": ("family_doctor", "chronic_care"),
    "health_center": ("medical", "tcm", "chronic_care"),
    "minor_protection_center": ("child_protection", "youth_activities"),
    "circuit_court": ("trial", "mediation"), "parlor": ("mediation",), "tea_house": ("mediation",),
    "secretary_studio": ("mediation", "community_economy"), "other": ("living", "group_buying"),
}
# Categories a subdistrict may have nobody offering (with their ancestors): the open-need gaps.
SCARCE = ("transport", "assistive_devices", "talent", "property_certificate", "heating",
          "ebike_charging", "skills_training", "tcm", "legal_publicity", "chronic_care")
# What residents ask for most, drawn three times as often as the rest.
COMMON_NEEDS = ("parking", "heating", "elderly_meals", "fire_safety", "ebike_charging", "home_care",
                "family_doctor", "job_placement", "property_certificate", "transport", "mediation",
                "environment_renovation", "public_facilities")
NEED_PHRASES = {"parking": "停车难", "heating": "开栓难", "elderly_meals": "老年人就餐难",
                "transport": "出行难", "job_placement": "就业难", "medical": "看病难",
                "family_doctor": "看病难", "property_certificate": "办证难",
                "ebike_charging": "电动车飞线充电", "fire_safety": "楼道消防隐患"}

# Name material: small word lists, combined at random.
SURNAMES = "王李张刘陈杨黄赵吴周" * 3 + (  # the ten commonest three times as often
    "徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵")
_GIVEN_1 = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国文辉"
_GIVEN_2 = "力凤梅琳鑫波斌宇浩凯健俊帆帅旭宁龙林欣佳慧莉婷雪琴云志亮成峰海鹏飞春晓晨玲丹萍颖倩"
GIVEN_NAMES = tuple(_GIVEN_1 + _GIVEN_2) + tuple(a + b for a in _GIVEN_1 for b in _GIVEN_2)
PLACE_WORDS = ("和平", "幸福", "长青", "北苑", "明珠", "阳光", "锦绣", "新华", "东湖", "翠湖", "丽景",
               "华府", "金桥", "春晖", "友谊", "团结", "振兴", "兴隆", "永安", "康乐", "惠民", "祥和",
               "富民", "光明", "朝阳", "青年", "滨河", "文苑", "书香", "馨园", "盛世", "嘉禾", "怡景",
               "新城", "兰亭", "桃源", "枫林", "银河", "星光", "瑞丰", "人杰", "太阳城", "明发", "亚泰")
VILLAGE_WORDS = tuple(a + b for a in "前后东西南北大小新老" for b in "台屯堡岗沟营甸洼") + tuple(
    s + "家" for s in "王李张赵刘孙马高杨胡尹宋")
ESTATE_WORDS = tuple(a + b for a in ("汇置", "绿茵", "太湖", "金地", "雅居", "世纪", "紫金", "翡翠",
                                     "御景", "香榭", "尚品", "君悦", "星河", "锦城", "名都", "天骄",
                                     "丽都", "时代", "滨江", "枫丹", "蓝湾", "融汇", "宏达", "悦府")
                     for b in ("花园", "家园", "尚郡", "湖畔", "水岸", "雅苑", "新城", "国际",
                               "公馆", "名苑", "华庭"))
FIRM_WORDS = ("辉山", "华晨", "北方", "东信", "盛京", "兴业", "远大", "金杯", "新松", "宏图", "恒信",
              "正大", "蓝天", "瑞祥", "鼎盛", "海川", "万和", "嘉德", "安居", "诚信", "恒泰", "鑫源",
              "佳美", "瑞华", "顺达", "家和", "中庭", "华瑞", "立信", "咚咚")
SUBDISTRICT_NAMES = tuple(a + b for a in "道虎新蒲财辉兴正黄清长丰永安文华盛泰福康"
                          for b in "义石城河落山隆阳台泉岭湾源林桥堡园坪沟甸")
SUBDISTRICTS_PER_DISTRICT = 20
DISTRICT_WORDS = ("沈北", "浑南", "于洪", "皇姑", "大东", "铁西", "沈河", "苏家屯", "辽中", "新民")
INDUSTRIES = ("科技", "物流", "食品", "商贸", "医药", "电子", "建设", "乳业", "机械", "环保")
SUBJECTS = ("师范", "航空航天", "传媒", "理工", "工业", "建筑", "农业", "医科")
FACILITY_NAMES = {
    "service_center": "{community}党群服务中心", "service_station": "{estate}党群服务站",
    "canteen": "{community}长者食堂", "secretary_studio": "{secretary}书记工作室",
    "tea_house": "{tea_house}社情茶社", "health_station": "{community}卫生服务站",
    "health_center": "{community}卫生服务中心", "minor_protection_center": "{community}未成年人保护工作站",
    "circuit_court": "{court}巡回审判点", "parlor": "{community}邻里客厅", "other": "{community}议事亭"}
PLANNED_ESTATES = {"public_rental": "公租房", "resettlement": "回迁小区"}  # named after the community
PHASES = ("", "二期", "三期", "四期")
TEA_HOUSES = ("人杰说", "芳邻", "暖阳", "和声", "邻里说", "同心", "连心", "议事厅")
OFFER_NOTES = ("每周上门服务", "预约制", "免费", "公益项目", "党员志愿服务", "节假日不休")

