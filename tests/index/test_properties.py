"""Property tests: generated table-3 grids with the damage real extraction does (rows that
lost their leading empty cells, labels wrapped over two lines, label variants, blank lines
and page numbers inside the table) still parse to every cell."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from index.model import Cell, Table
from index.parser import parse_document
from index.readers import read_bytes
from index.render import table3_layout, to_grid
from index.tables.table3 import APPLICANTS, COLUMNS
from index.vocabulary import vocabulary

ROW_IDS = [r for r in vocabulary().table3_row_ids() if r != "other"]
OUTCOMES = ROW_IDS[ROW_IDS.index("granted") : ROW_IDS.index("total")]
HEADER_ROWS = 3


@st.composite
def consistent_table3(draw: st.DrawFn) -> dict[str, list[int]]:
    """A table 3 whose rows, outcome totals and balance all add up."""
    small = st.integers(min_value=0, max_value=40)
    rows: dict[str, list[int]] = {}
    for row_id in OUTCOMES + ["carried_over", "carried_forward"]:
        applicants = [draw(small) if draw(st.booleans()) else 0 for _ in APPLICANTS]
        rows[row_id] = applicants
    total = [sum(rows[r][i] for r in OUTCOMES) for i in range(len(APPLICANTS))]
    # new + carried_over = total + carried_forward, so carried_forward may not exceed the rest
    rows["carried_forward"] = [min(cf, t + co) for cf, t, co in zip(rows["carried_forward"], total, rows["carried_over"])]
    # and carried_over may not exceed what was finished and carried forward (new requests ≥ 0)
    rows["carried_over"] = [min(co, t + cf) for co, t, cf in zip(rows["carried_over"], total, rows["carried_forward"])]
    rows["new_requests"] = [t + cf - co for t, cf, co in zip(total, rows["carried_forward"], rows["carried_over"])]
    rows["total"] = total
    return {r: values + [sum(values)] for r, values in rows.items()}


def _table(values: dict[str, list[int]]) -> Table:
    return Table(name="table3", rows={r: {c: Cell(value=v) for c, v in zip(COLUMNS, vs)} for r, vs in values.items()})


_ORDINAL = re.compile(r"^(?:[一二三四]、|（[一二三四五六七]）|\d\.)")


def _variant(label: str, how: int) -> str:
    """Label spellings seen in real files."""
    if how == 1:
        return _ORDINAL.sub("", label)  # ordinal dropped
    if how == 2:
        return label.replace("（", "(").replace("）", ") ").replace("、", "、 ")  # half-width brackets
    if how == 3:
        return label + "。"
    if how == 4:
        return label.replace("信息", "的信息", 1) if "信息" in label else label
    if how == 5:
        return label.replace(".", ". ", 1)
    return label


@st.composite
def damaged_tsv(draw: st.DrawFn) -> tuple[dict[str, list[int]], str]:
    values = draw(consistent_table3())
    grid = to_grid(table3_layout(_table(values)))
    lines: list[str] = []
    for index, row in enumerate(grid):
        if index < HEADER_ROWS:
            lines.append("\t".join(row))
            continue
        label_cells = [_variant(c, draw(st.integers(0, 5))) if c else c for c in row[:3]]
        numbers = row[3:]
        label = next((c for c in reversed(label_cells) if c), "")
        damage = draw(st.sampled_from(["none", "shift", "wrap_first", "wrap_second", "blank_line"]))
        if damage == "shift":  # the row lost its leading empty cells
            lines.append("\t".join([c for c in label_cells if c] + numbers))
        elif damage.startswith("wrap") and len(label) >= 8:
            cut = draw(st.integers(4, len(label) - 4))
            head, tail = label_cells.index(label), label[cut:]
            first = label_cells[:head] + [label[:cut]] + label_cells[head + 1 :]
            if damage == "wrap_first":  # numbers on the label's first line
                lines += ["\t".join(first + numbers), tail]
            else:  # numbers on the second line
                lines += ["\t".join(first), "\t".join([""] * head + [tail] + [""] * (2 - head) + numbers)]
        else:
            lines.append("\t".join(label_cells + numbers))
            if damage == "blank_line":
                lines += ["", "- 3 -"]
    return values, "三、收到和处理政府信息公开申请情况\n" + "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(damaged_tsv())
def test_damaged_table3_still_parses_to_every_cell(case: tuple[dict[str, list[int]], str]) -> None:
    values, text = case
    report = parse_document(read_bytes(text.encode("utf-8"), "fragment.txt"))
    assert report.table3 is not None
    assert report.table3.values() == {r: dict(zip(COLUMNS, values[r])) for r in ROW_IDS}


@settings(max_examples=60, deadline=None)
@given(consistent_table3(), st.randoms(use_true_random=False))
def test_row_order_does_not_matter(values: dict[str, list[int]], rng) -> None:
    grid = to_grid(table3_layout(_table(values)))
    body = grid[HEADER_ROWS:]
    rng.shuffle(body)
    text = "\n".join("\t".join(row) for row in grid[:HEADER_ROWS] + body)
    report = parse_document(read_bytes(text.encode("utf-8"), "fragment.txt"))
    assert report.table3.values() == {r: dict(zip(COLUMNS, values[r])) for r in ROW_IDS}
