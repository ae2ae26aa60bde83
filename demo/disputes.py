"""Demo disputes for a development or demonstration portal (`seed_demo`); never for production.

Every dispute is made through the services, exactly as staff would make it: `dispute_register`, then
`dispute_transition` step by step, with mediation sessions, agreements, follow-up visits and the
referral answers of the agencies in between. Timelines, grants, referrals and deadlines are therefore
the real ones. Each step runs at a moment in the past (django.utils.timezone.now is patched while the
demo is written), so opening dates spread over the last twelve months, closed disputes have a history,
and the clock of an open dispute runs from its last step: most are within their deadline, a few are
overdue.

Shape of the set: a fixed list of scenarios first (every state, tier, outcome and channel, and work in
the inbox of every demo account), then random scenarios drawn with weights close to real statistics
(most disputes resolved at the grassroots, few reaching the court). `random.Random(seed)` drives every
choice, so a seed gives the same disputes.

Demo disputes carry DEMO_MARK at the end of their description: it tells them from real ones and makes
the generator idempotent (it adds nothing when demo disputes exist).
"""

import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from agencies.choices import BodyKind, RegionKind
from agencies.models import Body, Region
from demo.accounts import DEMO_ACCOUNTS, DEMO_ADMIN, DemoDataError
from disputes.choices import (
    Channel,
    PartyKind,
    PartyRole,
    ReferralRoute,
    ReferralStatus,
    RiskLevel,
    Status,
    Tier,
)
from disputes.deadlines import STATE_DEFAULTS
from disputes.models import Category, Dispute, LadderStep, Referral
from disputes.services import (
    dispute_register,
    dispute_transition,
    referral_accept_supporting,
    referral_complete,
)
from disputes.validators import id_check_char
from mediation.choices import SessionResult
from mediation.services import agreement_create, follow_up_record, session_log

__all__ = ["DEMO_MARK", "demo_disputes_create"]

DEMO_MARK = "（演示数据）"
COUNTY_CODE = "620723"
LADDER = [Tier.GRID, Tier.VILLAGE, Tier.TOWN, Tier.COUNTY]

# -- people ---------------------------------------------------------------------------------------------

FAMILY_NAMES = (
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高罗郑梁谢宋唐许韩冯邓曹彭曾田董袁潘蒋蔡余杜叶程魏苏吕丁任"
    "沈姚卢姜崔钟汪范金石贾夏付方白邹孟秦邱尹薛闫段雷侯龙史陶贺顾毛郝万严武戴孔汤祁寇"
)


def _words(text: str) -> list[str]:
    return text.split()


MALE_GIVEN = _words(
    "建军 志强 永福 国栋 海龙 文斌 德明 玉山 明亮 俊杰 伟 强 军 斌 鹏 磊 建华 永红 进财 生福 "
    "世林 有才 天明 继忠 国庆 学军 成龙 浩 宏伟 振华 兴旺 守仁 长青 福林 宝山 万里 子豪 晓东"
)
FEMALE_GIVEN = _words(
    "秀英 桂兰 玉梅 丽娟 春花 晓燕 慧 敏 红霞 兰芳 玉兰 凤英 淑珍 海燕 雪梅 金花 翠萍 婷 丽 静 "
    "小红 彩霞 艳 娟 玉珍 秀兰 春梅 文娟 佳怡 梓涵"
)
MOBILE_PREFIXES = _words(
    "130 131 132 133 135 136 137 138 139 150 151 153 155 157 158 159 177 180 181 186 189"
)

# -- what the disputes are about --------------------------------------------------------------------------
# Per category: templates with a title, a description ({a} first applicant, {b} first respondent, {place}
# where, {amount} yuan, {n} people), the amount claimed (None: no money), how many parties, an
# organisation as respondent (or None), whether it is an identity / marriage-relation matter, the risk,
# how many people are involved, and the agreed terms ({a} {b} {amount} {due}).


@dataclass(frozen=True)
class Topic:
    title: str
    description: str
    terms: str
    amount: tuple[int, int] | None = None
    parties: tuple[int, int] = (2, 2)
    organisations: tuple[str, ...] = ()
    personal_status: bool = False
    risk: str | None = None
    people: tuple[int, int] | None = None
    applicant_age: tuple[int, int] = (28, 66)


TOPICS: dict[str, list[Topic]] = {
    "marriage-family": [
        Topic(
            "赡养纠纷",
            "{a}年逾七旬，育有子女三人。因赡养费分摊问题，儿子{b}以分家时多分了承包地为由拒绝承担赡养义务，"
            "{a}生活困难，请求调解。",
            "{b}自本协议生效之月起每月向{a}支付赡养费{monthly}元，于每月5日前支付；"
            "并与其他子女轮流照料老人日常起居。",
            amount=(3_600, 12_000),
            parties=(2, 3),
            applicant_age=(70, 86),
        ),
        Topic(
            "离婚纠纷",
            "{a}与{b}婚后感情不和，{b}长期外出务工不归，{a}要求离婚并分割共同财产，双方对房屋归属争执不下。",
            "双方同意由人民法院依法处理婚姻关系，{b}暂不处分共有房屋。",
            personal_status=True,
        ),
        Topic(
            "抚养费纠纷",
            "{a}与{b}于两年前协议离婚，婚生子随{a}生活。{b}近半年未按约定支付抚养费，累计拖欠{amount}元，"
            "双方多次在电话中争吵。",
            "{b}于{due}前补付拖欠的抚养费{amount}元，此后每月按离婚协议约定按时支付。",
            amount=(4_000, 18_000),
        ),
        Topic(
            "继承纠纷",
            "{a}与{b}系亲兄弟。父母去世后遗留老宅一处及承包地十二亩，双方对继承份额争执不下，已发生推搡。",
            "老宅归{a}所有，{a}于{due}前向{b}支付房屋折价款{amount}元；承包地按两户平均经营。",
            amount=(20_000, 80_000),
            parties=(2, 3),
            risk=RiskLevel.ORANGE,
        ),
    ],
    "neighbour": [
        Topic(
            "相邻排水纠纷",
            "{a}与{b}两家房屋相邻。{b}新修院墙后雨水排向{a}家院内，导致墙体受潮开裂，双方多次争吵。",
            "{b}于{due}前自费在院墙外侧修建排水沟，将雨水引入村排水渠；{a}不再追究墙体损失。",
        ),
        Topic(
            "养殖异味纠纷",
            "{b}在自家院内养殖肉牛二十余头，粪污气味和蚊蝇影响邻居{a}一家生活，{a}多次要求其搬迁未果。",
            "{b}于{due}前将牛棚迁至村养殖小区，迁移前每日清运粪污。",
        ),
        Topic(
            "巷道通行纠纷",
            "{b}在两家之间的巷道堆放柴草和农机具，阻碍{a}家车辆通行，双方发生口角。",
            "{b}于三日内清理巷道堆放物，今后巷道保持畅通，双方互不占用。",
        ),
        Topic(
            "邻里口角纠纷",
            "{a}与{b}因孩子玩耍时发生碰撞引发口角，双方家属相互辱骂，关系紧张。",
            "双方互相赔礼道歉，今后和睦相处，不再因此事发生争执。",
            parties=(2, 4),
        ),
    ],
    "housing-homestead": [
        Topic(
            "宅基地边界纠纷",
            "{a}翻建房屋时，{b}认为新砌墙基占用其宅基地约0.5米，阻止施工，双方各执一词。",
            "双方同意以村委会存档的宅基地四至为准，由调委会现场确认并埋设界桩，{a}按界桩施工。",
        ),
        Topic(
            "农房买卖纠纷",
            "{a}于2019年以{amount}元购买{b}位于{place}的农房一处，未办理过户。现{b}以房屋升值为由要求收回。",
            "{b}于{due}前返还购房款并补偿{a}{amount}元，{a}于收款后十日内腾退房屋。",
            amount=(60_000, 200_000),
        ),
        Topic(
            "建房质量纠纷",
            "{a}雇请{b}修建砖混结构住房，完工不足一年屋面漏水、墙体开裂，{a}要求返修并赔偿损失{amount}元。",
            "{b}于{due}前完成屋面返修，并一次性赔偿{a}损失{amount}元。",
            amount=(5_000, 40_000),
        ),
    ],
    "contract": [
        Topic(
            "制种款纠纷",
            "{b}去年秋收时收购{a}的玉米制种，至今尚欠种子款{amount}元未结清，经多次催要未果。",
            "{b}于{due}前分两次向{a}付清种子款{amount}元。",
            amount=(20_000, 150_000),
            organisations=("临泽县禾丰种业专业合作社", "张掖市金穗农业发展有限公司"),
        ),
        Topic(
            "民间借贷纠纷",
            "{b}两年前向{a}借款{amount}元用于购买农机，约定一年内归还，到期后以资金困难为由一再拖延。",
            "{b}于{due}前归还借款{amount}元，利息双方协商免除。",
            amount=(10_000, 80_000),
        ),
        Topic(
            "商铺租赁纠纷",
            "{a}将临街商铺出租给{b}经营，{b}拖欠租金{amount}元，且未经同意将商铺转租他人。",
            "{b}于{due}前付清拖欠租金{amount}元，租赁合同于本月底解除，{b}按期腾退商铺。",
            amount=(8_000, 45_000),
        ),
    ],
    "business": [
        Topic(
            "合伙经营纠纷",
            "{a}与{b}合伙经营红枣加工作坊，因账目不清、利润分配产生矛盾，{a}要求退伙并返还投资款{amount}元。",
            "{a}退出合伙，{b}于{due}前返还{a}投资款及应得利润共计{amount}元。",
            amount=(30_000, 120_000),
        ),
        Topic(
            "种苗质量纠纷",
            "{a}从{b}处购买的葡萄苗成活率不足三成，{a}认为系种苗质量问题，要求赔偿损失{amount}元。",
            "{b}于{due}前赔偿{a}损失{amount}元，并免费补栽种苗。",
            amount=(6_000, 50_000),
            organisations=("临泽县绿源苗木专业合作社", "临泽县丰泽农资经营部"),
        ),
    ],
    "damages": [
        Topic(
            "帮工受伤赔偿纠纷",
            "{a}在{b}家帮工修缮房屋时从梯子上摔下致腰椎骨折，医疗费已花费{amount}元，双方对赔偿责任分担意见不一。",
            "{b}于{due}前一次性赔偿{a}医疗费、误工费等共计{amount}元，此后双方再无争议。",
            amount=(15_000, 90_000),
        ),
        Topic(
            "牲畜毁损庄稼纠纷",
            "{b}家羊群进入{a}承包的制种玉米地，啃食损毁玉米约1.5亩，{a}要求赔偿{amount}元。",
            "{b}于{due}前赔偿{a}青苗损失{amount}元，今后羊群圈养或专人看管。",
            amount=(1_500, 6_000),
        ),
        Topic(
            "殴打致伤赔偿纠纷",
            "{a}与{b}因琐事发生口角继而厮打，{a}面部受伤。事后{b}拒绝赔偿，{a}扬言要找对方拼命，"
            "存在矛盾激化风险。",
            "{b}向{a}赔礼道歉，并于{due}前赔偿医疗费等共计{amount}元。",
            amount=(2_000, 15_000),
            risk=RiskLevel.RED,
        ),
    ],
    "forest-land": [
        Topic(
            "林木权属纠纷",
            "{a}与{b}两家对村北防风林带中约二十棵杨树的权属发生争议，{b}擅自砍伐出售，{a}要求返还树款{amount}元。",
            "{b}于{due}前返还{a}树款{amount}元，林带由双方按原界线各自管护。",
            amount=(3_000, 12_000),
        ),
        Topic(
            "地界纠纷",
            "{a}与{b}承包地相邻，{b}耕种时多占{a}地边约两垄，双方对地界埂的位置各执一词。",
            "以村民小组确权图为准重新确定地界埂，{b}退还多占土地，本季收成不再追究。",
        ),
    ],
    "land-contract": [
        Topic(
            "土地流转费纠纷",
            "{a}等{n}户村民将承包地流转给{b}种植制种玉米，{b}拖欠当年流转费{amount}元未付。",
            "{b}于{due}前付清流转费{amount}元，下一年度流转费于春播前付清。",
            amount=(40_000, 260_000),
            parties=(2, 3),
            organisations=("临泽县田园制种专业合作社", "张掖市祁丰农业开发有限公司"),
            risk=RiskLevel.ORANGE,
            people=(6, 28),
        ),
        Topic(
            "承包地调整纠纷",
            "{a}户籍迁回本村后要求分配承包地，村民小组以无机动地为由未予调整，{a}对此不满。",
            "由村民小组在二轮延包调整时优先解决{a}承包地，其间由小组协调流转土地供其耕种。",
            parties=(1, 2),
        ),
    ],
    "requisition": [
        Topic(
            "征地补偿纠纷",
            "{place}部分承包地被征收用于道路建设，{a}等{n}户认为青苗及地上附着物补偿标准偏低，聚集到镇政府反映。",
            "按县政府批准的补偿标准补发青苗费，并于{due}前兑付到户，共计{amount}元。",
            amount=(80_000, 600_000),
            parties=(1, 3),
            risk=RiskLevel.RED,
            people=(12, 46),
        ),
        Topic(
            "拆迁安置纠纷",
            "{a}的房屋位于棚户区改造范围内，对安置房面积和过渡费标准有异议，拒绝签订协议。",
            "按政策为{a}调整安置房源一套，过渡费按月{monthly}元发放至交房之日。",
            amount=(12_000, 36_000),
            parties=(1, 2),
            risk=RiskLevel.ORANGE,
        ),
    ],
    "pollution": [
        Topic(
            "养殖污染纠纷",
            "{b}养殖场粪污直排沟渠，污染下游{a}等农户灌溉用水，群众反映强烈。",
            "{b}于{due}前建成粪污储存池并停止直排，赔偿受损农户{amount}元。",
            amount=(5_000, 30_000),
            organisations=("临泽县兴牧肉牛养殖场", "临泽县旺达养殖专业合作社"),
            people=(5, 20),
        ),
        Topic(
            "噪声粉尘纠纷",
            "{b}经营的石料加工厂夜间作业，噪音和粉尘影响周边住户休息，{a}代表多户居民要求停产整改。",
            "{b}自即日起夜间22时至次日6时停止作业，于{due}前加装除尘和隔音设施。",
            organisations=("临泽县顺通石料加工厂",),
            people=(8, 30),
        ),
    ],
    "labour": [
        Topic(
            "拖欠农民工工资纠纷",
            "{a}等{n}名农民工在{b}承建的项目务工，工程结束后被拖欠工资共计{amount}元，多次讨要无果。",
            "{b}于{due}前足额支付拖欠工资{amount}元，由项目总包单位承担连带责任。",
            amount=(30_000, 280_000),
            parties=(2, 3),
            organisations=("甘肃鑫建建筑劳务有限公司", "临泽县宏达建筑工程队"),
            risk=RiskLevel.ORANGE,
            people=(6, 35),
        ),
        Topic(
            "工伤赔偿纠纷",
            "{a}在{b}务工期间右手被机器压伤，单位未缴纳工伤保险，双方对赔偿数额分歧较大。",
            "{b}于{due}前一次性支付{a}工伤赔偿{amount}元，双方劳动关系同时解除。",
            amount=(40_000, 160_000),
            organisations=("临泽县金枣食品加工有限公司", "临泽县瑞丰番茄制品厂"),
        ),
        Topic(
            "经济补偿金纠纷",
            "{b}以经营困难为由辞退{a}，未支付经济补偿金，{a}要求支付补偿{amount}元。",
            "{b}于{due}前向{a}支付经济补偿金{amount}元。",
            amount=(8_000, 40_000),
            organisations=("临泽县丹霞宾馆", "临泽县福源超市"),
        ),
    ],
    "consumer": [
        Topic(
            "家电质量纠纷",
            "{a}在{b}购买的冰箱使用三个月后不制冷，商家多次维修未果，拒绝退换。",
            "{b}于三日内为{a}更换同型号新冰箱，并承担运送费用。",
            organisations=("临泽县惠民家电商行", "沙河镇百佳电器城"),
        ),
        Topic(
            "预付卡退费纠纷",
            "{b}突然停业，{a}等{n}名会员的预付费用合计{amount}元无法退还。",
            "{b}于{due}前按剩余次数退还会员预付款共计{amount}元。",
            amount=(12_000, 60_000),
            organisations=("临泽县动力健身会所",),
            people=(8, 40),
        ),
    ],
    "medical": [
        Topic(
            "诊疗纠纷",
            "{a}在{b}开办的个体诊所输液后出现过敏反应，住院治疗花费{amount}元，{a}认为诊所处置不当要求赔偿。",
            "{b}于{due}前一次性补偿{a}医疗费等共计{amount}元。",
            amount=(6_000, 50_000),
        ),
    ],
    "traffic": [
        Topic(
            "交通事故赔偿纠纷",
            "{b}驾驶三轮车与{a}驾驶的电动自行车相撞，致{a}腿部骨折。交警认定{b}负主要责任，双方对赔偿数额分歧较大。",
            "{b}于{due}前赔偿{a}医疗费、误工费、护理费等共计{amount}元。",
            amount=(10_000, 90_000),
        ),
        Topic(
            "车辆剐蹭纠纷",
            "{a}停放在路边的小轿车被{b}驾驶的拖拉机剐蹭，修车费{amount}元，{b}仅同意承担一半。",
            "{b}于{due}前赔偿{a}修车费{amount}元。",
            amount=(1_200, 8_000),
        ),
    ],
    "property-management": [
        Topic(
            "物业服务费纠纷",
            "{a}所在小区电梯频繁故障、保洁不到位，{a}等业主拒交物业费，{b}催缴未果，双方矛盾激化。",
            "{b}于{due}前完成电梯维保整改，{a}等业主在整改完成后补交物业费。",
            organisations=("临泽县安居物业服务有限公司", "临泽县康泰物业管理有限公司"),
            people=(3, 25),
        ),
        Topic(
            "供暖费纠纷",
            "{a}家冬季室温长期不达标，要求{b}退还部分取暖费{amount}元，物业称系管网老化所致。",
            "{b}退还{a}本季取暖费{amount}元，并于下个采暖季前完成管网改造。",
            amount=(600, 2_400),
            organisations=("临泽县安居物业服务有限公司",),
        ),
    ],
    "village-affairs": [
        Topic(
            "村务公开纠纷",
            "{a}等{n}名村民对村集体土地发包收益的分配有异议，要求村委会公开账目。",
            "村委会于{due}前在村务公开栏公示近三年集体土地发包收支明细，并召开村民代表会议说明。",
            parties=(1, 2),
            people=(5, 30),
        ),
        Topic(
            "惠农补贴发放纠纷",
            "{a}认为本村民小组耕地地力保护补贴的发放名单不公，多次到村委会反映。",
            "村委会会同镇农业服务中心复核补贴名单，于{due}前张榜公示复核结果。",
            parties=(1, 2),
        ),
    ],
    "other": [
        Topic(
            "犬只伤人纠纷",
            "{b}家饲养的犬只未拴养，咬伤路过的{a}，{a}花费医药费及疫苗费{amount}元。",
            "{b}于{due}前赔偿{a}医药费{amount}元，今后犬只拴养。",
            amount=(800, 4_000),
        ),
        Topic(
            "坟地纠纷",
            "{a}家在承包地边安葬老人，{b}认为影响其耕种和出行，双方产生矛盾。",
            "双方同意在坟地周边种植防护林带，{a}今后不再扩大坟地范围。",
        ),
    ],
}

# Relative frequency of the categories in the random part (people's-mediation statistics, rounded).
CATEGORY_WEIGHTS = {
    "neighbour": 14,
    "marriage-family": 14,
    "housing-homestead": 10,
    "damages": 8,
    "land-contract": 8,
    "labour": 8,
    "contract": 7,
    "traffic": 6,
    "forest-land": 5,
    "village-affairs": 4,
    "consumer": 3,
    "business": 3,
    "requisition": 2,
    "pollution": 2,
    "medical": 2,
    "property-management": 2,
    "other": 2,
}

# Who a dispute of a category is referred to: (lead, supporting bodies, route). "{t}" is the town slug
# (shahe-police); for the state farms, which belong to no town, the county bodies stand in.
REFERRALS = {
    "marriage-family": [("family-committee", ["womens-federation"], ReferralRoute.SECTOR_COMMITTEE)],
    "neighbour": [("{t}-police", [], ReferralRoute.POLICE_MEDIATION)],
    "housing-homestead": [
        ("natural-resources-dept", ["{t}-judicial"], ReferralRoute.ADMINISTRATIVE_RULING),
        ("housing-dept", [], ReferralRoute.ADMINISTRATIVE_MEDIATION),
    ],
    "contract": [("market-dept", [], ReferralRoute.ADMINISTRATIVE_MEDIATION)],
    "business": [("commerce-federation", [], ReferralRoute.SECTOR_COMMITTEE)],
    "damages": [("{t}-police", [], ReferralRoute.POLICE_MEDIATION)],
    "forest-land": [("natural-resources-dept", [], ReferralRoute.ADMINISTRATIVE_RULING)],
    "land-contract": [("agriculture-dept", ["{t}-judicial"], ReferralRoute.ADMINISTRATIVE_MEDIATION)],
    "requisition": [
        ("petitions-bureau", ["natural-resources-dept", "housing-dept"], ReferralRoute.PETITION),
    ],
    "pollution": [("petitions-bureau", ["natural-resources-dept"], ReferralRoute.PETITION)],
    "labour": [
        ("labour-dept", ["trade-union", "labour-committee"], ReferralRoute.LABOUR_ARBITRATION),
        ("labour-dept", [], ReferralRoute.LABOUR_ARBITRATION),
        ("labour-committee", [], ReferralRoute.SECTOR_COMMITTEE),
    ],
    "consumer": [("market-dept", ["consumer-association"], ReferralRoute.ADMINISTRATIVE_MEDIATION)],
    "medical": [
        ("medical-committee", [], ReferralRoute.SECTOR_COMMITTEE),
        ("health-dept", [], ReferralRoute.ADMINISTRATIVE_MEDIATION),
    ],
    "traffic": [
        ("{t}-police", ["traffic-committee"], ReferralRoute.POLICE_MEDIATION),
        ("traffic-committee", [], ReferralRoute.SECTOR_COMMITTEE),
    ],
    "property-management": [("housing-dept", [], ReferralRoute.ADMINISTRATIVE_MEDIATION)],
    "village-affairs": [("petitions-bureau", [], ReferralRoute.PETITION)],
    "other": [("petitions-bureau", [], ReferralRoute.PETITION)],
}
STATE_UNIT_STAND_INS = {"{t}-police": "police-bureau", "{t}-judicial": "justice-bureau"}

NOTES = {
    "escalate": [
        "本级调解未果，按“四级七天”流程提交上一级调处。",
        "双方分歧较大，本级调解期限届满，上报上一级。",
        "当事人对本级调解方案不认可，申请上级调委会调解。",
    ],
    "refer": [
        "请于1个工作日内报到，牵头开展调处。",
        "按“中心吹哨、部门报到”机制移送，请牵头单位会同协办单位联合调处。",
        "该纠纷属于贵单位职责范围，请依法处理并反馈结果。",
    ],
    "return_referral": [
        "经核实，该纠纷不属于本单位职责范围，建议由属地调委会先行调解。",
        "当事人尚未经过基层调解，退回属地先行化解。",
    ],
    "close_prevented": [
        "经网格员多次上门疏导、法律宣讲，当事人消除误解，矛盾已化解。",
        "通过村干部和亲属做工作，双方握手言和，未形成纠纷。",
        "经法律援助律师释法，当事人认可处理意见，不再主张。",
    ],
    "decline": [
        "该事项属劳动人事争议仲裁受理范围，已告知当事人向县劳动人事争议仲裁院申请仲裁。",
        "该纠纷已由人民法院立案受理，不属人民调解受理范围，已告知当事人通过诉讼程序解决。",
        "该事项属行政复议范围，已告知当事人在法定期限内向县人民政府申请行政复议。",
        "当事人诉求涉及刑事案件，已引导其向公安机关报案。",
    ],
    "withdraw": [
        "双方已自行和解，申请人申请撤回。",
        "申请人表示不再主张，自愿撤回调解申请。",
        "当事人外出务工，无法联系，申请人撤回申请。",
    ],
    "close_handled": [
        "经行政调解，双方达成一致，已履行完毕。",
        "依法作出处理决定，已送达当事人，当事人表示服从。",
        "会同协办单位联合调处，当事人诉求已依法依规解决。",
    ],
    "support_complete": [
        "已派员参加联合调处，提供政策解释和法律意见。",
        "已会同牵头单位现场核查，相关情况已反馈。",
        "已开展劳动保障监察，督促用人单位整改。",
    ],
    "refer_to_court": [
        "当事人坚持通过诉讼解决，导入诉调对接程序。",
        "多次调解未果，引导当事人向人民法院起诉。",
        "案情复杂、标的较大，建议通过诉讼程序解决。",
    ],
    "report_default": [
        "义务人逾期未履行协议，经回访督促仍未履行，申请人申请司法救济。",
        "义务人仅履行部分义务，余款拒不支付。",
    ],
    "confirm": ["调解协议系双方真实意思表示，内容不违反法律规定，裁定确认有效。"],
    "reject_confirmation": [
        "协议约定的违约金明显过高，损害一方合法权益，裁定驳回申请，建议重新调解。",
        "协议部分条款内容不明确，无法执行，裁定驳回申请。",
    ],
    "court_conclude": [
        "依法作出判决，已送达双方当事人。",
        "经法庭主持调解，双方达成调解协议，已制作调解书。",
        "原告申请撤诉，裁定准许。",
    ],
    "reopen": [
        "当事人反映矛盾再次激化，重新研判。",
        "回访发现纠纷反复，申请人再次来访，重新受理。",
    ],
    "close_fulfilled": ["经回访，协议已全部履行完毕，当事人表示满意。", "义务人已按期履行，双方无其他争议。"],
}

MINUTES = {
    SessionResult.CONTINUING: [
        "调解员分别听取双方陈述，释明相关法律规定。双方分歧较大，约定三日后继续调解。",
        "组织双方面对面协商，初步厘清争议焦点，待补充相关证据后再次调解。",
        "背对背分别做双方工作，双方态度有所缓和，约定下次继续调解。",
    ],
    SessionResult.FAILED: [
        "经多次做工作，双方仍坚持各自主张，调解未果。",
        "被申请人拒绝到场，本次调解未能进行，双方矛盾未化解。",
        "双方对赔偿数额差距过大，调解未果。",
    ],
    SessionResult.AGREED: [
        "经调解员释法说理、耐心疏导，双方互谅互让达成一致意见，当场签订调解协议。",
        "邀请村干部和双方亲属共同参与调解，双方最终达成协议。",
        "“三官一师”法律顾问到场提供意见，双方认可调解方案并签字。",
    ],
}

FOLLOW_UP_NOTES = {
    True: ["电话回访，义务人已按协议履行，双方关系融洽。", "上门回访，协议履行情况良好，当事人表示满意。"],
    False: ["回访发现义务人未按期履行，已督促其尽快履行。", "义务人以资金困难为由拖延履行，申请人情绪不满。"],
}

# Hours between a step and the one before it.
GAPS = {
    "assess": (0.5, 8),
    "prevent": (2, 48),
    "close_prevented": (72, 720),
    "start_mediation": (1, 24),
    "escalate": (4, 40),
    "refer": (2, 30),
    "accept_referral": (1, 20),
    "return_referral": (2, 20),
    "close_handled": (120, 960),
    "record_agreement": (0.2, 2),
    "apply_confirmation": (24, 168),
    "confirm": (72, 360),
    "reject_confirmation": (72, 360),
    "start_follow_up": (24, 120),
    "close_fulfilled": (24, 240),
    "report_default": (24, 120),
    "refer_to_court": (24, 120),
    "court_accept": (24, 96),
    "court_delegate": (24, 96),
    "court_file": (240, 720),
    "court_conclude": (480, 2160),
    "withdraw": (24, 240),
    "decline": (1, 24),
    "reopen": (240, 1440),
    "session": (2, 30),
    "agreement": (1, 6),
    "follow_up": (240, 960),
    "support_accept": (1, 20),
    "support_complete": (72, 480),
    "lead_complete": (120, 960),
}

# The state each transition leads to (return_referral: back to where the referral came from).
TARGETS = {
    "assess": Status.ASSESSING,
    "prevent": Status.PREVENTING,
    "close_prevented": Status.CLOSED,
    "start_mediation": Status.MEDIATING,
    "escalate": Status.MEDIATING,
    "refer": Status.REFERRED,
    "accept_referral": Status.AGENCY_HANDLING,
    "close_handled": Status.CLOSED,
    "record_agreement": Status.AGREED,
    "apply_confirmation": Status.CONFIRMING,
    "confirm": Status.FULFILLING,
    "reject_confirmation": Status.MEDIATING,
    "start_follow_up": Status.FULFILLING,
    "close_fulfilled": Status.CLOSED,
    "report_default": Status.COURT_REFERRED,
    "refer_to_court": Status.COURT_REFERRED,
    "court_accept": Status.COURT_MEDIATING,
    "court_delegate": Status.MEDIATING,
    "court_file": Status.LITIGATING,
    "court_conclude": Status.CLOSED,
    "withdraw": Status.CLOSED,
    "decline": Status.CLOSED,
    "reopen": Status.ASSESSING,
}
# Transitions that county-centre staff make when the holding body has no demo account (supervision).
CENTRE_TRANSITIONS = {"escalate", "refer", "reopen"}


# -- plans --------------------------------------------------------------------------------------------------


@dataclass
class Op:
    # "t" (a transition), "session", "agreement", "follow_up", "support_accept", "support_complete",
    # "lead_complete" (the lead body completes its referral, which closes the dispute)
    kind: str
    name: str = ""
    data: dict = field(default_factory=dict)
    gap: float = 1.0  # hours after the previous step


@dataclass
class Plan:
    scenario: str
    region: Region
    town: Region
    category: Category
    topic: Topic
    registrar: str
    channel: str
    risk: str
    overdue: bool
    lead: str = ""  # the lead body of its referrals, when the scenario fixes it
    title: str = ""
    description: str = ""
    amount: Decimal | None = None
    people: int = 2
    parties: list[dict] = field(default_factory=list)
    ops: list[Op] = field(default_factory=list)
    final: str = Status.REPORTED
    times: list[datetime] = field(default_factory=list)


# Fixed scenarios, made first: (scenario, where, registrar, category, channel, overdue[, lead body of
# its referral]). "where":
# "dongzhai" 东寨村, "shahe" / "xinhua" another area of that town, "other" an area of the other towns
# in turn, "state" a state farm. Together they reach every state, tier, outcome and channel, and put
# work in the inbox of every demo account.
FIXED = [
    ("reported", "dongzhai", "grid_dongzhai", "neighbour", Channel.GRID_PATROL, False),
    ("mediating:grid", "dongzhai", "grid_dongzhai", "housing-homestead", Channel.GRID_PATROL, False),
    ("mediating:village", "dongzhai", "grid_dongzhai", "neighbour", Channel.GRID_PATROL, False),
    ("mediating:village", "dongzhai", "mediator_dongzhai", "marriage-family", Channel.WALK_IN, True),
    ("agreed", "dongzhai", "mediator_dongzhai", "land-contract", Channel.WALK_IN, False),
    ("mediating:town", "shahe", "mediator_shahe", "contract", Channel.WALK_IN, False),
    ("mediating:town", "dongzhai", "grid_dongzhai", "damages", Channel.GRID_PATROL, False),
    ("fulfilling", "shahe", "mediator_shahe", "traffic", Channel.POLICE_TRANSFER, False),
    ("mediating:town", "xinhua", "mediator_xinhua", "forest-land", Channel.WALK_IN, False),
    ("agreed", "xinhua", "mediator_xinhua", "contract", Channel.HOTLINE, False),
    ("assessing", "other", "centre", "village-affairs", Channel.HOTLINE, False),
    ("mediating:county", "other", "centre", "business", Channel.ONLINE, False),
    ("referred", "shahe", "mediator_shahe", "neighbour", Channel.WALK_IN, False, "{t}-police"),
    ("agency_handling", "shahe", "centre", "damages", Channel.WALK_IN, False, "{t}-police"),
    ("whistle", "other", "centre", "labour", Channel.HOTLINE, False, "labour-dept"),
    ("agency_handling", "xinhua", "mediator_xinhua", "labour", Channel.WALK_IN, False, "labour-dept"),
    ("whistle", "other", "centre", "requisition", Channel.PETITION, True, "petitions-bureau"),
    ("agency_handling", "other", "centre", "village-affairs", Channel.PETITION, False, "petitions-bureau"),
    ("confirming", "shahe", "mediator_shahe", "contract", Channel.WALK_IN, False),
    ("court_referred", "other", "centre", "contract", Channel.WALK_IN, False),
    ("court_mediating", "other", "centre", "business", Channel.ONLINE, False),
    ("litigating", "xinhua", "mediator_xinhua", "damages", Channel.WALK_IN, False),
    ("preventing", "other", "centre", "pollution", Channel.HOTLINE, False),
    ("delegated", "other", "centre", "contract", Channel.COURT_DIVERSION, False),
    ("rejected", "shahe", "mediator_shahe", "housing-homestead", Channel.WALK_IN, False),
    ("reopened", "other", "centre", "neighbour", Channel.WALK_IN, False),
    ("default", "other", "centre", "traffic", Channel.WALK_IN, False),
    ("prevented", "dongzhai", "grid_dongzhai", "neighbour", Channel.GRID_PATROL, False),
    ("fulfilled", "shahe", "mediator_shahe", "neighbour", Channel.WALK_IN, False),
    ("confirmed_fulfilled", "other", "centre", "land-contract", Channel.WALK_IN, False),
    ("admin_decision", "other", "centre", "forest-land", Channel.HOTLINE, False),
    ("admin_decision", "shahe", "centre", "labour", Channel.WALK_IN, False),
    ("court_mediated", "other", "centre", "contract", Channel.WALK_IN, False),
    ("judgment", "other", "centre", "housing-homestead", Channel.WALK_IN, False),
    ("withdrawn", "xinhua", "mediator_xinhua", "neighbour", Channel.WALK_IN, False),
    ("court_withdrawn", "other", "centre", "damages", Channel.COURT_DIVERSION, False),
    ("declined", "other", "centre", "labour", Channel.ONLINE, False),
    ("returned", "other", "centre", "consumer", Channel.ONLINE, False),
    ("assessing", "state", "centre", "land-contract", Channel.WALK_IN, True),
    ("agency_agreed", "shahe", "mediator_shahe", "traffic", Channel.WALK_IN, False),
    ("confirmed", "other", "centre", "contract", Channel.WALK_IN, False),
    ("referred", "other", "centre", "other", Channel.PETITION, False),
]

# Scenario weights of the random part: most disputes are settled at the grassroots, few reach the court.
SCENARIO_WEIGHTS = {
    "fulfilled": 40,
    "prevented": 10,
    "declined": 5,
    "withdrawn": 6,
    "admin_decision": 10,
    "confirmed_fulfilled": 8,
    "judgment": 3,
    "court_mediated": 3,
    "court_withdrawn": 1,
    "returned": 2,
    "reported": 3,
    "assessing": 3,
    "preventing": 2,
    "mediating:grid": 3,
    "mediating:village": 3,
    "mediating:town": 3,
    "mediating:county": 1,
    "referred": 2,
    "whistle": 2,
    "agency_handling": 3,
    "agreed": 2,
    "fulfilling": 4,
    "confirming": 1,
    "confirmed": 1,
    "rejected": 1,
    "court_referred": 2,
    "default": 1,
    "court_mediating": 2,
    "delegated": 1,
    "litigating": 2,
    "reopened": 1,
    "agency_agreed": 1,
}
# Scenarios that end in or pass through an agreement: not for identity or marriage-relation matters.
AGREEMENT_SCENARIOS = {
    "agreed", "agency_agreed", "fulfilling", "fulfilled", "confirming", "confirmed", "confirmed_fulfilled",
    "rejected", "default", "returned", "reopened",
}  # fmt: skip
# Scenarios a state farm can go through: it has no village or town committee below the county centre.
STATE_UNIT_SCENARIOS = {
    "reported", "assessing", "declined", "withdrawn", "referred", "whistle", "agency_handling",
    "admin_decision", "mediating:county", "court_referred", "court_mediating", "litigating", "judgment",
    "court_mediated", "court_withdrawn",
}  # fmt: skip
OVERDUE_SHARE = 0.12


class _Clock:
    """Stands in for django.utils.timezone.now while the demo is written."""

    def __init__(self) -> None:
        self.now: datetime | None = None

    def __call__(self) -> datetime:
        return self.now


# -- the planner -----------------------------------------------------------------------------------------


class _Planner:
    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = now
        self.categories = {c.code: c for c in Category.objects.filter(is_active=True)}
        regions = list(Region.objects.select_related("parent").order_by("code"))
        by_id = {r.pk: r for r in regions}
        for region in regions:  # parents from the same list: ancestor_of_kind() needs no queries
            if region.parent_id:
                region.parent = by_id[region.parent_id]
        self.towns = [r for r in regions if r.kind == RegionKind.TOWN]
        self.areas = {
            town.pk: [
                r
                for r in regions
                if r.parent_id == town.pk and r.kind in (RegionKind.VILLAGE, RegionKind.COMMUNITY)
            ]
            for town in self.towns
        }
        self.state_units = [r for r in regions if r.kind == RegionKind.STATE_UNIT]
        self.dongzhai = next(r for r in regions if r.name == "东寨村")
        self.shahe = self.dongzhai.parent
        self.xinhua = next(t for t in self.towns if t.name == "新华镇")
        self.others = [t for t in self.towns if t.pk not in (self.shahe.pk, self.xinhua.pk)]
        self.communities = [r for r in regions if r.kind == RegionKind.COMMUNITY]
        self.town_slug = {
            b.region_id: b.code.removesuffix("-committee")
            for b in Body.objects.filter(kind=BodyKind.TOWN_COMMITTEE)
        }
        self.bodies = {b.code: b for b in Body.objects.filter(is_active=True)}
        self.other_turn = 0

    # -- where ----------------------------------------------------------------------------------------
    def _area_of(self, where: str) -> Region:
        if where == "dongzhai":
            return self.dongzhai
        if where == "shahe":
            return self.rng.choice([a for a in self.areas[self.shahe.pk] if a.pk != self.dongzhai.pk])
        if where == "xinhua":
            return self.rng.choice(self.areas[self.xinhua.pk])
        if where == "state":
            return self.rng.choice(self.state_units)
        town = self.others[self.other_turn % len(self.others)]
        self.other_turn += 1
        return self.rng.choice(self.areas[town.pk])

    def _random_area(self, category: str) -> Region:
        if category == "property-management" and self.communities:
            return self.rng.choice(self.communities)
        if self.rng.random() < 0.02:
            return self.rng.choice(self.state_units)
        town = self.rng.choices(self.towns, weights=[t.population or 1 for t in self.towns])[0]
        return self.rng.choice(self.areas[town.pk])

    def _registrar_for(self, region: Region) -> str:
        roll = self.rng.random()
        if region.pk == self.dongzhai.pk:
            return "grid_dongzhai" if roll < 0.5 else ("mediator_dongzhai" if roll < 0.8 else "centre")
        town = region.ancestor_of_kind(RegionKind.TOWN)
        if town is not None and town.pk == self.shahe.pk and roll < 0.6:
            return "mediator_shahe"
        if town is not None and town.pk == self.xinhua.pk and roll < 0.6:
            return "mediator_xinhua"
        return "centre"

    def _channel_for(self, registrar: str) -> str:
        if registrar == "grid_dongzhai":
            return Channel.GRID_PATROL
        if registrar == "centre":
            options = {
                Channel.WALK_IN: 30, Channel.HOTLINE: 25, Channel.ONLINE: 15, Channel.PETITION: 12,
                Channel.POLICE_TRANSFER: 10, Channel.COURT_DIVERSION: 8,
            }  # fmt: skip
        else:
            options = {
                Channel.WALK_IN: 50, Channel.GRID_PATROL: 25, Channel.HOTLINE: 10,
                Channel.POLICE_TRANSFER: 10, Channel.ONLINE: 5,
            }  # fmt: skip
        return self.rng.choices(list(options), weights=list(options.values()))[0]

    # -- plans ----------------------------------------------------------------------------------------
    def fixed(self, index: int) -> Plan:
        scenario, where, registrar, category, channel, overdue, *lead = FIXED[index]
        area = self._area_of(where)
        return self._plan(scenario, area, registrar, category, channel, overdue, lead=lead[0] if lead else "")

    def random(self) -> Plan:
        category = self.rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
        region = self._random_area(category)
        scenarios = [
            s for s in SCENARIO_WEIGHTS if region.kind != RegionKind.STATE_UNIT or s in STATE_UNIT_SCENARIOS
        ]
        scenario = self.rng.choices(scenarios, weights=[SCENARIO_WEIGHTS[s] for s in scenarios])[0]
        registrar = self._registrar_for(region)
        overdue = self.rng.random() < OVERDUE_SHARE
        return self._plan(scenario, region, registrar, category, self._channel_for(registrar), overdue)

    def _plan(self, scenario, region, registrar, category_code, channel, overdue, *, lead="") -> Plan:
        rng = self.rng
        topic = rng.choice(TOPICS[category_code])
        if topic.personal_status and scenario in AGREEMENT_SCENARIOS:
            topic = next((t for t in TOPICS[category_code] if not t.personal_status), topic)
        town = region.ancestor_of_kind(RegionKind.TOWN)
        plan = Plan(
            scenario=scenario,
            region=region,
            town=town,
            category=self.categories[category_code],
            topic=topic,
            registrar=registrar,
            channel=channel,
            risk=topic.risk or rng.choices(list(RiskLevel.values), weights=[3, 10, 62, 25])[0],
            overdue=overdue,
            lead=lead,
        )
        self._describe(plan)
        _Path(self, plan).build()
        self._schedule(plan)
        return plan

    def _describe(self, plan: Plan) -> None:
        rng, topic = self.rng, plan.topic
        lo, hi = topic.parties
        count = rng.randint(lo, hi)
        organisation = rng.choice(topic.organisations) if topic.organisations and rng.random() < 0.8 else None
        applicants = 1 if count == 1 else max(1, count - 1 - (1 if count == 4 else 0))
        if count == 1:
            roles = [PartyRole.APPLICANT]
        else:
            roles = [PartyRole.APPLICANT] * applicants + [PartyRole.RESPONDENT] * (count - applicants)
            if count == 4 and rng.random() < 0.5:
                roles[-1] = PartyRole.THIRD_PARTY
        parties = []
        for position, role in enumerate(roles):
            first_respondent = role == PartyRole.RESPONDENT and PartyRole.RESPONDENT not in roles[:position]
            if organisation and first_respondent:
                phone = _mobile(rng) if rng.random() < 0.5 else ""
                parties.append(
                    {
                        "kind": PartyKind.ORGANISATION,
                        "role": role,
                        "name": organisation,
                        "phone": phone,
                        "address": self._address(plan.region),
                    }
                )
            else:
                ages = topic.applicant_age if position == 0 else (24, 70)
                parties.append(self._person(role, ages, plan.region))
        plan.parties = parties
        applicant = parties[0]["name"]
        respondents = [p["name"] for p in parties if p["role"] == PartyRole.RESPONDENT]
        respondent = respondents[0] if respondents else "有关单位"
        amount = None
        if topic.amount:
            amount = Decimal(rng.randrange(topic.amount[0], topic.amount[1] + 1, 100))
        people = rng.randint(*topic.people) if topic.people else len(parties)
        plan.amount, plan.people = amount, max(people, len(parties))
        place = plan.region.name
        if plan.people > len(parties) + 2:
            plan.title = f"{applicant}等{plan.people}人{topic.title}"
        elif respondents:
            plan.title = f"{applicant}与{respondent}{topic.title}"
        else:
            plan.title = f"{applicant}{topic.title}"
        plan.description = (
            topic.description.format(
                a=applicant, b=respondent, place=place, amount=amount or "", n=plan.people
            )
            + DEMO_MARK
        )

    def _person(self, role: str, ages: tuple[int, int], region: Region) -> dict:
        rng = self.rng
        male = rng.random() < 0.55
        name = rng.choice(FAMILY_NAMES) + rng.choice(MALE_GIVEN if male else FEMALE_GIVEN)
        age = rng.randint(*ages)
        birth = date(self.now.year - age, rng.randint(1, 12), rng.randint(1, 28))
        sequence = f"{rng.randint(0, 99):02d}{rng.choice('13579' if male else '02468')}"
        first17 = f"{COUNTY_CODE}{birth:%Y%m%d}{sequence}"
        return {
            "kind": PartyKind.PERSON,
            "role": role,
            "name": name,
            "id_number": first17 + id_check_char(first17) if rng.random() < 0.85 else "",
            "phone": _mobile(rng) if rng.random() < 0.7 else "",
            "address": self._address(region),
        }

    def _address(self, region: Region) -> str:
        rng = self.rng
        town = region.ancestor_of_kind(RegionKind.TOWN)
        prefix = f"临泽县{town.name if town else ''}{region.name}"
        if region.kind == RegionKind.COMMUNITY:
            estate = rng.choice(["幸福", "丹霞", "枣乡", "滨河"])
            flat = f"{rng.randint(1, 4)}单元{rng.randint(1, 6)}0{rng.randint(1, 4)}室"
            return f"{prefix}{estate}小区{rng.randint(1, 18)}号楼{flat}"
        if region.kind == RegionKind.STATE_UNIT:
            return f"{prefix}{rng.randint(1, 8)}队{rng.randint(1, 60)}号"
        return f"{prefix}{rng.randint(1, 9)}社{rng.randint(1, 80)}号"

    def referral_for(self, plan: Plan) -> tuple[list[int], int, str]:
        """(body ids, lead id, route) for a referral of this dispute: the competent body and its helpers."""
        options = [o for o in REFERRALS[plan.category.code] if not plan.lead or o[0] == plan.lead]
        lead, supports, route = self.rng.choice(options)
        slug = self.town_slug.get(plan.town.pk) if plan.town else None

        def body(code: str) -> Body:
            if "{t}" in code:
                code = code.format(t=slug) if slug else STATE_UNIT_STAND_INS[code]
            return self.bodies[code]

        bodies = [body(lead)] + [body(code) for code in supports]
        return [b.pk for b in bodies], bodies[0].pk, route

    # -- when -----------------------------------------------------------------------------------------
    def _schedule(self, plan: Plan) -> None:
        """Times of the registration and of every step: closed disputes somewhere in the last year, open
        ones so that the clock of their last transition has run out (overdue) or not."""
        rng = self.rng
        offsets, total = [0.0], 0.0
        for op in plan.ops:
            total += op.gap
            offsets.append(total)
        last = max(
            (i + 1 for i, op in enumerate(plan.ops) if op.kind == "t" or op.name == "lead_complete"),
            default=0,
        )
        if plan.final == Status.CLOSED:
            span = max(total + 24, 365 * 24 * rng.random())
            start = self.now - timedelta(hours=span)
        else:
            lag = self._lag_hours(plan)
            tail = offsets[-1] - offsets[last]
            if tail > lag * 0.9:  # the steps after the last transition must fit before now
                scale = lag * 0.9 / tail
                offsets = offsets[: last + 1] + [
                    offsets[last] + (o - offsets[last]) * scale for o in offsets[last + 1 :]
                ]
            start = self.now - timedelta(hours=lag + offsets[last])
        plan.times = [start + timedelta(hours=o) for o in offsets]

    def _lag_hours(self, plan: Plan) -> float:
        """How long ago the last transition of an open dispute was made."""
        rng, state = self.rng, plan.final
        if state == Status.MEDIATING:
            unit, amount = "workdays", 2
        else:
            unit, amount = STATE_DEFAULTS.get(state, (None, None))
        if unit is None:  # no clock runs (litigating)
            return rng.uniform(24, 60 * 24)
        if unit == "workdays":
            return rng.uniform(14, 45) * 24 if plan.overdue else rng.uniform(0.3, 20)
        if plan.overdue:
            return (amount + rng.uniform(2, 25)) * 24
        return rng.uniform(0.05, 0.7) * amount * 24


def _mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


class _Path:
    """Writes the steps of one scenario into a plan, following the state machine of DESIGN.md §3."""

    def __init__(self, planner: _Planner, plan: Plan) -> None:
        self.planner, self.plan, self.rng = planner, plan, planner.rng
        self.state, self.before_referral = Status.REPORTED, Status.REPORTED
        self.state_unit = plan.region.kind == RegionKind.STATE_UNIT
        self.tier = {
            "grid_dongzhai": Tier.GRID,
            "mediator_dongzhai": Tier.VILLAGE,
            "mediator_shahe": Tier.TOWN,
            "mediator_xinhua": Tier.TOWN,
        }.get(plan.registrar, Tier.COUNTY)

    # -- steps ----------------------------------------------------------------------------------------
    def _gap(self, key: str) -> float:
        lo, hi = GAPS[key]
        return self.rng.uniform(lo, hi)

    def t(self, name: str, **data) -> None:
        if name in NOTES and "note" not in data:
            data["note"] = self.rng.choice(NOTES[name])
        self.plan.ops.append(Op("t", name, data, self._gap(name)))
        if name == "refer":
            self.before_referral = self.state
        self.state = self.before_referral if name == "return_referral" else TARGETS[name]

    def op(self, kind: str, **data) -> None:
        self.plan.ops.append(Op(kind, kind, data, self._gap(kind)))
        if kind == "lead_complete":
            self.state = Status.CLOSED

    def session(self, result: str) -> None:
        self.op("session", result=result, minutes=self.rng.choice(MINUTES[result]))

    # -- pieces ---------------------------------------------------------------------------------------
    def maybe_assess(self, chance: float = 0.5) -> None:
        if self.state == Status.REPORTED and self.rng.random() < chance:
            risk = self.rng.choice([None, None, RiskLevel.BLUE, RiskLevel.YELLOW, RiskLevel.ORANGE])
            self.t("assess", **({"risk_level": risk} if risk else {}))

    def mediate(self, to_tier: str | None = None) -> None:
        """Starts mediation and escalates up to `to_tier` (default: where the registering body sits)."""
        if self.state_unit:
            to_tier = Tier.COUNTY
        to_tier = to_tier or (self.tier if self.tier != Tier.COUNTY else self.rng.choice(LADDER))
        top = LADDER.index(to_tier)
        if self.state_unit:
            start = top
        elif self.tier == Tier.COUNTY:  # the centre dispatches to a rung, usually the lowest ones
            start = self.rng.choices(range(top + 1), weights=[4, 3, 2, 1][: top + 1])[0]
        else:
            start = min(LADDER.index(self.tier), top)
            if start > 0 and self.rng.random() < 0.25:
                start -= 1  # the town committee hands it down to the village committee
        self.maybe_assess()
        self.t("start_mediation", tier=LADDER[start])
        for _rung in range(start, top):
            self.session(SessionResult.FAILED if self.rng.random() < 0.7 else SessionResult.CONTINUING)
            self.t("escalate")

    def refer(self, *, whistle: bool | None = None, supporting_accepts: bool = False) -> None:
        bodies, lead, route = self.planner.referral_for(self.plan)
        if whistle is False:
            bodies = [lead]
        elif whistle and len(bodies) == 1:
            extra = [self.planner.bodies[c].pk for c in ("justice-bureau", "petitions-bureau")]
            bodies += [pk for pk in extra if pk != lead][:1]
        self.t("refer", bodies=bodies, lead=lead, route=route)
        if supporting_accepts and len(bodies) > 1:
            self.op("support_accept")

    def reach_referral(self) -> None:
        roll = self.rng.random()
        if roll < 0.5:
            self.maybe_assess(0.8)
        elif roll < 0.8 and not self.state_unit:
            self.mediate()
            self.session(SessionResult.FAILED)

    def agency(self) -> None:
        self.reach_referral()
        self.refer(supporting_accepts=True)
        self.t("accept_referral")
        if self.rng.random() < 0.6:
            self.session(SessionResult.CONTINUING)

    def agreement(self) -> None:
        self.session(SessionResult.AGREED)
        if self.rng.random() < 0.5:
            self.op("agreement")
            self.t("record_agreement")
        else:  # the agreement's contents come with the transition
            self.t("record_agreement", with_terms=True)

    def agreed(self) -> None:
        self.mediate()
        if self.rng.random() < 0.4:
            self.session(SessionResult.CONTINUING)
        self.agreement()

    def fulfilling(self) -> None:
        self.agreed()
        self.t("start_follow_up")

    def confirming(self) -> None:
        self.agreed()
        self.t("apply_confirmation")

    def court_referred(self) -> None:
        roll = self.rng.random()
        if roll < 0.6 and not self.state_unit:
            self.mediate()
            self.session(SessionResult.FAILED)
        elif roll < 0.8:
            self.agency()
        else:
            self.t("assess")
        self.t("refer_to_court")

    def litigating(self) -> None:
        self.court_referred()
        if self.rng.random() < 0.6:
            self.t("court_accept")
            self.session(SessionResult.FAILED)
        self.t("court_file")

    # -- scenarios ------------------------------------------------------------------------------------
    def build(self) -> None:
        name, _sep, tier = self.plan.scenario.partition(":")
        getattr(self, f"s_{name}")(*([tier] if tier else []))
        self.plan.final = self.state

    def s_reported(self) -> None:
        pass

    def s_assessing(self) -> None:
        self.maybe_assess(1)

    def s_preventing(self) -> None:
        self.maybe_assess(1)
        self.t("prevent")

    def s_prevented(self) -> None:
        self.s_preventing()
        self.t("close_prevented")

    def s_declined(self) -> None:
        self.maybe_assess(0.5)
        self.t("decline")

    def s_mediating(self, tier: str) -> None:
        self.mediate(tier)
        self.session(SessionResult.CONTINUING)

    def s_withdrawn(self) -> None:
        self.mediate()
        self.session(SessionResult.CONTINUING)
        self.t("withdraw")

    def s_referred(self) -> None:
        self.reach_referral()
        self.refer(whistle=False)

    def s_whistle(self) -> None:
        self.reach_referral()
        self.refer(whistle=True, supporting_accepts=self.rng.random() < 0.6)

    def s_agency_handling(self) -> None:
        self.agency()

    def s_admin_decision(self) -> None:
        self.agency()
        self.op("support_accept", all=True)  # every supporting body reports in before the case is closed
        self.op("support_complete", note=self.rng.choice(NOTES["support_complete"]))
        if self.rng.random() < 0.5:
            self.op("lead_complete", note=self.rng.choice(NOTES["close_handled"]))
        else:
            self.t("close_handled")

    def s_agreed(self) -> None:
        self.agreed()

    def s_agency_agreed(self) -> None:
        self.agency()
        self.agreement()

    def s_fulfilling(self) -> None:
        self.fulfilling()
        if self.rng.random() < 0.6:
            self.op("follow_up", performed=True)

    def s_fulfilled(self) -> None:
        self.fulfilling()
        self.op("follow_up", performed=True)
        self.t("close_fulfilled")

    def s_confirming(self) -> None:
        self.confirming()

    def s_confirmed(self) -> None:
        self.confirming()
        self.t("confirm")

    def s_confirmed_fulfilled(self) -> None:
        self.s_confirmed()
        self.op("follow_up", performed=True)
        self.t("close_fulfilled")

    def s_rejected(self) -> None:
        self.confirming()
        self.t("reject_confirmation")
        self.session(SessionResult.CONTINUING)

    def s_court_referred(self) -> None:
        self.court_referred()

    def s_default(self) -> None:
        self.fulfilling()
        self.op("follow_up", performed=False)
        self.t("report_default")

    def s_court_mediating(self) -> None:
        self.court_referred()
        self.t("court_accept")
        self.session(SessionResult.CONTINUING)

    def s_delegated(self) -> None:
        self.court_referred()
        self.t("court_delegate")
        self.session(SessionResult.CONTINUING)

    def s_litigating(self) -> None:
        self.litigating()

    def _concluded(self, outcome: str, note: int) -> None:
        self.litigating()
        self.t("court_conclude", outcome=outcome, note=NOTES["court_conclude"][note])

    def s_judgment(self) -> None:
        self._concluded("judgment", 0)

    def s_court_mediated(self) -> None:
        self._concluded("court_mediated", 1)

    def s_court_withdrawn(self) -> None:
        self._concluded("withdrawn", 2)

    def s_returned(self) -> None:
        self.maybe_assess(1)
        self.refer(whistle=False)
        self.t("return_referral")
        self.mediate()
        self.agreement()
        self.t("start_follow_up")
        self.op("follow_up", performed=True)
        self.t("close_fulfilled")

    def s_reopened(self) -> None:
        self.rng.choice([self.s_declined, self.s_withdrawn, self.s_fulfilled])()
        self.t("reopen")


# -- the writer -------------------------------------------------------------------------------------------


class _Writer:
    """Carries out plans through the services, acting as the demo account of the body concerned."""

    def __init__(self, clock: _Clock, rng: random.Random) -> None:
        self.clock, self.rng = clock, rng
        User = get_user_model()
        usernames = [DEMO_ADMIN[0]] + [username for username, *_rest in DEMO_ACCOUNTS]
        self.users = {u.username: u for u in User.objects.filter(username__in=usernames)}
        if missing := sorted(set(usernames) - self.users.keys()):
            raise DemoDataError(
                f"The demo accounts {', '.join(missing)} do not exist: run `seed_demo` first."
            )
        bodies = Body.objects.in_bulk([code for *_rest, code, _role in DEMO_ACCOUNTS], field_name="code")
        self.user_of_body = {
            bodies[code].pk: self.users[username]
            for username, _family, _given, code, role in DEMO_ACCOUNTS
            if role != "leader"
        }
        self.admin, self.centre = self.users[DEMO_ADMIN[0]], self.users["centre"]

    def _user_for(self, body_id: int, transition: str = "") -> object:
        user = self.user_of_body.get(body_id)
        if user is not None:
            return user
        return self.centre if transition in CENTRE_TRANSITIONS else self.admin

    def write(self, plan: Plan) -> Dispute:
        self.clock.now = plan.times[0]
        dispute = dispute_register(
            user=self.users[plan.registrar],
            data={
                "title": plan.title,
                "description": plan.description,
                "category": plan.category,
                "region": plan.region,
                "channel": plan.channel,
                "amount": plan.amount,
                "people_involved": plan.people,
                "personal_status_matter": plan.topic.personal_status,
                "risk_level": plan.risk,
            },
            parties=plan.parties,
        )
        for op, when in zip(plan.ops, plan.times[1:], strict=True):
            self.clock.now = when
            try:
                self._step(dispute.pk, plan, op)
            except Exception as error:
                raise DemoDataError(
                    f"Demo dispute {dispute.code} ({plan.scenario}): step {op.name} failed: {error!r}"
                ) from error
        return dispute

    def _step(self, dispute_id: int, plan: Plan, op: Op) -> None:
        dispute = Dispute.objects.select_related("holder").get(pk=dispute_id)
        now = self.clock.now
        if op.kind == "t":
            data = dict(op.data)
            if data.pop("with_terms", False):
                data.update(self._agreement_fields(plan, dispute, now))
                # RecordAgreementForm has no obligations field: they would be dropped silently.
                data.pop("obligations")
            body_id = dispute.holder_id
            if op.name in ("accept_referral", "return_referral"):
                body_id = dispute.pending_lead_referral.body_id
            user = self.centre if op.name == "reopen" else self._user_for(body_id, op.name)
            dispute_transition(dispute_id=dispute_id, user=user, name=op.name, data=data)
        elif op.kind == "session":
            holder = dispute.holder
            user = self._user_for(holder.pk)
            names = "、".join(p["name"] for p in plan.parties)
            session_log(
                dispute_id=dispute_id,
                user=user,
                data={
                    "held_at": now - timedelta(minutes=self.rng.randint(20, 90)),
                    "place": _place(holder, plan.region),
                    "attendees": f"当事人：{names}；调解员：{user.last_name}{user.first_name}",
                    "minutes": op.data["minutes"],
                    "result": op.data["result"],
                },
            )
        elif op.kind == "agreement":
            agreement_create(
                dispute_id=dispute_id,
                user=self._user_for(dispute.holder_id),
                data=self._agreement_fields(plan, dispute, now),
            )
        elif op.kind == "follow_up":
            performed = op.data["performed"]
            follow_up_record(
                dispute_id=dispute_id,
                user=self._user_for(dispute.holder_id),
                data={
                    "visited_at": now,
                    "performed": performed,
                    "note": self.rng.choice(FOLLOW_UP_NOTES[performed]),
                },
            )
        elif op.kind == "support_accept":
            for referral in Referral.objects.filter(
                dispute_id=dispute_id, is_lead=False, status=ReferralStatus.PENDING
            ):
                if op.data.get("all") or self.rng.random() < 0.75:
                    referral_accept_supporting(referral_id=referral.pk, user=self._user_for(referral.body_id))
        elif op.kind == "support_complete":
            for referral in Referral.objects.filter(
                dispute_id=dispute_id, is_lead=False, status=ReferralStatus.ACCEPTED
            ):
                referral_complete(
                    referral_id=referral.pk, user=self._user_for(referral.body_id), result=op.data["note"]
                )
        elif op.kind == "lead_complete":
            lead = Referral.objects.get(dispute_id=dispute_id, is_lead=True, status=ReferralStatus.ACCEPTED)
            referral_complete(referral_id=lead.pk, user=self._user_for(lead.body_id), result=op.data["note"])
        else:
            raise ValueError(op.kind)

    def _agreement_fields(self, plan: Plan, dispute: Dispute, now: datetime) -> dict:
        """Facts, terms and performance of an agreement; obligations name the first respondent."""
        topic, rng = plan.topic, self.rng
        today = timezone.localdate(now)
        due = today + timedelta(days=rng.choice([7, 15, 30, 45, 60]))
        parties = list(dispute.parties.all())
        applicant = parties[0]
        respondent = next((p for p in parties if p.role == PartyRole.RESPONDENT), applicant)
        agreed_amount = None
        if plan.amount:
            agreed_amount = (plan.amount * Decimal(rng.choice([6, 7, 8, 9, 10])) / 10).quantize(
                Decimal("100")
            )
        terms = topic.terms.format(
            a=applicant.name,
            b=respondent.name,
            amount=agreed_amount or "",
            monthly=(agreed_amount or Decimal(1200)) // 12 // 10 * 10,
            due=f"{due.year}年{due.month}月{due.day}日",
        )
        obligations = [
            {"obligor": respondent, "description": terms[:300], "amount": agreed_amount, "due_on": due}
        ]
        return {
            "facts": plan.description.removesuffix(DEMO_MARK),
            "terms": terms,
            "performance": f"于{due.year}年{due.month}月{due.day}日前履行完毕，由调解组织回访督促。",
            "effective_on": today,
            "obligations": obligations,
        }


def _place(holder: Body, region: Region) -> str:
    kind = holder.kind
    if kind == BodyKind.GRID_STATION:
        return f"{region.name}当事人家中"
    if kind == BodyKind.VILLAGE_COMMITTEE:
        return f"{region.name}村（居）委会调解室"
    if kind == BodyKind.COUNTY_CENTRE:
        return "临泽县综治中心安贵调解室"
    if kind in (BodyKind.COURT, BodyKind.TRIBUNAL):
        return "临泽县人民法院诉调对接中心"
    return f"{holder.name}调解室"


# -- the entry point --------------------------------------------------------------------------------------


@transaction.atomic
def demo_disputes_create(*, count: int = 300, seed: int = 2026) -> dict:
    """Creates `count` demo disputes through the services; does nothing when demo disputes exist.

    Returns {"created": n, "skipped": bool, "by_status": {status: n}, "open": n, "overdue": n,
    "seconds": s}, the counts being those of all demo disputes. Needs the reference data (`load_linze`)
    and the demo accounts (`demo_accounts_create`). Raises DemoDataError when either is missing or
    demo data is not allowed here.
    """
    if not settings.DEMO_ACCOUNTS_ALLOWED:
        raise DemoDataError("Demo data is not allowed here (settings.DEMO_ACCOUNTS_ALLOWED is false).")
    started = time.monotonic()
    demo = Dispute.objects.filter(description__endswith=DEMO_MARK)
    if demo.exists():
        return _summary(demo, created=0, skipped=True, started=started)
    if not LadderStep.objects.exists() or not Category.objects.exists():
        raise DemoDataError("The reference data is missing: run `python manage.py load_linze` first.")

    rng = random.Random(seed)
    now = timezone.now()
    clock = _Clock()
    writer = _Writer(clock, rng)
    planner = _Planner(rng, now)
    plans = [planner.fixed(i) for i in range(min(count, len(FIXED)))]
    plans += [planner.random() for _ in range(count - len(plans))]
    plans.sort(key=lambda plan: plan.times[0])  # codes follow the order of registration
    with mock.patch("django.utils.timezone.now", new=clock):
        for plan in plans:
            writer.write(plan)
    return _summary(demo, created=len(plans), skipped=False, started=started)


def _summary(demo, *, created: int, skipped: bool, started: float) -> dict:
    by_status = dict(demo.values_list("status").annotate(n=Count("pk")).order_by("status"))
    open_disputes = demo.exclude(status=Status.CLOSED)
    return {
        "created": created,
        "skipped": skipped,
        "by_status": {status: by_status.get(status, 0) for status in Status.values},
        "open": open_disputes.count(),
        "overdue": open_disputes.filter(due_at__lt=timezone.now()).count(),
        "seconds": round(time.monotonic() - started, 1),
    }
