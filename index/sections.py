"""Finding the six sections, the title and the preface by meaning, not by exact heading text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .blocks import Block
from .vocabulary import normalize_label, vocabulary

_MAX_HEADING_CHARS = 40
_HEADING_ORDINAL = re.compile(r"^\s*(?:#+\s*)?(?:[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十]+部分)")
_NUMERAL = re.compile(r"[一二三四五六七八九十]")
_FUZZY_HEADING = 0.9  # a numbered heading this close to its section's words, stray or missing characters and all


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
    ordinal = _HEADING_ORDINAL.match(text)
    looks_like_heading = block.kind == "heading" or bool(ordinal)
    numeral = _NUMERAL.search(ordinal.group()) if ordinal else None
    for section in vocabulary().sections:
        for variant in section["keys"]:
            variant_key = normalize_label(variant)
            if key == variant_key or (looks_like_heading and variant_key in key and len(key) <= len(variant_key) + 12):
                return int(section["id"])
    for section in vocabulary().sections:  # "四、政府信息公开行政法复议、行政诉讼情况": a stray 法
        if numeral is None or "一二三四五六".find(numeral.group()) + 1 != int(section["id"]):
            continue
        if any(SequenceMatcher(None, key, normalize_label(v), autojunk=False).ratio() >= _FUZZY_HEADING for v in section["keys"]):
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
