"""Figures in an .xlsx laid out like the tables of the report (openpyxl): the sheet's rows are
read as the table rows, under the headings 二、三、四, and parsed by the same parser that reads
published reports; a template is written from a report's tables (last year's structure)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from index.errors import InputError, TooLarge, UnreadableFile
from index.limits import check_archive, check_file_size
from index.model import Number, Report
from index.parser import parse_document
from index.readers import read_pasted
from index.render import table_layout, to_grid

HEADINGS = {"table2": "二、主动公开政府信息情况", "table3": "三、收到和处理政府信息公开申请情况", "table4": "四、政府信息公开行政复议、行政诉讼情况"}
MAX_BYTES = 5_000_000
MAX_ROWS = 400


class WorkbookError(InputError):
    """An .xlsx of figures that cannot be read."""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\t", " ").replace("\n", "")


def figures_from_xlsx(data: bytes, name: str = "figures.xlsx") -> dict[str, Number]:
    """``{"table3.granted.natural_person": 3, …}`` from a workbook laid out like the tables."""
    import openpyxl  # only this reader needs it

    if len(data) > MAX_BYTES:
        raise WorkbookError(f"{name} 超过 {MAX_BYTES // 1_000_000} MB，不像是数字表格。")
    try:
        check_archive(data, name).close()  # every member's uncompressed size and ratio, before openpyxl inflates one
    except TooLarge:
        raise  # a zip bomb: its own sentence
    except UnreadableFile:
        raise WorkbookError(f"无法读取 {name}：不是有效的 .xlsx 文件（可能已损坏或改了扩展名）；请用 Excel 或 WPS 另存为 .xlsx 后再试。") from None
    try:
        workbook = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable workbook is the same message
        raise WorkbookError(f"无法读取 {name}：{type(error).__name__}；请提供 .xlsx 文件。") from None
    rows: list[list[object]] = []
    for sheet in workbook.worksheets:
        for number, row in enumerate(sheet.iter_rows(values_only=True)):
            if number >= MAX_ROWS:
                raise WorkbookError(f"{name} 的工作表“{sheet.title}”超过 {MAX_ROWS} 行。")
            rows.append(list(row))
    return figures_from_rows(rows, name)


def figures_from_rows(rows: list[list[object]], name: str = "表格") -> dict[str, Number]:
    """Figures from rows laid out like the tables (a workbook's, or the app's editable tables),
    read by the parser that reads published reports."""
    lines = [f"{name}政府信息公开工作年度报告", "一、总体情况", "（由表格导入）"]
    for row in rows:
        cells = [_text(v) for v in row]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            lines.append("\t".join(cells))
    report = parse_document(read_pasted("\n".join(lines), name))
    figures = {cell_id: cell.value for table in report.tables() for cell_id, cell in table.cells() if cell.value is not None}
    if not figures:
        raise WorkbookError(f"{name}中没有找到表二、表三、表四；请按模板填写（第一列为项目名称，表前一行写“三、收到和处理政府信息公开申请情况”等标题）。")
    return figures


def table_grids(report: Report) -> dict[str, list[list[str]]]:
    """Each table as the rows a person sees (labels in Chinese, merged cells left blank)."""
    return {table.name: to_grid(table_layout(table, report.layout)) for table in report.tables()}


def figures_from_grids(grids: dict[str, list[list[object]]]) -> dict[str, Number]:
    """Figures from the three edited tables."""
    rows: list[list[object]] = []
    for name, grid in grids.items():
        rows += [[HEADINGS[name]], *grid]
    return figures_from_rows(rows, "填写的表格")


def xlsx_template(report: Report) -> bytes:
    """A workbook of the report's tables (values kept: last year's figures as a start)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "表二至表四"
    for name, grid in table_grids(report).items():
        sheet.append([HEADINGS[name]])
        for row in grid:
            sheet.append([int(c) if c.isdigit() else c for c in row])
        sheet.append([])
    sheet.column_dimensions["A"].width = 40
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_figures_file(path: str) -> dict[str, Number] | None:
    """Figures from an .xlsx path (None for any other file: the text formats read it)."""
    if not path.lower().endswith((".xlsx", ".xlsm")):
        return None
    file = Path(path)
    check_file_size(file)  # missing, a folder, a device or a FIFO: one sentence
    if file.stat().st_size > MAX_BYTES:
        raise WorkbookError(f"{path} 超过 {MAX_BYTES // 1_000_000} MB，不像是数字表格。")
    return figures_from_xlsx(file.read_bytes(), file.name)
