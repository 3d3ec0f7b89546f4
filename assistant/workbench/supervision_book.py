"""The supervisor's workbook: 风险清单, 对标 (each body per metric), 同类分位, 突变, 文本重复,
all in Chinese, numbers as numbers (written by ``disclosure benchmark --xlsx``)."""

from __future__ import annotations

from pathlib import Path

from .jumps import RULES
from .risk import RISK_HEADERS, RISK_WIDTHS, Supervision, by_body, risk_rows

OUTLIER = {"high": "远高于同类", "low": "远低于同类", None: ""}
STANDING_HEADERS = ["机关", "类别", "年度", "指标", "数值", "单位", "百分位", "排名", "同类数", "P25", "P50", "P75", "异常", "文本重复最高占比"]
GROUP_HEADERS = ["类别", "年度", "指标", "同类数", "P25", "P50", "P75", "下界", "上界"]
JUMP_HEADERS = ["机关", "年度", "上一年度", "指标", "上一年度数值", "本年度数值", "单位", "规则", "说明"]
COPY_HEADERS = ["机关", "年度", "上一年度", "部分", "判断的句子", "重复的句子", "重复占比", "标记", "本年句子", "上一年度句子", "相似度"]


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def write_supervision(view: Supervision, xlsx: str | Path, csv: str | Path | None = None) -> None:
    from .sheets import Sheets

    shares = by_body(view.copies)
    with Sheets(xlsx, csv, csv_sheet="风险清单") as book:
        book.sheet("风险清单", RISK_HEADERS, widths=RISK_WIDTHS, wrap=[10])
        book.sheet("对标", STANDING_HEADERS, widths=[28, 14, 7, 36, 10, 5, 8, 6, 7, 9, 9, 9, 11, 14])
        book.sheet("同类分位", GROUP_HEADERS, widths=[14, 7, 36, 7, 9, 9, 9, 9, 9])
        book.sheet("突变", JUMP_HEADERS, widths=[28, 7, 9, 36, 12, 12, 5, 14, 70])
        book.sheet("文本重复", COPY_HEADERS, widths=[28, 7, 9, 30, 9, 9, 9, 6, 60, 60, 8], wrap=[8, 9])
        for row in risk_rows(view.risks):
            book.add("风险清单", row)
        for s in view.benchmark.standings:
            share = shares.get(s.body.report_id)
            book.add("对标", [s.body.agency, s.body.kind, s.body.year, s.label, _r(s.value), s.unit, round(s.percentile, 1), s.rank,
                            s.group.peers, _r(s.group.p25), _r(s.group.p50), _r(s.group.p75), OUTLIER[s.outlier],
                            None if share is None else round(share, 3)])
        for g in view.benchmark.groups:
            book.add("同类分位", [g.kind, g.year, g.label, g.peers, _r(g.p25), _r(g.p50), _r(g.p75), _r(g.low_fence), _r(g.high_fence)])
        for j in view.jumps:
            book.add("突变", [j.body.agency, j.body.year, j.previous_year, j.label, _r(j.before), _r(j.after), j.unit, RULES[j.rule], j.reason()])
        for c in view.copies:
            first = c.pairs[0] if c.pairs else None
            book.add("文本重复", [c.body.agency, c.body.year, c.previous.year, COPY_SECTION[c.section], c.sentences, c.repeated,
                               round(c.share, 3), "是" if c.flagged else "", first.sentence if first else "",
                               first.previous if first else "", round(first.similarity, 3) if first else None])


COPY_SECTION = {1: "一、总体情况", 5: "五、存在的主要问题及改进情况", 6: "六、其他需要报告的事项"}
