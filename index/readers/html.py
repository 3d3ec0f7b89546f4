"""HTML pages: headings, paragraphs and real <table>s with rowspan/colspan expanded."""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag

from ..blocks import Block, Document, GridRow
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
            blocks.append(_table(node))
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


def _table(table: Tag) -> Block:
    """Expand a table into a rectangular grid; a spanned cell's text fills every slot it covers."""
    grid: dict[tuple[int, int], str | None] = {}
    locations: list[Location] = []
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    for r, tr in enumerate(rows):
        locations.append(Location(line=tr.sourceline))
        c = 0
        for td in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            text = _cell_text(td)
            rowspan = _span(td.get("rowspan"))
            colspan = _span(td.get("colspan"))
            number = is_number(text)
            for dr in range(rowspan):
                for dc in range(colspan):
                    # a value cell spanning columns (colspan=2) is one number, not two
                    grid[(r + dr, c + dc)] = None if number and dc else text
            c += colspan
    width = max((c for _, c in grid), default=-1) + 1
    grid_rows = [
        GridRow([grid.get((r, c), "") for c in range(width)], locations[r]) for r in range(len(rows))
    ]
    text = "\n".join("\t".join(cell or "" for cell in row.cells) for row in grid_rows)
    return Block("table", text, Location(line=table.sourceline), rows=grid_rows)


def _layout_tables(root: Tag) -> set[int]:
    """Tables that hold other tables (ids): a CMS page's layout, read as blocks, not as a grid."""
    layout: set[int] = set()
    for table in root.find_all("table"):
        parent = table.find_parent("table")
        if parent is not None:
            layout.add(id(parent))
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
