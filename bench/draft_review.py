"""Drafts for a blind review, from any checkout, with one command.

    python bench/draft_review.py NOTES_DIR OUT_DIR [--agency A --year Y] [--repo CHECKOUT] [--no-report] [--render]

For every notes file (*.txt) in NOTES_DIR it runs the checkout's own CLI,
``python -m assistant draft --section 5 --notes FILE [--agency A --year Y] --docx …`` twice (text and
``--json``), and writes OUT_DIR/section5/NAME.txt (what the CLI printed, its notes to the clerk after
a line "----"), NAME.docx and NAME.json. Then the whole report of 洪泽区 2025 from the figures and
notes in bench/data/draft_review/ (next to this script, so an older checkout gets the same input):
OUT_DIR/report/洪泽区-2025.txt, .docx, .json (and page images with --render, when LibreOffice and
pdftoppm are installed). OUT_DIR/review.md lists every notes file beside its draft with an empty
score line (1–5) for the reviewer; OUT_DIR/timings.json has each run's seconds and exit code.

Run it once on the checkout before the change and once after (``--repo /path/to/other/checkout``);
the CLI of that checkout drafts (PYTHONPATH is set to it). DISCLOSURE_HOME defaults to
OUT_DIR/.home (a fresh knowledge base: the bundled samples are ingested on first use);
DISCLOSURE_EMBEDDING_BACKEND and any other setting come from the environment.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "draft_review"
FONTS = DATA / "fonts.conf"  # the official fonts mapped to the Noto CJK face of their kind, for page images
REPORT_AGENCY, REPORT_YEAR = "洪泽区", 2025


def _run(repo: Path, args: list[str], env: dict[str, str]) -> tuple[int, str, str, float]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "assistant", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=1800)
    return done.returncode, done.stdout, done.stderr, time.perf_counter() - started


def _render(docx: Path, out: Path) -> list[str]:
    """Page images of a .docx (LibreOffice → PDF → pdftoppm), when both are installed; the official
    fonts, where missing, drawn in the Noto CJK face of their kind (fonts.conf)."""
    office, poppler = shutil.which("libreoffice") or shutil.which("soffice"), shutil.which("pdftoppm")
    if not office or not poppler:
        return []
    subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(docx)], check=True, capture_output=True,
                   timeout=300, env={"HOME": str(out), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "FONTCONFIG_FILE": str(FONTS)})
    subprocess.run([poppler, "-r", "60", "-png", str(out / (docx.stem + ".pdf")), str(out / docx.stem)], check=True, timeout=300)
    return sorted(p.name for p in out.glob(docx.stem + "-*.png"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notes_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--agency", help="the body the notes are from (its indexed reports give the form and last year's measures)")
    parser.add_argument("--year", type=int)
    parser.add_argument("--repo", type=Path, default=HERE.parent, help="the checkout whose CLI drafts (default: this one)")
    parser.add_argument("--no-report", action="store_true", help="section 五 only")
    parser.add_argument("--render", action="store_true", help="also page images of the whole report (LibreOffice, pdftoppm)")
    options = parser.parse_args(argv)
    repo, out = options.repo.resolve(), options.out_dir.resolve()
    notes = sorted(options.notes_dir.glob("*.txt"))
    if not notes:
        parser.error(f"no *.txt notes in {options.notes_dir}")
    (out / "section5").mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(repo), PYTHONIOENCODING="utf-8")
    env.setdefault("DISCLOSURE_HOME", str(out / ".home"))
    body = [*(["--agency", options.agency] if options.agency else []), *(["--year", str(options.year)] if options.year else [])]
    timings: dict[str, dict[str, float | int]] = {}
    review = [f"# 第五部分草稿盲评表（{repo.name}）", "", "评分：5 = 可直接签发 … 1 = 有误导。请对每份草稿打分并摘录理由。", ""]
    for index, path in enumerate(notes, 1):
        target = out / "section5" / path.stem
        args = ["draft", "--section", "5", "--notes", str(path.resolve()), *body]
        code, stdout, stderr, seconds = _run(repo, [*args, "--docx", str(target.with_suffix(".docx"))], env)
        target.with_suffix(".txt").write_text(stdout + ("\n----\n" + stderr if stderr.strip() else ""), encoding="utf-8")
        json_code, json_out, json_err, _ = _run(repo, [*args, "--json"], env)
        target.with_suffix(".json").write_text(json_out if json_code == 0 else json.dumps({"exit_code": json_code, "stderr": json_err}, ensure_ascii=False),
                                               encoding="utf-8")
        timings[path.name] = {"seconds": round(seconds, 2), "exit_code": code}
        print(f"[{index}/{len(notes)}] {path.name}: exit {code}, {seconds:.1f} s", file=sys.stderr)
        review += [f"## {index}. {path.name}", "", "笔记：", "", "```", path.read_text(encoding="utf-8").strip(), "```", "", "草稿：", "",
                   "```", (stdout.strip() or stderr.strip()), "```", "", "评分（1–5）：____　理由（引原文）：", ""]
    if not options.no_report:
        (out / "report").mkdir(exist_ok=True)
        target = out / "report" / f"{REPORT_AGENCY}-{REPORT_YEAR}"
        args = ["draft", "--report", "--agency", REPORT_AGENCY, "--year", str(REPORT_YEAR),
                "--figures", str(DATA / "hongze-2025-figures.txt"), "--notes", str(DATA / "hongze-2025-notes.txt")]
        code, stdout, stderr, seconds = _run(repo, [*args, "--docx", str(target.with_suffix(".docx"))], env)
        target.with_suffix(".txt").write_text(stdout + ("\n----\n" + stderr if stderr.strip() else ""), encoding="utf-8")
        json_code, json_out, json_err, _ = _run(repo, [*args, "--json"], env)
        target.with_suffix(".json").write_text(json_out if json_out.strip() else json.dumps({"exit_code": json_code, "stderr": json_err}, ensure_ascii=False),
                                               encoding="utf-8")
        timings[target.name] = {"seconds": round(seconds, 2), "exit_code": code}
        print(f"whole report {REPORT_AGENCY} {REPORT_YEAR}: exit {code}, {seconds:.1f} s", file=sys.stderr)
        pages = _render(target.with_suffix(".docx"), out / "report") if options.render and target.with_suffix(".docx").exists() else []
        review += [f"## 整份报告：{REPORT_AGENCY} {REPORT_YEAR}", "", f"Word 文件：report/{target.name}.docx" + (f"；页面图：{'、'.join(pages)}" if pages else ""),
                   "", "```", stdout.strip() or stderr.strip(), "```", "", "评分（1–5）：____　理由（引原文）：", ""]
    (out / "review.md").write_text("\n".join(review), encoding="utf-8")
    (out / "timings.json").write_text(json.dumps(timings, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"written: {out / 'review.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
