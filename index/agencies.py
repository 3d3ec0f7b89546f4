"""Names of bodies: one key for the ways people write the same body.

利通区 = 利通区人民政府 = 吴忠市利通区 → key 利通区 (region 吴忠市). A department keeps its
full name (吴忠市审批服务管理局), since the city is part of what it is.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from pathlib import PurePath
from typing import Any

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


def body_names(rows: Iterable[Any]) -> dict[str, str]:
    """One name per body key, its newest report's spelling: a body whose name changed between years
    (某区人民政府 → 某市某区人民政府) is one body in every picker, list and answer."""
    names: dict[str, str] = {}
    for row in sorted(rows, key=lambda r: r.year or 0):
        if row.agency_key:
            names[row.agency_key] = row.agency or row.agency_key
    return names


@cache
def _bodies() -> dict:
    return tomllib.loads(files("index").joinpath("vocab/bodies.toml").read_text(encoding="utf-8"))


def plausible_body(text: str | None) -> str | None:
    """The body a text names, when it looks like a name: short, no sentence punctuation, ending
    with a body-type word (局, 人民政府, 办公室 …). "根据要求现发布利通区" gives 利通区 (the name
    after the last sentence word); a sentence gives None.

    >>> plausible_body("淳安县人民政府办公室"), plausible_body("现将本单位工作情况报告如下")
    ('淳安县人民政府办公室', None)
    """
    if not text:
        return None
    data = _bodies()
    name = re.sub(r"[\s#*_]+", "", text)
    cut = max((i for i, c in enumerate(name) if c in data["not_in_name"]), default=-1)
    name = name[cut + 1:]
    for word in data["sentence_words"]:
        at = name.rfind(word)
        if at >= 0:
            name = name[at + len(word):]
    core = name.rstrip("0123456789")
    if not 2 <= len(core) <= data["max_chars"] or len(name) - len(core) > 6 or not core.endswith(tuple(data["suffixes"])):
        return None
    if core[0] in data["not_first"] or core in data["not_names"]:
        return None
    return name


_FILE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)\s*(?:年\s*(?:度)?)?")


def from_file_name(name: str) -> tuple[str | None, int | None, bool]:
    """Body and year from a report's file name when its text has no title, and whether the year
    is written as one ("2024年"):
    "淳安县人民政府办公室2024年政府信息公开工作年度报告.txt" → ("淳安县人民政府办公室", 2024, True).

    >>> from_file_name("2023年度_红寺堡区科学技术局政府信息公开工作年度报告.pdf")
    ('红寺堡区科学技术局', 2023, True)
    """
    stem = PurePath(name).name
    stem = stem[: stem.rfind(".")] if "." in stem else stem
    stem = stem[:120]
    match = _FILE_YEAR.search(stem)
    year = int(match.group(1)) if match else None
    rest = stem[: match.start()] + " " + stem[match.end():] if match else stem
    for word in _bodies()["file_words"]:
        rest = rest.replace(word, " ")
    parts = [p for p in re.split(r"[\s_\-—–.()（）\[\]【】]+", rest) if p]
    agency = next((body for body in (plausible_body(p) for p in parts) if body), None)
    return agency, year, bool(match and "年" in match.group())
