"""Finding the six sections, the title and the preface by meaning, not by exact heading text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block
from .vocabulary import normalize_label, vocabulary

_MAX_HEADING_CHARS = 40
_HEADING_ORDINAL = re.compile(r"^\s*(?:#+\s*)?(?:[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十]+部分)")


@dataclass
class SectionBlocks:
    """A section's heading block and the blocks under it (tables included)."""

    id: int
    heading: Block | None
    blocks: list[Block] = field(default_factory=list)


def section_of_heading(block: Block) -> int | None:
    """The section id a block heads, or None when it is not a section heading."""
    text = block.text.strip()
    if not text or len(text) > _MAX_HEADING_CHARS or block.kind == "table":
        return None
    key = normalize_label(text)
    looks_like_heading = block.kind == "heading" or bool(_HEADING_ORDINAL.match(text))
    for section in vocabulary().sections:
        for variant in section["keys"]:
            variant_key = normalize_label(variant)
            if key == variant_key or (looks_like_heading and variant_key in key and len(key) <= len(variant_key) + 12):
                return int(section["id"])
    return None


def split_sections(blocks: list[Block]) -> list[SectionBlocks]:
    """Cut the blocks at the section headings; everything before section 一 is section 0.

    Headings must come in increasing order, so a table row such as "四、结转下年度继续办理"
    or a later mention of a heading's words cannot start a section.
    """
    sections = [SectionBlocks(0, None)]
    for block in blocks:
        section_id = section_of_heading(block)
        if section_id is not None and section_id > sections[-1].id:
            sections.append(SectionBlocks(section_id, block))
        else:
            sections[-1].blocks.append(block)
    return sections
