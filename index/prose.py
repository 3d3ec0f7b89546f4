"""Figures stated in a report's text: "主动公开政府信息 24017 条", "开展政策解读 28 次".

The measures, their phrasings and units are data (``index/vocab/prose.toml``); this module
splits the text into sentences and clauses, finds each number with its unit and gives it to
the closest phrase of a measure whose units fit, in the same clause and never across another
number. Every figure keeps its sentence and where that sentence stands (section, line, page).

All text handling is linear: sentences and clauses are cut on single characters, numbers are
found by a pattern without nested repetition, and phrases are looked for only in a bounded
window around each number.

>>> from index.parser import parse_file
>>> figures = extract_figures(parse_file("index/samples/litong-district-2024.txt"))
>>> [(f.measure, f.value, f.unit) for f in figures][:2]
[('proactive_items', 24017, '条'), ('website_items', 2070, '条')]
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any
from importlib.resources import files

from .limits import MAX_COUNT_DIGITS
from .model import Location, Report

SECTION_NUMERALS = "一二三四五六"
NEAR = 24  # characters between a number and its phrase, at most
GAP = 24  # characters between the parts of a phrase written with "…"
MAX_SENTENCE = 240  # a longer sentence is cited as the part around its figure
_SENTENCE_END = frozenset("。！？!?；;\n")
_CLAUSE_END = _SENTENCE_END | frozenset("，,：:（）()")  # not "、": "关停…网站1个、政务新媒体2个" is one clause
_PARAGRAPH_END = tuple("。！？!?；;：:”）)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?|[〇零一二两三四五六七八九十百千]+")
_APPROX = "余多"
_SPACE = frozenset(" \t\u3000\u00a0")


@dataclass(frozen=True)
class Measure:
    """One thing reports count in their text (data from ``index/vocab/prose.toml``)."""

    key: str
    label: str
    words: tuple[str, ...]
    english: tuple[str, ...]
    unit: str
    units: tuple[str, ...] = ()
    cells: tuple[str, ...] = ()  # table cells whose sum counts the same thing (a blank cell's fallback)
    asks: tuple[str, ...] = ()  # phrases of questions only ("几个人负责"), never matched in report text


@dataclass(frozen=True)
class ProseFigure:
    """A number stated in a report's text, with its measure and the sentence that states it."""

    agency: str | None
    year: int | None
    report_id: str | None
    measure: str
    phrase: str
    value: int | float
    unit: str
    sentence: str
    section: str | None
    location: str
    approximate: bool = False  # written "5500 余条", "1 万多份"

    @property
    def by_similarity(self) -> bool:
        """Matched by the meaning of its words (e5), not by a phrase of the vocabulary."""
        return self.phrase.startswith(SIMILAR)

    @property
    def label(self) -> str:
        """The measure's Chinese name ("主动公开政府信息")."""
        known = measure(self.measure)
        return known.label if known else self.measure

    def citation(self) -> str:
        """Where the figure is stated, in Chinese: "利通区 2024 年报告 · 第一部分 · 第 11 行"."""
        parts = [f"{self.agency or ''} {self.year or ''} 年报告".strip()]
        if self.section:
            parts.append(f"第{self.section}部分")
        if self.location:
            parts.append(self.location)
        return " · ".join(parts)


@cache
def _vocab() -> tuple[tuple[Measure, ...], dict[str, tuple[str, ...]]]:
    data = tomllib.loads(files("index").joinpath("vocab/prose.toml").read_text(encoding="utf-8"))
    found = tuple(
        Measure(m["key"], m["label"], tuple(m["words"]), tuple(m.get("english", ())), m["unit"],
                tuple(m.get("units") or (m["unit"],)), tuple(m.get("cells", ())), tuple(m.get("asks", ())))
        for m in data["measure"]
    )
    guards = {unit: tuple(after) for unit, after in data.get("unit_guards", {}).items()}
    return found, guards


def measures() -> list[Measure]:
    """Every measure of figures in prose, in the order of the data file."""
    return list(_vocab()[0])


def measure(key: str) -> Measure | None:
    """The measure of a key, or None."""
    return next((m for m in _vocab()[0] if m.key == key), None)


_ASKED_UNIT = re.compile(r"(?:多少|几|若干)\s*([\u4e00-\u9fff]{1,2})")


def find_measures(question: str) -> list[Measure]:
    """The measures a question names, best first: the longest phrase of a measure found in it
    (parts of a "…" phrase in order), or its English words; the unit asked for ("多少人", "几期")
    decides between measures named alike (培训 → trainees or training_sessions).

    >>> [m.key for m in find_measures("利通区主动公开信息多少条？")][:1]
    ['proactive_items']
    """
    lowered = question.lower()
    asked = {m.group(1) for m in _ASKED_UNIT.finditer(question)}
    asked |= {a[:1] for a in asked}
    count = re.search(r"几|多少", question)  # "公开了几件区政府（办）公文": the noun counted follows the count
    scored: list[tuple[int, int, int, int, Measure]] = []
    for order, m in enumerate(_vocab()[0]):
        best = counted = 0
        for word in (*m.words, *m.asks, m.label):
            parts = [p for p in re.split(r"[…（）()、]", word) if p]
            position, found, first = 0, True, -1
            for part in parts:
                position = question.find(part, position)
                if position < 0:
                    found = False
                    break
                first = position if first < 0 else first
                position += len(part)
            if found and parts:
                best = max(best, sum(len(p) for p in parts))
                counted = max(counted, int(count is not None and first > count.start()))
        for word in m.english:
            if re.search(rf"(?<![a-z]){re.escape(word.lower())}", lowered):
                best = max(best, len(word) // 2)
        if best:
            scored.append((counted, best, int(bool(asked & set(m.units))), -order, m))
    return [m for *_rank, m in sorted(scored, key=lambda x: x[:4], reverse=True)]


def measures_for_cell(cell_id: str) -> list[Measure]:
    """The measures a table cell's count is also stated as in prose ("table4.review.total" → 行政复议)."""
    return [m for m in _vocab()[0] if cell_id in m.cells]


@cache
def _units() -> tuple[str, ...]:
    """Every unit a measure is written with, longest first ("人次" before "人")."""
    return tuple(sorted({u for m in _vocab()[0] for u in m.units}, key=len, reverse=True))


@cache
def _phrases() -> tuple[tuple[Measure, tuple[str, ...], str], ...]:
    """(measure, parts, phrase as written in the data) for every phrase of every measure."""
    return tuple((m, tuple(p for p in word.split("…") if p), word) for m in _vocab()[0] for word in m.words)


# ---------------------------------------------------------------------------- sentences


def sentence_spans(text: str, soft_breaks: bool = False) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence: up to and including 。！？； or a line break, blanks trimmed.
    With ``soft_breaks`` a line break after a character that cannot end a paragraph (a page or
    line break in the source, mid-sentence) does not end the sentence."""
    start = 0
    last = ""  # the last character that is not a blank
    for index, char in enumerate(text):
        if char in _SENTENCE_END and not (char == "\n" and soft_breaks and last and not last.endswith(_PARAGRAPH_END)):
            yield from _trimmed(text, start, index + (char != "\n"))
            start = index + 1
        if not char.isspace():
            last = char
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def section_text(section_paragraphs: list[tuple[str, Location | None]]) -> tuple[str, list[tuple[int, Location | None]]]:
    """A section's paragraphs as one text; a paragraph cut mid-sentence (a page or line break
    in the source) runs on into the next. Returns the text and (offset, location) of each paragraph."""
    pieces: list[str] = []
    starts: list[tuple[int, Location | None]] = []
    offset = 0
    for index, (text, location) in enumerate(section_paragraphs):
        if index:
            joiner = "\n" if pieces[-1].rstrip().endswith(_PARAGRAPH_END) else ""
            pieces.append(joiner)
            offset += len(joiner)
        starts.append((offset, location))
        pieces.append(text)
        offset += len(text)
    return "".join(pieces), starts


def location_text(first: Location | None, last: Location | None) -> str:
    """"第 1 页第 16 行", "第 13–15 行", "第 3 页" — how a sentence's place is cited."""
    if first is None:
        return ""
    last = last or first
    page = ""
    if first.page is not None:
        page = f"第 {first.page} 页" if last.page in (None, first.page) else f"第 {first.page}–{last.page} 页"
    line = ""
    if first.line is not None and (first.page is None or last.page in (None, first.page)):
        line = f"第 {first.line} 行" if last.line in (None, first.line) else f"第 {first.line}–{last.line} 行"
    return page + line


def _span_location(starts: list[tuple[int, Location | None]], start: int, end: int) -> str:
    first = last = None
    for offset, location in starts:
        if offset <= start:
            first = location
        if offset < end:
            last = location
    return location_text(first, last)


# ---------------------------------------------------------------------------- numbers


@dataclass(frozen=True)
class _Number:
    start: int  # of the number
    end: int  # after the unit
    value: int | float
    unit: str
    approximate: bool


def _numbers(clause: str) -> list[_Number]:
    """Each number followed by a known unit (and maybe 万 before it, 余/多 around it)."""
    found: list[_Number] = []
    guards = _vocab()[1]
    position = 0
    while True:
        match = _NUMBER.search(clause, position)
        if match is None:
            return found
        position = match.end()
        before = clause[match.start() - 1] if match.start() else ""
        if before and (before in "第.-—/" or before.isdigit() or (before in "“\"‘" and not match.group()[0].isdigit())):
            continue  # an ordinal, a code, or a slogan ("“三个一”")
        tail = clause[position:position + 10]
        cursor = _skip_space(tail, 0)
        approximate = False
        scale = 1
        if tail[cursor:cursor + 1] in _APPROX and tail[cursor:cursor + 1]:
            approximate, cursor = True, _skip_space(tail, cursor + 1)
        if tail[cursor:cursor + 1] == "万" and not tail.startswith("万元", cursor):
            scale, cursor = 10000, _skip_space(tail, cursor + 1)
            if tail[cursor:cursor + 1] in _APPROX and tail[cursor:cursor + 1]:
                approximate, cursor = True, _skip_space(tail, cursor + 1)
        unit = next((u for u in _units() if tail.startswith(u, cursor)), None)
        if unit is None:
            continue
        after = tail[cursor + len(unit):]
        if any(after.startswith(word) for word in guards.get(unit, ())):
            continue
        if unit == "万元":
            scale, unit = scale * 10000, "元"
        value = _value(match.group())  # after the unit: most numbers in a text have none
        if value is None:
            continue
        value = value * scale
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        position += cursor + len(unit)
        found.append(_Number(match.start(), position, value, unit, approximate))


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in _SPACE:
        index += 1
    return index


def _value(digits: str) -> int | float | None:
    if digits[0].isdigit():
        if len(digits.partition(".")[0]) > MAX_COUNT_DIGITS:
            return None  # no figure a report states (int() on thousands of digits raises)
        return float(digits) if "." in digits else int(digits)
    import cn2an

    try:
        number = cn2an.cn2an(digits, "normal")
    except (ValueError, KeyError, IndexError):
        return None
    return int(number) if float(number).is_integer() else number


# ---------------------------------------------------------------------------- phrases


def _before(clause: str, parts: tuple[str, ...], limit: int, lower: int) -> tuple[int, int] | None:
    """Span of ``parts`` in order, the last ending at most NEAR characters before ``limit``."""
    last = parts[-1]
    start = clause.rfind(last, max(lower, limit - NEAR - len(last)), limit)
    if start < 0:
        return None
    end = start + len(last)
    for part in reversed(parts[:-1]):
        start = clause.rfind(part, max(0, start - GAP - len(part)), start)
        if start < 0:
            return None
    return start, end


def _after(clause: str, parts: tuple[str, ...], begin: int, upper: int) -> tuple[int, int] | None:
    """Span of ``parts`` in order, the first starting at most NEAR characters after ``begin``."""
    start = clause.find(parts[0], begin, min(upper, begin + NEAR + len(parts[0])))
    if start < 0:
        return None
    end = start + len(parts[0])
    for part in parts[1:]:
        found = clause.find(part, end, end + GAP + len(part))
        if found < 0:
            return None
        end = found + len(part)
    return start, end


def _match(clause: str, parts: tuple[str, ...], number: _Number, lower: int, upper: int, last_in_clause: bool
           ) -> tuple[tuple[int, int, int, int, int, int], str] | None:
    """How well ``parts`` name ``number`` — rank (after it and not adjacent, distance, after-only, reaches
    past another number, -phrase length, span) and the phrase
    as written — with all parts before it, all after it (right after the unit, or anywhere when no
    number follows in the clause), or split around it ("注销2个……政务新媒体"). None when they do not.
    A phrase before the number names it before one further after ("上年结转的申请3件已全部办结": the
    carried-in requests, not the answered ones); a phrase whose head lies before the previous number
    reaches past it, unless that number only enumerates under the same head ("关停网站1个、政务新媒体2个")."""
    best: tuple[tuple[int, int, int, int, int, int], str] | None = None
    size = sum(len(p) for p in parts)  # the more of a phrase, the surer (主动公开政府信息 over 公开政府信息)
    for split in range(len(parts), -1, -1):
        before, after = parts[:split], parts[split:]
        left = _before(clause, before, number.start, lower) if before else None
        right = _after(clause, after, number.end, upper) if after else None
        if (before and left is None) or (after and right is None):
            continue
        if left and right:
            rank = (0, min(_gap(clause, left[1], number.start), _gap(clause, number.end, right[0])), 0,
                    _reaches_past(clause, left, before[-1], lower), -size, right[1] - left[0])
            written = f"{clause[left[0]:left[1]]}…{clause[right[0]:right[1]]}"
        elif left:
            rank = (0, _gap(clause, left[1], number.start), 0, _reaches_past(clause, left, before[-1], lower), -size, left[1] - left[0])
            written = clause[left[0]:left[1]]
        else:
            assert right is not None
            near = _gap(clause, number.end, right[0])
            if near and not last_in_clause:
                continue  # "政府开放日3条、公示公告2条": 公示公告 belongs to the next number
            rank = (int(near > 1), near, 1, 0, -size, right[1] - right[0])
            written = clause[right[0]:right[1]]
        if best is None or rank < best[0]:
            best = (rank, written)
    return best


def _reaches_past(clause: str, span: tuple[int, int], last: str, lower: int) -> int:
    """1 when a phrase before the number starts before the previous number (``lower``), except in an
    enumeration: only "、" between the previous number and the phrase's last part."""
    if span[0] >= lower:
        return 0
    return int(bool(clause[lower:span[1] - len(last)].strip(" 、\u3000")))


def _gap(text: str, start: int, end: int) -> int:
    """Characters between two places, spaces and quotation marks not counted."""
    return sum(1 for c in text[start:end] if c not in _SPACE and c not in "“”\"'‘’")


def _clauses(sentence: str) -> Iterator[tuple[int, int]]:
    start = 0
    for index, char in enumerate(sentence):
        if char in _CLAUSE_END:
            if index > start:
                yield start, index
            start = index + 1
    if len(sentence) > start:
        yield start, len(sentence)


def figures_in(sentence: str, embed: Any = None) -> list[tuple[Measure, str, _Number, int]]:
    """Every (measure, phrase as written, number, clause offset) stated in one sentence. With
    ``embed`` (a LangChain Embeddings: the e5 model), a number with a unit that no phrase of the
    vocabulary names is given to the measure whose description is nearest the words before it
    ("全年受理信息公开复议案件2起" → 行政复议), its phrase marked ``SIMILAR``."""
    found: list[tuple[Measure, str, _Number, int]] = []
    for clause_start, clause_end in _clauses(sentence):
        clause = sentence[clause_start:clause_end]
        numbers = _numbers(clause)
        if not numbers:
            continue
        present = [(order, m, parts) for order, (m, parts, _word) in enumerate(_phrases()) if all(p in clause for p in parts)]
        for index, number in enumerate(numbers):
            lower = 0
            if index:
                previous = numbers[index - 1]
                # "培训班1期60人": a number right after another shares its phrase
                lower = previous.end if _gap(clause, previous.end, number.start) else (numbers[index - 2].end if index > 1 else 0)
            upper = numbers[index + 1].start if index + 1 < len(numbers) else len(clause)
            last = index + 1 == len(numbers)
            best: tuple[tuple[int, ...], Measure, str] | None = None
            for order, m, parts in present:
                if number.unit not in m.units:
                    continue
                matched = _match(clause, parts, number, lower, upper, last)
                if matched is None:
                    continue
                rank = (*matched[0], order)
                if best is None or rank < best[0]:
                    best = (rank, m, matched[1])
            if best is not None:
                if not (best[1].cells and _joint(clause, best[2], number.start)):
                    found.append((best[1], best[2], number, clause_start))
            elif embed is not None and (words := _context(clause, number, lower, upper)):
                near = similar_measure(words, number.unit, embed)
                if near is not None:
                    found.append((near, SIMILAR + words, number, clause_start))
    return found


def _joint(clause: str, written: str, before: int) -> bool:
    """A number of two table measures together ("予以公开及部分公开42件"): the phrase follows 及/和/与
    right after another table measure's phrase; such a number stands in for neither cell. (Channels
    counted together — "微信公众号和政务微博发布信息 314 条" — are no table's cells and are kept.)"""
    first = written.split("…")[0]
    start = clause.rfind(first, 0, before)
    if start < 1 or clause[start - 1] not in _JOINS:
        return False
    head = clause[max(0, start - 1 - NEAR):start - 1]
    return any(m.cells and len(parts) == 1 and head.endswith(parts[0]) for m, parts, _w in _phrases())


_JOINS = frozenset("及和与")


# ---------------------------------------------------------------------------- by meaning

SIMILAR = "≈"  # before the phrase of a figure matched by e5 similarity, not by the vocabulary's words
SIMILARITY = 0.899  # e5 cosine at or above which a clause's words are read as a measure's description
# (calibrated on 11 wordings of table measures and 14 of other things counted in real reports: the
# others reached 0.897 at most; bench/bench_prose_similarity.py prints the scores)
MARGIN = 0.008  # ... and ahead of the next measure (of the same unit) by this much
_LEAD = re.compile(r"^(?:[\s、]|(?:19|20)\d{2}\s*年(?:度)?|全年|本年度?|今年|其中|另有|共计?|累计)+")
_DESCRIPTION_VECTORS: dict[int, Any] = {}


def _context(clause: str, number: _Number, lower: int, upper: int) -> str:
    """The words that may name a number: the clause before it (after the previous number, at most
    NEAR characters, years and "全年/其中/共" left out), else the words after its unit."""
    before = _LEAD.sub("", clause[max(lower, number.start - NEAR):number.start].strip())
    words = before if sum("\u4e00" <= c <= "\u9fff" for c in before) >= 3 else clause[number.end:min(upper, number.end + NEAR)].strip()
    return words if sum("\u4e00" <= c <= "\u9fff" for c in words) >= 3 else ""


def similar_measure(words: str, unit: str, embed: Any) -> Measure | None:
    """The table measure (one with ``cells``: what a blank or missing cell can be answered from)
    written with ``unit`` whose description (label and phrases) is nearest ``words`` by e5 cosine,
    above SIMILARITY and MARGIN ahead of the next; None otherwise. Channels and activities
    (website posts, open days …) are left to the vocabulary: their wordings vary too little to need
    it, and on real reports their near neighbours were mostly wrong."""
    import numpy as np

    known = _vocab()[0]
    key = id(embed)
    if key not in _DESCRIPTION_VECTORS:
        texts = [f"{m.label}：{'、'.join(w.replace('…', '') for w in m.words[:4])}" for m in known]
        _DESCRIPTION_VECTORS[key] = np.asarray(embed.embed_documents(texts), dtype=float)
    matrix = _DESCRIPTION_VECTORS[key]
    vector = np.asarray(embed.embed_query(words), dtype=float)
    scores = matrix @ vector / (np.linalg.norm(matrix, axis=1) * (np.linalg.norm(vector) or 1.0))
    fitting = sorted((i for i, m in enumerate(known) if m.cells and unit in m.units), key=lambda i: -scores[i])
    if not fitting or scores[fitting[0]] < SIMILARITY - 1e-9:
        return None
    if len(fitting) > 1 and scores[fitting[0]] - scores[fitting[1]] < MARGIN:
        return None
    return known[fitting[0]]


# ---------------------------------------------------------------------------- reports


def extract_figures(report: Report, report_id: str | None = None, embed: Any = None) -> list[ProseFigure]:
    """Every figure stated in the report's text (tables excluded), in reading order; with ``embed``
    (e5) also those whose measure only the meaning of their words names (see ``figures_in``)."""
    figures: list[ProseFigure] = []
    seen: set[tuple[str, int | float, str]] = set()
    if embed is not None and not stand_ins_needed(report):
        embed = None  # every table cell is there: a figure matched by meaning would stand in for nothing
    for section in report.sections:
        text, starts = section_text([(p.text, p.location) for p in section.paragraphs])
        numeral = SECTION_NUMERALS[section.id - 1] if 1 <= section.id <= len(SECTION_NUMERALS) else None
        for start, end in sentence_spans(text):
            sentence = text[start:end]
            stated = figures_in(sentence, embed)
            if not stated:
                continue
            location = _span_location(starts, start, end)
            for m, phrase, number, offset in stated:
                cited = _cited(sentence, offset + number.start, offset + number.end)
                key = (m.key, number.value, cited)
                if key in seen:
                    continue
                seen.add(key)
                figures.append(ProseFigure(
                    report.agency, report.year, report_id, m.key, phrase, number.value, number.unit, cited, numeral,
                    location, number.approximate,
                ))
    return figures


def stand_ins_needed(report: Report) -> bool:
    """Whether a prose figure may have to stand in for a cell: the report has no or not every
    standard table, or a cell some measure stands in for is blank."""
    if report.narrative_only or report.missing_tables():
        return True
    for m in _vocab()[0]:
        for cell_id in m.cells:
            table = getattr(report, cell_id.split(".", 1)[0], None)
            cell = report.cell(cell_id) if table is not None else None
            row = cell_id.split(".", 1)[1].rsplit(".", 1)[0]
            if table is not None and row in table.rows and (cell is None or cell.value is None):
                return True
    return False


def _cited(sentence: str, start: int, end: int) -> str:
    """The sentence, or of a long one the part around the figure with "……" for what is left out."""
    if len(sentence) <= MAX_SENTENCE:
        return sentence
    half = (MAX_SENTENCE - (end - start)) // 2
    left, right = max(0, start - half), min(len(sentence), end + half)
    return ("……" if left else "") + sentence[left:right] + ("……" if right < len(sentence) else "")
