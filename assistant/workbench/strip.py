"""The percentile strip of the 统计 page's 对标与风险 view: one row per metric, every peer a dot
at its percentile (0–100), the chosen body's dot large and red, the 25th, 50th and 75th percentiles marked. Drawn here
as SVG text (no plotting library); every name and label is escaped, never markup."""

from __future__ import annotations

from html import escape

from .peers import Benchmark, fmt

WIDTH, LEFT, RIGHT, ROW = 960, 320, 30, 34
HIGHLIGHT, PEER, QUARTILE = "#c0392b", "#7f8c8d", "#2c3e50"


def strip_svg(bench: Benchmark, metrics: list[str], body_key: str | None) -> str:
    """An SVG of the metrics' percentile strips; rows for metrics the highlighted body has, or all."""
    span = WIDTH - LEFT - RIGHT
    rows = []
    for key in metrics:
        mine = [s for s in bench.standings if s.metric == key and s.body.key == body_key]
        group = mine[0].group if mine else None
        peers = [s for s in bench.standings if s.metric == key and (group is None or s.group is group)]
        if peers:
            rows.append((key, peers, mine[0] if mine else None))
    height = ROW * len(rows) + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" role="img" aria-label="百分位分布" '
             f'font-family="Noto Sans CJK SC, sans-serif" font-size="13">']
    # the axis in words: 0 is the lowest of the peers, 100 the highest, 50 the median
    parts.append(f'<text x="{LEFT - 8}" y="12" text-anchor="end" fill="#555">在同类中的百分位（0 最低，100 最高）</text>')
    for tick in (0, 25, 50, 75, 100):
        x = LEFT + span * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="18" x2="{x:.1f}" y2="{height - 14}" stroke="#ddd"/>'
                     f'<text x="{x:.1f}" y="12" text-anchor="middle" fill="#555">{"中位数 50" if tick == 50 else tick}</text>')
    for n, (key, peers, mine) in enumerate(rows):
        y = 34 + n * ROW
        label = peers[0].label.split("（")[0]
        shown = f"{label}：{fmt(mine.value)}{mine.unit}（第 {mine.rank}/{mine.group.peers} 名）" if mine else f"{label}（{len(peers)} 个机关）"
        parts.append(f'<text x="{LEFT - 8}" y="{y + 4}" text-anchor="end" class="strip-label">{escape(shown)}</text>')
        parts.append(f'<line x1="{LEFT}" y1="{y}" x2="{LEFT + span}" y2="{y}" stroke="#bbb"/>')
        for s in peers:
            if mine is not None and s is mine:
                continue
            colour = "#e67e22" if s.outlier else PEER
            parts.append(f'<circle class="peer" cx="{LEFT + span * s.percentile / 100:.1f}" cy="{y}" r="3.5" fill="{colour}" '
                         f'fill-opacity="0.55"><title>{escape(s.body.agency)}：{fmt(s.value)}{escape(s.unit)}</title></circle>')
        if mine is not None:
            parts.append(f'<circle class="highlight" cx="{LEFT + span * mine.percentile / 100:.1f}" cy="{y}" r="7" fill="{HIGHLIGHT}" '
                         f'stroke="white" stroke-width="1.5"><title>{escape(mine.body.agency)}：{fmt(mine.value)}{escape(mine.unit)}</title></circle>')
    parts.append(f'<text x="{LEFT}" y="{height - 2}" fill="#555">灰点：同类机关（同一类别、同一年度）；橙点：远离同类；红点：所选机关</text>')
    parts.append("</svg>")
    return "".join(parts)
