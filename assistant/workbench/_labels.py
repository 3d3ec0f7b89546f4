"""Chinese names of cells, rules and places for the workbench's sheets.

The project's one labels module is ``assistant.validation.labels`` (issue 15); when it is
present this module re-exports it, so every surface says the same thing. Until then a minimal
stand-in with the same function names is built from index/vocab/labels.toml and
rule_names.toml (drop it once the labels module is merged).

>>> cell_label("table3.withheld.third_party_rights.total")
'表三 · 不予公开 · 保护第三方合法权益 · 总计'
>>> rule_name("T3-ROW")
'行合计'
>>> location_label("page 4, line 20")
'第 4 页第 20 行'
"""

from __future__ import annotations

try:  # pragma: no cover - depends on what is merged
    from assistant.validation.labels import cell_label, column_label, location_label, row_label, rule_name, table_label
except ImportError:  # the stand-in
    import re
    import tomllib
    from functools import cache
    from importlib.resources import files

    from index.vocabulary import vocabulary

    TABLES = {"table2": "表二", "table3": "表三", "table4": "表四"}
    SECTIONS = {1: "第一部分", 2: "第二部分", 3: "第三部分", 4: "第四部分", 5: "第五部分", 6: "第六部分"}
    SEP = " · "
    _ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、]\s*)")

    @cache
    def _rules() -> dict[str, str]:
        return tomllib.loads(files("assistant").joinpath("workbench/rule_names.toml").read_text(encoding="utf-8"))["rules"]

    def rule_name(code: str | None) -> str:
        return _rules().get(code, code) if code else ""

    def table_label(table: str) -> str:
        return TABLES.get(table, table)

    def _entry(table: str, kind: str, id_: str) -> str | None:
        entry = next((e for e in vocabulary().raw.get(table, {}).get(kind, []) if e["id"] == id_), None)
        if entry is None:
            return None
        label = entry.get("short") or entry.get("printed", entry["labels"][0])
        return re.sub(r"（区分处理的.*）$", "", _ORDINAL.sub("", label.strip()).strip())

    def row_label(table: str, row: str) -> str:
        if table == "table4":
            return vocabulary().raw["table4"]["group_labels"].get(row, row).replace("·", SEP)
        if table == "table3":
            group, _, item = row.partition(".")
            group_label = _entry("table3", "groups", group)
            if item and group_label and (label := _entry("table3", "rows", row)):
                return f"{group_label}{SEP}{label}"
            return _entry("table3", "rows", row) or group_label or row
        return _entry(table, "rows", row) or row

    def column_label(table: str, column: str) -> str:
        if table == "table4":
            return vocabulary().raw["table4"]["column_labels"].get(column, column)
        return _entry(table, "columns", column) or column

    def _is_column(table: str, column: str) -> bool:
        if table == "table4":
            return column in vocabulary().raw["table4"]["column_labels"]
        return table in ("table2", "table3") and any(e["id"] == column for e in vocabulary().raw[table]["columns"])

    def _is_row(table: str, row: str) -> bool:
        if table == "table4":
            return row in vocabulary().raw["table4"]["group_labels"]
        kinds = ("rows", "groups") if table == "table3" else ("rows",)
        return any(e["id"] == row for kind in kinds for e in vocabulary().raw[table][kind])

    def cell_label(cell_id: str | None) -> str:
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
        if not location:
            return ""
        text = re.sub(r"page (\d+)", r"第 \1 页", location)
        text = re.sub(r"line (\d+)", r"第 \1 行", text)
        return text.replace(", ", "").replace("unknown", "")


__all__ = ["cell_label", "column_label", "location_label", "row_label", "rule_name", "table_label"]
