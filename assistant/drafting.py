"""Drafting: section 五 from notes, section 一(二) and 六 from figures, in the genre's style.

Without a model a deterministic composer writes the section; with one, the model drafts from
the parsed notes and real examples, and the draft is checked (numbered structure, every
problem covered, no number that the notes or the facts do not hold) — the deterministic
draft is always offered beside it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from index.model import Report
from index.retrieval import HybridRetriever, tokenize

from .prompts import load_prompt

if TYPE_CHECKING:  # the chat-model stack loads when a model is built (assistant.models)
    from langchain_core.language_models import BaseChatModel

_BULLET = re.compile(r"^\s*(?:[-*•·●▪]|\d+[.、)）]|[（(]\d+[)）]|[一二三四五六七八九十]+[、.]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]是)\s*")
_SPLIT = re.compile(r"[；;。\n•·●▪]+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_SHORT_MEASURE = 20
_ORDINAL_IN_TEXT = re.compile(r"^(?:[一二三四五六七八九十]是|\d+[.、])")


@cache
def vocab() -> dict[str, Any]:
    return tomllib.loads(files("assistant").joinpath("vocab/drafting.toml").read_text(encoding="utf-8"))


_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])")


def normalize_terms(text: str) -> str:
    """Colloquial words → the genre's terms (搞 → 开展, 新媒体 → 政务新媒体 …)."""
    for rule in vocab()["terms"]:
        text = re.sub(rule["from"], rule["to"], text)
    return _CJK_SPACE.sub("", text).strip(" ，,、.。；;…")


def topic_of(text: str) -> dict[str, Any] | None:
    scored = [(sum(text.count(k) for k in t["keywords"]), t) for t in vocab()["topics"]]
    best = max(scored, key=lambda x: x[0])
    return best[1] if best[0] else None


@dataclass
class Measure:
    text: str
    suggested: bool = False  # proposed by the assistant, not in the notes
    source: str | None = None  # the report a suggestion was taken from


@dataclass
class Point:
    """One problem of the notes and the measure that answers it."""

    problem: str
    measure: Measure | None = None


@dataclass
class Notes:
    points: list[Point]
    extra_measures: list[str] = field(default_factory=list)  # measures that answer no listed problem
    numbers: set[str] = field(default_factory=set)


def _starts_with_measure(text: str) -> bool:
    lowered = text.lower()
    return any(lowered.startswith(verb) for verb in vocab()["cues"]["measure"]) or lowered.startswith(("要", "需", "应", "将", "拟"))


def _is_problem(text: str) -> bool:
    lowered = text.lower()
    return any(cue in lowered for cue in vocab()["cues"]["problem"])


def _marker(text: str, kind: str) -> str | None:
    lowered = text.lower()
    return next((m for m in sorted(vocab()["markers"][kind], key=len, reverse=True) if lowered.startswith(m.lower())), None)


def _drop_modal(text: str) -> str:
    return re.sub(r"^(?:要|需要|需|应当|应|将|拟)", "", text.strip())


def _problem_then_measure(item: str) -> tuple[str, str] | None:
    parts = re.split(r"[，,]", item, maxsplit=1)
    if len(parts) == 2 and _is_problem(parts[0]) and _starts_with_measure(parts[1].strip()):
        return parts[0], parts[1]
    return None


def _classify(item: str, after_problems: bool) -> str:
    """An unmarked clause: a measure when it starts with an action verb, else a problem when it
    names a shortcoming; otherwise what follows problems is read as a measure."""
    if _starts_with_measure(item) and not _is_problem(item.split("，")[0][:4]):
        return "measure"
    if _is_problem(item):
        return "problem"
    return "measure" if after_problems else "problem"


def parse_notes(text: str) -> Notes:
    """Bullet notes → problems and measures (marked or not), each measure paired with its problem."""
    problems: list[str] = []
    measures: list[tuple[str, int | None]] = []  # (measure, index of the problem it was written beside)
    numbers = set(_NUMBER.findall(text))
    for line in text.splitlines():
        mode: str | None = None
        for raw in _SPLIT.split(_BULLET.sub("", line)):
            item = _BULLET.sub("", raw).strip(" ，,、")
            if not item:
                continue
            for kind in ("problem", "measure"):
                marker = _marker(item, kind)
                if marker:
                    mode, item = kind, _BULLET.sub("", item[len(marker):].strip(" ，,：:、"))
            if not item:
                continue
            pair = _problem_then_measure(item) if mode is None else None
            if pair is not None:  # "新媒体更新慢，要加强运维": a problem and its measure in one line
                problems.append(normalize_terms(pair[0]))
                measures.append((normalize_terms(_drop_modal(pair[1])), len(problems) - 1))
                continue
            kind = mode or _classify(item, bool(problems))
            parts = [part.strip() for part in re.split(r"[，,、]", item) if part.strip()]
            unanswered = len(problems) - len(measures)
            several = len(parts) > 1 and all(
                _is_problem(normalize_terms(part)) if kind == "problem" else _starts_with_measure(_drop_modal(part)) for part in parts
            ) and (kind == "problem" or unanswered >= len(parts))  # "建立台账，确保按期答复" answers one problem
            for part in parts if several else [item]:  # "新媒体慢，培训不够" is two problems
                if kind == "problem":
                    problems.append(normalize_terms(part))
                else:
                    measures.append((normalize_terms(_drop_modal(part)), None))
    points = [Point(p) for p in problems]
    extra: list[str] = []
    for measure, beside in measures:
        target = beside if beside is not None else _best_problem(measure, points)
        if target is None:
            extra.append(measure)
        else:
            points[target].measure = Measure(measure)
    return Notes(points, extra, numbers)


def _best_problem(measure: str, points: list[Point]) -> int | None:
    """The problem a measure answers: shared topic or words; else the first problem without one."""
    free = [i for i, p in enumerate(points) if p.measure is None]
    if not free:
        return None
    topic = topic_of(measure)
    words = set(tokenize(measure))

    def score(i: int) -> tuple[int, int]:
        problem = points[i].problem
        same_topic = int(topic is not None and topic_of(problem) is not None and topic_of(problem)["id"] == topic["id"])
        return same_topic, len(words & set(tokenize(problem)))

    best = max(free, key=score)
    return best if score(best) != (0, 0) else free[0]


def suggest_measures(notes: Notes, retriever: HybridRetriever | None) -> None:
    """Give every problem without a measure one, from how indexed reports answered a similar
    problem in their section 五 (else the topic's usual measure); marked as suggestions."""
    for point in notes.points:
        if point.measure is not None:
            continue
        found = _from_corpus(point.problem, retriever) if retriever is not None else None
        if found:
            point.measure = Measure(found[0], suggested=True, source=found[1])
        else:
            topic = topic_of(point.problem)
            fallback = topic["fallback"] if topic else "针对上述问题，研究制定整改措施，明确责任分工和完成时限"
            point.measure = Measure(fallback, suggested=True)


def _from_corpus(problem: str, retriever: HybridRetriever) -> tuple[str, str] | None:
    words = {w for w in tokenize(problem) if len(w) > 1}
    best: tuple[int, str, str] | None = None
    for passage in retriever.search(problem, k=5, section=5):
        text = passage.text
        start = max(text.find("改进"), text.find("下一步"), text.find("针对"))
        for clause in re.split(r"[；;。]", text[start:] if start > 0 else text):
            clause = _ORDINAL_IN_TEXT.sub("", clause.strip())
            clause = re.sub(r"^(?:改进措施|改进情况|下一步)[：:，,]?|^[^：:]{0,12}[：:]", "", clause).strip()
            if not clause or _NUMBER.search(clause) or not _starts_with_measure(clause) or len(clause) > 80:
                continue
            overlap = len(words & set(tokenize(clause)))
            if overlap and (best is None or overlap > best[0]):
                best = (overlap, clause, passage.citation())
    return (best[1], best[2]) if best else None


def _we(agency: str | None) -> str:
    if not agency:
        return "我单位"
    for suffix, we in (("局", "我局"), ("委", "我委"), ("办", "我办"), ("区", "我区"), ("县", "我县"), ("市", "我市"), ("旗", "我旗")):
        if agency.replace("人民政府", "").endswith(suffix):
            return we
    return "我单位"


_FREQUENCY = re.compile(r"^(每月|每周|每季度|每年|定期)(?!开展|组织)")


def _as_measure(text: str) -> str:
    """A measure reads as an action: "图解和视频解读" → "开展图解和视频解读", "每月网站检查" → "每月开展网站检查"."""
    if _FREQUENCY.match(text):
        return _FREQUENCY.sub(r"\1开展", text)
    if _starts_with_measure(text):
        return text
    return f"开展{text}" if re.search(r"(解读|培训|活动|检查|监测|评议)$", text) else f"加强{text}"


def compose_section5(notes: Notes, agency: str | None = None, year: int | None = None) -> str:
    """The deterministic section 五: problems "一是…；二是…", then improvements numbered the same."""
    style = vocab()["style"]
    ordinals = style["ordinals"]
    name = agency or "本单位"
    opening = (style["opening_with_year"] if year else style["opening"]).format(year=year, agency=name)
    problems = "；".join(f"{ordinals[i]}{p.problem}" for i, p in enumerate(notes.points)) + "。"
    measures = []
    for i, point in enumerate(notes.points):
        if point.measure is None:
            continue
        text = point.measure.text if point.measure.suggested else _as_measure(point.measure.text)
        topic = topic_of(point.problem) or topic_of(text)
        goal = topic["goal"] if topic and len(text) < _SHORT_MEASURE and topic["goal"][:2] != text[:2] else ""  # a short measure gets its purpose
        measures.append(f"{ordinals[i]}{text}{'，' + goal if goal else ''}")
    for j, extra in enumerate(notes.extra_measures, start=len(notes.points)):
        measures.append(f"{ordinals[min(j, len(ordinals) - 1)]}{_as_measure(extra)}")
    text = opening + problems
    if measures:
        text += "\n" + style["improvements"].format(we=_we(agency)) + "；".join(measures) + "。"
    return text


@dataclass
class DraftCheck:
    """What is wrong with a draft, if anything."""

    unsupported_numbers: list[str]
    missing_problems: list[str]
    numbered: bool

    @property
    def ok(self) -> bool:
        return self.numbered and not self.unsupported_numbers and not self.missing_problems


def check_section5(draft: str, notes: Notes, allowed: set[str] = frozenset()) -> DraftCheck:  # type: ignore[assignment]
    """Numbered structure present, every problem covered, no number from nowhere."""
    numbers = [n for n in _NUMBER.findall(draft) if n not in notes.numbers and n not in allowed]
    missing = []
    for point in notes.points:
        words = {w for w in tokenize(point.problem) if len(w) > 1}
        if words and not (words & set(tokenize(draft))):
            missing.append(point.problem)
    return DraftCheck(numbers, missing, "一是" in draft and "二是" in draft if len(notes.points) > 1 else "一是" in draft or len(notes.points) <= 1)


@dataclass
class Section5Draft:
    text: str  # the draft to show (the model's when it passed the check, else the deterministic one)
    deterministic: str
    notes: Notes
    model_text: str | None = None
    check: DraftCheck | None = None
    examples: list[str] = field(default_factory=list)  # citations of the style examples a model saw
    flags: list[str] = field(default_factory=list)


def draft_section5(text: str, agency: str | None = None, year: int | None = None, retriever: HybridRetriever | None = None,
                   model: BaseChatModel | None = None, facts_numbers: set[str] = frozenset()) -> Section5Draft:  # type: ignore[assignment]
    notes = parse_notes(text)
    suggest_measures(notes, retriever)
    deterministic = compose_section5(notes, agency, year)
    allowed = set(facts_numbers) | ({str(year)} if year else set())
    result = Section5Draft(deterministic, deterministic, notes, check=check_section5(deterministic, notes, allowed))
    if model is None:
        return result
    examples = retriever.search("存在的主要问题 改进措施 下一步", k=3, section=5) if retriever is not None else []
    prompt = load_prompt("draft_section5.zh").format(
        agency=agency or "本单位", year=year or "本年度",
        problems="\n".join(f"- {p.problem}" for p in notes.points),
        measures="\n".join(f"- {p.measure.text}{'（建议）' if p.measure.suggested else ''}" for p in notes.points if p.measure),
        examples="\n\n".join(f"[{e.citation()}]\n{e.text}" for e in examples) or "（无）",
    )
    model_text = str(model.invoke(prompt).content).strip()
    check = check_section5(model_text, notes, allowed)
    result.model_text, result.check, result.examples = model_text, check, [e.citation() for e in examples]
    if check.ok:
        result.text = model_text
    else:
        if check.unsupported_numbers:
            result.flags.append("模型稿中的数字未见于笔记或事实：" + "、".join(check.unsupported_numbers))
        if check.missing_problems:
            result.flags.append("模型稿未覆盖问题：" + "；".join(check.missing_problems))
        if not check.numbered:
            result.flags.append("模型稿缺少“一是……二是……”的编号结构")
    return result


# ------------------------------------------------------------------ sections 一(二) and 六 from figures

def _v(report: Report, table: str, row: str, column: str = "total") -> int | float:
    t = getattr(report, table)
    value = t.value(row, column) if t is not None else None
    return value or 0


def draft_section1_requests(report: Report, agency: str | None = None, year: int | None = None) -> str:
    """一(二) 依申请公开情况 from table 3 (and table 4 for reviews and lawsuits)."""
    agency = agency or report.agency or "本单位"
    year = year or report.year
    new, carried = _v(report, "table3", "new_requests"), _v(report, "table3", "carried_over")
    people = _v(report, "table3", "new_requests", "natural_person")
    outcomes = [
        ("予以公开", sum(_v(report, "table3", r) for r in ("granted",))),
        ("部分公开", _v(report, "table3", "partially_granted")),
        ("不予公开", sum(_v(report, "table3", f"withheld.{r}") for r in ("state_secret", "prohibited_by_law", "three_safeties_one_stability", "third_party_rights", "internal_affairs", "process_information", "enforcement_case_file", "administrative_query"))),
        ("无法提供", sum(_v(report, "table3", f"unable.{r}") for r in ("not_held", "needs_creation", "unclear_after_correction"))),
        ("不予处理", sum(_v(report, "table3", f"not_processed.{r}") for r in ("petition_complaint", "duplicate", "publication", "excessive", "confirm_or_reissue"))),
        ("其他处理", sum(_v(report, "table3", r) for r in ("other.no_correction", "other.unpaid_fee", "other.other", "other"))),
    ]
    handled = _v(report, "table3", "total")
    forward = _v(report, "table3", "carried_forward")
    when = f"{year}年，" if year else "本年度，"
    text = f"（二）依申请公开情况。{when}{agency}共收到政府信息公开申请 {new} 件"
    if new:
        text += f"（其中自然人 {people} 件，法人或其他组织 {new - people} 件）"
    text += f"，上年结转 {carried} 件。" if carried else "。"
    if handled:
        parts = "，".join(f"{label} {n} 件" for label, n in outcomes if n)
        text += f"全年办理完毕 {handled} 件，其中{parts}。"
    text += "所有申请均已办结。" if forward == 0 and (new or carried) else f"结转下年度继续办理 {forward} 件。" if forward else ""
    reviews = _v(report, "table4", "review")
    lawsuits = _v(report, "table4", "litigation_direct") + _v(report, "table4", "litigation_after_review")
    if report.table4 is not None:
        if reviews == 0 and lawsuits == 0:
            text += "全年未发生因政府信息公开引起的行政复议、行政诉讼案件。"
        else:
            text += f"因政府信息公开引发行政复议 {reviews} 件、行政诉讼 {lawsuits} 件。"
    return text


def draft_section6(report: Report, agency: str | None = None, year: int | None = None, fees_collected: float | None = None) -> str:
    """六 with the mandatory 信息处理费 statement (国办函〔2020〕109号), consistent with table 3."""
    agency = agency or report.agency or "本单位"
    year = year or report.year
    when = f"{year}年，" if year else "本年度，"
    unpaid = _v(report, "table3", "other.unpaid_fee")
    text = f"（一）信息处理费收取情况。{when}{agency}严格按照《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）规定执行，"
    if unpaid:
        text += f"有 {unpaid} 件申请因申请人逾期未按收费通知要求缴纳费用而不再处理"
        text += f"，全年收取信息处理费 {fees_collected:g} 元。" if fees_collected is not None else "，收取信息处理费金额为【请据实填写】元。"
    elif fees_collected:
        text += f"全年收取信息处理费 {fees_collected:g} 元。"
    else:
        text += "全年未收取信息处理费。"
    text += f"\n（二）{year or '本'}年度政务公开工作要点落实情况。{agency}对照年度政务公开工作要点，逐项明确责任、抓好落实。"
    return text
