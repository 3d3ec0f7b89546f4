"""Table 3 (收到和处理政府信息公开申请情况): 25 rows × 7 columns, read by meaning.

Rows are recognised by their labels (ordinals, brackets, garbling and wrapping do not
matter); numbers that lost their label (a label wrapped around its numbers in a PDF text
layer) are given to the neighbouring row that still lacks numbers. Where that leaves a
choice, or a row has fewer numbers than columns, every reading is tried and the table's
own arithmetic picks one; when none balances the most literal reading is kept and a note
says so.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from ..blocks import GridRow
from ..model import Cell, Location, Table
from ..vocabulary import matcher, vocabulary
from .rows import RowRecord, to_records

_MAX_READINGS = 256
_HEADER_WORDS = ("申请人情况", "勾稽", "钩稽", "法人或其他组织")
_JOINED_LABEL_SCORE = 0.95
COLUMNS = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
           "legal_service_org", "other_org", "total")
APPLICANTS = COLUMNS[:-1]


@dataclass
class _Item:
    """A row label, a row of numbers, or both, in document order."""

    record: RowRecord
    row_id: str | None = None  # canonical row this item is known to be
    fragment_of: set[str] = field(default_factory=set)  # ids a label fragment may belong to
    numbers: list[tuple[int, Cell]] = field(default_factory=list)
    label: str = ""
    group: str | None = None  # the group heading printed in this row, if any
    score: float = 0.0  # how well the label matched its row


@dataclass
class Table3Result:
    table: Table
    notes: list[str]


def parse_table3(rows: list[GridRow], location: Location | None = None) -> Table3Result:
    records = to_records(rows)
    positions, body = _header_positions(records)
    items = _join_wrapped(_in_context([_identify(record) for record in body]))
    notes: list[str] = []
    assigned, choices = _assign_orphans(items, notes)
    readings = _readings(assigned, choices, positions)
    best, balanced = _best_reading(readings)
    if not balanced and len(readings) > 1:
        best = readings[0]
        notes.append("表三在任何读法下都不平衡，已按最直接的读法读取 (table 3 balances in no reading; kept the most literal one)")
    elif len(readings) > 1 and best is not readings[0]:
        notes.append("表三有多种读法，已按能使合计平衡的读法读取 (table 3 was ambiguous; chose the reading whose sums balance)")
    table = Table(name="table3", location=location)
    order = vocabulary().table3_row_ids()
    for row_id in sorted(best, key=lambda r: order.index(r) if r in order else len(order)):
        table.rows[row_id] = best[row_id]
    for item in assigned.values():
        if item.row_id and item.label:
            table.labels[item.row_id] = item.label
    return Table3Result(table, notes)


def _header_positions(records: list[RowRecord]) -> tuple[dict[int, str], list[RowRecord]]:
    """Column positions from the header rows (the rows before the first number)."""
    columns = matcher("table3", "columns")
    positions: dict[int, str] = {}
    first_data = next((i for i, r in enumerate(records) if r.numbers), len(records))
    body_start = 0
    for number, record in enumerate(records[:first_data]):
        for index, text in record.texts:
            found = columns.match(text)
            if (found and found.score == 1.0) or any(word in text for word in _HEADER_WORDS):
                body_start = number + 1
                if found:
                    positions[index] = found.id
    return positions, records[body_start:]


def _identify(record: RowRecord) -> _Item:
    rows = matcher("table3", "rows")
    groups = matcher("table3", "groups")
    item = _Item(record, numbers=record.numbers)
    group_id = None
    unknown = False
    # The rightmost label that names a row is the most specific ("（三）不予公开 | 1.属于国家秘密").
    for _, text in reversed(record.texts):
        found = rows.match(text)
        group = groups.match(text)
        if group and (not found or group.score > found.score):
            group_id = group_id or group.id
            continue
        if found:
            item.row_id, item.label, item.score = found.id, text, found.score
            break
        item.fragment_of |= rows.fragment_of(text)
        unknown = True
    item.group = group_id
    if item.row_id is None and group_id == "other" and record.numbers and not unknown:
        item.row_id, item.label = "other", record.label  # 2019: （六）其他处理 without sub-items
    return item


def _in_context(items: list[_Item]) -> list[_Item]:
    """"3.其他" is other.other only under （六）其他处理 (or where nothing says otherwise);
    elsewhere it is the start of a wrapped label such as "2.其他 / 法律行政法规禁止公开"."""
    group = None
    for item, following in zip(items, items[1:] + [None]):
        group = item.group or group
        if item.row_id == "other.other" and group not in (None, "other"):
            item.score = 0.0  # weak: a following fragment may complete it
            if following is not None and not following.numbers and following.row_id is None:
                item.row_id, item.label = None, ""
        elif item.row_id and "." in item.row_id:
            group = item.row_id.split(".")[0]
    return items


def _join_wrapped(items: list[_Item]) -> list[_Item]:
    """Join a label wrapped over two lines ("四、结转" / "下年度继续办理 0 0 …") into one row,
    when the joined label names a row better than either line does alone."""
    rows = matcher("table3", "rows")
    joined: list[_Item] = []
    for item in items:
        previous = joined[-1] if joined else None
        if previous is not None and not (previous.numbers and item.numbers) and previous.record.texts and item.record.texts:
            text = previous.record.texts[-1][1] + item.record.texts[0][1]
            found = rows.match(text)
            if found and found.score >= _JOINED_LABEL_SCORE and found.score > max(previous.score, item.score):
                carrier = item if item.numbers else previous
                joined[-1] = _Item(carrier.record, found.id, numbers=carrier.numbers, label=text, score=found.score)
                continue
        joined.append(item)
    return joined


def _assign_orphans(items: list[_Item], notes: list[str]) -> tuple[dict[str, _Item], list[list[tuple[str, _Item]]]]:
    """Pair numbers with labels.

    Returns the rows known for sure and, for each row of numbers whose label is ambiguous,
    the candidate (row id, numbers) pairings.
    """
    assigned: dict[str, _Item] = {}
    sequence: list[_Item] = []
    for item in items:
        if item.row_id is None and item.numbers and len(item.fragment_of) == 1:
            (only,) = item.fragment_of
            if only not in assigned:  # the numbers sit on the second line of a wrapped label
                item.row_id, item.label = only, item.record.label
        if item.row_id and item.numbers:
            if item.row_id in assigned:
                notes.append(f"表三的“{item.label}”行出现两次，保留第一次 (row {item.row_id} appears twice; kept the first)")
                continue
            assigned[item.row_id] = item
            sequence.append(item)
        elif item.row_id or item.numbers or item.fragment_of:
            sequence.append(item)
    choices: list[list[tuple[str, _Item]]] = []
    for position, item in enumerate(sequence):
        if item.row_id or not item.numbers:
            continue
        candidates = _neighbours(sequence, position, assigned)
        if len(candidates) == 1:
            row_id = candidates[0]
            assigned[row_id] = _Item(item.record, row_id, numbers=item.numbers, label=_label_of(sequence, row_id))
        elif candidates:
            choices.append([(row_id, _Item(item.record, row_id, numbers=item.numbers, label=_label_of(sequence, row_id))) for row_id in candidates])
        else:
            notes.append(f"表三第 {item.record.location} 处有一行数字找不到对应的行名，已忽略 (numbers without a row label at {item.record.location} were ignored)")
    return assigned, choices


def _label_of(sequence: list[_Item], row_id: str) -> str:
    return next((s.label for s in sequence if s.row_id == row_id and s.label), "")


def _neighbours(sequence: list[_Item], position: int, assigned: dict[str, _Item]) -> list[str]:
    """Rows without numbers right before and after an orphan row of numbers.

    A label fragment that belongs to the same row on both sides wraps around the numbers.
    """
    def open_label(step: int) -> tuple[str | None, set[str]]:
        index = position + step
        while 0 <= index < len(sequence):
            other = sequence[index]
            if other.row_id and other.numbers:
                return None, set()
            if other.row_id:
                return (None if other.row_id in assigned else other.row_id), set()
            if other.numbers:
                return None, set()
            if other.fragment_of:
                return None, other.fragment_of
            index += step
        return None, set()

    before, before_fragment = open_label(-1)
    after, after_fragment = open_label(+1)
    wrapped = (before_fragment | ({before} if before else set())) & (after_fragment | ({after} if after else set()))
    wrapped -= set(assigned)
    if len(wrapped) == 1:
        return list(wrapped)
    candidates = [row_id for row_id in (before, after) if row_id and row_id not in assigned]
    for fragment in (before_fragment, after_fragment):
        open_ids = fragment - set(assigned)
        if len(open_ids) == 1 and not open_ids <= set(candidates):
            candidates += list(open_ids)
    return candidates or _by_order(sequence, position, assigned)


def _by_order(sequence: list[_Item], position: int, assigned: dict[str, _Item]) -> list[str]:
    """A row of numbers whose label is lost entirely: the one missing row between its
    neighbours in the official order, if exactly one is missing there."""
    order = vocabulary().table3_row_ids()
    before = next((s.row_id for s in reversed(sequence[:position]) if s.row_id in order), None)
    after = next((s.row_id for s in sequence[position + 1 :] if s.row_id in order), None)
    start = order.index(before) + 1 if before else 0
    end = order.index(after) if after else len(order)
    gap = [r for r in order[start:end] if r not in assigned and r != "other"]
    return gap if len(gap) == 1 else []


def _readings(assigned: dict[str, _Item], choices: list[list[tuple[str, _Item]]], positions: dict[int, str]) -> list[dict[str, dict[str, Cell]]]:
    """Every consistent way to read the table, the most literal first."""
    row_options: dict[str, list[dict[str, Cell]]] = {
        row_id: _column_readings(item, positions) for row_id, item in assigned.items()
    }
    readings: list[dict[str, dict[str, Cell]]] = []
    for pick in itertools.islice(itertools.product(*choices), _MAX_READINGS):
        used = [row_id for row_id, _ in pick]
        if len(set(used)) != len(used) or set(used) & set(assigned):
            continue
        options = dict(row_options)
        for row_id, item in pick:
            options[row_id] = _column_readings(item, positions)
        ids = list(options)
        for combo in itertools.islice(itertools.product(*(options[i] for i in ids)), _MAX_READINGS):
            readings.append(dict(zip(ids, combo)))
            if len(readings) >= _MAX_READINGS:
                return readings
    return readings or [{}]


def _column_readings(item: _Item, positions: dict[int, str]) -> list[dict[str, Cell]]:
    """Ways to spread a row's numbers over the seven columns, the most literal first."""
    numbers = item.numbers
    if len(numbers) >= len(COLUMNS):
        return [dict(zip(COLUMNS, (cell for _, cell in numbers[-len(COLUMNS):])))]
    options = []
    by_position = {positions[index]: cell for index, cell in numbers if index in positions}
    if positions and len(by_position) == len(numbers):
        options.append(by_position)
    options.append(dict(zip(COLUMNS, (cell for _, cell in numbers))))
    if len(numbers) >= 2:  # zeros left blank: the leading applicants, then the total
        options.append({**dict(zip(COLUMNS, (cell for _, cell in numbers[:-1]))), "total": numbers[-1][1]})
    right = dict(zip(COLUMNS[len(COLUMNS) - len(numbers):], (cell for _, cell in numbers)))
    if right not in options:
        options.append(right)
    missing = Cell(value=None, raw=None, location=item.record.location)
    return [{column: option.get(column, missing) for column in COLUMNS} for option in options]


def _best_reading(readings: list[dict[str, dict[str, Cell]]]) -> tuple[dict[str, dict[str, Cell]], bool]:
    scored = [(broken_sums(reading), index) for index, reading in enumerate(readings)]
    best_score, best_index = min(scored)
    return readings[best_index], best_score == 0


def broken_sums(rows: dict[str, dict[str, Cell]]) -> int:
    """How many of table 3's own sums fail (row totals, outcome totals, the balance)."""
    def v(row: str, column: str) -> float:
        cell = rows.get(row, {}).get(column)
        return 0 if cell is None or cell.value is None else cell.value

    broken = 0
    for row in rows:
        if sum(v(row, c) for c in APPLICANTS) != v(row, "total"):
            broken += 1
    order = vocabulary().table3_row_ids()
    outcomes = [r for r in rows if r in order and order.index("granted") <= order.index(r) < order.index("total")]
    if "other" in rows:
        outcomes.append("other")
    for column in COLUMNS:
        if "total" in rows and sum(v(r, column) for r in outcomes) != v("total", column):
            broken += 1
        balance = v("new_requests", column) + v("carried_over", column) - v("total", column) - v("carried_forward", column)
        if {"new_requests", "total"} <= rows.keys() and balance:
            broken += 1
    return broken
