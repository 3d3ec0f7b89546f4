"""Standard tables: telling table 2, 3 and 4 grids apart, joining their pieces, reading cells."""

from __future__ import annotations

from .assemble import assemble_tables
from .table2 import parse_table2
from .table3 import parse_table3
from .table4 import parse_table4

__all__ = ["assemble_tables", "parse_table2", "parse_table3", "parse_table4"]
