"""Names of bodies: one key for the ways people write the same body.

利通区 = 利通区人民政府 = 吴忠市利通区 → key 利通区 (region 吴忠市). A department keeps its
full name (吴忠市审批服务管理局), since the city is part of what it is.
"""

from __future__ import annotations

import re
from collections import Counter

_GOVERNMENT = re.compile(r"(?:人民政府|政府)(?:办公室)?$")
_REGION_AND_PLACE = re.compile(r"^(?P<region>.{2,10}?(?:省|自治区|市))(?P<place>[^省市]{1,6}?(?:区|县|旗|市))$")
_CITY_IN_TEXT = re.compile(r"([\u4e00-\u9fff]{2,3}市)(?=[\u4e00-\u9fff]{1,4}(?:区|县)|政务|人民政府|委|政府)")
_PARTICLES = set("由在和与对经向按据将把及为从")  # "本报告由淮安市…" is 淮安市
_NOT_CITIES = {"城市", "超市", "上市", "都市", "全市", "本市", "该市", "我市", "省市"}


def agency_key(name: str) -> str:
    """The key a body is known by across reports and questions."""
    name = re.sub(r"\s+", "", name)
    bare = _GOVERNMENT.sub("", name) or name
    match = _REGION_AND_PLACE.match(bare)
    return match.group("place") if match else bare


def agency_region(name: str, text: str = "") -> str | None:
    """The city or province a body belongs to: from its name, else from its report's text."""
    bare = _GOVERNMENT.sub("", re.sub(r"\s+", "", name))
    match = _REGION_AND_PLACE.match(bare)
    if match:
        return match.group("region")
    prefix = re.match(r"^(.{2,3}市)(?!$)", bare)
    if prefix and prefix.group(1) not in _NOT_CITIES:
        return prefix.group(1)
    found = (c[1:] if len(c) == 4 and c[0] in _PARTICLES else c for c in _CITY_IN_TEXT.findall(text))
    cities = Counter(c for c in found if c[-3:] not in _NOT_CITIES and c[-2:] not in _NOT_CITIES)
    return cities.most_common(1)[0][0] if cities else None


def aliases(name: str, region: str | None) -> set[str]:
    """Every spelling a question may use for the body."""
    key = agency_key(name)
    names = {name, key}
    if key.endswith(("区", "县", "旗", "市")):
        names |= {f"{key}人民政府", f"{key}政府"}
        if region:
            names |= {f"{region}{key}", f"{region}{key}人民政府"}
    return {n for n in names if n}
