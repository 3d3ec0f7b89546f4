"""A synthetic province for the supervisor's view (issue 28): hundreds of reports built from real
ones, with outliers, jumps and copied sections planted, and a record of what was planted.

Each invented body (a county government, or a department of an invented city or county) takes
its tables from a real report of the same kind (assistant/workbench/kinds.py), scaled by a
whole factor of its own (zeros stay zero, totals are recomputed: the arithmetic stays valid) and
varied mildly from year to year, and its narrative (preface, sections 一, 五, 六) each year from
a different real report, so that no unplanted body repeats last year's text. Names are made by
rule (two characters + 市/区/县, a department word), years are consecutive.

Planted, in the last year:
- outliers: a body whose tables are ×OUTLIER_SCALE in every year (far above its peers, no jump);
- jumps: new requests ×8 ("up"), 不予公开 to zero ("to_zero"), 现行有效规范性文件 moved after
  standing still ("stable");
- copying: section 一 or 五 (or both) taken from the body's previous report, mostly verbatim.

    PYTHONPATH=. python bench/province.py OUT_DIR [--count 300] [--reports ../shared/reports]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant.figures import build_tables
from assistant.knowledge import expand, sample_paths
from assistant.validation.arithmetic import T3_APPLICANTS, T4_PARTS
from assistant.workbench.kinds import body_kind
from index.agencies import agency_key, agency_region
from index.model import Paragraph, Report, Section
from index.parser import parse_file
from index.render import report_markdown
from index.vocabulary import vocabulary

_CHARS = "东西南北中安平宁和兴华丰泰康永长新青云阳山河湖江海林溪石桥松梅竹柳春秋嘉瑞祥福寿明德"
_DEPARTMENTS = ["教育局", "公安局", "民政局", "财政局", "自然资源局", "生态环境局", "交通运输局", "农业农村局", "卫生健康委员会",
                "审批服务管理局", "科学技术局", "水利局", "文化旅游局", "应急管理局", "统计局", "医疗保障局"]
_COMPUTED = {"total", "new_requests"}
_WITHHELD_ROWS = ("withheld",)  # table 3's 不予公开 rows start with this id
OUTLIER_SCALE = 60
JUMP_SCALE = 8
NARRATIVE = (0, 1, 5, 6)


@dataclass
class Planted:
    outliers: list[dict] = field(default_factory=list)  # {"agency", "year", "metric"}
    jumps: list[dict] = field(default_factory=list)  # {"agency", "year", "metric", "rule"}
    copies: list[dict] = field(default_factory=list)  # {"agency", "year", "section"}
    bodies: list[dict] = field(default_factory=list)  # {"agency", "kind", "years"}


def _leaves(report: Report) -> dict[str, float]:
    figures: dict[str, float] = {}
    vocab = vocabulary()
    if report.table3 is not None:
        for row in vocab.table3_row_ids():
            for column in T3_APPLICANTS:
                value = report.table3.value(row, column)
                if value is not None and row not in _COMPUTED:
                    figures[f"table3.{row}.{column}"] = value
    if report.table4 is not None:
        for group in vocab.table4_ids()[0]:
            for part in T4_PARTS:
                value = report.table4.value(group, part)
                if value is not None:
                    figures[f"table4.{group}.{part}"] = value
    if report.table2 is not None:
        for row, columns in vocab.table2_layout(report.layout).items():
            for column in columns:
                value = report.table2.value(row, column)
                if value is not None:
                    figures[f"table2.{row}.{column}"] = value
    return figures


def _sentences(text: str) -> set[str]:
    return {re.sub(r"\d+", "#", s.strip()) for s in re.split(r"[。；！？\n]", text) if len(s.strip()) >= 12}


def _overlap(a: Report, b: Report) -> float:
    """Share of a's narrative sentences (numbers masked) found verbatim in b's: the generator's own
    guard that two donors of consecutive years do not share text (independent of the detector)."""
    shares = []
    for sid in (1, 5, 6):
        x = _sentences(a.section(sid).text if a.section(sid) else "")
        y = _sentences(b.section(sid).text if b.section(sid) else "")
        if x:
            shares.append(len(x & y) / len(x))
    return max(shares, default=0.0)


def _rename(text: str, donor: Report, agency: str, region: str, year: int) -> str:
    """The donor's name, place and years replaced by the body's."""
    names = sorted({n for n in (donor.agency, agency_key(donor.agency or ""), agency_region(donor.agency or "", text)) if n and len(n) >= 2},
                   key=len, reverse=True)
    for name in names:
        text = text.replace(name, agency if name == donor.agency else region)
    shift = year - (donor.year or year)
    return re.sub(r"(?<!\d)((?:19|20)\d{2})(?=\s*年)", lambda m: str(int(m.group(1)) + shift), text)


def _narrative(donor: Report, agency: str, region: str, year: int) -> dict[int, Section]:
    sections = {}
    for sid in NARRATIVE:
        section = donor.section(sid)
        if section is not None:
            sections[sid] = Section(id=sid, heading=section.heading,
                                    paragraphs=[Paragraph(text=_rename(p.text, donor, agency, region, year)) for p in section.paragraphs])
    return sections


def _report(template: Report, figures: dict[str, float], sections: dict[int, Section], agency: str, year: int) -> Report:
    tables = build_tables({k: int(v) if float(v).is_integer() else v for k, v in figures.items()}, template.layout, agency, year)
    ordered = []
    for section in template.sections:
        ordered.append(sections.get(section.id) or Section(id=section.id, heading=section.heading))
    for sid, section in sections.items():
        if template.section(sid) is None:
            ordered.append(section)
    ordered.sort(key=lambda s: s.id)
    return Report(agency=agency, year=year, layout=template.layout, title=f"{agency}{year}年政府信息公开工作年度报告",
                  sections=ordered, table2=tables.table2, table3=tables.table3, table4=tables.table4)


def _scaled(leaves: dict[str, float], factor: int, rng: random.Random, wobble: float) -> dict[str, float]:
    """Leaves × factor, each varied by up to ±wobble (zeros stay zero, table 2's stock figures stay put)."""
    out = {}
    for cell, value in leaves.items():
        if cell.startswith("table2.") or not value:
            out[cell] = value
            continue
        base = value * factor
        out[cell] = max(1, round(base * (1 + rng.uniform(-wobble, wobble)))) if float(base).is_integer() else round(base, 2)
    return out


def _names(rng: random.Random, count: int, ending: str, taken: set[str]) -> list[str]:
    found = []
    while len(found) < count:
        name = "".join(rng.sample(_CHARS, 2)) + ending
        if name not in taken:
            taken.add(name)
            found.append(name)
    return found


def generate_province(out: Path, sources: list[Path], count: int = 300, years: tuple[int, ...] = (2022, 2023, 2024),
                      seed: int = 28) -> Planted:
    """``count`` reports (count // len(years) bodies × years) written to ``out`` as Markdown, and the
    record of what was planted (also written to out/planted.json)."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    reports = [parse_file(p) for p in sources]
    reports = [r for r in reports if r.agency and r.year and r.table3 is not None and r.table4 is not None and r.table2 is not None]
    templates: dict[str, list[Report]] = {}
    for r in reports:
        if r.layout == "2021":
            templates.setdefault(body_kind(r.agency), []).append(r)
    donors = [r for r in reports if r.section(1) is not None]
    apart = {(i, j): agency_key(a.agency or "") != agency_key(b.agency or "") and _overlap(a, b) < 0.2 and _overlap(b, a) < 0.2
             for i, a in enumerate(donors) for j, b in enumerate(donors)}  # donors that may follow each other
    taken: set[str] = set()
    cities = _names(rng, max(8, count // len(years) // 40), "市", taken)
    bodies: list[tuple[str, str, str]] = []  # (agency, kind, region)
    n_bodies = count // len(years)
    for n in range(n_bodies):
        city = cities[(n // 5) % len(cities)]
        share = n % 5
        if share < 3 and "区县人民政府" in templates:
            place = _names(rng, 1, rng.choice("区县"), taken)[0]
            bodies.append((f"{city}{place}人民政府", "区县人民政府", city))
        elif share == 3 and "市级部门" in templates:
            department = next(d for d in _DEPARTMENTS[n % len(_DEPARTMENTS):] + _DEPARTMENTS if f"{city}{d}" not in taken)
            taken.add(f"{city}{department}")
            bodies.append((f"{city}{department}", "市级部门", city))
        else:
            place = _names(rng, 1, rng.choice("区县"), taken)[0]
            kind = "区县部门" if "区县部门" in templates else next(iter(templates))
            bodies.append((f"{place}{_DEPARTMENTS[n % len(_DEPARTMENTS)]}", kind, city))
    planted = Planted()
    last = years[-1]
    plan = _plan(n_bodies, rng)
    written = 0
    for n, (agency, kind, region) in enumerate(bodies):
        template = rng.choice(templates[kind])
        leaves = _leaves(template)
        factor = rng.randint(1, 3) * (OUTLIER_SCALE if n in plan["outlier"] else 1)
        if n in plan["outlier"]:
            planted.outliers += [{"agency": agency, "year": y, "metric": "new_requests"} for y in years]
        picks: list[int] = []
        for _y in years:
            picks.append(rng.choice([i for i in range(len(donors)) if not picks or apart[(picks[-1], i)]]))
        chosen = [donors[i] for i in picks]
        previous_sections: dict[int, Section] = {}
        previous_figures: dict[str, float] = {}
        for y, donor in zip(years, chosen):
            figures = _scaled(leaves, factor, rng, 0.15)
            sections = _narrative(donor, agency, region, y)
            if y == last:
                figures, sections = _plant(n, plan, agency, y, figures, sections, previous_figures, previous_sections, planted, rng)
            report = _report(template, figures, sections, agency, y)
            (out / f"{n:04d}-{y}.md").write_text(report_markdown(report), encoding="utf-8")
            written += 1
            previous_sections, previous_figures = dict(sections), figures
        planted.bodies.append({"agency": agency, "kind": kind, "region": region, "years": list(years)})
    (out / "planted.json").write_text(json.dumps(asdict(planted), ensure_ascii=False, indent=1), encoding="utf-8")
    return planted


def _plan(n_bodies: int, rng: random.Random) -> dict[str, set[int]]:
    """Which bodies get which plant (disjoint, about a tenth of the bodies each for copying)."""
    order = list(range(n_bodies))
    rng.shuffle(order)
    cut = max(1, n_bodies // 25)
    names = ["outlier", "up", "to_zero", "stable", "copy_5", "copy_1", "copy_both"]
    plan = {name: set(order[i * cut:(i + 1) * cut]) for i, name in enumerate(names)}
    return plan


def _plant(n: int, plan: dict[str, set[int]], agency: str, year: int, figures: dict[str, float], sections: dict[int, Section],
           last_figures: dict[str, float], before: dict[int, Section], planted: Planted,
           rng: random.Random) -> tuple[dict[str, float], dict[int, Section]]:
    """Plant this body's cases in its last year; a jump only where last year's figure is large
    enough for the rule (supervision.toml [jumps]) to call it one."""
    figures = dict(figures)
    if n in plan["up"] and sum(v for c, v in last_figures.items() if c.startswith("table3.") and "carried" not in c):
        received = build_tables(last_figures, "2021").table3.value("new_requests", "total") or 0  # type: ignore[union-attr]
        scale = max(JUMP_SCALE, -(-12 // max(int(received), 1)))  # at least ×8, and at least 12 requests
        figures = {c: (v * scale if c.startswith("table3.") and not c.startswith("table3.carried_over") else v) for c, v in figures.items()}
        planted.jumps.append({"agency": agency, "year": year, "metric": "new_requests", "rule": "up"})
    if n in plan["to_zero"]:
        groups = {"withheld": [c for c in figures if c.split(".")[1] in _WITHHELD_ROWS or c.split(".")[1].startswith("withheld.")],
                  "granted": [c for c in figures if c.startswith("table3.granted.")],
                  "partially_granted": [c for c in figures if c.startswith("table3.partially_granted.")]}
        metric = next((m for m, cells in groups.items() if sum(last_figures.get(c, 0) for c in cells) >= 3), None)
        if metric is not None:  # none large enough: nothing planted (and nothing recorded)
            for cell in groups[metric]:
                figures[cell] = 0
            planted.jumps.append({"agency": agency, "year": year, "metric": metric, "rule": "to_zero"})
    if n in plan["stable"]:
        cell = "table2.normative_documents.in_force"
        figures[cell] = (figures.get(cell) or 0) + rng.randint(5, 20)
        planted.jumps.append({"agency": agency, "year": year, "metric": "normative_in_force", "rule": "stable"})
    copied = [5] if n in plan["copy_5"] else [1] if n in plan["copy_1"] else [1, 5] if n in plan["copy_both"] else []
    sections = dict(sections)
    for sid in copied:
        if sid not in before:
            continue
        old = before[sid]
        paragraphs = [Paragraph(text=re.sub(r"(?<!\d)((?:19|20)\d{2})(?=\s*年)", lambda m: str(int(m.group(1)) + 1), p.text)) for p in old.paragraphs]
        if sid == 1 and len(paragraphs) > 3:  # a lazier copy: the first paragraph rewritten, the rest kept
            paragraphs[0] = sections[sid].paragraphs[0] if sid in sections and sections[sid].paragraphs else paragraphs[0]
        sections[sid] = Section(id=sid, heading=old.heading, paragraphs=paragraphs)
        planted.copies.append({"agency": agency, "year": year, "section": sid})
    return figures, sections


def source_reports(root: Path | None) -> list[Path]:
    """The real reports under ``root`` (shared/reports), else the bundled samples."""
    if root is not None and root.is_dir():
        return [p for p in expand([root]) if p.name != "README.md"]
    return sample_paths()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--reports", type=Path, default=Path(__file__).resolve().parents[1] / ".." / "shared" / "reports")
    args = parser.parse_args()
    planted = generate_province(args.out, source_reports(args.reports), args.count)
    print(json.dumps({k: len(v) for k, v in asdict(planted).items()}, ensure_ascii=False))


if __name__ == "__main__":
    main()
