"""HTML pages: headings, paragraphs and real <table>s with rowspan/colspan expanded.

Parsed by lxml (libxml2's HTML parser: end tags HTML lets a page omit — ``<td>``, ``<tr>``,
``<p>`` — are closed as a browser closes them, each element keeps its source line), then
walked once with an explicit stack: every step below is linear in the page, whatever its
markup (``"<table>" + "<tr><td>1" * 8000`` took 43 s when each unclosed cell held the rest
of the page and its text was read once per cell).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..blocks import Block, Document, GridRow
from ..errors import TooLarge
from ..limits import MAX_HTML_DEPTH, MAX_TABLE_CELLS
from ..model import Location
from ..vocabulary import is_number

_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_BLOCK_TAGS = {"p", "div", "li", "section", "article", "blockquote", "pre", "td", "th", "body", "main", "center"}
_SKIP = {"script", "style", "head", "noscript", "template", "title"}
_FLUSH = object()


def parse_markup(text: str):  # noqa: ANN201 - an lxml element
    """The page's root element (lxml), or None when it holds no markup at all."""
    import lxml.html
    from lxml import etree

    data = text.encode("utf-8", "replace")
    if not data.strip():
        return None
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True)
    try:
        return lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):  # "Document is empty": nothing but comments or whitespace
        return None


def read_html(text: str, source: str, notes: list[str] | None = None) -> Document:
    root = parse_markup(text)
    if root is None:
        return Document([], source, list(notes or []))
    body = root.find("body")
    start = body if body is not None else root
    blocks: list[Block] = []
    pending: list[str] = []  # inline text waiting for its block to end
    pending_line: int | None = None
    layout = _layout_tables(root, source)

    def flush() -> None:
        nonlocal pending_line
        for line in "".join(pending).splitlines():
            if line.strip():
                blocks.append(Block("paragraph", line.strip(), Location(line=pending_line)))
        pending.clear()
        pending_line = None

    # An explicit stack instead of recursion: deeply nested pages must not overflow.
    # Entries: an element, a (text, line) pair, or _FLUSH (a block element ended).
    work: list[object] = [_FLUSH]
    _push_content(work, start)
    while work:
        node = work.pop()
        if node is _FLUSH:
            flush()
            continue
        if isinstance(node, tuple):
            text_piece, line = node
            if pending_line is None:
                pending_line = line
            pending.append(text_piece.replace("\n", " "))
            continue
        if node.tail:  # the text after the element, in its parent: read once the element is done
            work.append((node.tail, node.getparent().sourceline))
        tag = node.tag if isinstance(node.tag, str) else None
        if tag is None or tag in _SKIP:
            continue
        if tag == "br":
            pending.append("\n")
            continue
        if tag == "table" and node not in layout:
            flush()
            blocks.append(_table(node, source))
            continue
        if tag in _HEADINGS:
            flush()
            title = " ".join(piece.strip() for piece in _texts(node) if piece.strip())
            if title:
                blocks.append(Block("heading", title, Location(line=node.sourceline), level=_HEADINGS[tag]))
            continue
        if tag in _BLOCK_TAGS:
            flush()
            work.append(_FLUSH)
        _push_content(work, node)
    return Document(blocks, source, list(notes or []))


def _push_content(work: list[object], element) -> None:  # noqa: ANN001
    """An element's children (last first, so the first is read first), then its own text."""
    work.extend(reversed(element))
    if element.text:
        work.append((element.text, element.sourceline))


def _texts(element) -> Iterator[str]:  # noqa: ANN001
    """The text pieces inside an element, in document order (script and style left out)."""
    work: list[object] = [element]
    while work:
        node = work.pop()
        if isinstance(node, str):
            yield node
            continue
        if node is not element and node.tail:
            work.append(node.tail)  # after the element's own content
        if isinstance(node.tag, str) and node.tag not in _SKIP:
            work.extend(reversed(node))
            if node.text:
                work.append(node.text)


def _table(table, source: str) -> Block:  # noqa: ANN001
    """Expand a table into a rectangular grid; a spanned cell's text fills every slot it covers.
    Only tables holding no other table come here (the others are layout): every <tr> inside is its own."""
    grid: dict[tuple[int, int], str | None] = {}
    locations: list[Location] = []
    rows = list(table.iter("tr"))
    # Spans clamped to the table's real extent: no deeper than its rows, no wider than its widest
    # row's own cells ("rowspan=200 colspan=200" in every cell of a 38 KB page took 5.2 GB).
    cells_of = [[td for td in tr if td.tag in ("td", "th")] for tr in rows]
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


def _layout_tables(root, source: str) -> set:  # noqa: ANN001
    """Tables that hold other tables: a CMS page's layout, read as blocks, not as a grid.
    One walk with the nearest enclosing table carried down (linear, however deep the nesting).
    The set holds the elements themselves (lxml's proxies stay the same while referenced)."""
    layout: set = set()
    work: list[tuple[object, object | None, int]] = [(root, None, 0)]
    while work:
        node, enclosing, depth = work.pop()
        if depth > MAX_HTML_DEPTH:  # libxml2 drops what lies deeper still: refused, never read in part
            raise TooLarge(
                f"{source} 的网页标签嵌套超过 {MAX_HTML_DEPTH} 层，不像一份年度报告，出于安全不予读取；请检查文件，或另存为 PDF 后再试。"
                f" ({source}: markup nested deeper than {MAX_HTML_DEPTH} levels.)"
            )
        if node.tag == "table":
            if enclosing is not None:
                layout.add(enclosing)
            enclosing = node
        work.extend((child, enclosing, depth + 1) for child in node if isinstance(child.tag, str))
    return layout


def _cell_text(td) -> str:  # noqa: ANN001
    """A cell's text with Word's &nbsp;, line wraps and spans inside numbers undone:
    "9<span>4</span>87" and "9&nbsp;487" are 9487; labels keep single spaces."""
    text = " ".join("".join(piece.strip() for piece in _texts(td)).split())
    compact = text.replace(" ", "")
    return compact if is_number(compact) else text


def _span(value: object) -> int:
    try:
        return max(1, min(int(str(value)), 200))
    except (TypeError, ValueError):
        return 1
