"""What ``disclosure benchmark`` and ``disclosure similar`` print (the CLI only parses options)."""

from __future__ import annotations

import json
from typing import Any

import click

from index.errors import InputError, NotIndexed

from .copying import copying
from .kinds import kinds
from .risk import supervise

SHOWN = 10


def _scope(kb: Any, kind: str | None) -> None:
    if kind and kind not in kinds():
        raise InputError(f"没有“{kind}”这一类机关；可选：{'、'.join(kinds())}。 (Unknown kind {kind}.)")
    if not kb.facts.complete_reports():
        raise NotIndexed("知识库中还没有报告；请先用 disclosure ingest 导入一批报告。 (The knowledge base is empty.)")


def run_benchmark(kb: Any, year: int | None, kind: str | None, region: str | None, xlsx: str | None, docx: str | None, as_json: bool) -> None:
    _scope(kb, kind)
    view = supervise(kb.facts, year, kind, region)
    if not view.bodies:
        raise NotIndexed(f"知识库中没有{region or ''}{year or ''}{'年' if year else ''}{kind or ''}的报告。 (No reports in scope.)")
    if xlsx:
        from .supervision_book import write_supervision

        write_supervision(view, xlsx)
    if docx:
        from .supervision_docx import write_docx

        write_docx(view, docx, region=region, year=year)
    if as_json:
        click.echo(json.dumps(view.as_json(), ensure_ascii=False, indent=2))
        return
    outliers = view.benchmark.outliers()
    flagged = [c for c in view.copies if c.flagged]
    click.echo(f"{len(view.bodies)} 份报告；同类比较 {len(view.benchmark.groups)} 组，远离同类 {len(outliers)} 处；"
               f"突变 {len(view.jumps)} 处；文本重复的部分 {len(flagged)} 个。")
    click.echo(f"\n风险清单（前 {min(SHOWN, len(view.risks))} 名）：")
    for n, risk in enumerate(view.risks[:SHOWN], start=1):
        click.echo(f"{n:>2}. {risk.body.agency}（{risk.body.kind}，{risk.body.year}年）风险分 {risk.score:g}：{risk.reasons()}")
    for path in (xlsx, docx):
        if path:
            click.echo(f"已写入：{path}")


def run_similar(kb: Any, year: int | None, show_all: bool, as_json: bool) -> None:
    _scope(kb, None)
    copies = copying(kb.facts, year)
    if as_json:
        click.echo(json.dumps([c.as_json() for c in copies], ensure_ascii=False, indent=2))
        return
    if not copies:
        click.echo(f"没有可比较的报告：需要同一机关{year or ''}{'年' if year else ''}及其上一年度的报告。")
        return
    shown = copies if show_all else [c for c in copies if c.flagged]
    click.echo(f"比较了 {len({c.body.report_id for c in copies})} 份报告的 {len(copies)} 个部分，"
               f"{sum(c.flagged for c in copies)} 个部分的句子大多与上一年度相同。")
    for copy in shown:
        click.echo(f"\n{copy.body.agency} {copy.body.year}年：{copy.reason()}{'（标记）' if copy.flagged else ''}")
        for pair in copy.pairs:
            click.echo(f"  本年：{pair.sentence}\n  {copy.previous.year}年：{pair.previous}（相似度 {pair.similarity:.0%}）")
