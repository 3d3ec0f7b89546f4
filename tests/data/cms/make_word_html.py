"""Write a sample report as a CMS page that holds Word-generated HTML, the way county sites
publish them: GB2312 declared in a meta tag, mso styles and conditional comments, <o:p>,
&nbsp; padding, numbers split across <span>s, a value column Word widened to colspan=2,
a phantom sizing row, and the whole report inside the site's layout table.

    PYTHONPATH=. python tests/data/cms/make_word_html.py   # rewrites hongze-district-2024-word.htm
"""

from __future__ import annotations

import html
from pathlib import Path

from index.parser import parse_file
from index.render import Span, table_layout
from tests.conftest import golden, sample_path

NAME = "hongze-district-2024"
OUT = Path(__file__).parent / f"{NAME}-word.htm"

HEAD = """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv=Content-Type content="text/html; charset=gb2312">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<title>{title}</title>
<!--[if gte mso 9]><xml>
 <w:WordDocument>
  <w:View>Normal</w:View>
  <w:Zoom>0</w:Zoom>
  <w:PunctuationKerning/>
 </w:WordDocument>
</xml><![endif]-->
<style>
<!--
 p.MsoNormal, li.MsoNormal, div.MsoNormal
	{{mso-style-parent:"";
	margin:0cm;
	text-align:justify;
	text-justify:inter-ideograph;
	font-size:10.5pt;
	font-family:"Times New Roman","serif";
	mso-font-kerning:1.0pt;}}
table.MsoNormalTable
	{{mso-style-name:普通表格;
	mso-tstyle-rowband-size:0;
	mso-padding-alt:0cm 5.4pt 0cm 5.4pt;}}
-->
</style>
</head>
<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>
<table class="layout" width="1000" align="center" cellpadding="0" cellspacing="0">
<tr><td class="crumb">首页&nbsp;&gt;&nbsp;政府信息公开&nbsp;&gt;&nbsp;年度报告</td></tr>
<tr><td class="content">
<div class=WordSection1 style='layout-grid:15.6pt'>
"""

TAIL = """</div>
</td></tr>
<tr><td class="footer">主办单位：淮安市洪泽区人民政府办公室&nbsp;&nbsp;网站标识码：3208000000</td></tr>
</table>
</body>
</html>
"""


def paragraph(text: str, bold: bool = False) -> str:
    inner = f"<span style='font-size:16.0pt;font-family:仿宋_GB2312;mso-hansi-font-family:\"Times New Roman\"'>{html.escape(text)}<o:p></o:p></span>"
    if bold:
        inner = f"<b style='mso-bidi-font-weight:normal'>{inner}</b>"
    return f"<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt;mso-line-height-rule:exactly'>{inner}</p>\n"


def number_html(text: str) -> str:
    """Word splits runs: a number's digits end up in several spans, padded with &nbsp;."""
    if len(text) >= 2 and text.isdigit():
        return f"&nbsp;<span lang=EN-US>{text[:1]}</span><span lang=EN-US style='mso-bidi-font-size:10.5pt'>{text[1:]}</span>&nbsp;"
    return f"<span lang=EN-US>{text}</span>" if text else "&nbsp;"


def table_html(rows: list[list[Span]], widen_last: bool) -> str:
    out = ["<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 width=590\n style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184'>"]
    width = max(sum(s.cols for s in row) for row in rows[:1])
    taken: set[tuple[int, int]] = set()
    for number, row in enumerate(rows):
        cells = []
        column = 0
        for span in row:
            while (number, column) in taken:
                column += 1
            taken |= {(number + r, column + c) for r in range(span.rows) for c in range(span.cols)}
            last = column + span.cols == width
            column += span.cols
            cols = span.cols + (1 if widen_last and last else 0)
            attributes = (f" rowspan={span.rows}" if span.rows > 1 else "") + (f" colspan={cols}" if cols > 1 else "")
            text = span.text.strip()
            body = number_html(text) if text.isdigit() else html.escape(text) or "&nbsp;"
            cells.append(
                f"<td width=48{attributes} valign=center style='border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>\n"
                f"  <p class=MsoNormal align=center style='text-align:center'><span style='font-size:9.0pt;font-family:宋体'>{body}<o:p></o:p></span></p>\n  </td>"
            )
        out.append(f" <tr style='mso-yfti-irow:{number};height:19.85pt'>\n" + "\n".join(cells) + "\n </tr>")
    out.append(" <![if !supportMisalignedColumns]>\n <tr height=0>\n" + "".join("  <td width=48 style='border:none'></td>\n" for _ in range(width + 1)) + " </tr>\n <![endif]>")
    out.append("</table>\n")
    return "\n".join(out)


def main() -> None:
    report = parse_file(sample_path(NAME))
    assert report.title
    parts = [HEAD.format(title=html.escape(report.title))]
    parts.append(f"<p class=MsoNormal align=center style='text-align:center'><b><span style='font-size:22.0pt;font-family:方正小标宋简体'>{html.escape(report.title)}<o:p></o:p></span></b></p>\n")
    tables = {2: report.table2, 3: report.table3, 4: report.table4}
    for section in report.sections:
        if section.id:
            parts.append(paragraph(section.heading, bold=True))
        parts += [paragraph(p.text) for p in section.paragraphs]
        table = tables.get(section.id)
        if table is not None:
            # table 3's total column is two grid columns wide in this Word file
            parts.append(table_html(table_layout(table, report.layout), widen_last=section.id == 3))
    parts.append(TAIL)
    OUT.write_bytes("".join(parts).encode("gbk", errors="xmlcharrefreplace"))
    assert golden(NAME)["source"].endswith(".pdf")


if __name__ == "__main__":
    main()
