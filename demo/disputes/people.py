"""Who the parties of the demo disputes are: Linze names, resident ids, mobiles and home addresses."""

import random
from datetime import date

from agencies.choices import RegionKind
from agencies.models import Region
from disputes.choices import PartyKind
from disputes.validators import id_check_char

__all__ = ["address", "mobile", "person"]

COUNTY_CODE = "620723"

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


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def person(rng: random.Random, *, role: str, ages: tuple[int, int], region: Region, year: int) -> dict:
    """A party who is a person of `region`, aged within `ages` in `year`."""
    male = rng.random() < 0.55
    name = rng.choice(FAMILY_NAMES) + rng.choice(MALE_GIVEN if male else FEMALE_GIVEN)
    age = rng.randint(*ages)
    birth = date(year - age, rng.randint(1, 12), rng.randint(1, 28))
    sequence = f"{rng.randint(0, 99):02d}{rng.choice('13579' if male else '02468')}"
    first17 = f"{COUNTY_CODE}{birth:%Y%m%d}{sequence}"
    return {
        "kind": PartyKind.PERSON,
        "role": role,
        "name": name,
        "id_number": first17 + id_check_char(first17) if rng.random() < 0.85 else "",
        "phone": mobile(rng) if rng.random() < 0.7 else "",
        "address": address(rng, region),
    }


def address(rng: random.Random, region: Region) -> str:
    town = region.ancestor_of_kind(RegionKind.TOWN)
    prefix = f"临泽县{town.name if town else ''}{region.name}"
    if region.kind == RegionKind.COMMUNITY:
        estate = rng.choice(["幸福", "丹霞", "枣乡", "滨河"])
        flat = f"{rng.randint(1, 4)}单元{rng.randint(1, 6)}0{rng.randint(1, 4)}室"
        return f"{prefix}{estate}小区{rng.randint(1, 18)}号楼{flat}"
    if region.kind == RegionKind.STATE_UNIT:
        return f"{prefix}{rng.randint(1, 8)}队{rng.randint(1, 60)}号"
    return f"{prefix}{rng.randint(1, 9)}社{rng.randint(1, 80)}号"
