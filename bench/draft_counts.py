"""Objective counts over drafts written by bench/draft_review.py, against the expected sides of
tests/data/notes_expected.json: items on the wrong side, numbers of the notes lost, colloquial words
of the register list, list numbers glued after an ordinal, the generic filler measure; and what the
second review marked down: problems drafted beyond the expected ones (filler or a split heading),
problems left with no measure, 【建议】 or 【待补】, English left as 【待译】, and the clerk's words a set
lists as register_absent still in the draft.

    python bench/draft_counts.py OUT_DIR [OUT_DIR …] [--notes tests/data/notes] [--expected tests/data/notes_expected.json]

Each OUT_DIR is one run (section5/NAME.txt); the counts are over the note sets every run has.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COLLOQUIAL = re.compile(r"没|还是|只有|今年|明年|去年|搞|了(?=[，。；]|$)|(?:^|[，；：])要(?!求|点|素)")
LIST_NUMBER = re.compile(r"[一二三四五六七八九十]是\s*\d{1,2}[、.．)）]|[；：]\s*\d{1,2}[、.．)）](?!\d)")
LIST_MARK = re.compile(r"(?m)(?:^|(?<=[\s：:；;是]))\d{1,2}[、.．)）](?!\d)|[（(]\d{1,2}[)）]")
HEADING_LINE = re.compile(r"^\D*\d{4}年?[^，。,\d]{0,10}[:：]?\s*$")
NUMBER = re.compile(r"\d+(?:\.\d+)?(?:/\d+)?%?")
MARKED = re.compile(r"【建议】[^；。\n]*|【待核实】[^\n]*|【待补[^】]*】[^。；\n]*|【待译：[^】]*】")
ORDINAL = re.compile(r"(?:^|[：；。，])[一二三四五六七八九十]+是")


def _sides(text: str) -> tuple[str, str]:
    lines = text.split("\n")
    if len(lines) > 1 and re.match(r"^(?:【待核实】|【待补】)?(?:针对上年度|关于上年度|知识库中未收录)", lines[0]):
        text = "\n".join(lines[1:])
    cut = max(text.find("下一步"), text.find("（二）"))
    return (text[:cut], text[cut:]) if cut >= 0 else (text, "")


def counts(out: Path, names: list[str], expected: dict, notes: Path) -> dict[str, int]:
    total = dict(sets=0, items=0, wrong_side=0, lost_numbers=0, colloquial=0, list_numbers=0, filler=0,
                 extra_problems=0, unanswered=0, untranslated=0, register_kept=0)
    for name in names:
        text = (out / "section5" / name).read_text(encoding="utf-8").split("\n----")[0].strip()
        source, want = (notes / name).read_text(encoding="utf-8"), expected[name]
        problems, measures = _sides(text)
        keys = [(k, problems) for k in want["problems"]] + [(m["key"], measures) for m in want["measures"]]
        keys += [(f["key"], problems) for f in want.get("facts", [])]
        total["sets"] += 1
        total["items"] += len(keys)
        total["wrong_side"] += sum(key not in side for key, side in keys)
        said = LIST_MARK.sub(" ", "\n".join(line for line in source.splitlines() if not HEADING_LINE.match(line)))
        total["lost_numbers"] += sum(n not in text for n in set(NUMBER.findall(said)))
        total["colloquial"] += sum(len(COLLOQUIAL.findall(c)) for c in re.split(r"[；。\n]", MARKED.sub("", text)))
        total["list_numbers"] += len(LIST_NUMBER.findall(text))
        total["filler"] += text.count("研究制定整改措施")
        drafted, answered = len(ORDINAL.findall(problems)), len(ORDINAL.findall(measures))
        total["extra_problems"] += max(0, drafted - len(want["problems"]))
        total["unanswered"] += max(0, drafted - answered)
        total["untranslated"] += text.count("【待译")
        total["register_kept"] += sum(k in MARKED.sub("", text).replace("要求", "") for k in want.get("register_absent", []))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", nargs="+", type=Path)
    parser.add_argument("--notes", type=Path, default=REPO / "tests" / "data" / "notes")
    parser.add_argument("--expected", type=Path, default=REPO / "tests" / "data" / "notes_expected.json")
    options = parser.parse_args()
    expected = {k: v for k, v in json.loads(options.expected.read_text(encoding="utf-8")).items() if not k.startswith("_")}
    names = [n for n in sorted(expected) if all((run / "section5" / n).exists() for run in options.runs)]
    for run in options.runs:
        print(run, json.dumps(counts(run, names, expected, options.notes), ensure_ascii=False))


if __name__ == "__main__":
    main()
