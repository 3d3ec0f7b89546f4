"""Reading a clerk's notes for section 五: which items are problems, which are measures, and
which measure answers which problem.

Notes come as bullets, numbered lines (1、 1. 一、 （一） ① 一是), "问题 —— 措施" pairs, lines
under headings (问题 / 存在问题 / 不足 …; 措施 / 改进 / 打算 / 下一步 / 明年 / 计划 …, with or
without a colon) or run-on prose (cut at 。； and at 还有 / 另外 / 同时 …). Each clause is read
by a cue lexicon (assistant/vocab/notes.toml); what the cues leave open is settled by e5
similarity to labelled clauses of real sections 五 (when a real embedding model is given),
else by its place. A measure is paired with a problem by topic (assistant/vocab/measures.toml)
and shared words, its place only breaking ties. English is translated through the glossary
(glossary.py); words it does not know stay as 【待译：…】 and are named to the clerk.
"""

from __future__ import annotations

import math
import re
from itertools import permutations
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from .glossary import translate  # English by glossary (its own module)

if TYPE_CHECKING:  # LangChain loads only when a model is used
    from langchain_core.embeddings import Embeddings

_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:/\d+)?%?")  # 60, 12.5, 5/9, 40%: a number is kept whole
# (?<!\s): a run of spaces is tried once, from its start (linear on a line of spaces)
_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff\d])\s+(?=[\u4e00-\u9fff\d])|(?<=[\u4e00-\u9fff])\s+|(?<!\s)\s+(?=[\u4e00-\u9fff])")
_BULLET = re.compile(r"^\s*(?:[-*•·●▪]+|[#]+)\s*")
_BRACKETED = re.compile(r"^[【\[〔［]([^】\]〕］]{1,12})[】\]〕］]\s*")  # "【问题】", "[措施]": a heading in brackets
_PAIR = re.compile(r"\s*(?:——+|—|--+|－－+|->|→|=>)\s*|\t+")
_SENTENCE = re.compile(r"[。；;！!？?]+|(?<!\d)\.(?!\d)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_TRIM = " \t，,、.。；;:：…"


def _vocab(name: str) -> dict[str, Any]:
    return tomllib.loads(files("assistant").joinpath(f"vocab/{name}.toml").read_text(encoding="utf-8"))


@cache
def lexicon() -> dict[str, Any]:
    """The notes lexicon: headings, markers, cues, glossary, terms and register patterns."""
    return _vocab("notes")


@cache
def topics() -> list[dict[str, Any]]:
    """The topics of section 五 with their keywords, opening verb and suggested measures."""
    return _vocab("measures")["topic"]


@cache
def _compiled() -> dict[str, Any]:
    lex = lexicon()
    ordinals = lex["split"]["ordinals"]
    return {
        "heading": {kind: [re.compile(p) for p in lex["headings"][kind]] for kind in ("problem_strict", "problem_loose", "measure_strict", "measure_loose")},
        "ordinal_start": re.compile(rf"^\s*(?:{ordinals})\s*"),
        "ordinal_split": re.compile(rf"(?:{ordinals})"),
        "connective": re.compile("(" + "|".join(re.escape(c) + r"(?!\d)" for c in lex["split"]["connectives"]) + ")"),  # 还有18件 is a fact, not a cut
        "filler": re.compile("|".join(lex["split"]["filler"])),
        "persists": re.compile(lex["followup"]["persists"]),
        "terms": [(re.compile(t["from"]), t["to"]) for t in lex["terms"]],
        "register": [(re.compile(r["from"]), r["to"]) for r in lex["register"]],
        "fact": re.compile(lex["facts"]["quantity"]),
        "target": re.compile(lex["facts"]["target"]),
        "followup": re.compile(lex["followup"]["cue"]),
        "followup_lead": re.compile(lex["followup"]["lead"]),
        "not_problem": re.compile("|".join(map(re.escape, lex["cues"]["not_problem"]))),
        "kaizhan": re.compile(lex["cues"]["kaizhan_nouns"]),
    }


@dataclass
class Measure:
    text: str
    suggested: bool = False  # proposed by the assistant, not in the notes
    source: str | None = None  # where a suggestion's wording comes from
    placeholder: bool = False  # 【待补…】: the clerk must write the measure


@dataclass
class Point:
    """One problem of the notes and the measure that answers it."""

    problem: str
    measure: Measure | None = None
    topic: str | None = None
    facts: list[str] = field(default_factory=list)  # what the notes state about this problem (numbers, an example)


@dataclass(frozen=True)
class Clause:
    """A clause of the notes as read, on its side: problem, measure, fact or followup."""

    side: str
    text: str


@dataclass
class Notes:
    points: list[Point]
    extra_measures: list[Measure] = field(default_factory=list)  # measures that answer no listed problem
    numbers: set[str] = field(default_factory=set)
    flags: list[str] = field(default_factory=list)  # what the clerk should look at (untranslated English …)
    facts: list[str] = field(default_factory=list)  # facts that belong to no problem (said after the opening)
    followup: list[str] = field(default_factory=list)  # last year's problems and what became of them, from the notes
    clauses: list[Clause] = field(default_factory=list)  # every clause kept, on its side (the hard check reads these)
    rewrites: list[Any] = field(default_factory=list)  # register rewrites, before → after


# ------------------------------------------------------------------ words

def topic_of(text: str) -> dict[str, Any] | None:
    """The topic whose keywords cover most of the text (longer keywords weigh more)."""
    best, best_score = None, 0
    for topic in topics():
        own = text
        for term in topic.get("not_when", []):  # "办事指南" holds 指南 but is no 公开指南
            own = own.replace(term, "")
        score = sum(len(k) for k in topic["keywords"] if k in own)
        if score > best_score:
            best, best_score = topic, score
    return best


def normalize_terms(text: str) -> str:
    """Colloquial words → the genre's terms (搞 → 开展, 新媒体 → 政务新媒体 …)."""
    for pattern, to in _compiled()["terms"]:
        text = pattern.sub(to, text)
    return _CJK_SPACE.sub("", text).strip(_TRIM)


def in_register(problem: str) -> str:
    """A problem in the register of the genre ("新媒体更新慢" → "政务新媒体更新不够及时")."""
    for pattern, to in _compiled()["register"]:
        problem = pattern.sub(to, problem)
    return problem


def _problem_cue(text: str) -> bool:
    cleaned = _compiled()["not_problem"].sub("", text)
    return any(cue in cleaned for cue in lexicon()["cues"]["problem"])


def starts_with_measure_verb(text: str) -> bool:
    cues = lexicon()["cues"]
    verb = next((w for w in sorted(cues["measure_start"] + cues["remedy_start"], key=len, reverse=True) if text.startswith(w)), None)
    return verb is not None and not text[len(verb):].startswith("性")  # "规范性文件" names a thing, it does not 规范


def is_glued(measure: str) -> bool:
    """A verb glued onto a problem phrase ("加强乡镇公开栏内容陈旧"): the first clause opens
    with a verb (not one like 解决/清理 that takes a shortcoming) and names a shortcoming."""
    first = measure.split("，")[0]
    if first.startswith(tuple(lexicon()["cues"]["remedy_start"])):
        return False
    return starts_with_measure_verb(first) and _problem_cue(first[2:])


def cue_kind(text: str) -> tuple[str | None, bool]:
    """("problem" | "measure" | None, strong) from the cue lexicon alone."""
    cues = lexicon()["cues"]
    if text.startswith(tuple(cues["remedy_start"])):
        return "measure", True
    problem, verb = _problem_cue(text), starts_with_measure_verb(text)
    if problem and not verb:
        return "problem", True
    if verb and not problem:
        return "measure", True
    if verb and problem:  # "开展培训较少": the shortcoming is what the clause ends on
        return ("problem", False) if _problem_cue(text[-4:]) else ("measure", False)
    if any(v in text for v in cues["verbs_anywhere"]):
        return "measure", False
    return None, False


# ------------------------------------------------------------------ e5 judge

class ClauseJudge:
    """Problem or measure by e5 similarity to labelled clauses of real sections 五 (only asked
    when the cues leave a clause open; the fake test embedding is never asked)."""

    def __init__(self, embeddings: Embeddings | None) -> None:
        self.embeddings = None if type(embeddings).__name__ == "DeterministicFakeEmbedding" else embeddings  # the tests' fake model tells nothing
        self._examples: dict[str, list[list[float]]] | None = None

    def _labelled(self) -> dict[str, list[list[float]]]:
        if self._examples is None:
            data = _vocab("section5_examples")
            self._examples = {kind: self.embeddings.embed_documents(data[kind]) for kind in ("problem", "measure")}  # type: ignore[union-attr]
        return self._examples

    def similarity(self, text: str) -> dict[str, float]:
        """Mean cosine of the three nearest labelled clauses, per side."""
        query = self.embeddings.embed_query(text)  # type: ignore[union-attr]

        def cosine(v: list[float]) -> float:
            dot = sum(a * b for a, b in zip(query, v, strict=False))
            return dot / ((math.sqrt(sum(a * a for a in query)) * math.sqrt(sum(b * b for b in v))) or 1.0)

        return {kind: sum(sorted((cosine(v) for v in vectors), reverse=True)[:3]) / 3 for kind, vectors in self._labelled().items()}

    def kind(self, text: str) -> str | None:
        if self.embeddings is None:
            return None
        scores = self.similarity(text)
        return max(scores, key=scores.get)  # type: ignore[arg-type]


# ------------------------------------------------------------------ reading

@dataclass
class _Clause:
    text: str
    own: str | None  # what the cues say
    strong: bool
    pair: str | None  # the side of a "问题 —— 措施" pair
    forced: str | None  # what a marker or a heading says
    item: int  # clauses of one item (a numbered line, a sentence) may be merged
    numbered: bool
    connective: bool  # started with 还有 / 另外 …: never merged with the clause before
    soft: bool = False  # forced by a heading that had text after it: a strong cue of the clause wins
    kind: str = ""
    prose: bool = False  # from a line of run-on prose


def _heading(text: str, loose: bool) -> str | None:
    patterns = _compiled()["heading"]
    for kind in ("problem", "measure"):
        if any(p.match(text) for p in patterns[f"{kind}_{'loose' if loose else 'strict'}"]):
            return kind
    return None


def _split_heading(line: str) -> tuple[str | None, str]:
    """A heading at the start of a line: the whole line, the text before a colon, or before 一是."""
    bare = line.strip(_TRIM)
    kind = _heading(bare, loose=False)
    if kind:
        return kind, ""
    match = re.match(r"^([^：:【]{1,16})[：:]\s*(.*)$", line)
    if match and _heading(match.group(1).strip(_TRIM), loose=True):
        return _heading(match.group(1).strip(_TRIM), loose=True), match.group(2)
    match = re.match(r"^(.{1,16}?)(?=一是|[（(]一[)）]|1[、.．])(.*)$", line)
    if match and _heading(match.group(1).strip(_TRIM), loose=True):
        return _heading(match.group(1).strip(_TRIM), loose=True), match.group(2)
    return None, line


def _labelled(clause: str) -> tuple[str, str | None]:
    """"整改：安排专人更新" → (the rest, "measure"); "网站：栏目更新不及时" → "网站栏目更新不及时"; a label
    before a clause that names its own subject goes ("平台：政务新媒体矩阵未整合" → "政务新媒体矩阵未整合")."""
    match = re.match(r"^([^：:【]{1,8})[：:]\s*(.+)$", clause)
    if match is None:
        return clause, None
    kind = _heading(match.group(1).strip(_TRIM), loose=True)
    if kind:
        return match.group(2), kind
    rest = match.group(2)
    own_subject = any(len(k) >= 4 and rest.startswith(k) for t in topics() for k in t["keywords"]) or match.group(1) in rest
    return (rest if own_subject else match.group(1) + rest), None


_PARENTHESIS = re.compile(r"[（(]\s*([^：:（()）]{1,8})[：:]\s*([^（()）]+)[)）]")


def _summary(clause: str) -> str:
    """"主要是教育、卫生领域更新不及时" → "教育、卫生领域更新不及时"; "主要是政策解读和基层公开" → "主要涉及政策解读和基层公开"."""
    inline = lexicon()["inline"]
    if not clause.startswith(inline["summary_lead"]):
        return clause
    rest = clause[len(inline["summary_lead"]):]
    return rest if _problem_cue(rest) else inline["summary_word"] + rest


_NESTED = re.compile(r"^[ \t\u3000]{2,}(?:[-*•·●▪]|\d{1,2}[)）.、]|[（(]\d{1,2}[)）])")


def _label_first(parts: list[str]) -> list[str]:
    """"预决算公开 — 部门预算说明过于简单 — 按模板补充": a short label before the problem is part of it,
    not the problem of a "problem —— measure" pair; "政策解读 — 同步率低" is one problem."""
    label = len(parts[0].strip(_TRIM)) <= 8 and not cue_kind(parts[0].strip(_TRIM))[1] if parts else False  # short, no strong cue
    if label and (len(parts) == 3 or (len(parts) == 2 and cue_kind(parts[1].strip(_TRIM)) == ("problem", True))):
        return [parts[0].strip(_TRIM) + "：" + parts[1].strip(_TRIM), *parts[2:]]
    return parts


_QUESTION = re.compile(r"^(?:问|Q)[：:.]\s*(.*)$")
_ANSWER = re.compile(r"^(?:答|A)[：:.]\s*")


def _answer(line: str) -> str:
    """"答：一是……" → "一是……" (notes written as questions and answers)."""
    return _ANSWER.sub("", line)


def _table_row(line: str) -> tuple[str, str | None]:
    """A row of a pasted markdown table: "| 问题 | 措施 |" (a header: nothing), "|---|---|" (nothing),
    "| 栏目更新慢 | 每周更新 |" → "栏目更新慢 —— 每周更新". A question ("问：怎么改？") sets the side of
    the answers after it: (the line, or "", with the side it sets)."""
    question = _QUESTION.match(line)
    if question:
        return "", "measure" if re.search(lexicon()["questions"]["measure"], question.group(1)) else "problem"
    if not (line.startswith("|") and line.endswith("|") and len(line) > 2):
        return line, None
    cells = [c.strip() for c in line.strip("|").split("|")]
    if all(re.fullmatch(r":?-{2,}:?", c) or not c for c in cells) or all(_heading(c, loose=True) for c in cells if c):
        return "", None
    return (" —— " if len(cells) == 2 else "，").join(c for c in cells if c), None


def _inline_measures(line: str) -> str:
    """"问题（整改：按月公开）": a measure written in brackets after its problem becomes the pair "问题 —— 按月公开"."""
    return _PARENTHESIS.sub(lambda m: f" —— {m.group(2)}" if _heading(m.group(1).strip(_TRIM), loose=True) == "measure" else m.group(0), line)


def _still_open(item: str) -> bool:
    """Whether a clause after the first of an item on last year's problem says it persists this year."""
    from .register import rewrite_register as to_register

    later = [to_register(normalize_terms(c.strip(_TRIM)))[0] for c in re.split(r"[，,]", item)[1:] if c.strip(_TRIM)]
    return any(_compiled()["persists"].search(c) and _problem_cue(c) for c in later)


_SPACED_NUMBER = re.compile(r"^(\d{1,2})[ \t]+(?=[\u4e00-\u9fff])(?![个件条次人篇天月年项名])")
_CAUSE = re.compile(r"^(?:主要是|主要原因是|原因是|主要因为|因为|这是因为)")
_PLANNED_FIGURE = re.compile(r"[\d一二两三四五六七八九十]+[个名人位次件条篇期项天场批份]")


def _strip_markers(clause: str) -> tuple[str, str | None, bool]:
    """(clause without its markers, "measure" when a marker makes it one, whether the marker holds for the rest of the line)."""
    inline = lexicon()["inline"]
    rest_of_line = False
    changed = True
    forced = None
    while changed:
        changed = False
        for word in inline["lead_words"]:
            if clause.startswith(word) and len(clause) > len(word) + 1:
                clause, changed = clause[len(word):].lstrip(_TRIM), True
        for word in inline["measure_rest_of_line"]:
            if clause.startswith(word) and not _PLANNED_FIGURE.match(clause[len(word):]):  # "计划6期，有2期未按时出" is a fact
                clause, forced, rest_of_line, changed = clause[len(word):].lstrip(_TRIM), "measure", True, True
        for word in inline["measure_clause"]:  # "要加强运维": the modal goes when a verb follows
            if clause.startswith(word) and starts_with_measure_verb(clause[len(word):].lstrip(_TRIM)):
                clause, forced, changed = clause[len(word):].lstrip(_TRIM), "measure", True
        for word in inline["modal"]:  # "要做到每周更新": a modal at the start makes a measure, whatever follows
            rest = clause[len(word):]
            if clause.startswith(word) and len(rest) > 1 and rest[0] not in inline["modal_not_before"]:
                clause, forced, changed = rest.lstrip(_TRIM), "measure", True
    return clause, forced, rest_of_line


def _items(line: str) -> list[tuple[str, bool]]:
    """A line → items (sentences and numbered pieces), each with whether it was numbered."""
    compiled = _compiled()
    items: list[tuple[str, bool]] = []
    for sentence in _SENTENCE.split(line):
        pieces = [p for p in compiled["ordinal_split"].split(sentence)]
        starts_numbered = bool(compiled["ordinal_start"].match(sentence))
        for index, piece in enumerate(pieces):
            piece = piece.strip(_TRIM.replace(":：", "")).lstrip("：:")  # a trailing colon marks a heading
            if piece:
                items.append((piece, index > 0 or starts_numbered))
    return items


def _is_fact(text: str) -> bool:
    """A clause stating a quantity ("全年办理申请60件", "（5/9）") or an example, with no shortcoming
    word, no target (不少于, 以内 …) and no verb of doing at its start: a fact about the problem beside it."""
    compiled = _compiled()
    return bool(compiled["fact"].search(text)) and not compiled["target"].search(text) and not _problem_cue(text) and not starts_with_measure_verb(text)


def _prose(line: str) -> bool:
    """A line of run-on prose (several sentences or long): a change of topic there starts a new problem."""
    return len(_SENTENCE.findall(line.strip(_TRIM))) >= 1 or len(line) > 60


def read_notes(text: str, embeddings: Embeddings | None = None) -> Notes:
    """Notes → clauses (problem, measure, fact, last year's follow-up), each kept whole, and the
    pairing of problems with their measures and facts."""
    from .register import rewrite_register as to_register

    compiled = _compiled()
    flags: list[str] = []
    rewrites: list[Any] = []
    clauses: list[_Clause] = []
    followup: list[str] = []
    numbers: set[str] = set()  # of what the notes say (list numbers and headings such as "2024年问题" aside): each must reach the draft
    mode: str | None = None  # set by a heading, holds until the next heading
    soft = False  # a heading with text after it ("改进：增加图解") yields to a clause's strong cues
    item_no = 0
    numbered_above = False  # the last line of content was a numbered item
    for raw in text.splitlines():
        line = _BRACKETED.sub(lambda m: m.group(1) + "：", _BULLET.sub("", raw.replace("\u3000", " ")).strip()).strip()
        line, asked = _table_row(_answer(line))
        if asked:
            mode, soft = asked, False
        if not line:
            continue
        bulleted = line != raw.replace("\u3000", " ").strip()
        line = _SPACED_NUMBER.sub(r"\1、", line)  # "1 政府网站…": a list number followed by a space
        listed = bool(compiled["ordinal_start"].match(line))
        kind, rest = _split_heading(compiled["ordinal_start"].sub("", line))
        if kind:
            mode, line, soft = kind, rest, bool(rest.strip(_TRIM))
        # "（一）政策解读质量不高" then an unnumbered line of its facts: the line goes on with the item above
        goes_on = not kind and mode == "problem" and not listed and not bulleted and numbered_above and item_no > 0
        numbered_above = ((listed or bulleted) and not kind) or goes_on
        line = translate(line, flags)
        line = _inline_measures(line)
        prose = _prose(line)
        line_mode: str | None = None  # set by 下一步 / 明年打算 … for the rest of the line
        nested = (bool(_NESTED.match(raw)) or goes_on) and item_no > 0  # "  - 其中超过15天的有6条": goes on with the item above
        for index, (item, numbered) in enumerate(_items(line)):
            kind, item = _split_heading(item)
            if kind:
                mode, line_mode, soft = kind, None, bool(item.strip(_TRIM))
            if not item:
                continue
            numbers |= set(_NUMBER.findall(item))
            cause = index > 0 and not numbered and mode != "measure" and bool(_CAUSE.match(item))  # "…晚了一个月。主要是…": its cause
            item_no += 0 if nested or cause else 1
            nested = False
            if compiled["followup"].search(item) and _still_open(item):
                # "去年的问题培训少，今年还是只培训了1次": last year's problem is still this year's
                item = re.sub(r"^(?:问题|短板|不足)[:：]?", "", compiled["followup"].sub("", item, count=1).lstrip(_TRIM))
            if compiled["followup"].search(item) and mode != "measure" and line_mode != "measure":
                said = [to_register(normalize_terms(c.strip(_TRIM))) for c in re.split(r"[，,]", item) if c.strip(_TRIM)]
                rewrites += [r for _, rs in said for r in rs]
                followup += [c for c, _ in said if c]
                continue
            parts = _label_first([p for p in _PAIR.split(item) if p.strip(_TRIM)])
            for part_no, part in enumerate(parts):
                pair_kind = None if len(parts) == 1 else ("problem" if part_no == 0 else "measure")
                connective = False
                for piece in compiled["connective"].split(part):
                    if not piece:
                        continue
                    if compiled["connective"].fullmatch(piece):
                        connective = True
                        continue
                    for clause in re.split(r"[，,]", piece):
                        clause, marker = _labelled(clause.strip(_TRIM))
                        clause, marked, rest_of_line = _strip_markers(normalize_terms(clause))
                        said = clause
                        clause, changed = to_register(clause)
                        clause = _summary(clause)
                        marker = marker or marked
                        if rest_of_line:
                            line_mode = "measure"
                        if (len(_CJK.findall(clause)) < 2 and not (_CJK.search(clause) and _NUMBER.search(clause))) or _heading(clause, loose=False):
                            continue
                        if any(compiled["filler"].search(c) and not _problem_cue(compiled["filler"].sub("", c)) for c in (clause, said)) and not _NUMBER.search(clause):
                            continue  # filler, as written or in the register ("主要是以下几点", "问题也不少")
                        rewrites += changed
                        enumerated = clause.split("、")  # "加强培训、完善制度、做好解读": three measures
                        several = len(enumerated) > 1 and all(starts_with_measure_verb(e) for e in enumerated)
                        for one in enumerated if several else [clause]:
                            example = next((w for w in lexicon()["inline"]["example_leads"] if one.startswith(w)), None)
                            if example and cue_kind(one[len(example):])[0] == "problem":
                                one = one[len(example):]
                            own, strong = cue_kind(one)
                            clauses.append(_Clause(one, own, strong, pair_kind, marker or line_mode or mode, item_no, numbered or bulleted,
                                                   connective or several, soft and not (marker or line_mode), prose=prose))
                        connective = False
    _decide(clauses, ClauseJudge(embeddings))
    notes = _pair(_group(clauses), numbers, flags)
    notes.followup, notes.rewrites = followup, rewrites
    notes.clauses = [Clause("problem", p.problem) for p in notes.points] + [Clause("fact", f) for f in notes.facts] + [Clause("followup", f) for f in followup]
    notes.clauses += [Clause("measure", p.measure.text) for p in notes.points if p.measure] + [Clause("measure", m.text) for m in notes.extra_measures]
    return notes


def _decide(clauses: list[_Clause], judge: ClauseJudge) -> None:
    """Each clause's side: a "——" pair decides; an item holding a strong problem and a strong
    measure is split into both; otherwise a heading or marker decides, then the cues, then
    e5, then the clause before. A quantity stated on the problem side is a fact."""
    by_item: dict[int, list[_Clause]] = {}
    for clause in clauses:
        by_item.setdefault(clause.item, []).append(clause)
    for item in by_item.values():
        mixed = any(c.own == "problem" and c.strong for c in item) and any(c.own == "measure" and c.strong for c in item)
        previous: str | None = None
        for clause in item:
            if clause.pair:
                kind = clause.pair
            elif any(w in clause.text for w in lexicon()["cues"]["positive"]) and not _problem_cue(clause.text):
                kind = "fact"  # "均按时办结": context, said with the facts
            elif clause.strong and (mixed or clause.soft):
                kind = clause.own  # type: ignore[assignment]
            elif previous == "measure" and clause.own == "measure" and not clause.connective:
                kind = "measure"  # "要建立台账，每件申请到期前5个工作日提醒经办人": the measure goes on, under any heading
            elif clause.forced:
                kind = clause.forced
            elif _is_fact(clause.text) and previous != "measure":
                kind = "problem"
            elif not clause.strong and previous in ("problem", "fact"):  # a weak measure cue after a problem of its item: the problem goes on
                kind = "problem"
            elif clause.own and (clause.strong or judge.embeddings is None):
                kind = clause.own
            else:  # the cues are weak or silent: e5, else the weak cue, else the clause before
                kind = judge.kind(clause.text) or clause.own or previous or "problem"
            clause.kind = previous = kind
        if any(c.forced == "problem" for c in item) and not any(c.kind == "measure" or (c.kind == "problem" and not _is_fact(c.text)) for c in item):
            continue  # a point under a problems heading that states only quantities is a problem
        for clause in item:
            if clause.kind == "problem" and _is_fact(clause.text):
                clause.kind = "fact"


def _group(clauses: list[_Clause]) -> list[tuple[str, list[tuple[str, str]], int]]:
    """Consecutive clauses of one side in one item make one problem or measure, unless a
    connective or (in run-on prose) a change of topic separates them. A fact goes with the
    problem of its item, in the order written; facts alone make a group of their own."""
    groups: list[tuple[str, list[tuple[str, str]], int, str | None]] = []

    def side(kind: str) -> str:
        return "problem" if kind == "fact" else kind

    for clause in clauses:
        topic = topic_of(clause.text) if clause.kind != "fact" else None
        topic_id = topic["id"] if topic else None
        last = groups[-1] if groups else None
        same = last is not None and side(last[0]) == side(clause.kind) and last[2] == clause.item and not clause.connective
        if same and (clause.prose or clause.kind == "measure") and not clause.numbered and topic_id and last[3] and topic_id != last[3]:  # type: ignore[index]
            same = False
        if same:
            last[1].append((clause.kind, clause.text))  # type: ignore[index]
            kind = "problem" if "problem" in (last[0], clause.kind) else last[0]  # type: ignore[index]
            groups[-1] = (kind, last[1], last[2], last[3] or topic_id)  # type: ignore[index]
        else:
            groups.append((clause.kind, [(clause.kind, clause.text)], clause.item, topic_id))
    return [(kind, list(dict.fromkeys(parts)), item) for kind, parts, item, _ in groups]


_GENERIC = {"政务", "公开", "信息", "工作", "政府", "加强", "发布", "进一步", "部分", "开展", "不够", "不足", "提升", "提高", "完善", "建立"}


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1) if _CJK.match(text[i]) and _CJK.match(text[i + 1])} - _GENERIC


def pair_score(measure: str, problem: str) -> float:
    """How well a measure answers a problem: same topic, then shared words."""
    mt, pt = topic_of(measure), topic_of(problem)
    same = 4.0 if mt is not None and pt is not None and mt["id"] == pt["id"] else 0.0
    return same + len(_bigrams(measure) & _bigrams(problem))


POSITION_BONUS = 2.0  # numbered alike: the n-th measure probably answers the n-th problem
_BRUTE_FORCE = 7


def _assign(pending: list[tuple[int, str]], points: list[Point]) -> dict[int, int]:
    """measure → problem, the assignment with the best total fit (topic and shared words; the
    same place in the list only adds a little, so topics outweigh order)."""
    free = [i for i, p in enumerate(points) if p.measure is None]
    if not pending or not free:
        return {}
    alike = len(pending) == len(free)

    def fit(k: int, j: int) -> float:
        raw = pair_score(pending[k][1], points[free[j]].problem)
        return raw + (POSITION_BONUS if alike and k == j else 0.0) if raw > 0 or alike else -1.0

    pairs: list[tuple[int, int]]
    if min(len(pending), len(free)) <= _BRUTE_FORCE and max(len(pending), len(free)) <= _BRUTE_FORCE + 1:
        if len(pending) <= len(free):
            options = ([(k, j) for k, j in enumerate(perm)] for perm in permutations(range(len(free)), len(pending)))
        else:
            options = ([(k, j) for j, k in enumerate(perm)] for perm in permutations(range(len(pending)), len(free)))
        pairs = max(options, key=lambda option: sum(max(fit(k, j), 0.0) for k, j in option))
    else:  # many items: the best-fitting pairs first
        pairs, used_k, used_j = [], set(), set()
        for _, k, j in sorted(((fit(k, j), k, j) for k in range(len(pending)) for j in range(len(free))), reverse=True):
            if k not in used_k and j not in used_j:
                pairs.append((k, j))
                used_k.add(k)
                used_j.add(j)
    return {pending[k][0]: free[j] for k, j in pairs if fit(k, j) > 0}


def _share_out(points: list[Point]) -> None:
    """"把交接制度建起来，文件有效性每季度清理一次" answering one problem while another has none: a
    clause of a measure that shares words with the unanswered problem (and none with its own) answers it.
    One line of as many measures as there are problems, answering them all, answers them in order."""
    from .register import has_verb

    answered = [p for p in points if p.measure is not None and not p.measure.suggested]
    clauses = answered[0].measure.text.split("，") if len(answered) == 1 else []  # type: ignore[union-attr]
    if len(points) >= 3 and len(clauses) == len(points) and all(has_verb(c) and not re.match(r"\d|[一二三四五六七八九十]{1,2}月|年底|年内|每|定期", c) for c in clauses):
        for point, clause in zip(points, clauses, strict=True):
            point.measure = Measure(clause)
        return
    for point in points:
        if point.measure is not None:
            continue
        best: tuple[float, Point, str] | None = None
        for other in points:
            if other.measure is None or other.measure.suggested or "，" not in other.measure.text:
                continue
            for clause in other.measure.text.split("，"):
                gain = pair_score(clause, point.problem)
                if gain > 0 and pair_score(clause, other.problem) == 0 and (best is None or gain > best[0]):
                    best = (gain, other, clause)
        if best is not None:
            _, other, clause = best
            rest = [c for c in other.measure.text.split("，") if c != clause]  # type: ignore[union-attr]
            other.measure = Measure("，".join(rest))
            point.measure = Measure(clause)


def _pair(groups: list[tuple[str, str, int]], numbers: set[str], flags: list[str]) -> Notes:
    points: list[Point] = []
    loose: list[tuple[str, int | None]] = []  # measures and the problem written on the same item
    item_of: list[int] = []
    last_problem_of_item: dict[int, int] = {}
    facts: list[str] = []
    for kind, parts, item in groups:
        text = "，".join(in_register(t) if k == "problem" else t for k, t in parts)
        if kind == "fact":
            facts.append(text)
            continue
        if kind == "problem":
            topic = topic_of("，".join(t for k, t in parts if k == "problem"))
            stated = [t for k, t in parts if k == "fact"]
            points.append(Point(text, topic=topic["id"] if topic else None, facts=stated))
            last_problem_of_item[item] = len(points) - 1
        else:
            loose.append((text, last_problem_of_item.get(item)))
            item_of.append(item)
    answers: dict[int, list[int]] = {}  # problem → the measures (by their place in the notes) that answer it
    pending = []
    for index, (text, beside) in enumerate(loose):
        if beside is not None and beside not in answers:
            answers[beside] = [index]
        else:
            pending.append((index, text))
    taken = [i for i in answers]
    for point in taken:
        points[point].measure = Measure("")  # so that _assign sees it answered
    for index, i in _assign(pending, points).items():
        answers[i] = [index]
        points[i].measure = Measure("")
    placed = {k for ks in answers.values() for k in ks}
    answered_items = {item_of[k] for ks in answers.values() for k in ks}
    unplaced = [index for index, _ in pending if index not in placed and item_of[index] not in answered_items
                and not any(pair_score(loose[index][0], p.problem) > 0 for p in points)]
    for index, i in zip(unplaced, [i for i, p in enumerate(points) if i not in answers], strict=False):
        answers[i] = [index]  # a measure that fits no problem by its words answers, in order, a problem left unanswered
        placed.add(index)
    extra = []
    for index, text in pending:
        if index in placed:
            continue
        best = max(range(len(points)), key=lambda i: pair_score(text, points[i].problem), default=None)
        sibling = next((i for i, ks in answers.items() if any(item_of[k] == item_of[index] for k in ks)), None)
        if best is not None and best in answers and pair_score(text, points[best].problem) > 0:
            answers[best].append(index)  # a second measure of the same problem
        elif sibling is not None:  # "严格办理时限，建立提醒机制": it goes on with the measure written beside it
            answers[sibling].append(index)
        else:
            extra.append(Measure(text))
    for i, point in enumerate(points):
        point.measure = Measure("，".join(loose[k][0] for k in sorted(answers[i]))) if i in answers else None
    _share_out(points)
    return Notes(points, extra, numbers, flags, facts=facts)
