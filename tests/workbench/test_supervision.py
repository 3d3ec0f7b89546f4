"""The supervisor's view: peers, jumps, copying and the risk list, over a synthetic province of
300 reports built from the real ones (bench/province.py, with planted cases) and over the 15
indexed reports (samples + real)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from assistant.cli import main
from assistant.knowledge import KnowledgeBase
from assistant.settings import load_settings
from assistant.workbench.copying import compare
from assistant.workbench.kinds import body_kind
from assistant.workbench.metrics import resolve_metric
from assistant.workbench.peers import benchmark, population, quartiles, values_by_report
from assistant.workbench.risk import supervise
from tests.assistant.test_real_reports import REPORTS

sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))
from province import generate_province, source_reports  # noqa: E402

CJK_ONLY = "abcdefghijklmnopqrstuvwxyz_"


@pytest.mark.parametrize(("name", "kind"), [
    ("青山市云溪区人民政府", "区县人民政府"), ("云溪区", "区县人民政府"), ("青山市人民政府办公室", "市人民政府"),
    ("青山市市场监督管理局", "市级部门"), ("青山市民政局", "市级部门"), ("云溪区市场监督管理局", "区县部门"),
    ("旗山县教育局", "区县部门"), ("某某自治区人民政府", "省级人民政府"), ("国家税务总局", "其他部门"),
    ("青山市县域经济发展中心", "市级部门"),
])
def test_kind_is_read_from_the_official_name(name: str, kind: str) -> None:
    assert body_kind(name) == kind


_PLAIN = "东西南北中安平宁和兴华丰泰康永长新青云阳山河湖江海林溪石桥松梅竹柳春秋嘉瑞祥福寿明德"


@given(st.text(_PLAIN, min_size=2, max_size=4), st.text(_PLAIN, min_size=2, max_size=4),
       st.sampled_from(["教育局", "市场监督管理局", "卫生健康委员会", "区域发展服务中心", "县域经济办公室"]))
def test_kinds_hold_for_any_invented_place(city: str, county: str, department: str) -> None:
    assert body_kind(f"{city}市{county}区人民政府") == body_kind(f"{city}市{county}县") == "区县人民政府"
    assert body_kind(f"{city}市人民政府") == "市人民政府"
    assert body_kind(f"{city}市{department}") == "市级部门"
    assert body_kind(f"{county}县{department}") == "区县部门"


def test_quartiles_and_standing_by_hand() -> None:
    assert quartiles([5, 1, 4, 2, 3]) == (2, 3, 4)
    assert quartiles([1, 2, 3, 4]) == (1.75, 2.5, 3.25)


def test_copied_sentences_are_paired_and_new_figures_lower_similarity() -> None:
    before = "今年我们坚持以公开为常态、不公开为例外的原则。全年主动公开政府信息 1200 条。我们组织培训三次，参训人员覆盖全部科室。"
    after = "今年我们坚持以公开为常态、不公开为例外的原则。全年主动公开政府信息 1350 条。新建政策解读专栏，发布图解十五期。"
    judged, repeated, pairs = compare(after, before)
    assert (judged, repeated) == (3, 1)
    assert pairs[0].similarity == 1.0 and pairs[0].sentence == pairs[0].previous == "今年我们坚持以公开为常态、不公开为例外的原则。"


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> tuple[KnowledgeBase, dict, Path]:
    folder = tmp_path_factory.mktemp("province")
    planted = generate_province(folder, source_reports(REPORTS), count=300)
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DISCLOSURE_HOME", str(home))
        mp.setenv("DISCLOSURE_EMBEDDING_BACKEND", "fake")
        kb = KnowledgeBase.open(load_settings())
        result = kb.ingest([folder], vectors_later=True)
    assert len(result.added) == 300 and not result.superseded and not result.failed
    return kb, json.loads((folder / "planted.json").read_text(encoding="utf-8")), home


def test_every_planted_case_is_found_and_no_unplanted_body_copies(province: tuple[KnowledgeBase, dict, Path]) -> None:
    kb, planted, _home = province
    assert len(planted["outliers"]) >= 9 and len(planted["jumps"]) >= 6 and len(planted["copies"]) >= 12
    view = supervise(kb.facts)
    high = {(s.body.agency, s.body.year, s.metric) for s in view.benchmark.outliers() if s.outlier == "high"}
    assert [p for p in planted["outliers"] if (p["agency"], p["year"], p["metric"]) not in high] == []
    jumped = {(j.body.agency, j.body.year, j.metric, j.rule) for j in view.jumps}
    assert [p for p in planted["jumps"] if (p["agency"], p["year"], p["metric"], p["rule"]) not in jumped] == []
    flagged = {(c.body.agency, c.body.year, c.section) for c in view.copies if c.flagged}
    assert flagged == {(p["agency"], p["year"], p["section"]) for p in planted["copies"]}
    # the risk list puts every body with a planted copy above every body with no finding at all
    ranked = [(r.body.agency, r.body.year) for r in view.risks]
    clean = [r for r in view.risks if r.score == 0]
    assert clean and all(ranked.index((p["agency"], p["year"])) < ranked.index((clean[0].body.agency, clean[0].body.year))
                         for p in planted["copies"])


def test_peers_are_one_kind_and_year_and_ranks_follow_values(province: tuple[KnowledgeBase, dict, Path]) -> None:
    kb, _planted, _home = province
    result = benchmark(kb.facts, year=2024, metrics=["new_requests"])
    values = values_by_report(kb.facts, resolve_metric("new_requests"), 2024)
    assert {g.kind for g in result.groups} == {"区县人民政府", "市级部门", "区县部门"}
    for group in result.groups:
        members = [s for s in result.standings if s.group is group]
        assert len(members) == group.peers and all(s.body.kind == group.kind and s.body.year == 2024 for s in members)
        assert all(s.value == values[s.body.report_id] for s in members)
        by_value = sorted(members, key=lambda s: -s.value)
        assert by_value[0].rank == 1 and all(a.percentile >= b.percentile for a, b in zip(by_value, by_value[1:]))
        assert (group.p25, group.p50, group.p75) == quartiles([s.value for s in members])


def test_benchmark_workbook_and_similar_command(province: tuple[KnowledgeBase, dict, Path], tmp_path: Path) -> None:
    _kb, planted, home = province
    out = tmp_path / "对标.xlsx"
    run = CliRunner().invoke(main, ["benchmark", "--year", "2024", "--xlsx", str(out)], env={"DISCLOSURE_HOME": str(home)})
    assert run.exit_code == 0, run.output
    assert "风险清单" in run.output and "table3" not in run.output
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["风险清单", "对标", "同类分位", "突变", "文本重复"]
    risks = list(book["风险清单"].iter_rows(min_row=2, values_only=True))
    assert len(risks) == 100 and [r[0] for r in risks] == list(range(1, 101))
    assert [r[4] for r in risks] == sorted((r[4] for r in risks), reverse=True)
    assert not any(ch in (r[10] or "") for r in risks for ch in CJK_ONLY)  # reasons in Chinese, no ids
    copied = {(r[0], r[3]) for r in book["文本重复"].iter_rows(min_row=2, values_only=True) if r[7] == "是"}
    assert copied == {(p["agency"], {1: "一、总体情况", 5: "五、存在的主要问题及改进情况"}[p["section"]]) for p in planted["copies"]}
    body = planted["copies"][0]["agency"]
    run = CliRunner().invoke(main, ["similar", "--year", "2024"], env={"DISCLOSURE_HOME": str(home)})
    assert run.exit_code == 0 and body in run.output and "2023年：" in run.output
    as_json = json.loads(CliRunner().invoke(main, ["benchmark", "--year", "2024", "--kind", "市级部门", "--json"],
                                            env={"DISCLOSURE_HOME": str(home)}).output)
    assert {s["kind"] for s in as_json["standings"]} == {"市级部门"}
    wrong = CliRunner().invoke(main, ["benchmark", "--kind", "火星部门"], env={"DISCLOSURE_HOME": str(home)})
    assert wrong.exit_code == 2 and "可选" in wrong.output


def test_vectors_later_answers_at_once_and_says_what_is_not_searchable(province: tuple[KnowledgeBase, dict, Path]) -> None:
    kb, _planted, home = province
    assert len(kb.not_searchable()) == 300 and kb.vectors.count() == 0
    listed = json.loads(CliRunner().invoke(main, ["reports", "--json"], env={"DISCLOSURE_HOME": str(home)}).output)
    assert len(listed) == 300 and not any(r["searchable_by_meaning"] for r in listed)
    assert len(population(kb.facts)) == 300  # figures answer before any vector
    waiting = kb.not_searchable()
    kb.facts.vectors_stored([r.id for r in waiting[3:]])  # the test embeds three reports, not 300
    done: list[tuple[int, int]] = []
    assert kb.embed_waiting(progress=lambda n, total: done.append((n, total)), group=2) == 3
    assert done == [(1, 3), (2, 3), (3, 3)] and kb.not_searchable() == []
    assert kb.vectors.count() == sum(len(kb.facts.text_chunks(r.id)) for r in waiting[:3])


def test_check_workbook_gains_a_ranked_risk_list(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    planted = generate_province(folder, source_reports(REPORTS), count=60, seed=5)
    out = tmp_path / "check.xlsx"
    run = CliRunner().invoke(main, ["check", str(folder), "--xlsx", str(out)])
    assert run.exit_code in (0, 1), run.output
    book = load_workbook(out, read_only=True)
    assert book.sheetnames[:2] == ["汇总", "风险清单"]
    rows = list(book["风险清单"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 60 and [r[4] for r in rows] == sorted((r[4] for r in rows), reverse=True)
    copied = {r[1] for r in rows if r[9]}
    assert {p["agency"] for p in planted.copies} <= copied


@pytest.mark.skipif(REPORTS is None, reason="../shared/reports is not next to the repository")
def test_the_fifteen_indexed_reports(tmp_path: Path) -> None:
    kb = KnowledgeBase.open(load_settings())
    result = kb.ingest([REPORTS], vectors_later=True)
    assert len(result.added) == 15
    view = supervise(kb.facts)
    kinds = {b.key: b.kind for b in view.bodies}
    assert len(view.bodies) == 15 and set(kinds.values()) == {"区县人民政府", "市人民政府", "区县部门", "市级部门"}
    assert not [c for c in view.copies if c.flagged]  # no real report repeats last year's text (highest share: 42 %)
    assert max(c.share for c in view.copies) < 0.5
    jumps = {(j.body.year, j.label, j.before, j.after) for j in view.jumps}
    assert (2024, "行政许可", 550, 9487) in jumps  # a district's licensing decisions, 2023 → 2024
    assert len(view.jumps) == 24
