"""Names of bodies derived by rule from official names nobody here listed (invented bodies, so the
rules cannot have been fitted to them): short forms, the city before a district, pinyin with and
without apostrophes and tones, departments' short kinds."""

from __future__ import annotations

from assistant.ask.bodies import _short_names, department_kind, kind_shorts, place_forms, plain_latin, spellings, split_area

CATALOG = frozenset({
    ("青岚综合实验区", None),  # a zone's government
    ("白沙县", "云岭市"),  # a county government of a city
    ("白沙县教育局", "云岭市"),  # a department of that county
    ("云岭市审批服务管理局", "云岭市"),
    ("安源新区", "萍川市"),
})


def test_kinds_of_area_are_stripped_and_shortened() -> None:
    assert split_area("青岚综合实验区") == ("青岚", "综合实验区")
    assert split_area("沙县") == ("沙县", "")  # a one-character place keeps its kind
    assert {"青岚", "青岚实验区", "青岚区", "青岚综合实验区"} <= place_forms("青岚综合实验区", None)
    assert {"白沙", "白沙县", "云岭白沙县", "云岭市白沙", "云岭市白沙县"} <= place_forms("白沙县", "云岭市")


def test_departments_keep_their_kind_and_its_short_forms() -> None:
    assert department_kind("白沙县教育局") == "教育局"
    assert department_kind("云岭市审批服务管理局") == "审批服务管理局"
    assert department_kind("白沙县") == ""
    assert "审批局" in kind_shorts("审批服务管理局")
    assert "卫生健康委" in kind_shorts("卫生健康委员会")


def test_every_short_spelling_names_the_right_body() -> None:
    names = _short_names(CATALOG)
    one = {name: next(iter(keys)) for name, keys in names.items() if len(keys) == 1}
    assert one["青岚实验区"] == one["青岚"] == one["青岚区管委会"] == "青岚综合实验区"
    assert one["qinglan"] == one["qinglan experimental zone"] == "青岚综合实验区"
    assert one["白沙县教育局"] == one["云岭白沙教育局"] == "白沙县教育局"
    assert one["云岭审批局"] == "云岭市审批服务管理局"
    assert one["安源区"] == one["萍川安源新区"] == "安源新区"
    assert names["白沙"] == {"白沙县", "白沙县教育局"}  # a place alone: every body of that place (asked back)


def test_pinyin_is_derived_with_apostrophes_spaces_and_other_readings() -> None:
    assert {"huaian", "huai'an", "huai an"} <= set(spellings("淮安市"))
    assert {"hongsibao", "hongsibu"} <= set(spellings("红寺堡区"))  # 堡 is read bao or bu in place names
    assert plain_latin("Píngtán Huái’ān") == "Pingtan Huai'an"
