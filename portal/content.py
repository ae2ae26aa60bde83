"""The guide's and the explorer's shipped content, written for citizens from shared/DOMAIN.md.

Plain data, loaded by `portal_content_load()` (a data migration, and tests that flush the database).
Afterwards it is administrators' data: the loader adds what is missing, matched by code, and never
overwrites a row. Time limits are not written here: each way names the deadline policies (by code)
whose current durations the guide shows, so an edited policy changes the guide.

Lists inside a text (steps, what to bring, advantages, drawbacks) are one item per line.
"""

from django.apps import apps as django_apps

WAYS: list[dict] = [
    {
        "slug": "peoples-mediation",
        "name": "人民调解",
        "name_en": "People's mediation",
        "summary": "村（社区）、镇人民调解委员会的调解员帮助双方自愿协商，达成调解协议。",
        "summary_en": "Mediators of the village, community or town mediation committee help both sides "
        "agree of their own free will.",
        "handled_by": "全县71个村、5个社区和7个镇的人民调解委员会；县综治中心（矛调中心）及安贵调解室；"
        "医疗、交通事故、劳动争议、婚姻家庭等行业性专业性调解委员会。",
        "handled_by_en": "The mediation committees of Linze's 71 villages, 5 communities and 7 towns; the "
        "county centre with the Angui brand mediation room; the sector committees for medical, traffic, "
        "labour and family disputes.",
        "steps": "向村（社区）调委会、网格员提出，或在本平台网上申请\n调解员了解情况，征得双方同意后调解\n"
        "村里调不成的，按“四级七天”逐级提交镇、县调处\n达成协议的签订书面调解协议，调解员回访履行情况",
        "steps_en": "Ask your village or community committee or grid worker, or apply online here\n"
        "The mediator hears both sides and, with their consent, mediates\nWhat the village cannot settle "
        "goes up the four-level ladder to the town and the county\nAn agreement is signed in writing; the "
        "mediator visits later to see it performed",
        "time_limits_note": "调解按“四级七天”逐级进行：每一级有固定的工作日，期满未化解的提交上一级。",
        "time_limits_note_en": "Mediation climbs the four-level seven-day ladder: each level has its "
        "working days, then what is not settled goes up a level.",
        "legal_effect": "调解协议对双方有约束力，应当履行。双方可在协议生效之日起30日内共同向法院申请司法确认，"
        "确认后一方不履行的，另一方可申请强制执行。",
        "legal_effect_en": "The agreement binds both sides. Within 30 days of its taking effect they may "
        "jointly ask the court to confirm it; once confirmed, it can be enforced.",
        "cost": "免费",
        "cost_en": "Free",
        "what_to_bring": "身份证\n对方的姓名和联系方式\n与纠纷有关的材料：合同、欠条、照片、聊天记录等",
        "what_to_bring_en": "Your ID card\nThe other side's name and contact details\nPapers about the "
        "dispute: contracts, IOUs, photos, messages",
        "advantages": "就近、免费、快\n调解员熟悉本地情况，双方关系得以维系\n不公开，保护隐私",
        "advantages_en": "Close to home, free and quick\nMediators know the place; relations survive\n"
        "Private",
        "drawbacks": "须双方自愿，一方不同意就无法调解\n协议未经司法确认时不能直接申请强制执行",
        "drawbacks_en": "Both sides must agree to take part\nAn unconfirmed agreement cannot be enforced "
        "directly",
        "policies": ["ladder-grid", "ladder-village", "ladder-town", "ladder-county", "mediating"],
    },
    {
        "slug": "administrative-mediation",
        "name": "行政调解",
        "name_en": "Administrative mediation",
        "summary": "主管的政府部门在其职责范围内调解与本行业有关的民事纠纷。",
        "summary_en": "The government department in charge mediates civil disputes in its own field.",
        "handled_by": "谁主管谁负责：人社、住建、自然资源、市场监管、卫健、农业农村等县直部门。",
        "handled_by_en": "Whoever is in charge is responsible: the county's human resources, housing, "
        "natural resources, market regulation, health, agriculture and other departments.",
        "steps": "向主管部门或县综治中心提出\n部门受理后召集双方调解\n达成协议的制作调解协议书",
        "steps_en": "Apply to the department in charge or the county centre\nThe department calls both "
        "sides and mediates\nAn agreement is written down",
        "legal_effect": "调解协议由双方自觉履行；依法可以申请司法确认的，确认后可申请强制执行。",
        "legal_effect_en": "The sides perform the agreement themselves; where the law allows, the court "
        "may confirm it, and it can then be enforced.",
        "cost": "免费",
        "cost_en": "Free",
        "what_to_bring": "身份证\n与纠纷有关的合同、票据、照片等",
        "what_to_bring_en": "Your ID card\nContracts, receipts, photos about the dispute",
        "advantages": "部门懂行业政策，处理专业问题有优势\n免费",
        "advantages_en": "The department knows its field's rules\nFree",
        "drawbacks": "须双方自愿\n只管本部门职责范围内的纠纷",
        "drawbacks_en": "Both sides must agree\nOnly for disputes within the department's field",
        "policies": ["agency-handling"],
    },
    {
        "slug": "administrative-ruling",
        "name": "行政裁决",
        "name_en": "Administrative ruling",
        "summary": "法律授权的行政机关对特定民事纠纷（如土地、林地权属）作出裁决。",
        "summary_en": "An authority empowered by law decides certain civil disputes, such as who holds a "
        "right to land or forest.",
        "handled_by": "依法有裁决权的部门，例如县自然资源局（土地、林地权属争议）。",
        "handled_by_en": "Departments the law empowers, for example the Natural Resources Bureau for "
        "disputes over land and forest rights.",
        "steps": "向有裁决权的部门提出书面申请\n部门调查、听取双方意见，一般先行调解\n作出裁决决定并送达双方",
        "steps_en": "Apply in writing to the empowered department\nIt investigates, hears both sides and "
        "usually tries mediation first\nIt decides and serves the decision on both sides",
        "legal_effect": "裁决是行政决定，对双方有约束力；不服的，可依法申请行政复议或提起诉讼。",
        "legal_effect_en": "The ruling is an administrative decision binding both sides; a side that "
        "disagrees may seek administrative reconsideration or go to court.",
        "cost": "免费",
        "cost_en": "Free",
        "what_to_bring": "身份证\n权属证书、合同、地界图等证据",
        "what_to_bring_en": "Your ID card\nTitle certificates, contracts, boundary maps",
        "advantages": "不需对方同意也能得到结论\n部门专业、调查便利",
        "advantages_en": "A decision even if the other side will not agree\nExpert and able to "
        "investigate",
        "drawbacks": "只适用于法律规定的几类纠纷\n对结果不服还要走复议或诉讼",
        "drawbacks_en": "Only for the kinds of dispute the law lists\nDisagreeing means reconsideration or "
        "court",
        "policies": ["agency-handling"],
    },
    {
        "slug": "police-mediation",
        "name": "治安调解",
        "name_en": "Police mediation",
        "summary": "因打架、损坏财物等轻微违法行为引起的纠纷，由公安派出所调解；交通事故赔偿可由交警调解。",
        "summary_en": "The police station mediates disputes from minor offences such as a scuffle or "
        "damaged property; traffic police mediate accident compensation.",
        "handled_by": "县公安局及各镇派出所。",
        "handled_by_en": "The county police bureau and the town police stations.",
        "steps": "报警或到派出所反映\n民警查明事实，双方同意的进行调解\n最多调解两次，达成协议的制作调解书",
        "steps_en": "Call the police or go to the station\nOfficers establish the facts and, with both "
        "sides' consent, mediate\nAt most two sessions; an agreement is written down",
        "legal_effect": "达成协议并履行的，对违法行为人不再处罚；调解不成或不履行的，公安机关依法处理，"
        "民事赔偿可另行起诉。",
        "legal_effect_en": "Once the agreement is performed there is no penalty; if mediation fails or is "
        "not performed, the police decide under the law and compensation can be sued for.",
        "cost": "免费",
        "cost_en": "Free",
        "what_to_bring": "身份证\n受伤的病历、票据，损坏物品的照片",
        "what_to_bring_en": "Your ID card\nMedical records and bills, photos of the damage",
        "advantages": "快\n民警在场，便于查明事实",
        "advantages_en": "Quick\nOfficers establish the facts",
        "drawbacks": "只适用于情节轻微的治安案件\n调解次数有限",
        "drawbacks_en": "Only for minor public-order cases\nA limited number of sessions",
        "policies": ["police-mediation", "traffic-police-mediation"],
    },
    {
        "slug": "labour-mediation-arbitration",
        "name": "劳动争议调解与仲裁",
        "name_en": "Labour mediation and arbitration",
        "summary": "拖欠工资、工伤、解除劳动合同等纠纷，先调解，调解不成申请劳动争议仲裁。",
        "summary_en": "Unpaid wages, work injuries, dismissals: mediation first, then labour "
        "arbitration if it fails.",
        "handled_by": "县人力资源和社会保障局（劳动争议仲裁）；县劳动争议人民调解委员会；县总工会。",
        "handled_by_en": "The county Human Resources and Social Security Bureau (labour arbitration); the "
        "county labour dispute mediation committee; the county trade union federation.",
        "steps": "向调解委员会或人社局申请调解\n调解期满未达成协议的，可以申请仲裁\n仲裁委员会受理后开庭并作出裁决\n"
        "对裁决不服的，可依法向法院起诉",
        "steps_en": "Ask the mediation committee or the bureau to mediate\nIf there is no agreement in "
        "time, apply for arbitration\nThe arbitration commission accepts, hears and decides\nA side that "
        "disagrees may sue as the law allows",
        "time_limits_note": "仲裁裁决期限经批准可延长15日。申请仲裁一般应在知道权利被侵害之日起一年内提出。",
        "time_limits_note_en": "The award may be extended by 15 days with approval. Arbitration is usually "
        "to be sought within a year of learning of the wrong.",
        "legal_effect": "调解协议对双方有约束力；仲裁裁决生效后可申请法院强制执行。",
        "legal_effect_en": "A mediation agreement binds both sides; an arbitration award, once in force, "
        "can be enforced by the court.",
        "cost": "调解和仲裁均免费",
        "cost_en": "Mediation and arbitration are free",
        "what_to_bring": "身份证\n劳动合同、工资条、考勤记录、工作证或证人\n欠薪金额的计算",
        "what_to_bring_en": "Your ID card\nLabour contract, pay slips, attendance records, work badge or "
        "witnesses\nHow much is owed",
        "advantages": "免费\n有法定期限，结果有保障\n仲裁比诉讼快",
        "advantages_en": "Free\nTime limits set by law\nArbitration is quicker than court",
        "drawbacks": "多数劳动争议须先仲裁才能起诉\n需要证明存在劳动关系",
        "drawbacks_en": "Most labour disputes must go to arbitration before court\nYou need to show you "
        "worked there",
        "policies": ["labour-mediation", "labour-arbitration-acceptance", "labour-arbitration-award"],
    },
    {
        "slug": "petitions",
        "name": "信访",
        "name_en": "Petitions",
        "summary": "对国家机关及其工作人员的工作提出意见、建议或投诉请求，由信访部门受理并交办。",
        "summary_en": "Opinions, suggestions or complaints about the work of state bodies and their "
        "staff, taken in by the petitions bureau and passed to the body responsible.",
        "handled_by": "县信访局，联合接访、联合调处、联合帮扶。",
        "handled_by_en": "The county Petitions Bureau, with joint reception, handling and assistance.",
        "steps": "来信、来访或网上提出信访事项\n信访部门决定是否受理并转交有权处理的机关\n有关机关办理并书面答复\n"
        "不服答复的，可以请求复查、复核",
        "steps_en": "Write, visit or submit online\nThe bureau decides whether to accept and passes it on\n"
        "The body responsible handles it and answers in writing\nIf you disagree, ask for a review and "
        "then a second review",
        "time_limits_note": "办理期限说明理由可延长30日；复查、复核各应在收到答复后30日内请求，30日内答复。",
        "time_limits_note_en": "Handling may be extended by 30 days with reasons; a review or second review "
        "is asked within 30 days of the answer and answered within 30 days.",
        "legal_effect": "信访答复意见不是法院判决；属于诉讼、仲裁、行政复议范围的事项，应通过这些途径解决。",
        "legal_effect_en": "An answer to a petition is not a judgment; matters for a court, arbitration or "
        "reconsideration go through those channels.",
        "cost": "免费",
        "cost_en": "Free",
        "what_to_bring": "身份证\n反映的问题和诉求的书面材料",
        "what_to_bring_en": "Your ID card\nYour matter and request in writing",
        "advantages": "能反映对政府部门工作的意见\n可以联合多个部门共同处理",
        "advantages_en": "A way to be heard about government work\nSeveral departments may act together",
        "drawbacks": "不能代替诉讼、仲裁等法定途径\n须逐级反映",
        "drawbacks_en": "No substitute for court or arbitration\nTo be raised level by level",
        "policies": ["petition-acceptance", "petition-handling"],
    },
    {
        "slug": "judicial-confirmation",
        "name": "司法确认",
        "name_en": "Judicial confirmation",
        "summary": "调解达成协议后，双方共同申请法院确认协议有效，确认后具有强制执行力。",
        "summary_en": "After mediation, both sides jointly ask the court to confirm the agreement; once "
        "confirmed it can be enforced.",
        "handled_by": "临泽县人民法院及人民法庭；调解员可协助在线申请。",
        "handled_by_en": "Linze County People's Court and its tribunals; the mediator can help you apply "
        "online.",
        "steps": "调解协议生效后，双方共同提出申请\n法院决定是否受理\n法院审查后裁定协议有效或驳回申请",
        "steps_en": "After the agreement takes effect, both sides apply together\nThe court decides "
        "whether to accept\nThe court examines it and rules it valid or rejects the application",
        "time_limits_note": "审查期限经院长批准可延长10日。涉及身份关系、收养、婚姻关系的协议不能申请司法确认。",
        "time_limits_note_en": "The examination may be extended by 10 days with the president's approval. "
        "Agreements on identity, adoption or marriage relations cannot be confirmed.",
        "legal_effect": "裁定有效的，一方不履行，另一方可申请强制执行；被驳回的，可重新调解或起诉。",
        "legal_effect_en": "Ruled valid, it can be enforced if a side does not perform; rejected, the "
        "sides may mediate again or sue.",
        "cost": "不收费",
        "cost_en": "No fee",
        "what_to_bring": "双方身份证\n调解协议书\n与协议有关的证明材料",
        "what_to_bring_en": "Both sides' ID cards\nThe mediation agreement\nPapers supporting it",
        "advantages": "不收费、快\n让调解协议像判决一样可以执行",
        "advantages_en": "Free and quick\nMakes the agreement enforceable like a judgment",
        "drawbacks": "须双方共同申请，且在期限内提出\n有些协议不能确认",
        "drawbacks_en": "Both sides must apply, in time\nSome agreements cannot be confirmed",
        "policies": ["agreed", "confirming"],
    },
    {
        "slug": "pre-litigation-mediation",
        "name": "诉前调解",
        "name_en": "Pre-litigation mediation",
        "summary": "到法院起诉的民事纠纷，经当事人同意，先由法院或特邀调解员调解。",
        "summary_en": "A civil case brought to court is, with the parties' consent, mediated first by the "
        "court or its invited mediators.",
        "handled_by": "临泽县人民法院诉讼服务中心、人民法庭，以及镇诉调对接工作站。",
        "handled_by_en": "The litigation service centre of Linze County People's Court, its tribunals and "
        "the towns' court docking workstations.",
        "steps": "到法院或通过人民法院调解平台申请\n法院登记后安排调解员调解\n调解成功的可申请司法确认或出具调解书\n"
        "调解不成的转入立案",
        "steps_en": "Apply at the court or on the court mediation platform\nThe court registers it and "
        "assigns a mediator\nA settlement can be confirmed or written into a mediation document\nIf it "
        "fails, the case is filed",
        "time_limits_note": "双方同意的，可再延长30日。",
        "time_limits_note_en": "With both sides' consent, 30 more days.",
        "legal_effect": "调解成功的，经司法确认或法院出具调解书后可申请强制执行；调解不成的，您的起诉权不受影响。",
        "legal_effect_en": "A settlement, once confirmed or written into a court mediation document, can be "
        "enforced; a failure leaves your right to sue intact.",
        "cost": "一般不收费",
        "cost_en": "Usually free",
        "what_to_bring": "身份证\n起诉状或纠纷情况说明\n证据材料",
        "what_to_bring_en": "Your ID card\nThe complaint or an account of the dispute\nEvidence",
        "advantages": "比诉讼省时省钱\n不成功也不耽误立案",
        "advantages_en": "Cheaper and quicker than a trial\nA failure does not delay the filing",
        "drawbacks": "须双方同意调解",
        "drawbacks_en": "Both sides must agree to mediate",
        "policies": ["court-mediating"],
    },
    {
        "slug": "litigation",
        "name": "诉讼",
        "name_en": "Litigation",
        "summary": "向人民法院起诉，由法院审理并作出判决。这是最后一道防线，任何时候您都保有起诉的权利。",
        "summary_en": "Suing in the People's Court, which tries the case and gives judgment: the last "
        "resort, and you keep the right to sue at all times.",
        "handled_by": "临泽县人民法院及沙河、平川、板桥人民法庭。",
        "handled_by_en": "Linze County People's Court and the Shahe, Pingchuan and Banqiao tribunals.",
        "steps": "准备起诉状和证据，向法院起诉\n法院审查后立案或裁定不予受理\n开庭审理，可以调解\n"
        "作出判决；不服一审判决的可以上诉",
        "steps_en": "Prepare the complaint and evidence and file them\nThe court files the case or refuses "
        "it\nA hearing; mediation remains possible\nJudgment; a side may appeal a first-instance judgment",
        "time_limits_note": "审理期限由法院依法掌握：普通程序一般为六个月。",
        "time_limits_note_en": "The court keeps the trial limit under the law: usually six months in "
        "ordinary procedure.",
        "legal_effect": "生效判决具有强制执行力。",
        "legal_effect_en": "A judgment in force can be enforced.",
        "cost": "按《诉讼费用交纳办法》交纳诉讼费，确有困难的可申请缓交、减交或免交",
        "cost_en": "Court fees under the national fee rules; hardship may defer, reduce or waive them",
        "what_to_bring": "身份证\n起诉状（写明对方信息、请求和理由）\n证据材料",
        "what_to_bring_en": "Your ID card\nA complaint (the other side, your claims and reasons)\n"
        "Evidence",
        "advantages": "结果有国家强制力保障\n不需要对方同意",
        "advantages_en": "Backed by the state's power to enforce\nNo consent of the other side needed",
        "drawbacks": "时间长、费用高\n公开审理，关系难以修复",
        "drawbacks_en": "Slow and costly\nPublic; relations are hard to mend",
        "policies": ["court-referred", "litigating"],
    },
]  # fmt: skip

# Questions in the order asked; each answer leads on or ends with suggestions.
QUESTIONS: list[dict] = [
    {"code": "danger", "text": "现在有人身安全危险吗？", "text_en": "Is anyone in danger right now?",
     "help": "例如有人受伤、被威胁、有人扬言要伤害自己或他人。",
     "help_en": "For example someone is hurt or threatened, or says they will harm themselves or others.",
     "is_start": True},
    {"code": "kind", "text": "是什么方面的纠纷？", "text_en": "What is the dispute about?"},
    {"code": "whom", "text": "纠纷的对方是谁？", "text_en": "Who is the other side?"},
    {"code": "amount", "text": "涉及多少钱？", "text_en": "How much money is involved?"},
]  # fmt: skip

# (question, code, text, text_en, next question, ways, sector, danger, advice, advice_en)
ANSWERS: list[tuple] = [
    ("danger", "danger-yes", "是，有人有危险", "Yes, someone is in danger", None, [], "", True,
     "请立即拨打110报警；有人受伤请拨打120。安全之后，再考虑如何化解纠纷。",
     "Call 110 for the police now; call 120 if someone is hurt. Think about resolving the dispute once "
     "everyone is safe."),
    ("danger", "danger-no", "没有", "No", "kind", [], "", False, "", ""),
    ("kind", "kind-wages", "工资、工伤、劳动合同", "Wages, work injury, labour contract", "whom",
     ["labour-mediation-arbitration"], "labour", False,
     "拖欠工资等劳动争议先调解，调解不成申请劳动争议仲裁；多数劳动争议须先仲裁才能起诉。",
     "Labour disputes such as unpaid wages go to mediation, then arbitration; most must be arbitrated "
     "before a court will hear them."),
    ("kind", "kind-family", "婚姻、家庭、赡养", "Marriage, family, care of elders", "whom",
     ["peoples-mediation", "litigation"], "marriage-family", False,
     "家事纠纷适合先由村（社区）调委会或妇联调解。离婚等身份关系的协议不能申请司法确认。",
     "Family matters suit mediation by the village committee or the women's federation. Agreements on "
     "marriage relations cannot be judicially confirmed."),
    ("kind", "kind-neighbours", "邻里、宅基地、土地", "Neighbours, homestead, land", "whom",
     ["peoples-mediation", "administrative-ruling", "judicial-confirmation"], "forest-land", False, "", ""),
    ("kind", "kind-traffic", "交通事故赔偿", "Traffic accident compensation", "whom",
     ["police-mediation", "peoples-mediation", "pre-litigation-mediation"], "traffic", False, "", ""),
    ("kind", "kind-consumer", "买东西、服务质量", "A purchase or a service", "whom",
     ["administrative-mediation", "peoples-mediation"], "consumer", False, "", ""),
    ("kind", "kind-medical", "看病、医疗", "Medical treatment", "whom",
     ["peoples-mediation", "administrative-mediation", "litigation"], "medical", False, "", ""),
    ("kind", "kind-other", "合同、借款或其他", "A contract, a loan or something else", "whom",
     ["peoples-mediation", "pre-litigation-mediation"], "", False, "", ""),
    ("whom", "whom-person", "个人、邻居或家人", "A person, a neighbour or family", "amount", [], "", False, "",
     ""),
    ("whom", "whom-employer", "老板、单位或公司", "An employer or a company", "amount", [], "", False, "", ""),
    ("whom", "whom-government", "政府部门或其工作人员", "A government department or its staff", "amount",
     ["petitions", "administrative-ruling"], "", False,
     "对政府部门工作的意见和投诉可以信访；对行政决定不服的，可依法申请行政复议或提起行政诉讼。",
     "Complaints about government work may be petitioned; an administrative decision can be challenged "
     "by reconsideration or in court."),
    ("amount", "amount-none", "不涉及钱或不清楚", "No money, or not sure", None, [], "", False, "", ""),
    ("amount", "amount-small", "1万元以下", "Less than 10,000 yuan", None, ["judicial-confirmation"], "",
     False, "", ""),
    ("amount", "amount-large", "1万元以上", "10,000 yuan or more", None,
     ["judicial-confirmation", "pre-litigation-mediation", "litigation"], "", False,
     "金额较大的，调解达成协议后建议申请司法确认，以便对方不履行时申请强制执行。",
     "For larger sums, ask the court to confirm the agreement so that it can be enforced."),
]  # fmt: skip


def portal_content_load(*, apps=django_apps) -> int:
    """Creates the shipped ways, questions and answers that are missing (matched by code); returns how many.

    Idempotent; existing rows are administrators' data and are left alone. Deadline policies that do
    not exist (yet) are skipped. `apps` is the app registry (a data migration passes its historical one).
    """
    way_model = apps.get_model("portal", "GuideWay")
    question_model = apps.get_model("portal", "ExplorerQuestion")
    answer_model = apps.get_model("portal", "ExplorerAnswer")
    policy_model = apps.get_model("disputes", "DeadlinePolicy")
    created = 0
    ways = {way.slug: way for way in way_model.objects.all()}
    for position, spec in enumerate(WAYS, start=1):
        if spec["slug"] in ways:
            continue
        fields = {key: value for key, value in spec.items() if key != "policies"}
        way = way_model.objects.create(position=10 * position, **fields)
        way.deadline_policies.set(policy_model.objects.filter(code__in=spec["policies"]))
        ways[way.slug], created = way, created + 1
    questions = {question.code: question for question in question_model.objects.all()}
    for position, spec in enumerate(QUESTIONS, start=1):
        if spec["code"] not in questions:
            questions[spec["code"]] = question_model.objects.create(
                position=10 * position,
                **{"is_start": False, **spec},
            )
            created += 1
    existing = set(answer_model.objects.values_list("code", flat=True))
    for position, row in enumerate(ANSWERS, start=1):
        question, code, text, text_en, next_code, way_slugs, sector, danger, advice, advice_en = row
        if code in existing:
            continue
        answer = answer_model.objects.create(
            question=questions[question],
            code=code,
            position=10 * position,
            text=text,
            text_en=text_en,
            next_question=questions.get(next_code) if next_code else None,
            is_danger=danger,
            sector=sector,
            advice=advice,
            advice_en=advice_en,
        )
        answer.ways.set([ways[slug] for slug in way_slugs if slug in ways])
        created += 1
    return created
