"""HTML pages: headings, paragraphs and real <table>s with rowspan/colspan expanded."""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag

from ..blocks import Block, Document, GridRow
from ..errors import TooLarge
from ..limits import MAX_TABLE_CELLS
from ..model import Location
from ..vocabulary import is_number

_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_BLOCK_TAGS = {"p", "div", "li", "section", "article", "blockquote", "pre", "td", "th", "body", "main", "center"}
_SKIP = {"script", "style", "head", "noscript", "template"}


def read_html(text: str, source: str, notes: list[str] | None = None) -> Document:
    soup = BeautifulSoup(text, "html.parser")
    blocks: list[Block] = []
    root = soup.body or soup
    pending: list[str] = []  # inline text waiting for its block to end
    pending_line: int | None = None
    layout = _layout_tables(root)

    def flush() -> None:
        nonlocal pending_line
        for line in "".join(pending).splitlines():
            if line.strip():
                blocks.append(Block("paragraph", line.strip(), Location(line=pending_line)))
        pending.clear()
        pending_line = None

    # An explicit stack instead of recursion: deeply nested pages must not overflow.
    work: list[Tag | NavigableString | str] = list(reversed(list(root.children)))
    while work:
        node = work.pop()
        if isinstance(node, str) and node == "\0flush":
            flush()
            continue
        if isinstance(node, NavigableString):
            if type(node) is NavigableString:
                if pending_line is None:
                    pending_line = getattr(node.parent, "sourceline", None)
                pending.append(str(node).replace("\n", " "))
            continue
        if not isinstance(node, Tag) or node.name in _SKIP:
            continue
        if node.name == "br":
            pending.append("\n")
            continue
        if node.name == "table" and id(node) not in layout:
            flush()
            blocks.append(_table(node, source))
            continue
        if node.name in _HEADINGS:
            flush()
            title = node.get_text(" ", strip=True)
            if title:
                blocks.append(Block("heading", title, Location(line=node.sourceline), level=_HEADINGS[node.name]))
            continue
        if node.name in _BLOCK_TAGS:
            flush()
            work.append("\0flush")  # type: ignore[arg-type]
        work.extend(reversed(list(node.children)))
    flush()
    return Document(blocks, source, list(notes or []))


def _table(table: Tag, source: str) -> Block:
    """Expand a table into a rectangular grid; a spanned cell's text fills every slot it covers."""
    grid: dict[tuple[int, int], str | None] = {}
    locations: list[Location] = []
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    # Spans clamped to the table's real extent: no deeper than its rows, no wider than its widest
    # row's own cells ("rowspan=200 colspan=200" in every cell of a 38 KB page took 5.2 GB).
    cells_of = [tr.find_all(["td", "th"], recursive=False) for tr in rows]
    width_limit = max((sum(_span(td.get("colspan")) for td in tds) for tds in cells_of), default=1)
    for r, (tr, tds) in enumerate(zip(rows, cells_of)):
        locations.append(Location(line=tr.sourceline))
        c = 0
        for td in tds:
            while (r, c) in grid:
                c += 1
            text = _cell_text(td)
            rowspan = min(_span(td.get("rowspan")), len(rows) - r)
            colspan = max(1, min(_span(td.get("colspan")), width_limit - c))
            if len(grid) + rowspan * colspan > MAX_TABLE_CELLS:
                raise _too_large(source)
            number = is_number(text)
            for dr in range(rowspan):
                for dc in range(colspan):
                    # a value cell spanning columns (colspan=2) is one number, not two
                    grid[(r + dr, c + dc)] = None if number and dc else text
            c += colspan
    width = max((c for _, c in grid), default=-1) + 1
    if width * len(rows) > MAX_TABLE_CELLS:
        raise _too_large(source)
    grid_rows = [
        GridRow([grid.get((r, c), "") for c in range(width)], locations[r]) for r in range(len(rows))
    ]
    text = "\n".join("\t".join(cell or "" for cell in row.cells) for row in grid_rows)
    return Block("table", text, Location(line=table.sourceline), rows=grid_rows)


def _too_large(source: str) -> TooLarge:
    return TooLarge(
        f"{source} 中有一个表格展开后超过 {MAX_TABLE_CELLS} 个单元格，远超年度报告的表格；请检查文件。"
        f" ({source}: a table expands past {MAX_TABLE_CELLS} cells.)"
    )


def _layout_tables(root: Tag) -> set[int]:
    """Tables that hold other tables (ids): a CMS page's layout, read as blocks, not as a grid.
    One walk with the nearest enclosing table carried down (linear, however deep the nesting)."""
    layout: set[int] = set()
    work: list[tuple[Tag, Tag | None]] = [(root, None)]
    while work:
        node, enclosing = work.pop()
        if node.name == "table":
            if enclosing is not None:
                layout.add(id(enclosing))
            enclosing = node
        work.extend((child, enclosing) for child in node.children if isinstance(child, Tag))
    return layout


def _cell_text(td: Tag) -> str:
    """A cell's text with Word's &nbsp;, line wraps and spans inside numbers undone:
    "9<span>4</span>87" and "9&nbsp;487" are 9487; labels keep single spaces."""
    text = " ".join(td.get_text("", strip=True).split())
    compact = text.replace(" ", "")
    return compact if is_number(compact) else text


def _span(value: object) -> int:
    try:
        return max(1, min(int(str(value)), 200))
    except (TypeError, ValueError):
        return 1
