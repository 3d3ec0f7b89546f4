"""Every clause of a folder of clerks' notes through the register and the glossary: before → after,
and the colloquial words left (the detector of assistant/vocab/register.toml) before and after.

    python bench/register_clauses.py tests/data/notes /work/heldout2 /work/heldout4 [--show] [--by-kind] [--long]

Clauses are cut at the notes' own punctuation (，。；) after list numbers and bullets; each is
translated (glossary), put in the genre's terms and rewritten in the register, as section 五 does."""

from __future__ import annotations

import re
import sys
from pathlib import Path

_CUT = re.compile(r"[，,。；;！!？?\n]")
_LEAD = re.compile(r"^\s*(?:[-*•·→>]+|\d+[、.．)）]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.]|[①-⑳])\s*")


def clauses(folder: Path) -> list[str]:
    out: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = _LEAD.sub("", line.replace("\u3000", " ")).strip()
            out += [c.strip(" ：:、") for c in _CUT.split(line) if len(c.strip(" ：:、")) > 1]
    return out


def main(argv: list[str]) -> int:
    from assistant.draft.glossary import translate
    from assistant.draft.notes import normalize_terms
    from assistant.draft.register import colloquial, rewrite_register

    import time
    from collections import Counter

    show = "--show" in argv
    rewrite_register("没有更新")  # jieba's dictionary loads once, outside the timing
    spent = 0.0
    folders = [Path(a) for a in argv if not a.startswith("--")]
    total = before_left = after_left = changed = 0
    kinds_before: Counter[str] = Counter()
    kinds_after: Counter[str] = Counter()
    for folder in folders:
        for clause in clauses(folder):
            total += 1
            flags: list[str] = []
            start = time.perf_counter()
            after, _ = rewrite_register(normalize_terms(translate(clause, flags)))
            spent += time.perf_counter() - start
            left_before, left_after = colloquial(clause), colloquial(after)
            kinds_before.update(left_before)
            kinds_after.update(left_after)
            before_left += len(left_before)
            after_left += len(left_after)
            changed += after != clause
            if show and (after != clause or left_after):
                print(f"{clause}\n  → {after}" + (f"   [口语: {'、'.join(left_after)}]" if left_after else ""))
    if "--by-kind" in argv:
        for kind, count in kinds_before.most_common():
            print(f"  {kind}: {count} → {kinds_after[kind]}")
    if "--long" in argv:  # a hostile clause: every rule matching many times must still cost linear time
        for size in (10_000, 100_000):
            long = ("今年网站那个栏目没咋更，小李借调走了没人管，20来天才挂😅" * (size // 30 + 1))[:size]
            start = time.perf_counter()
            rewrite_register(long)
            print(f"  one clause of {size} characters: {time.perf_counter() - start:.2f} s")
    print(f"clauses {total}, rewritten {changed}, colloquial words before {before_left}, after {after_left}; "
          f"{1000 * spent / max(total, 1):.2f} ms a clause")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
