"""What the demo disputes are about: per category, the topics (title, story, terms agreed) and how often
the category comes up."""

from dataclasses import dataclass

from disputes.choices import RiskLevel

__all__ = ["CATEGORY_WEIGHTS", "TOPICS", "Topic"]

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
