"""Places not indexed, derived by rule over invented bodies (nobody here fitted the rules to them):
an indexed place's stem with another kind of area, a bare name no vocabulary word covers, and a
capitalised English place."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from assistant.ask.places import other_kind_of_area, unknown_bare_name, unknown_english_place
from assistant.ask.words import normalize


@dataclass(frozen=True)
class _Row:
    agency_key: str
    region: str | None


class _Facts:
    """What the place rules read from a fact store: the catalogue, the aliases and the store's version."""

    def __init__(self, *bodies: tuple[str, str | None]) -> None:
        self.rows = [_Row(k, r) for k, r in bodies]

    def complete_reports(self) -> list[_Row]:
        return self.rows

    def all_aliases(self) -> list[tuple[str, str]]:
        return []

    def version(self) -> int:
        return 0


FACTS = _Facts(("云岭市", None), ("青岚综合实验区", None), ("白沙县教育局", "云岭市"))


@pytest.mark.parametrize(("question", "place"), [
    ("云岭区2024年收到多少申请", "云岭区"),  # the district of a city with the same name
    ("云岭县去年行政复议多少件", "云岭县"),
    ("青岚市2024年新收申请", "青岚市"),  # a 综合实验区 is not a city
    ("青岚县政府2024年不予公开几件", "青岚县"),
])
def test_another_kind_of_area_is_another_place(question: str, place: str) -> None:
    assert other_kind_of_area(normalize(question), FACTS) == place  # type: ignore[arg-type]


@pytest.mark.parametrize("question", ["云岭市2024年收到多少申请", "青岚实验区2024年收到多少申请", "青岚区2024年收到多少申请",
                                      "青岚2024年收到多少申请", "云岭市区的申请", "白沙县教育局2024年行政复议"])
def test_forms_the_rules_allow_are_the_body(question: str) -> None:
    assert other_kind_of_area(normalize(question), FACTS) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(("question", "name"), [
    ("白鹭洲2024年收到多少申请", "白鹭洲"),
    ("请问云川的行政复议多少件", "云川"),
    ("那青溪2024年呢", "青溪"),
    ("2024年收到多少申请？另外，丹霞2023年呢", "丹霞"),
])
def test_a_bare_unknown_name_is_found(question: str, name: str) -> None:
    assert unknown_bare_name(normalize(question), FACTS) == name  # type: ignore[arg-type]


@pytest.mark.parametrize("question", ["云岭2024年收到多少申请", "青岚的行政复议多少件", "2024年收到多少申请", "只看2024年的呢",
                                      "全市2024年收到多少申请", "行政复议2024年多少件", "23年到24年变了多少", "前者是后者的几倍",
                                      "说“没这个信息”打发掉的有多少", "请问2024年的公开率"])
def test_known_words_and_names_are_no_unknown_name(question: str) -> None:
    assert unknown_bare_name(normalize(question), FACTS) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(("question", "place"), [
    ("How many requests did Xiamen receive in 2024?", "Xiamen"),
    ("Xiamen's 2024 requests", "Xiamen"),
    ("What about Lishui in 2023?", "Lishui"),
])
def test_a_capitalised_unknown_place_is_found(question: str, place: str) -> None:
    assert unknown_english_place(question, FACTS) == place  # type: ignore[arg-type]


@pytest.mark.parametrize("question", ["How many requests did Yunling receive in 2024?", "Qinglan's 2024 requests",
                                      "How many requests did Yunlin receive in 2024?", "What did it post on WeChat and Weibo in 2024?",
                                      "How many requests in 2024?", "Table 3 of the 2024 report"])
def test_indexed_or_common_words_are_no_unknown_place(question: str) -> None:
    assert unknown_english_place(question, FACTS) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(("question", "body"), [
    ("青蓝2024年收到多少申请", "青岚综合实验区"),  # 蓝 for 岚: the same sound, the input method's slip
    ("云领市2024年行政复议多少件", "云岭市"),
])
def test_a_name_written_with_a_character_of_the_same_sound_is_that_body(question: str, body: str) -> None:
    from assistant.ask.bodies import _catalog, homophone_body

    text = normalize(question)
    assert unknown_bare_name(text, FACTS) is None  # type: ignore[arg-type]
    assert homophone_body(text, _catalog(FACTS)) == [body]  # type: ignore[arg-type]


def test_a_name_of_another_sound_is_still_unknown() -> None:
    assert unknown_bare_name(normalize("青山2024年收到多少申请"), FACTS) == "青山"  # type: ignore[arg-type]
