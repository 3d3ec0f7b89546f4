"""Reading a clerk's notes for section 五: which items are problems (with their facts and causes),
which are measures, which measure answers which problem, and what last year's promises became.

The notes are read as units of Chinese writing by the clause model (clauses.py): lines →
sentences → clauses, each clause with a role (HEADING, CHATTER, PROBLEM, MEASURE, FACT, CAUSE,
FOLLOWUP). Here, adjacent clauses of one side in one sentence become one item, kept whole; a
problem item carries its facts and cause in the clerk's order; a measure answers the problem of its
own sentence (or numbered point), else the one open problem right before it, else — a measures
block, or a measure after several open problems — the problem its topic and words fit best
(assistant/vocab/measures.toml), its place only breaking ties. Headings and chatter are dropped and
listed with their reason. English is translated through the glossary (glossary.py); a word it
lacks stays visible as 【待译：…】 and is named to the clerk.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from .glossary import translate  # English by glossary (its own module)

if TYPE_CHECKING:  # LangChain loads only when a model is used
    from langchain_core.embeddings import Embeddings

MEASURE_ITEMS = "；"  # between the measures of one problem written as separate list items: each is numbered in the draft
_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:/\d+)?%?")  # 60, 12.5, 5/9, 40%: a number is kept whole
# (?<!\s): a run of spaces is tried once, from its start (linear on a line of spaces)
_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff\d])\s+(?=[\u4e00-\u9fff\d])|(?<=[\u4e00-\u9fff])\s+|(?<!\s)\s+(?=[\u4e00-\u9fff])")
_BULLET = re.compile(r"^\s*(?:[-*•·●▪]+|[#]+)\s*")
_POINTER = re.compile(r"^\s*(?:👉|☞|➡\ufe0f?|⇒|⟹)\s*")  # a pointing sign before a line: the arrow of "问题 → 措施"
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


_COUNTED = r"(?!\d+(?:\.\d+)?\s*(?:个工作日|[个件条项人次家天名所篇期批份户元万%]|$|[，,。；;]))"  # a count after it, not a number that names a thing (12345热线)


@cache
def _compiled() -> dict[str, Any]:
    lex = lexicon()
    ordinals = lex["split"]["ordinals"]
    return {
        "heading": {kind: [re.compile(p) for p in lex["headings"][kind]] for kind in ("problem_strict", "problem_loose", "measure_strict", "measure_loose")},
        "ordinal_start": re.compile(rf"^\s*(?:{ordinals})\s*"),
        "ordinal_split": re.compile(rf"(?:{ordinals})"),
        "connective": re.compile("(" + "|".join(re.escape(c) + _COUNTED for c in lex["split"]["connectives"]) + ")"),  # 还有18件 is a fact, not a cut (还有12345转来的留言 is)
        "terms": [(re.compile(t["from"]), t["to"]) for t in lex["terms"]],
        "register": [(re.compile(r["from"]), r["to"]) for r in lex["register"]],
        "followup_lead": re.compile(lex["followup"]["lead"]),
        "not_problem": re.compile("|".join(map(re.escape, lex["cues"]["not_problem"]))),
        "kaizhan": re.compile(lex["cues"]["kaizhan_nouns"]),
        "date_stamp": re.compile(lex["clauses"]["date_stamp"]),
        "speaker": re.compile(lex["clauses"]["speaker"]),
        "dont_write": re.compile(lex["clauses"]["dont_write"]),
        "effect": re.compile(lex["clauses"]["effect"]),
        "interjection": re.compile(lex["clauses"]["interjection"]),
        "writing_inline": re.compile(r"(?:^|(?<=[。；;！!？?]))\s*(?:" + lex["headings"]["writing_label"].strip("^$") + r")[：:]\s*"),
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
    no_measure: str | None = None  # the clerk says no measure is to be written for it (their words): none is suggested


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
    body_named: str | None = None  # the self-reference of the body the notes name as their own (我局 for "县教育局 年报…")
    facts: list[str] = field(default_factory=list)  # facts that belong to no problem (said after the opening)
    followup: list[str] = field(default_factory=list)  # last year's problems and what became of them, from the notes
    followup_items: list[list[str]] = field(default_factory=list)  # the same, one list per item (sentence) of the notes
    clauses: list[Clause] = field(default_factory=list)  # every clause kept, on its side (the hard check reads these)
    rewrites: list[Any] = field(default_factory=list)  # register rewrites, before → after
    dropped: list[Any] = field(default_factory=list)  # headings and chatter left out, each with its reason
    followup_open: list[str] = field(default_factory=list)  # problems that are last year's promises not (fully) kept
    followup_carried: list[tuple[str, str]] = field(default_factory=list)  # (promise, how far it got) of a promise the notes also list as this year's problem
    self_name: str | None = None  # how the notes name the body (我县 / 我局 …), when they say it
    year: int | None = None  # the year of the report the notes imply ("2023年报告里提的…" → 2024), when they name one


# ------------------------------------------------------------------ words

@lru_cache(maxsize=8192)
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
    if re.match(r"^[\u4e00-\u9fff]{2}(?:仅|只|均|都|一律|全部|逐一)", first):  # "统一仅保留前后各1位": the first word is an adverb of the clerk's verb
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

    def about_notes(self, text: str) -> float | None:
        """How likely the clause talks about the notes rather than the work (assistant/draft/about_notes.py);
        None without the model it was trained on."""
        from .about_notes import model

        if self.embeddings is None or getattr(self.embeddings, "name", None) != model().embedding:
            return None
        return model().probability(self.embeddings.embed_query(text))  # type: ignore[union-attr]


# ------------------------------------------------------------------ reading

def _heading(text: str, loose: bool) -> str | None:
    """The kind of block a label announces; the spoken particles in a short label go first ("整改嘞", "下一步呢打算")."""
    patterns = _compiled()["heading"]
    if len(text) <= 12:
        text = re.sub(lexicon()["headings"]["particles"], "", text) or text
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
    match = re.match(r"^([^：:【]{1,16})[：:]\s*(.*)$", _ASIDE_IN_LABEL.sub(r"\1", line))  # "改进（顺序跟上面不对应）：": the aside is the clerk's
    if match and _lastyear_names(match.group(1).strip(_TRIM)):  # "去年说的网站栏目空白问题：已整改": a clause of last year's, no label
        return None, line
    if match and _lastyear_lead(match.group(1).strip(_TRIM)):  # "去年的问题：…": last year's items, not this year's problems
        return "followup", match.group(2)
    if match and (_heading(match.group(1).strip(_TRIM), loose=True) or _spoken_label(match.group(1).strip(_TRIM))):
        return _heading(match.group(1).strip(_TRIM), loose=True) or _spoken_label(match.group(1).strip(_TRIM)), match.group(2)
    match = re.match(r"^([^。：:，,]{2,16})。\s*(.+)$", line)  # "本年度存在的问题。1、…": a heading closed by 。, its content after it
    if match and _heading(match.group(1).strip(_TRIM), loose=False):
        return _heading(match.group(1).strip(_TRIM), loose=False), match.group(2)
    if match:
        from .clauses import is_meta_heading

        if is_meta_heading(match.group(1).strip(_TRIM)) == "followup":  # "上年度问题整改情况。…": last year's items follow
            return "followup", match.group(2)
    match = re.match(r"^(.{1,16}?)(?=一是|[（(]一[)）]|1[、.．])(.*)$", line)
    if match and _heading(match.group(1).strip(_TRIM), loose=True):
        return _heading(match.group(1).strip(_TRIM), loose=True), match.group(2)
    return None, line


_ASIDE_IN_LABEL = re.compile(r"^([^：:（()）]{1,10})[（(][^（()）]{1,30}[)）](?=\s*[：:])")


def _spoken_label(head: str) -> str | None:
    """A label said aloud: a block word and then only words that say nothing ("问题好像就一个吧", "措施我想的是")."""
    from .clauses import is_chatter, says_nothing, table

    for kind, words in (("problem", table()["problem_words"]), ("measure", table()["measure_words"])):
        found = re.match(f"(?:{words})+", head)  # "整改打算主要有两点"
        if found and found.end() < len(head):
            rest = head[found.end():]
            if not _NUMBER.search(rest) and (is_chatter(rest) or says_nothing(rest) or re.match(lexicon()["headings"]["spoken_rest"], rest)):
                return kind
    return None


def _labelled(clause: str) -> tuple[str, str | None]:
    """"整改：安排专人更新" → (the rest, "measure"); "网站：栏目更新不及时" → "网站栏目更新不及时"; a label
    before a clause that names its own subject goes ("平台：政务新媒体矩阵未整合" → "政务新媒体矩阵未整合")."""
    long = re.match(r"^([^：:【]{9,20})[：:]\s*(.+)$", clause)
    if long:  # "平台访问量下滑：全年访问量1.5万人次", "行政处罚决定书7个工作日内公开：今年作出处罚253件": a statement before its facts
        return long.group(1) + "，" + long.group(2), None
    match = re.match(r"^([^：:【]{1,8})[：:]\s*(.+)$", clause)
    if match is None:
        return clause, None
    if re.fullmatch(r"(?:主要|根本|究其)?原因(?:主要)?(?:是|在于|就是)?", match.group(1).strip(_TRIM)):
        return "原因是" + match.group(2), None  # "原因：审核环节多" is a cause, said with its link
    kind = _heading(match.group(1).strip(_TRIM), loose=True)
    if kind:
        return match.group(2), kind
    rest = match.group(2)
    own_subject = any(len(k) >= 4 and rest.startswith(k) for t in topics() for k in t["keywords"]) or match.group(1) in rest
    joiner = "，" if _problem_cue(match.group(1)) else ""  # "依申请答复超期：全年申请12件": the label says something itself
    if not joiner and re.match(lexicon()["clauses"]["quantifier_start"], rest):
        joiner = "方面，"  # "公开质量：部分信息要素不全": a topic before a clause with its own quantified subject
    if not joiner and not own_subject:
        from .register import _tokens

        label_tokens, rest_tokens = _tokens(match.group(1).strip()), _tokens(rest[:6])
        if label_tokens and label_tokens[-1][1] in ("v", "vn") and rest_tokens and rest_tokens[0][1].startswith(("n", "s")):
            joiner = "方面，"  # "留言回复：网站“局长信箱”…": a label ending on an action names a topic, not the rest's subject
    return (rest if own_subject else match.group(1) + joiner + rest), None


_PARENTHESIS = re.compile(r"[（(]\s*([^：:（()）]{1,8})[：:]\s*([^（()）]+)[)）]")


def _summary(clause: str) -> str:
    """"主要是教育、卫生领域更新不及时" → "教育、卫生领域更新不及时"; "主要是政策解读和基层公开" → "主要涉及政策解读和基层公开"."""
    inline = lexicon()["inline"]
    if not clause.startswith(inline["summary_lead"]):
        return clause
    rest = clause[len(inline["summary_lead"]):]
    return rest if _problem_cue(rest) else inline["summary_word"] + re.sub(r"^涉及", "", rest)  # "主要是涉及…" → "主要涉及…", never "主要涉及涉及"


_COLUMN = r"(?:主要)?原因(?:分析)?|成因|备注|说明|(?:完成)?时限|责任(?:单位|科室|人)|序号|现状|情况|事实|数据"  # a table's other header cells
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


_NUMERAL = "一二三四五六七八九十"


def _group_refs(body: str) -> tuple[list[int], str]:
    """"针对2、3：一是…二是…" answers the clerk's problems 2 and 3: (their places in the notes, counted from 0; the rest of the line)."""
    found = re.match(lexicon()["clauses"]["group_ref"], body)
    if not found:
        return [], body
    refs = [int(n) - 1 if n.isdigit() else _NUMERAL.index(n) for n in re.findall(rf"\d{{1,2}}|[{_NUMERAL}]", found.group(1) or found.group(2))]
    return refs, body[found.end():]


def _table_row(line: str) -> tuple[str, str | None]:
    """A row of a pasted markdown table: "| 问题 | 措施 |" (a header: nothing), "|---|---|" (nothing),
    "| 栏目更新慢 | 每周更新 |" → "栏目更新慢 —— 每周更新". A question ("问：怎么改？") sets the side of
    the answers after it: (the line, or "", with the side it sets)."""
    question = _QUESTION.match(line)
    if question:
        return "", "measure" if re.search(lexicon()["questions"]["measure"], question.group(1)) else "problem"
    line = line.replace("｜", "|")
    if "|" not in line:
        return line, None
    cells = [c.strip() for c in (line.strip("|").split("|") if line.startswith("|") and line.endswith("|") and len(line) > 2 else line.split("|"))]
    if all(re.fullmatch(r":?-{2,}:?", c) or not c for c in cells) or (all(_heading(c, loose=True) or re.fullmatch(_COLUMN, c) for c in cells if c)
                                                                        and any(_heading(c, loose=True) for c in cells if c)):
        return "", None  # "问题 | 措施", "问题 | 原因 | 整改": the header row
    if len(cells) == 2 and re.fullmatch(r"[（(]?(?:暂无|暂时没有|暂时无|无|没有|待定)(?:措施|办法)?(?:[，,、][^（()）]{0,12})?[)）]?", cells[1]):
        return cells[0], None  # "兼着文秘 | （暂无，编制问题）": no measure in the notes (a 【待补】 or a suggestion follows)
    if len(cells) == 2 and re.fullmatch(r"[-—–－\s]*", cells[0]):
        return " —— " + cells[1], "extra"  # "—— | 计划明年…": a measure with no problem of its own
    return (" —— " if len(cells) == 2 else "，").join(c for c in cells if c), None


_MID_LABEL = re.compile(r"(?:[ \t\u3000]{2,}|[，；;,][ \t]*)([^\s：:，；;,（()）]{1,6})[：:]")


def _inline_measures(line: str) -> str:
    """"问题（整改：按月公开）", "问题：…  整改：…": a measure written after its problem, in brackets or
    under its own label on the same line, becomes the pair "问题 —— 按月公开"."""
    line = _PARENTHESIS.sub(lambda m: f" —— {m.group(2)}" if _heading(m.group(1).strip(_TRIM), loose=True) == "measure" else m.group(0), line)
    return _MID_LABEL.sub(lambda m: " —— " if _heading(m.group(1), loose=True) == "measure" else m.group(0), line)


_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F]+\\s*")
_SPACE_CUT = re.compile(r"(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])")
_SPACED_NUMBER = re.compile(r"^(\d{1,2})[ \t]+(?=[\u4e00-\u9fff])(?![个件条次人篇天月年项名])")
# ------------------------------------------------------------------ the clause model → items → pairs

@dataclass(frozen=True)
class Dropped:
    """A clause of the notes left out of the draft (a heading, chatter) and why."""

    text: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "reason": self.reason}


_REGISTER_ROLE = {"PROBLEM": "problem", "MEASURE": "measure", "FACT": "fact", "CAUSE": "fact", "FOLLOWUP": "followup"}


def _register(text: str, role: str) -> tuple[str, list[Any]]:
    """A clause in the register of the genre; the lexicon's role-bound rules see its side."""
    from .register import rewrite_register

    return rewrite_register(text, role=_REGISTER_ROLE.get(role))


def _as_written(text: str, role: str) -> str:
    """A clause as the draft says it: a measure without its plan marker ("明年要做到…" → "做到…"),
    last year's promise in the genre's words ("去年报告里说要" → "上年度报告提出要")."""
    style = lexicon()["clauses"]
    status = re.match(style["status"], text)
    if role == "FOLLOWUP" and status:  # "这个算落实了" → "该项工作已落实"
        return "该项工作已" + style["status_words"][status.group(1)]
    if role == "MEASURE":
        for pattern in style["measure_drop"]:  # a group keeps what stands before the marker (its subject)
            text = re.sub(pattern, lambda m: (m.group(1) or "") if m.re.groups else "", text, count=1)
    for pattern, to in style["lastyear_words"] + style["spelled_out"]:
        text = re.sub(pattern, to, text)
    return text.strip(_TRIM)


def _clause_texts(sentence: str) -> list[tuple[str, str | None, bool]]:
    """A sentence → its clauses: (text, the label's side "整改：…", whether a connective 还有/另外 starts it)."""
    from .clauses import is_chatter, split_outside, strip_discourse

    compiled = _compiled()
    out = []
    pending_connective = False
    topic = ""
    for clause in split_outside(sentence, "，,"):
        clause = clause.strip(_TRIM)
        if not clause:
            continue
        clause, marker = _labelled(clause)
        connective, pending_connective = pending_connective, False
        match = compiled["connective"].match(strip_discourse(clause))  # "哦对了还有规划公示": a discourse word before it
        if match:
            clause = strip_discourse(clause)
        if match:
            clause, connective = clause[match.end():].strip(_TRIM), True
            if not clause:  # "此外，": the point after it is a new one
                pending_connective = True
                continue
        said = strip_discourse(clause)
        lead = re.match(lexicon()["clauses"]["problem_lead"], said)
        if lead and len(said) > lead.end() + 1:  # "今年的问题主要是公开目录跟不上…": the problem follows its announcement
            said, marker = said[lead.end():], "problem"
        said = _TOPIC_MARK.sub("", said)  # "公众号那个，…", "项目的话以后…", "项目信息公开嘛": the topic stays, its marker goes
        if topic:  # "依申请那个，搞个内部流转时限": the topic is the subject of the clause after it
            said, topic = topic + said, ""
        if said != clause and re.search(r"(?:那个|这个|这块|那块|嘛)$", clause.rstrip()) and len(_CJK.findall(said)) <= 8 and not _problem_cue(said) and not _NUMBER.search(said) \
                and not is_chatter(said):
            topic = said
            continue
        clause = normalize_terms(said)
        changed = True
        while changed:
            changed = False
            for word in lexicon()["inline"]["lead_words"]:
                if clause.startswith(word) and len(clause) > len(word) + 1:
                    clause, changed = clause[len(word):].lstrip(_TRIM), True
        clause = _TOPIC_MARK.sub("", clause)  # "就是那个“部门信息”栏目": once the lead words go
        example = next((w for w in lexicon()["inline"]["example_leads"] if clause.startswith(w)), None)
        if example and _problem_cue(clause[len(example):]):
            clause = clause[len(example):]
        enumerated = clause.split("、")  # "加强培训、完善制度、做好解读": three measures
        if len(enumerated) > 1 and all(starts_with_measure_verb(e) for e in enumerated):
            out += [(e, marker, connective or n > 0, e) for n, e in enumerate(enumerated)]
            continue
        out.append((clause, marker, connective, said))
    if topic:
        out.append((topic, None, False, topic))
    return out


_TOPIC_MARK = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:那个|这个|那块|这块)(?=每|\d|[一二三四五六七八九十]{1,2}月|年底|年内|今后|明年|下一步|要|得|必须|先|统一|尽快)|(?<=[\u4e00-\u9fff”]{2})(?:那个|这个|这块|那块)$|(?<=[\u4e00-\u9fff”]{2})(?:的话|嘛)|^(?:那个|这个)(?=“)")
_ASIDE = re.compile(r"(?:(?<=[\u4e00-\u9fff])|(?<=\d[.．、])|(?<=\d[.．、] ))[（(]([^（()）]{2,30})[)）]")  # after a word or a list number ("3.（这条先放这）…"): never a list number "（一）"


_PLAN_NOTE = "括号中的备注：这一条是措施，不是问题"
_NONE_YET = re.compile(r"\s*(?:——+|—|->|→|[|｜])\s*([（(]?(?:这个|这条|这块|这项)?(?:暂时|目前|还|暂)?(?:暂无|没有|没|无|待定)(?:措施|办法|想好)?(?:[，,、][^（()）]{0,16})?[)）]?)\s*$")
_LABEL_PARTICLE = re.compile(r"^(措施|改进|整改|打算|下一步|下步|问题|改)(?:嘛|呢|的话|啊|呀|吧|你就写|就写|你写|这么写|可以写)[，,：:]?\s*(?=[\u4e00-\u9fff])")
_KEPT_ASIDE = re.compile(r"(?<=[\u4e00-\u9fff])[（(]([^（()）]{4,80})[)）]")


def _kept_aside(match: re.Match[str]) -> str:
    """"（上年度报告已提出，本年7月建立，…）" inside a measure: last year's promise kept, a sentence of its own (the follow-up)."""
    from .clauses import _patterns

    said = match.group(1)
    if _patterns()["lastyear"].search(said) and _patterns()["kept"].search(said) and not _patterns()["unkept"].search(said):
        first, _, rest = said.partition("，")
        if re.search(r"(?:提出|承诺|提到|提|说)(?:过)?$", first):  # "（上年度报告已提出，…）": what it promised is the clause it stands after
            before = re.split(r"[，,：:；;。]", match.string[:match.start()])[-1].strip()
            before = re.sub(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．)）]|[一二三四五六七八九十]{1,3}、|[①②③④⑤⑥⑦⑧⑨⑩])\s*", "", before)
            said = re.sub(r"(?:已经|已)?(提出|承诺|提到|提|说)(?:过)?$", r"\1的", first) + before + ("，" + rest if rest else "")
        return "。" + said + "。"
    return match.group(0)


def _aside(match: re.Match[str], dropped: list[Dropped]) -> str:
    """"（这个还没想好怎么弄）": an aside that says nothing is dropped; any other bracket stays."""
    from .clauses import is_chatter

    from .clauses import _patterns

    from .clauses import is_note

    said = match.group(1)
    if (re.search(r"不是问题|不算问题", said) and re.search(r"要做|要办|打算|计划|措施|举措|安排", said)  # "（这条不是问题，是今年要做的）": its line is a measure
            or _patterns()["standalone"].search(said)):  # "（新举措，不对应问题）", "（这个没有对应的问题，领导想加的）"
        dropped.append(Dropped(match.group(0), _PLAN_NOTE))
        return ""
    if is_note(match.group(1)):  # "（这个放第一部分，不是问题）": the clerk's note to self
        dropped.append(Dropped(match.group(0), "括号中给自己的备注"))
        return ""
    if (is_chatter(match.group(1)) or _patterns()["undecided"].search(match.group(1))) and not _NUMBER.search(match.group(1)):
        dropped.append(Dropped(match.group(0), "括号中的口头语"))
        return ""
    return match.group(0)


def _lastyear_names(head: str) -> bool:
    """A label about last year that names the problem itself ("去年说的网站栏目空白问题"): content, not a label."""
    from .clauses import _patterns

    if not _patterns()["lastyear"].search(head):
        return False
    said = re.sub(r"^(?:去年|上年度?|上一年度?)(?:的)?(?:报告|年报)?(?:里|中)?(?:也|还)?(?:说|提|讲|承诺|提出|指出|写)?(?:了|过)?(?:的)?", "", head)
    said = re.sub(r"(?:的)?(?:问题|事项|事情|事|承诺|措施)$", "", said)
    return len(_CJK.findall(said)) >= 2 and not re.fullmatch(r"(?:[一两二三四五六七八九十几]+(?:件|条|个|项|点))", said) and topic_of(said) is not None


def _lastyear_lead(head: str) -> bool:
    """A label naming last year's report and nothing else ("去年报告里说的两条", "上年度报告提的事")."""
    from .clauses import _patterns, is_chatter, says_nothing

    found = _patterns()["lastyear"].search(head)
    if found is None:
        return False
    rest = (head[:found.start()] + head[found.end():]).strip(_TRIM)
    if re.fullmatch(r"(?:的|过的|过)?(?:[一两二三四五六七八九十几]+(?:件|条|个|项|点))?(?:事|事情|事项|问题|承诺|措施)?", rest):  # "的两件事"
        return True
    return not _NUMBER.search(rest) and (is_chatter(rest) or says_nothing(rest))


def _states(text: str) -> bool:
    """A clause that says how things are (ends on a judgement: "转办环节多", "新人多"), not only what it concerns."""
    from .clauses import _tokens

    tokens = _tokens(text)
    return bool(tokens) and tokens[-1][1] in ("a", "m", "d", "z", "l", "i") and len(tokens) > 1


def _explains(part: str) -> bool:
    """A part after a dash that gives a cause and plans nothing ("嗯，主要是乡镇农经站不清楚要求")."""
    from .clauses import features

    said = _compiled()["interjection"].sub("", part.strip(_TRIM))
    f = features(said)
    return f["cause"] and not f["plan"]


def said_last(sentence: str) -> str:
    """The last clause of a sentence as _clause_texts gives it (a colon at its end announces what follows)."""
    clauses = _clause_texts(sentence)
    return clauses[-1][0] if clauses else ""


def _line_heading_kind(text: str) -> str | None:
    from .clauses import table

    kinds = [k for k, words in (("problem", table()["problem_words"]), ("measure", table()["measure_words"])) if re.search(words, text)]
    return kinds[0] if len(kinds) == 1 else None


def report_year(text: str) -> int | None:
    """The year of the report being written, as the notes imply it: a report named by its year is this one
    ("2024年度报告 五、…"), or last year's when the notes go on with what it said ("2023年报告里提的…" → 2024)."""
    t = lexicon()["clauses"]
    found = next(re.finditer(t["report_year"], text), None)
    if found is None:
        return None
    said = re.match(t["report_year_said"], text[found.end():])
    return int(found.group(1)) + (1 if said else 0)


def self_reference(text: str) -> str | None:
    """How the notes name the body: 我局 / 我们局 / 本县 said outright, else the body named before 年报
    ("县医保局 年报五" → 我局, "县政府年报" → 我县), else the scope (全县 / 县政府 → 我县); None when they say nothing."""
    from collections import Counter

    from .section5 import we

    t = lexicon()["clauses"]
    said = Counter(re.findall(t["self_explicit"], text))
    if said:
        return "我" + said.most_common(1)[0][0]
    named = re.search(t["self_named"], text)
    if named and we(named.group(1)) != "本机关":
        return we(named.group(1))
    scope = Counter(a or b for a, b in re.findall(t["self_scope"], text))
    return "我" + scope.most_common(1)[0][0] if scope else None


def named_body(text: str) -> str | None:
    """The self-reference of the body the notes name as their own (我局 / 本县 said outright, or the body named before
    年报: "县教育局 年报第五部分" → 我局); None when they only name a scope (全县) or nothing."""
    from collections import Counter

    from .section5 import we

    t = lexicon()["clauses"]
    said = Counter(re.findall(t["self_explicit"], text))
    if said:
        return "我" + said.most_common(1)[0][0]
    named = re.search(t["self_named"], text)
    return we(named.group(1)) if named and we(named.group(1)) != "本机关" else None


def read_notes(text: str, embeddings: Embeddings | None = None) -> Notes:
    """Notes → clauses with roles (problem, measure, fact, cause, last year's follow-up; headings
    and chatter dropped) → items kept whole → each measure on the problem it answers."""
    from .clauses import CHATTER, DROPPED, MEASURE, Unit, corrected, decide, features, is_chatter, is_meta_heading, is_note_line, is_restated, split_outside, strip_discourse

    compiled = _compiled()
    flags: list[str] = []
    dropped: list[Dropped] = []
    units: list[Unit] = []
    mode: str | None = None  # set by a heading, holds until the next heading
    item_no = sentence_no = 0
    above_titled = False  # the last point is a numbered title ("（一）…有待加强") its unnumbered lines go on with
    above_listed = open_sentence = seen_measure = False
    soft: str | None = None  # the mode before a bare measure label line set it (restored by a numbered line)
    soft_set = False
    group: list[int] = []  # the problems a bare "针对一、二：" line names, for the lines after it
    # "针对第一点，…；针对第二点，…": each group reference opens a line of its own
    text = re.sub(r"[；;]\s*(?=(?:针对|对于|关于)(?:问题)?第?(?:\d{1,2}|[一二三四五六七八九十])(?:条|点|项|个问题)?[：:，,])", "\n", text)
    said_above = -1  # the last line that gave clauses: an indented line goes on with it, not with a heading between
    lines = text.splitlines()
    next_said = [len(lines)] * (len(lines) + 1)  # the next line with words after each line (one pass from the end: linear in the lines)
    for at in range(len(lines) - 2, -1, -1):
        next_said[at] = at + 1 if lines[at + 1].strip(_TRIM) else next_said[at + 1]
    for line_no, raw in enumerate(lines):
        said_above = units[-1].line if units else -1
        if raw.lstrip().startswith((">", "＞")):  # a line quoted from the message answered (e-mail "> 请各局室梳理…")
            dropped.append(Dropped(raw.strip(), "邮件中引用的原文，不写入报告"))
            continue
        raw = compiled["date_stamp"].sub("", raw, count=1)  # "2026.3.5 局务会上提的…": when it was noted
        line = _BRACKETED.sub(lambda m: m.group(1) + "：", _BULLET.sub("", _POINTER.sub("→ ", raw.replace("\u3000", " "))).strip()).strip()
        who = re.match(r"^([^：:，,\s]{1,6})[：:]\s*", line)
        if who and compiled["speaker"].match(who.group(1)):
            dropped.append(Dropped(who.group(1), "发言人（不是问题或措施）"))  # "[张姐] …", "王科：…": who wrote it
            line = line[who.end():]
            if re.search(r"(?:意见|要求|指示|部署)$", who.group(1)):  # "刘主任意见：…": what the leader asks for is what to do
                mode = "measure"
        line, asked = _table_row(_answer(line))
        extra = asked == "extra" or bool(re.match(lexicon()["clauses"]["extra_lead"], line)) and seen_measure
        if asked and asked != "extra":
            mode = asked
        if not line.strip(_TRIM):
            continue
        bulleted = bool(_BULLET.match(raw.replace("\u3000", " ")) and raw.strip()[:1] in "-*•·●▪#") or bool(_POINTER.match(raw))  # a "[张姐]" tag is who wrote it, no bullet
        if soft_set and (bulleted or compiled["ordinal_start"].match(line)):
            mode, soft, soft_set = soft, None, False  # a numbered or bulleted line ends what a bare label line began ("改进：…" after each problem)
        untranslated = compiled["ordinal_start"].sub("", line).strip(_TRIM)
        if is_note_line(untranslated) and not _heading(untranslated.rstrip("：:").strip(_TRIM), loose=True):  # "咋办：" is a label  # "王姐 市应急局年报第五部分我先把想到的发你哈", "今天开会定的，记一下"
            dropped.append(Dropped(untranslated, "关于笔记本身的话（称呼、交稿、记录），不写入报告"))
            continue
        if re.fullmatch(r"(?:其他|其它)(?:情况|事项|方面)?|补充(?:说明)?|备注", untranslated.rstrip("：:").strip(_TRIM)):
            dropped.append(Dropped(untranslated, "小标题"))  # "三、其他": neither problems nor measures follow
            mode = None
            continue
        one_item = not re.search(r"[；;。]", untranslated.rstrip("；;。"))  # one item: its bracket speaks of it ("…（这个放第六部分，不是问题）")
        if re.search(lexicon()["clauses"]["elsewhere"], untranslated if one_item else re.sub(r"[（(][^（()）]*[)）]", "", untranslated)):  # "全年没收信息处理费，这条放第六部分，不在这写": the line goes elsewhere
            dropped.append(Dropped(untranslated.strip(_TRIM + "—-"), "笔记说这条写在报告的其他部分，未写入第五部分，请放到相应部分"))
            flags.append(f"笔记中“{untranslated.strip(_TRIM + '—-')}”说明应写在报告的其他部分，未写入第五部分，请放到相应部分。")
            continue
        if is_meta_heading(untranslated):  # "市住建局 年报第五部分 problems & fixes（草稿）"
            meta = is_meta_heading(untranslated)
            dropped.append(Dropped(untranslated, "笔记的标题（不是问题或措施）"))
            mode = None if meta == "both" else meta
            continue
        line = re.sub(r"^，+|，+$", "", _SPACE_CUT.sub("，", _EMOJI.sub("，", line)))  # a message typed with spaces (or emoji) between its clauses
        line = re.sub(r"，(?=(?:哦对了|噢对了|哦对|对了|哦还有)[，,]?)", "。", line)  # "…提醒 哦对了 去年说…": a new thing said
        lead = compiled["ordinal_start"].match(line)  # "a. 制定交接清单": a list letter is no English word
        lead_text = lead.group(0) if lead and re.search(r"[A-Za-z]", lead.group(0)) else ""
        said = _SPACED_NUMBER.sub(r"\1、", lead_text + translate(line[len(lead_text):], flags))
        line = corrected(said)
        if line != said:  # "有6件…——后经补查，实为8件——": the value corrected away is listed, not lost
            dropped.append(Dropped(said, "笔记中自行更正的数字，以更正后的为准"))
        noted = len(dropped)
        line = compiled["writing_inline"].sub("", line)  # "要写的：…", "…不写问题了。要写的：…": a label of what to write, at the start or inside
        line = _LABEL_PARTICLE.sub(r"\1：", line)  # "措施嘛公开栏那个…": a label said aloud
        line = _KEPT_ASIDE.sub(_kept_aside, line)
        line = _ASIDE.sub(lambda m: _aside(m, dropped), line)
        if any(d.reason == _PLAN_NOTE for d in dropped[noted:]):  # a task of the year, answering no problem: a measure of its own
            extra = True
            line = re.sub(r"^((?:\d{1,2}|[一二三四五六七八九十]{1,2})[、.．)）]\s*)?", lambda m: (m.group(1) or "") + "措施：", line, count=1)
            line = re.sub(r"。+$", "", line)
        listed = bool(compiled["ordinal_start"].match(line))
        label = compiled["ordinal_start"].match(line)
        if label and re.match(r"[\u4e00-\u9fff]{2}\d", label.group(0)):  # "问题1 …": the label's number is listed, not lost
            dropped.append(Dropped(label.group(0).strip(_TRIM), "条目编号"))
        body = compiled["ordinal_start"].sub("", line).strip()
        cells = [c.strip(_TRIM) for c in _PAIR.split(body) if c.strip(_TRIM)]
        if len(cells) > 1 and all(_heading(c, loose=True) or re.fullmatch(_COLUMN, c) for c in cells) and any(_heading(c, loose=True) for c in cells):  # "问题<TAB>措施": a table's header row sets no block
            dropped.append(Dropped(body.strip(), "表头"))
            mode = None
            continue
        refs, rest_of_line = _group_refs(body)
        several = re.match(r"^\s*((?:[（(](?:\d{1,2}|[一二三四五六七八九十])[)）]\s*){2,}|(?:(?:\d{1,2}|[一二三四五六七八九十])[、.．]\s*(?=\d|[一二三四五六七八九十][、.．])){1,}(?:\d{1,2}|[一二三四五六七八九十])[、.．])", line)
        if not refs and several:  # "（2）（3）由审批科牵头，…": one line answers the problems it numbers
            refs = [int(n) - 1 if n.isdigit() else _NUMERAL.index(n) for n in re.findall(rf"\d{{1,2}}|[{_NUMERAL}]", several.group(1))]
            rest_of_line = line[several.end():]
        if refs:
            dropped.append(Dropped(body[:len(body) - len(rest_of_line)].strip(), "分组引用：其后的措施依次回应所指的问题"))
            body = rest_of_line
        if refs and not body.strip(_TRIM):  # "针对一、二：" on a line of its own: the lines after it answer those problems
            group, mode = refs, "measure"
            continue
        kind, rest = _split_heading(body)
        if kind:
            group = []
        refs = refs or group
        line_side = "measure" if refs else None
        listing = kind == "problem" and bool(rest.strip(_TRIM))  # "问题：A；B；C": each sentence a point
        if kind:
            if rest.strip(_TRIM) and kind == "measure":
                line_side = kind  # "- 改：每季度自查栏目", "措施：建立交接制度": a label of this line only
                if not (listed or bulleted) and not re.search(r"[。；;]", rest.rstrip("。；; ")):
                    soft, mode = (soft if soft_set else mode), kind
                    soft_set = True  # a bare "下一步：公众号定人专门管" line: the plain lines after it go on with the measures
            else:
                mode = kind
            if not rest.strip(_TRIM):
                dropped.append(Dropped(body, "小标题"))
                continue
            body = rest
        else:
            meta = is_meta_heading(body.strip(_TRIM))
            if meta:
                dropped.append(Dropped(body, "笔记的标题（不是问题或措施）"))
                mode = None if meta == "both" else meta
                continue
            head, colon, after = (re.split(r"([：:])", body, maxsplit=1) if re.search(r"[：:]", body) else [body, "", ""])[:3]
            head_kind = is_meta_heading(head.strip(_TRIM)) if colon and len(head) <= 30 else None
            if colon and not head_kind and _lastyear_lead(head.strip(_TRIM)):  # "去年报告里说的两条：A——做完了；B——改了一半": last year's items follow
                head_kind = "followup"
            if head_kind:
                dropped.append(Dropped(head, "笔记的标题（不是问题或措施）"))
                mode = None if head_kind == "both" else head_kind
                body = after
        if body.rstrip().endswith(("：", ":")) and not _NUMBER.search(body):  # "…但还是有些问题：" announces the lines after it
            said = [c for s in split_outside(body, "。；;！!？?.") for _, _, _, c in _clause_texts(s)]
            if not any((f := features(c))["deficiency"] or f["plan"] for c in said if not is_chatter(c)):
                dropped.append(Dropped(body, "引出下文的话（不是问题或措施）"))
                mode = _line_heading_kind(body) or mode
                continue
        indent = len(raw) - len(raw.lstrip(" \t\u3000"))
        above_raw = lines[said_above] if said_above >= 0 else ""
        under_heading = (said_above < 0 or next_said[said_above] < line_no  # a line with words between: "一、存在问题\n  1. …"
                         or indent <= len(above_raw) - len(above_raw.lstrip(" \t\u3000")))  # "  1. …\n  2. …": siblings, not nested
        nested = (bool(_NESTED.match(raw)) and not under_heading or (above_listed and not listed and not bulleted and body.startswith("其中"))) and item_no > 0  # "其中1期是系统故障": part of the item above  # "  - 其中超过15天的有6条": goes on with the item above
        goes_on = (not listed and not bulleted and above_listed and mode == "problem" and not _PAIR.search(body) and not line_side) or nested
        # a cause on a line of its own ("主要是没人管 原来的小王调走了") explains the point above it
        # (under "主要是以下几点：" each line is a point of its own)
        goes_on = goes_on or (not listed and not bulleted and item_no > 0 and not line_side and mode != "problem" and bool(re.match(lexicon()["clauses"]["cause"], body)))
        # "（一）政务新媒体管理有待加强" then unnumbered lines: a titled point and its details, one point
        goes_on = goes_on or (not listed and not bulleted and above_titled and mode != "measure" and not line_side and not _PAIR.search(body))
        # an unnumbered line between two numbered points ("1 解读太少\n今年咨询1360件…\n2 …") says more of the point above it
        following = lines[next_said[line_no]] if next_said[line_no] < len(lines) else ""
        goes_on = goes_on or (not listed and not bulleted and above_listed and item_no > 0 and mode != "measure" and not line_side
                              and bool(compiled["ordinal_start"].match(_SPACED_NUMBER.sub(r"\1、", following.strip()))) and not features(body)["plan"] and not _PAIR.search(body))
        carried = not listed and not bulleted and open_sentence  # the line above broke off after "，": its sentence goes on here
        prose = carried or raw.rstrip().endswith(("，", ",")) or bool(re.search(r"[。；;！!？?]", body.rstrip("。；;！!？? "))) or len(body) > 60
        open_sentence = raw.rstrip().endswith(("，", ",", "、"))
        above_listed = (listed or bulleted) or goes_on
        above_titled = (listed and len(body.strip()) <= 24 and not re.search(r"[，,。；;：:！!？?\d]", body.strip())) or (above_titled and goes_on)
        item_no += 0 if goes_on or carried else 1
        numbered = listed or goes_on
        none_yet = _NONE_YET.search(body)
        if none_yet:  # "专职人员不足 —— （暂无，需编办核定）": no measure in the notes (a 【待补】 or a suggestion follows)
            dropped.append(Dropped(none_yet.group(1), "笔记中此问题暂无措施"))
            body = body[:none_yet.start()]
        if mode == "followup":  # "征地信息公开不全——今年已挂网，算完成": under last year's items a dash says what became of it, no measure
            body = _PAIR.sub("，", body)
        split = _PAIR.split(_inline_measures(body))
        if len(split) > 1 and any(compiled["dont_write"].match(strip_discourse(c.strip(_TRIM))) for c in re.split(r"[，,？?！!。；;]", split[-1])):
            dropped.append(Dropped(body.strip(), "笔记说这一条不算问题或不写入报告"))  # "…复议维持 —— 这个不算问题吧？先记一下"
            continue
        parts = _label_first([p for p in split if p.strip(_TRIM)])
        arrow_first = len(split) > 1 and not split[0].strip(_TRIM)  # "   → 留言3个工作日内回复": the measure of the line above
        last = features(parts[-1]) if len(parts) > 1 else None
        facts_after = (last is not None and mode == "problem" and not seen_measure and not arrow_first and not last["plan"]
                       and (last["deficiency"] or last["number"]) and not starts_with_measure_verb(parts[-1].strip(_TRIM)))
        for part_no, part in enumerate(parts):
            # "问题 → 原因/事实 → 措施": the last part is the measure, the ones before it the problem and what explains it
            # (under a problems heading, "征地信息公开不及时——公告平均晚了12天": the right side is the problem's fact)
            pair = "problem" if facts_after else "measure" if arrow_first else line_side if len(parts) == 1 else ("measure" if part_no == len(parts) - 1 else "problem")
            if pair == "measure" and not arrow_first and part_no and _explains(part):  # "…群众查不到——嗯，主要是农经站不清楚要求": the cause stays with its problem
                pair = "problem"
            for piece_no, piece in enumerate(compiled["ordinal_split"].split(part)):
                if piece_no:
                    item_no += 1
                for sentence_index, sentence in enumerate(split_outside(piece, "。；;！!？?.")):
                    sentence_no += 0 if carried else 1
                    item_no += 1 if listing and sentence_index else 0
                    carried = False
                    for clause_no, (clause, marker, connective, raw_clause) in enumerate(_clause_texts(sentence)):
                        if clause_no and is_restated(raw_clause, line[:line.find(raw_clause)] if raw_clause in line else line):
                            dropped.append(Dropped(raw_clause, "重复说过的数字"))
                            continue
                        if not clause or (len(_CJK.findall(clause)) < 2 and not _NUMBER.search(clause)):
                            if clause:
                                dropped.append(Dropped(clause, "残缺的词语"))
                            continue
                        announces = sentence.rstrip().endswith(("：", ":")) and clause == said_last(sentence)
                        if _heading(clause, loose=False) or (announces and _heading(clause, loose=True)):
                            mode = _heading(clause, loose=False) or _heading(clause, loose=True)
                            if announces and features(raw_clause)["lastyear"]:  # "2025年度报告提出三个问题：一是…": last year's items
                                mode = "followup"
                            dropped.append(Dropped(clause, "小标题"))
                            continue
                        if announces and features(raw_clause)["plan"] and is_chatter(_as_written(raw_clause, MEASURE)):
                            mode = "measure"  # "年底前要把几个事情落实：一是…": the points after it are measures
                            dropped.append(Dropped(raw_clause, "引出下文的话（不是问题或措施）"))
                            continue
                        if connective and (listed or piece_no > 0 or (pair == "measure" and len(parts) > 1)) and clause_no and sentence_index == 0:
                            connective = ""  # inside a numbered point, "…只弄了一部分，还有不少解读照搬原话" goes on with it
                        if connective or marker:  # "还有…", "下一步打算：…": a new point
                            item_no += 1
                        units.append(Unit(clause, line_no, item_no, sentence_no, numbered or piece_no > 0, mode, pair, marker, connective,
                                          prose=prose, raw=raw_clause, extra=extra, refs=refs))
        seen_measure = seen_measure or mode == "measure" or line_side == "measure"
    decide(units, ClauseJudge(embeddings))
    for unit in units:
        if unit.role in DROPPED:
            dropped.append(Dropped(unit.text, unit.reason or ("口头语或空话，无实际内容" if unit.role == CHATTER else "笔记的标题")))
    kept = [u for u in units if u.role not in DROPPED]
    rewrites: list[Any] = []
    for unit in kept:
        written = _as_written(unit.text, unit.role or "PROBLEM")
        when = r"明年|来年|下一?年度?|年底|年内|年初|年中|[一二三四1-4]季度|月底|月前|日前|上半年|下半年|\d{1,2}月|[前内底]"
        deadline = bool(re.search(when, unit.raw or "")) and len(_CJK.findall(re.sub(when, "", unit.raw or ""))) < 2  # "…优化检索，明年一季度": a time limit only, kept
        if unit.role == MEASURE and compiled["effect"].match(strip_discourse(unit.raw or unit.text)):  # "估计申请能少一大半", "别攒着"
            dropped.append(Dropped(unit.raw, "措施旁的预期效果或口头强调，不写入措施"))
            unit.text = ""
            continue
        if unit.role == MEASURE and not deadline and (is_chatter(_as_written(unit.raw, MEASURE)) or len(_CJK.findall(written)) < 2):  # "今年一定要弄完": nothing left once the plan marker goes
            dropped.append(Dropped(unit.raw, "措施中没有实际内容"))
            unit.text = ""
            continue
        unit.text, changed = _register(written, unit.role or "PROBLEM")
        if unit.role == "CAUSE":  # "这个跟报送不及时有关" → "主要与报送不及时有关"
            unit.text = re.sub(r"^(?:这个|这事|这也|这)(?=[与跟和])", "主要", unit.text)
        cause = unit.role == "CAUSE" and unit.text.startswith("主要是") and (_problem_cue(unit.text[3:]) or _states(unit.text[3:]))
        bare = re.match(lexicon()["clauses"]["cause_bare"], unit.text) if unit.role == "CAUSE" else None  # "原因嘛，负责的同志休假了"
        unit.text = ("主要原因是" + unit.text[3:] if cause else "主要原因是" + unit.text[bare.end():] if bare and unit.text[bare.end():]
                     else _summary(unit.text))  # a cause keeps its link ("主要是借调走了无人管")
        rewrites += changed
    from .pairing import items_and_pairs

    notes = items_and_pairs([u for u in kept if u.text])
    notes.flags, notes.rewrites, notes.dropped = flags, rewrites, dropped
    notes.self_name = self_reference(translate(text, []))
    notes.body_named = named_body(translate(text, []))
    notes.year = report_year(text)
    notes.numbers = {n for u in kept for n in _NUMBER.findall(u.text)}
    notes.clauses = [Clause("problem", p.problem) for p in notes.points] + [Clause("fact", f) for f in notes.facts]
    notes.clauses += [Clause("followup", f) for f in notes.followup]
    notes.clauses += [Clause("measure", p.measure.text) for p in notes.points if p.measure] + [Clause("measure", m.text) for m in notes.extra_measures]
    return notes
