"""Demo directory data for a development or demonstration portal: mediator profiles, training records and
mediation rooms, among them the county centre's brand room 安贵调解室. Called by `seed_demo`; idempotent.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from agencies.models import Body
from demo.accounts import DemoDataError
from disputes.models import Category
from mediation.models import MediationSession
from mediation.services import mediation_room_save, mediator_profile_save, training_record_add

__all__ = ["mediation_demo_create"]

# username → (title, work phone, specialties (category codes), biography)
PROFILES = {
    "mediator_dongzhai": (
        "金牌调解员",
        "13909361201",
        ["neighbour", "marriage-family", "housing-homestead"],
        "东寨村人民调解委员会主任，从事村级调解工作十二年，熟悉村情民情，擅长邻里和婚姻家庭纠纷。",
    ),
    "mediator_shahe": (
        "优秀人民调解员",
        "13909361202",
        ["land-contract", "labour", "contract", "forest-land"],
        "沙河镇人民调解委员会专职调解员，曾任镇司法所干部，擅长土地承包和劳动争议调解。",
    ),
    "mediator_xinhua": (
        "",
        "13909361203",
        ["marriage-family", "consumer", "property-management"],
        "新华镇人民调解委员会调解员，妇联推荐的兼职调解员，长于家事调解。",
    ),
}

# (title, held on, hours, organiser); every demo mediator attended the first two, the others as listed.
TRAININGS = [
    ("人民调解员岗前培训", date(2025, 3, 18), Decimal("16"), "临泽县司法局"),
    ("《人民调解法》与调解协议制作实务", date(2025, 9, 9), Decimal("8"), "张掖市司法局"),
    ("“四级七天”矛盾纠纷化解工作法", date(2026, 4, 22), Decimal("6"), "临泽县综治中心"),
    ("诉调对接与司法确认程序", date(2026, 6, 15), Decimal("4"), "临泽县人民法院"),
]
EXTRA_TRAININGS = {"mediator_dongzhai": [2, 3], "mediator_shahe": [2]}

# (body code, room name, brand room, description, the place text demo sessions used for it)
ROOMS = [
    (
        "county-centre",
        "安贵调解室",
        True,
        "县综治中心品牌调解室，以老调解员安贵的名字命名，承接疑难复杂和跨部门矛盾纠纷的调解。",
        "临泽县综治中心安贵调解室",
    ),
    ("county-centre", "第一调解室", False, "婚姻家庭、邻里纠纷", ""),
    ("county-centre", "第二调解室", False, "劳动争议、合同纠纷", ""),
    ("county-centre", "第三调解室", False, "道路交通事故、损害赔偿纠纷", ""),
    ("county-centre", "第四调解室", False, "物业、消费纠纷", ""),
    (
        "county-court",
        "诉调对接中心",
        False,
        "县人民法院诉前调解、委派调解工作室",
        "临泽县人民法院诉调对接中心",
    ),
]
TOWN_COMMITTEES = ["shahe", "xinhua", "liaoquan", "pingchuan", "banqiao", "yanuan", "nijiaying"]


@transaction.atomic
def mediation_demo_create() -> dict:
    """Creates or refreshes the demo mediator profiles, training records and rooms; idempotent.

    Sessions of the demo disputes that name a room only by its place text are linked to the room, so
    the directory shows the disputes mediated in each. Needs `load_linze` and the demo accounts.
    """
    if not settings.DEMO_ACCOUNTS_ALLOWED:
        raise DemoDataError("Demo data is not allowed here (settings.DEMO_ACCOUNTS_ALLOWED is false).")
    users = get_user_model().objects.in_bulk(list(PROFILES), field_name="username")
    if missing := sorted(set(PROFILES) - users.keys()):
        raise DemoDataError(f"The demo accounts {', '.join(missing)} do not exist: run `seed_demo` first.")
    categories = Category.objects.in_bulk([c for p in PROFILES.values() for c in p[2]], field_name="code")
    profiles = trainings = 0
    for username, (title, phone, specialty_codes, bio) in PROFILES.items():
        mediator_profile_save(
            user=users[username],
            data={
                "title": title,
                "phone": phone,
                "bio": bio,
                "specialties": [categories[c] for c in specialty_codes if c in categories],
            },
        )
        profiles += 1
        for index in [0, 1, *EXTRA_TRAININGS.get(username, [])]:
            course, held_on, hours, organiser = TRAININGS[index]
            training_record_add(
                user=users[username],
                data={"title": course, "held_on": held_on, "hours": hours, "organiser": organiser},
            )
            trainings += 1

    rooms = list(ROOMS) + [
        (f"{town}-committee", None, False, "镇人民调解委员会调解室", None) for town in TOWN_COMMITTEES
    ]
    bodies = Body.objects.in_bulk({spec[0] for spec in rooms}, field_name="code")
    if missing := sorted({spec[0] for spec in rooms} - bodies.keys()):
        raise DemoDataError(f"The bodies {', '.join(missing)} do not exist: run `load_linze` first.")
    linked = 0
    for body_code, name, is_brand, description, place in rooms:
        body = bodies[body_code]
        name = name or "调解室"
        place = f"{body.name}调解室" if place is None else place
        room = mediation_room_save(body=body, name=name, is_brand=is_brand, description=description)
        if place:
            linked += MediationSession.objects.filter(room__isnull=True, body=body, place=place).update(
                room=room
            )
    return {"profiles": profiles, "trainings": trainings, "rooms": len(rooms), "sessions_linked": linked}
