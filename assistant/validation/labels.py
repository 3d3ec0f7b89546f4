"""Chinese names for what a person reads: cells, rules, places in a file and findings.

Canonical ids (``table3.withheld.third_party_rights.total``) and rule codes (``T3-ROW``) are for
code, ``--json`` and the API; every surface a person reads (the CLI's plain output, the app,
answers, exports) shows these names instead. One module, so every surface says the same thing:

>>> cell_label("table3.withheld.third_party_rights.total")
'表三 · 不予公开 · 保护第三方合法权益 · 总计'
>>> cell_label("table4.litigation_direct.pending")
'表四 · 行政诉讼 · 未经复议直接起诉 · 尚未审结'
>>> rule_name("T3-ROW")
'行合计'
>>> location_label("page 4, line 20")
'第 4 页第 20 行'

Public API:
    cell_label(cell_id) -> str          a cell, row, column, table or section id in Chinese
    row_label(table, row) -> str        a row's label without its ordinal ("予以公开")
    column_label(table, column) -> str  a column's label ("自然人", "现行有效件数", "结果纠正")
    table_label(table) -> str           "表三"
    rule_name(code) -> str              "行合计"; an unknown code is returned as it is
    rule_checks(code) -> str            what the rule checks, one sentence
    rule_words(code) -> dict            how its findings read in a table (sum rule? words before values)
    rule_applies(code, year, layout)    whether a rule applies to a report of that year and layout
    location_label(location) -> str     "page 4, line 20" -> "第 4 页第 20 行"
    finding_line(rule, cell, expected, found, message) -> str
                                        one Chinese line for a finding: "行合计：表三 · 予以公开 · 总计
                                        为 12，按其余各格应为 13"; "出错单元格：… 应为 12，实为 13"
    finding_text(finding) -> str        the same for a Finding or a stored finding's dict

Row and column labels come from index/vocab/labels.toml (the official form's wording); rule
names, what they check and the years and layouts they apply to from assistant/vocab/rules.toml.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib.resources import files
from typing import Any

from index.vocabulary import vocabulary

TABLES = {"table2": "表二", "table3": "表三", "table4": "表四"}
SECTIONS = {1: "第一部分", 2: "第二部分", 3: "第三部分", 4: "第四部分", 5: "第五部分", 6: "第六部分"}
SEP = " · "
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、]\s*)")


@cache
def _rules() -> dict[str, dict[str, Any]]:
    return tomllib.loads(files("assistant").joinpath("vocab/rules.toml").read_text(encoding="utf-8"))["rules"]


def rule_name(code: str | None) -> str:
    """The rule's Chinese name (行合计、办理结果合计、勾稽关系、表四合计 …)."""
    if not code:
        return ""
    return _rules().get(code, {}).get("name", code)


def rule_checks(code: str) -> str:
    return _rules().get(code, {}).get("checks", "")


def rule_words(code: str | None) -> dict[str, Any]:
    """How a rule's findings read in a table: ``sum`` (a total against its parts), and the words
    put before the expected and found values (a narrative finding: 表格：470 / 正文：393)."""
    rule = _rules().get(code or "", {})
    return {"sum": "按其余各格" in rule.get("line", ""), "expected_is": rule.get("expected_is", ""), "found_is": rule.get("found_is", "")}


def rule_applies(code: str, year: int | None, layout: str | None) -> bool:
    """Whether the rule applies to a report of this year and layout (as rules.toml says)."""
    rule = _rules().get(code, {})
    if year is not None and (year < rule.get("from_year", year) or year > rule.get("to_year", year)):
        return False
    return layout is None or layout in rule.get("layouts", [layout])


def _plain(label: str) -> str:
    return _ORDINAL.sub("", label.strip()).strip()


def table_label(table: str) -> str:
    return TABLES.get(table, table)


def _entry_label(table: str, kind: str, id_: str) -> str | None:
    entry = next((e for e in vocabulary().raw.get(table, {}).get(kind, []) if e["id"] == id_), None)
    if entry is None:
        return None
    return entry.get("short") or _plain(entry.get("printed", entry["labels"][0]))


@cache
def row_label(table: str, row: str) -> str:
    """A row's label as the form prints it, without its ordinal; table 3's sub-rows with their group."""
    vocab = vocabulary()
    if table == "table4":
        return vocab.raw["table4"]["group_labels"].get(row, row).replace("·", SEP)
    if table == "table3":
        group, _, item = row.partition(".")
        group_label = _entry_label("table3", "groups", group)
        if item and group_label and (label := _entry_label("table3", "rows", row)):
            return f"{group_label}{SEP}{label}"
        return _entry_label("table3", "rows", row) or group_label or row
    return _entry_label(table, "rows", row) or row


@cache
def column_label(table: str, column: str) -> str:
    vocab = vocabulary()
    if table == "table4":
        return vocab.raw["table4"]["column_labels"].get(column, column)
    return _entry_label(table, "columns", column) or column


def _is_column(table: str, column: str) -> bool:
    vocab = vocabulary()
    if table == "table4":
        return column in vocab.raw["table4"]["column_labels"]
    return table in ("table2", "table3") and any(entry["id"] == column for entry in vocab.raw[table]["columns"])


def _is_row(table: str, row: str) -> bool:
    vocab = vocabulary()
    if table == "table4":
        return row in vocab.raw["table4"]["group_labels"]
    kinds = ("rows", "groups") if table == "table3" else ("rows",)
    return any(entry["id"] == row for kind in kinds for entry in vocab.raw[table][kind])


@cache
def cell_label(cell_id: str | None) -> str:
    """``table3.withheld.third_party_rights.total`` → 表三 · 不予公开 · 保护第三方合法权益 · 总计.

    Also a row (``table3.other``), a column (``table2.repealed``: a label finding), a table
    (``table4``) or a section (``section6`` → 第六部分). An id it cannot read comes back unchanged.
    """
    if not cell_id:
        return ""
    if match := re.fullmatch(r"section(\d)", cell_id):
        return SECTIONS.get(int(match.group(1)), cell_id)
    table, _, rest = cell_id.partition(".")
    if table not in TABLES:
        return cell_id
    if not rest:
        return TABLES[table]
    row, _, column = rest.rpartition(".")
    if row and _is_column(table, column) and (_is_row(table, row) or table == "table3"):
        return f"{TABLES[table]}{SEP}{row_label(table, row)}{SEP}{column_label(table, column)}"
    if _is_row(table, rest):
        return f"{TABLES[table]}{SEP}{row_label(table, rest)}"
    if _is_column(table, rest):
        return f"{TABLES[table]}{SEP}{column_label(table, rest)}（列名）"
    return cell_id


def location_label(location: str | None) -> str:
    """Where a finding is, in Chinese: "page 4, line 20" → 第 4 页第 20 行."""
    if not location:
        return ""
    text = re.sub(r"page (\d+)", r"第 \1 页", location)
    text = re.sub(r"line (\d+)", r"第 \1 行", text)
    return text.replace(", ", "").replace("unknown", "")


def _number(value: object) -> str:
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return "" if value is None else str(value)


def finding_line(rule: str | None, cell: str | None, expected: object = None, found: object = None, message: str = "") -> str:
    """One line a person reads: the rule's name, the cell, what it should be and what it is —
    for a Finding's fields or a stored finding's dict alike, worded as rules.toml's ``line``
    says (a total that disagrees with its parts is not called wrong by itself: "为 20，按其余
    各格应为 26"); without a cell and values the message stands in."""
    name = rule_name(rule)
    if cell and expected not in (None, "") and found not in (None, ""):
        line = _rules().get(rule or "", {}).get("line", "{cell} 应为 {expected}，实为 {found}")
        return f"{name}：" + line.format(cell=cell_label(cell), expected=_number(expected), found=_number(found))
    if cell:
        return f"{name}：{cell_label(cell)}"
    return f"{name}：{message}" if message else name


def finding_text(finding: Any) -> str:
    """``finding_line`` for a Finding or a dict with the same keys."""
    get = finding.get if isinstance(finding, dict) else lambda key: getattr(finding, key, None)
    return finding_line(get("rule"), get("cell"), get("expected"), get("found"), get("message") or "")


__all__ = [
    "cell_label", "column_label", "finding_line", "finding_text", "location_label", "row_label", "rule_applies",
    "rule_checks", "rule_name", "rule_words", "table_label",
]
