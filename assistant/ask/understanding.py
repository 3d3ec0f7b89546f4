"""Questions → plans, by rules over the lexicon (assistant/vocab/*.toml), with an e5-assisted
fallback for phrases the lexicon lacks. Multi-part questions become several plans.

A first, broad reading (assistant.ask.reading) finds the bodies named in full, the measure and
the kind of question; this module adds what users actually type: rates and shares, table-4
outcomes, short names of bodies (assistant.ask.bodies), relative years and spans, lists and
filters, several bodies and measures at once, things the format does not record.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import Any

from index.agencies import agency_key
from index.facts import FactStore

from .measures import Measure, contains, find_column, find_measure, measures, vocab
from .named import find_agencies
from .reading import Reading, read_question
from .bodies import _catalog, _named_plainly, _short_names, body_in_region, english_unknown_body, resolve_bodies
from .plan import (Derived, Filter, Metric, Plan, cell_metric, derived_metric, derived_metrics, lexicon, metrics_vocab, regroup,
                   table4_group)
from .prose_bridge import find_prose_measure

Embed = Any  # a LangChain Embeddings (embed_documents / embed_query), or a function returning one (or None)
SIMILARITY = 0.885  # e5 cosine above which an unknown phrase is read as a metric's description
MARGIN = 0.008  # … and by this much ahead of the next one
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_CN_YEAR = re.compile(r"([〇零一二三四五六七八九]{4}|[〇零一二三四五六七八九]{2})(?=年)")
_SHORT_YEAR = re.compile(r"(?<![\d.])(\d{2})(?=\s*(?:两|两个|三)?年(?!度?报告|轻)|\s*(?:[、和与,，/-]|比|跟|较|对比)\s*\d{2}\s*(?:两|两个)?年)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年)?\s*(?:到|至|-|–|—|~|to|through)\s*((?:19|20)\d{2})(?!\d)")
_RECENT = re.compile(r"(?:近|最近|过去|这|last|past)\s*([两二三四五六七八九十]|[2-9]|1\d)\s*(?:个)?\s*(?:年|years)"
                     r"|(?<![\d一二三四五六七八九十.])([两二三四五六七八九十]|[2-9]|1\d)\s*(?:个)?\s*年(?!度?报告|前|后|以)(?=[里中来间各分都的内加合一总累共])"
                     r"|(?:its|the|both|these|all)\s+(two|three|four|five|six|seven|eight|nine|ten)\s+years")
_EN_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_PARTS = re.compile(r"(?<=[？?；;])\s*|\s*(?:另外|此外|同时|and also|also,)\s*")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def today() -> date:
    """Today's date (a seam for tests)."""
    return date.today()


def language_of(text: str) -> str:
    """English when the question is worded in English, even around Chinese names ("Which received more
    requests in 2024: <name> or <name>?"): four English words or more, twice as many as Chinese runs."""
    words = len(re.findall(r"[A-Za-z]{2,}", text))
    if words >= 4 and words >= 2 * len(_CJK_RUN.findall(text)) and re.match(r"\W*[A-Za-z]", text):
        return "en"
    return "zh" if len(_CJK.findall(text)) >= len(re.findall(r"[A-Za-z]", text)) / 3 else "en"


def _chinese_number(word: str) -> int:
    import cn2an

    return int(cn2an.cn2an(word.replace("两", "二"), "smart"))


def normalize(question: str) -> str:
    """Full-width to half-width, lower case, Chinese-numeral and two-digit years to four digits."""
    text = unicodedata.normalize("NFKC", question).lower()
    text = _CN_YEAR.sub(lambda m: m.group(1).translate(_CN_DIGITS), text)
    return _SHORT_YEAR.sub(lambda m: f"20{m.group(1)}", text)


def _has_any(text: str, words: list[str]) -> str | None:
    best = None
    for word in words:
        if contains(text, word.lower()) and (best is None or len(word) > len(best)):
            best = word
    return best


# ------------------------------------------------------------------------------------ years

def indexed_years(facts: FactStore, bodies: tuple[str, ...] | list[str] = ()) -> list[int]:
    rows = facts.reports_of(list(bodies)) if bodies else facts.complete_reports()
    return sorted({r.year for r in rows if r.year})


def find_years(text: str, facts: FactStore, bodies: list[str]) -> tuple[list[int], str, bool]:
    """(years, the relative word used, whether a range of years was asked)."""
    span = _RANGE.search(text)
    if span:
        a, b = sorted((int(span.group(1)), int(span.group(2))))
        return list(range(a, b + 1)), "", True
    years = [int(y) for y in _YEAR.findall(text)]
    if years:
        return list(dict.fromkeys(years)), "", False
    recent = _RECENT.search(text)
    if recent:
        word = next(g for g in recent.groups() if g)
        n = _EN_NUMBERS.get(word) or (int(word) if word.isdigit() else _chinese_number(word))
        return indexed_years(facts, bodies)[-n:], "", True
    if any(re.search(p, text) for p in lexicon()["operations"]["all_reports"]):
        return indexed_years(facts, bodies), "", True  # "所有报告加起来": every year, not the newest of each
    spans = lexicon()["year_spans"]
    span_word = _has_any(text, list(spans)) if bodies else None
    if span_word and any(span_word in w and contains(text, w) for w in lexicon()["relative_years"]):
        span_word = None  # "two years ago" is one year, not the body's last two
    if span_word:  # "洪泽区两年的行政处罚加一起": the body's newest N indexed years
        return indexed_years(facts, bodies)[-spans[span_word]:], "", True
    for phrase in lexicon()["not_years"]["words"]:  # "carried over from last year" names a row, not a year
        text = text.replace(phrase, " ")
    relative = lexicon()["relative_years"]
    words = [w for w in sorted(relative, key=len, reverse=True)
             if contains(text, w) and not (w == "本年" and re.search(r"本年(?:度|新收|制发|废止|收费|处理)", text))]
    words = [w for w in words if not any(w != o and w in o for o in words)]  # 大前年 is not also 前年
    if words:
        found = sorted({today().year + relative[w] for w in words})
        return found, "、".join(sorted(words, key=lambda w: relative[w], reverse=True)), False
    if _has_any(text, lexicon()["operations"]["latest"]):
        years = indexed_years(facts, bodies)
        return years[-1:], "", False
    return [], "", False


# ------------------------------------------------------------------------------------ metrics

def _fuzzy_word(text: str, words: list[str]) -> str | None:
    """A lexicon word the question contains with one character wrong (行政复意 → 行政复议)."""
    for word in sorted(words, key=len, reverse=True):
        n = len(word)
        if n < 4 or not _CJK.search(word):
            continue
        for i in range(len(text) - n + 1):
            chunk = text[i:i + n]
            if sum(a != b for a, b in zip(chunk, word)) == 1 and chunk[0] == word[0] or \
               sum(a != b for a, b in zip(chunk, word)) == 1 and chunk[-1] == word[-1]:
                return word
    return None


@lru_cache(maxsize=1)
def _all_measure_words() -> dict[str, str]:
    words = {}
    for m in measures().values():
        for w in m.words:
            words.setdefault(w, m.id)
    return words


def _prose_phrase_positions(text: str) -> set[int]:
    """Positions of the question covered by a phrase of a prose measure of four characters or more
    (index/vocab/prose.toml)."""
    from index.prose import measures as prose_measures

    kept: set[int] = set()
    for m in prose_measures():
        for word in m.words:
            for part in word.split("…"):
                if len(part) >= 4:
                    for hit in re.finditer(re.escape(part), text):
                        kept |= set(range(hit.start(), hit.end()))
    return kept


def fix_typos(text: str) -> tuple[str, list[str]]:
    """Replace a misspelt measure word by the word it resembles; English words by difflib."""
    fixed: list[str] = []
    if find_measure(text) is None and not _has_any(text, [w for d in derived_metrics().values() for w in d.words]):
        chinese = [w for w in _all_measure_words() if _CJK.search(w)] + [w for d in derived_metrics().values() for w in d.words if _CJK.search(w)]
        word = _fuzzy_word(text, chinese)
        if word:
            kept = _prose_phrase_positions(text) or find_prose_measure(text)
            for i in range(len(text) - len(word) + 1):
                chunk = text[i:i + len(word)]
                if sum(a != b for a, b in zip(chunk, word)) == 1:
                    if kept:  # the question names a figure of the prose ("几名工作人员"): nothing is misspelt
                        break
                    text = text[:i] + word + text[i + len(word):]
                    fixed.append(word)
                    break
    english = [w for w in list(_all_measure_words()) + [w for d in derived_metrics().values() for w in d.words] if w.isascii() and " " not in w]
    for token in set(re.findall(r"[a-z]{5,}", text)):
        if token in english:
            continue
        close = difflib.get_close_matches(token, english, n=1, cutoff=0.85)
        if close and not (close[0].startswith(token) or token.startswith(close[0])):
            text = re.sub(rf"\b{token}\b", close[0], text)
    return text, fixed


@lru_cache(maxsize=2)
def _measure_words(weak: bool = False) -> list[tuple[str, str, re.Pattern[str] | None]]:
    words = sorted(((w, m.id) for m in measures().values() if m.id != "corrected" for w in (m.weak if weak else m.words)), key=lambda x: -len(x[0]))
    return [(w, mid, None if _CJK.search(w) else re.compile(rf"(?<![a-z]){re.escape(w)}(?![a-z])")) for w, mid in words]


def measures_in(text: str, joined: bool = False) -> list[str]:
    """Every measure the question names by a strong word, longest words first, without overlaps,
    in the order named; a measure inside another named one (不掌握 inside 无法提供) replaces it."""
    spans: list[tuple[int, int, str]] = []
    taken = [False] * len(text)
    # weak words ("requests") only beside another measure they are listed with ("requests and lawsuits")
    for word, mid, pattern in _measure_words() + (_measure_words(True) if joined else []):
        if word not in text or measures()[mid].unless and _has_any(text, list(measures()[mid].unless)):
            continue
        start = 0
        while True:
            at = text.find(word, start) if pattern is None else (lambda m: m.start() if m else -1)(pattern.search(text, start))
            if at < 0:
                break
            if not any(taken[at:at + len(word)]):
                spans.append((at, at + len(word), mid))
                for i in range(at, at + len(word)):
                    taken[i] = True
            start = at + 1
    spans.sort()
    if joined and len(spans) > 1:  # only measures listed side by side ("行政许可和行政处罚", "issued, repealed and in force")
        linked = set()
        for left, right in zip(spans, spans[1:]):
            between = text[left[1]:right[0]]
            if not between and _CJK.search(text[left[0]:right[1]]) or re.search(r"[和与及、，,;；/+]|and|以及|还有|跟|分别|各|还是|或|\bor\b|versus|vs", between):
                linked |= {left, right}
        spans = [sp for sp in spans if sp in linked]
    found = list(dict.fromkeys(mid for _, _, mid in spans))
    rows = {mid: set(measures()[mid].rows) | {f"{measures()[mid].table}:{measures()[mid].column}"} for mid in found}
    specific = [m for m in found if not any(o != m and rows[o] < rows[m] for o in found)]
    return specific


def find_derived(text: str) -> tuple[Derived | None, str]:
    best: tuple[str, Derived] | None = None
    for d in derived_metrics().values():
        if d.requires and not _has_any(text, list(d.requires)) or d.unless and _has_any(text, list(d.unless)):
            continue
        for word in d.words:
            plural = word.isascii() and contains(text, word + "s")  # "correction rates"
            if (contains(text, word) or plural) and (best is None or len(word) > len(best[0])):
                best = (word, d)
    return (best[1], best[0]) if best else (None, "")


def find_outcome(text: str) -> str | None:
    best: tuple[str, str] | None = None
    for column, words in lexicon()["outcomes"].items():
        for word in words:
            if contains(text, word.lower()) and (best is None or len(word) > len(best[0])):
                best = (word, column)
    return best[1] if best else None


def _share_metric(metric: Metric) -> Metric | None:
    """A cell over its natural whole (see [share] in metrics.toml)."""
    measure = metric.measure
    if measure is None or measure.table == "table2":
        return None
    operand = measure.id + (f":{metric.column}" if metric.column else "")
    if measure.table == "table4":
        if not metric.column or metric.column == "total":
            return None
        base = [measure.id]
    elif measure.id in metrics_vocab()["share"]["first_rows"]["rows"] or (measure.table == "table3" and metric.column and metric.column != "total" and measure.id == "new_requests"):
        if not metric.column or metric.column == "total":
            return None
        base = [measure.id]
    else:
        base = list(metrics_vocab()["share"]["table3_outcome_base"])
        if metric.column and metric.column != "total":
            base = [f"{b}:{metric.column}" for b in base]
    from .labels import operand_label

    label = f"{operand_label(operand, True)}占比"
    d = Derived(f"share.{operand}", label, f"share {measure.english}", (), (operand,), tuple(base))
    return Metric("derived", derived=d, label=label, unit="%")


def complement_share(text: str, metric: Metric, count: bool = False) -> Metric:
    """"除了予以公开以外的占比", "不是自然人的占几成", "non-individual share": the share of the rest,
    (whole − part) ÷ whole, when a word of [complement] in the lexicon stands right before the part
    (or one of its `after` words right after it); with ``count``, the rest itself (whole − part)."""
    d = metric.derived
    if d is None or not d.percent or len(d.numerator) != 1 or not d.denominator or d.numerator[0].startswith("-"):
        return metric
    operand = d.numerator[0]
    name, _, column = operand.partition(":")
    words = vocab()["applicants"][column] if column in vocab()["applicants"] else measures()[name].words
    complement = lexicon()["complement"]
    before = "|".join(re.escape(w) for w in sorted(complement["words"], key=len, reverse=True))
    after = "|".join(re.escape(w) for w in sorted(complement["after"], key=len, reverse=True))
    part = "|".join(re.escape(w.lower()) for w in sorted(words, key=len, reverse=True))
    if not re.search(rf"(?<!是)(?:{before})\s*的?\s*(?:{part})|(?:{part})\s*的?\s*(?:{after})", text):  # not "是不是"
        return metric
    from .labels import operand_label

    label = f"除{operand_label(operand, True)}以外的" + ("部分" if count else "占比")
    english = f"{'requests' if count else 'share'} other than {operand_label(operand, False)}"
    rest = Derived(f"complement.{operand}" + (".count" if count else ""), label, english, (),
                   (*d.denominator, f"-{operand}"), () if count else d.denominator, percent=not count)
    return Metric("derived", derived=rest, label=label, unit="件" if count else "%")


def _named_rate(text: str, metric: Metric | None) -> bool:
    """Whether the metric found is a rate the question names itself (纠错率, 被纠正的比例) or a share
    of several groups named one by one: two measures in it are its groups, not a ratio's two sides."""
    if metric is None or metric.kind != "derived" or metric.derived is None:
        return False
    outcome = find_outcome(text)  # "复议被纠正的比例和诉讼被纠正的比例": an outcome's share in each group
    return find_derived(text)[0] is not None or "+" in metric.derived.id or bool(outcome and outcome != "total")


def _ratio_wins(text: str, metric: Metric | None, ratio: Metric) -> bool:
    """Whether one measure over another is meant rather than the metric found: unless that is a rate
    the question names itself; "A是B的百分之几" of exactly two measures wins over their combined
    share ("部分公开是予以公开的百分之几"), but not when they are added up ("…合起来占…的百分之几")."""
    if not _named_rate(text, metric):
        return True
    return ratio.derived is not None and ratio.derived.percent and find_derived(text)[0] is None \
        and len(measures_in(text)) == 2 and not _has_any(text, vocab()["intents"]["total"])


def _context_year(text: str) -> int | None:
    """Years after the one the chat is about, when a follow-up starts with them ("第二年呢？";
    "拖到下一年才办的" is not a year): [context_years] and [follow_up_leads] in the lexicon."""
    lead = text.strip()
    for word in sorted(lexicon()["follow_up_leads"]["words"], key=len, reverse=True):
        if lead.startswith(word):
            lead = lead[len(word):].lstrip()
            break
    return next((n for w, n in lexicon()["context_years"].items() if lead.startswith(w)), None)


def ratio_metric(text: str) -> Metric | None:
    """"行政许可是行政处罚的几倍", "how many times more permits than penalties": the first measure
    named over the second, in one report ([measure_ratio] in the lexicon)."""
    words = lexicon()["measure_ratio"]
    percent_word = _has_any(text, words["percent"])
    percent = bool(percent_word)
    if percent or _has_any(text, words["words"]):
        named = measures_in(text)
    elif _has_any(text, words["joined"]) and _has_any(text, words["joiners"]):  # "行政处罚和行政许可的比例": two measures side by side
        named = measures_in(text, joined=True)  # ("依申请里，不掌握的比例" is a share, not a ratio)
    else:
        return None
    if len(named) < 2 or _has_any(text, lexicon()["operations"]["breakdown"]):
        return None
    a, b = measures()[named[0]], measures()[named[1]]
    if percent_word in words["whole_first"]:  # "what percentage of the requests handled were granted": granted ÷ handled
        a, b = b, a
    label = f"{a.label}与{b.label}之比" if not percent else f"{a.label}占{b.label}的百分比"
    d = Derived(f"ratio.{a.id}.{b.id}", label, f"ratio of {a.english.split(' (')[0]} to {b.english.split(' (')[0]}", (),
                (a.id,), (b.id,), percent=percent, times=not percent)
    return Metric("derived", derived=d, label=label, unit="%" if percent else "倍")


def applicant_metric(text: str, measure_id: str) -> Metric | None:
    """A table-3 measure by applicant: one column ("自然人", "企业") or the group of organisations
    ("法人或其他组织": its columns added up, [applicant_groups] in the lexicon)."""
    measure = measures()[measure_id]
    if measure.table != "table3":
        return None
    column = find_column(text)
    longest = max((len(w) for w in vocab()["applicants"].get(column or "", []) if contains(text, w.lower())), default=0)
    for group in lexicon()["applicant_groups"].values():
        word = _has_any(text, group["words"])
        if word and len(word) > longest:
            share = bool(_has_any(text, metrics_vocab()["share"]["words"]))
            label = f"{group['label']}{measure.label}" + ("占比" if share else "")
            d = Derived(f"applicants.{measure.id}.{group['key']}" + (".share" if share else ""), label,
                        f"{measure.english.split(' (')[0]} from {group['english']}", (),
                        tuple(f"{measure.id}:{c}" for c in group["columns"]), (measure.id,) if share else (), percent=share)
            return Metric("derived", derived=d, label=label, unit="%" if share else measure.unit)
    return cell_metric(measure.id, column) if column and column != "total" else None


def _table3_measure(metric: Metric | None) -> str | None:
    """The table-3 measure a metric counts (an applicant group's too), for follow-ups naming a column."""
    if metric is None:
        return None
    if metric.measure is not None:
        return metric.measure.id if metric.measure.table == "table3" else None
    if metric.derived is not None and metric.derived.id.startswith("applicants."):
        return metric.derived.numerator[0].split(":")[0]
    return None


def _combined_share(text: str) -> Metric | None:
    """"不予公开、无法提供和不予处理加起来占多大比重", "不予公开+无法提供 ÷ 办理结果总计": several
    table-3 outcome groups added up, over their natural whole (办理结果总计), when a share is asked."""
    share = metrics_vocab()["share"]
    if not _has_any(text, share["words"] + share["operators"]):
        return None
    base = list(share["table3_outcome_base"])
    named = [m for m in measures_in(text) if measures()[m].table == "table3" and m not in share["first_rows"]["rows"]]
    parts = [m for m in named if m not in base]
    if not parts or (len(parts) < 2 and not set(base) & set(named)):
        return None  # one group alone is the single share of find_metric
    from .labels import operand_label

    joined = lambda labels, last: "、".join(labels[:-1]) + last + labels[-1] if len(labels) > 1 else labels[0]  # noqa: E731
    label = joined([operand_label(m, True) for m in parts], "和") + "合计占比"
    english = "share " + joined([operand_label(m, False) for m in parts], " and ") + " together"
    d = Derived("share." + "+".join(parts), label, english, (), tuple(parts), tuple(base))
    return Metric("derived", derived=d, label=label, unit="%")


_QUOTED = re.compile(r"[“「『\"]([^“”「」『』\"]{2,30})[”」』\"]")


def _quoted_measure(text: str) -> Measure | None:
    """The measure a quoted label names (“本机关不掌握”): a label in quotes is the user's exact words."""
    for span in _QUOTED.findall(text):
        named = measures_in(span)
        if len(named) == 1:
            return measures()[named[0]]
    return None


def _group_around(text: str, measure: Measure) -> Measure | None:
    """A measure the question also names whose rows hold this one's ("不予公开" around "保护第三方")."""
    rows = set(measure.rows)
    at = min((text.find(w.lower()) for w in measure.words if w.lower() in text), default=-1)
    for other in measures().values():
        if other.id != measure.id and other.table == measure.table and other.column == measure.column and rows < set(other.rows):
            group_at = min((text.find(w.lower()) for w in other.words if w.lower() in text), default=-1)
            if 0 <= group_at < at:  # the group first: "不予公开的里面…" (not "不掌握而无法提供的占办理总数")
                return other
    return None


def find_metric(text: str, query: Reading) -> tuple[Metric | None, list[str]]:
    """The metric a question asks for, and the words it was read from when they were everyday ones."""
    understood: list[str] = []
    derived, word = find_derived(text)
    measure = query.measure
    quoted = _quoted_measure(text)
    if quoted is not None and derived is not None and not derived.denominator:
        derived, measure = None, quoted  # “本机关不掌握”而没给信息的: the quoted row, not the wider group around it
    group = None
    if measure is not None and measure.table == "table4" and measure.id in ("reviews", "lawsuits", "lawsuits_direct", "lawsuits_after_review"):
        group = measure.id
    combined = _combined_share(text)  # groups named one by one beat a word for several ("没给信息")
    if combined is not None:
        return combined, understood
    if derived is not None:
        outcome = find_outcome(text)
        if not derived.denominator and outcome and outcome != "total" \
                and all(":" not in op and measures()[op.lstrip("-")].table == "table4" for op in derived.numerator):
            return cell_metric("corrected", outcome), understood  # "复议和诉讼一共被纠正了几件": the outcome of both
        metric = derived_metric(derived.id, group if derived.group else None)
        return complement_share(text, metric), understood
    if measure is None:
        return None, understood
    column = query.column
    if measure.table == "table4":
        outcome = find_outcome(text)
        if measure.id == "corrected":
            column = None
        elif outcome and outcome != "total":
            column = outcome
    metric = cell_metric(measure.id, column)
    group = applicant_metric(text, measure.id) if measure.table == "table3" else None
    if group is not None and group.kind == "derived":
        return group, understood
    hit = _has_any(text, lexicon()["colloquial"]["words"])
    if hit and measure.label not in text and hit in measure.words:
        understood.append(measure.label)
    if _has_any(text, metrics_vocab()["share"]["words"]):
        parent = _group_around(text, measure) if column in (None, measure.column) else None
        if parent is not None:  # "不予公开的里面，保护第三方的占多少": the row over its own group, not over all requests
            label = f"{measure.label}占{parent.label}的比例"
            d = Derived(f"share.{measure.id}.of.{parent.id}", label, f"share of {parent.english.split(' (')[0]} that were "
                        f"{measure.english.split(' (')[0]}", (), (measure.id,), (parent.id,), percent=True)
            return Metric("derived", derived=d, label=label, unit="%"), understood
        share = _share_metric(metric)
        if share is not None:
            return complement_share(text, share), understood
    share = _share_metric(metric)
    rest = complement_share(text, share, count=True) if share is not None else None
    if rest is not None and rest is not share:  # "非自然人申请有几件": the whole less the part
        return rest, understood
    return metric, understood


@lru_cache(maxsize=2)
def _descriptions() -> tuple[list[str], list[Metric]]:
    texts, metrics = [], []
    for m in measures().values():
        texts.append(m.label + "：" + "、".join([w for w in m.words if _CJK.search(w)][:6]))
        metrics.append(cell_metric(m.id))
    for d in derived_metrics().values():
        texts.append(d.label + "：" + "、".join([w for w in d.words if _CJK.search(w)][:6]))
        metrics.append(derived_metric(d.id))
    return texts, metrics


_DESCRIPTION_VECTORS: dict[int, Any] = {}
_ASKING = re.compile(r"多少|几|(?:19|20)\d{2}\s*年?|[？?。，,]|how many|how much")


def similar_metric(text: str, embed: Embed, names: list[str] = ()) -> tuple[Metric, float] | None:  # type: ignore[assignment]
    """The metric whose description is nearest the question's own words (bodies, years and
    question words removed), above the threshold and clearly ahead of the next one."""
    import numpy as np

    if _has_any(text, lexicon()["prose_topics"]["words"]):
        return None
    excluded = {m.id for m in measures().values() if m.unless and _has_any(text, list(m.unless))}
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name.lower(), " ")
    text = _ASKING.sub(" ", text).strip()
    if len(text) < 2:
        return None
    if callable(embed):  # resolved only now: opening the vector store costs a table question nothing
        embed = embed()
        if embed is None:
            return None
    texts, metrics = _descriptions()
    key = id(embed)
    if key not in _DESCRIPTION_VECTORS:
        _DESCRIPTION_VECTORS[key] = np.asarray(embed.embed_documents(texts), dtype=float)
    matrix = _DESCRIPTION_VECTORS[key]
    vector = np.asarray(embed.embed_query(text), dtype=float)
    scores = matrix @ vector / (np.linalg.norm(matrix, axis=1) * (np.linalg.norm(vector) or 1.0))
    order = np.argsort(-scores)
    best, second = int(order[0]), float(scores[order[1]])
    if scores[best] >= SIMILARITY and scores[best] - second >= MARGIN and metrics[best].id not in excluded:
        return metrics[best], float(scores[best])
    return None


# ------------------------------------------------------------------------------------ operations

def find_filter(text: str) -> tuple[Filter, ...]:
    f = lexicon()["filters"]
    for word in f["asks_whether"]:  # "有没有哪家有结转的" asks for the ones that have, not for zeros
        text = text.replace(word, "有")
    text = _QUOTED.sub(" ", text)  # a quoted label (“没有现成信息需要另行制作”) is a name, not a "none"
    if any(re.search(p, text) for p in f["zero_patterns"]):
        return (Filter("==", 0),)
    for pattern in f["above"]:
        m = re.search(pattern, text)
        if m:
            return (Filter(">", float(m.group(1))),)
    for pattern in f["below"]:
        m = re.search(pattern, text)
        if m:
            return (Filter("<", float(m.group(1))),)
    if _has_any(text, f["nonzero"]):
        return (Filter(">", 0),)
    if _has_any(text, f["zero"]):
        return (Filter("==", 0),)
    if _has_any(text, f["errors"]):
        return (Filter("errors"),)
    return ()


def find_limit(text: str) -> int | None:
    """Top/bottom N: "前3", "哪三个", "top 5" (Chinese numerals read by cn2an)."""
    import cn2an

    for pattern in lexicon()["filters"]["top_n"]:
        m = re.search(pattern, text)
        if m:
            try:
                return int(cn2an.cn2an(m.group(1), "smart"))
            except (ValueError, KeyError):
                continue
    return None


def not_recorded(text: str) -> str | None:
    for entry in lexicon()["not_recorded"]:
        if _has_any(text, entry["words"]):
            return entry["key"]
    return None


def split_parts(question: str) -> list[str]:
    parts = [p.strip(" ，,。") for p in _PARTS.split(question) if p and p.strip(" ，,。？?；;")]
    return parts or [question]


def _matches_any(text: str, patterns: list[str]) -> bool:
    return any(re.search(p, text) for p in patterns)


def _many_bodies(text: str, metric: Metric, years: list[int]) -> str:
    """The operation over two or more bodies named: 几倍 divides, 谁多 compares and names the larger,
    a change between two years is each body's change, 差多少 subtracts, 一共 sums, 对比 compares,
    anything else gives each body's value."""
    ops = lexicon()["operations"]
    intents = vocab()["intents"]
    if _has_any(text, ops["ratio"]):
        return "ratio"
    if _matches_any(text, ops["which_more"]) or _has_any(text, intents["rank_most"] + intents["rank_least"]):
        return "compare"
    if len(set(years)) >= 2 and _has_any(text, ops["change"]):
        return "change"
    if _has_any(text, ops["difference"]) or _matches_any(text, ops["difference_patterns"]):
        return "difference"
    if _has_any(text, intents["total"]) and not _has_any(text, ops["separately"]):
        return "sum"
    if _has_any(text, intents["compare"] + ops["compare"]):
        return "compare"
    return "value"


def _operation(text: str, query: Reading, metric: Metric | None, bodies: list[str], years: list[int], year_range: bool,
               filters: tuple[Filter, ...]) -> str:
    intents = vocab()["intents"]
    ops = lexicon()["operations"]
    ranking = _has_any(text, intents["rank_most"] + intents["rank_least"] + intents["rank"]) and len(bodies) != 1
    if query.intent == "errors" or (metric is None and (filters and filters[0].op == "errors" or _has_any(text, intents["errors"]))):
        return "errors"
    if metric is None and (query.intent == "reports" or (
            _has_any(text, ops["filter"] + ["收了", "有哪些", "list"]) and re.search(r"报告|年报|reports?\b", text))) \
            and not (bodies and _has_any(text, [w for ws in vocab()["section_words"].values() for w in ws])):
        return "reports"  # "利通区年报里说存在哪些不足" asks what a report says, not which reports there are
    if metric is None:
        return "narrative"
    if len(bodies) > 1:
        return _many_bodies(text, metric, years)
    if len(bodies) == 1 and _has_any(text, ops["which_year"]) and _matches_any(text, ops["which_more"] + ["最", "most", "fewest", "least", "highest", "lowest"]):
        return "extreme"  # "哪一年收到的申请最多": the year of the body's largest value
    if ranking:
        return "rank"
    if len(bodies) != 1 and (_has_any(text, ops["filter"]) and (filters or not _has_any(text, ops["all_bodies"]))
                             or filters and filters[0].op in (">", "<")):
        return "filter"
    if _has_any(text, ops["ratio"]) and (len(set(years)) > 1 or len(bodies) > 1):
        return "ratio"  # "2024年是2023年的几倍"
    if len(bodies) == 1 and len(set(years)) > 1 and (_has_any(text, intents["total"] + ops["all_bodies"]) or _matches_any(text, ops["span_total"])) \
            and not _has_any(text, ops["separately"]):
        return "sum"  # "洪泽 2023 和 2024 年合计"
    if len(bodies) == 1 and (year_range or _has_any(text, ops["trend"])
                             or len(set(years)) > 1 and _has_any(text, ops["breakdown"] + [w for w in ops["separately"] if w.strip() not in intents["compare"]])):  # "去年和前年各收到多少"
        return "trend"
    net = metric.kind == "derived" and metric.derived is not None and not metric.derived.percent and len(years) < 2
    if len(bodies) <= 1 and not net and _has_any(text, ops["change"]) and len(years) <= 2 and not (len(bodies) == 0 and query.intent == "total"):
        return "change" if bodies else ("sum" if query.intent == "total" else "change")
    if len(bodies) > 1 and _has_any(text, intents["total"]) and not _has_any(text, ops["separately"]):
        return "sum"  # "两家加起来多少"
    if len(bodies) > 1 and _has_any(text, ops["difference"]):
        return "difference"
    if query.intent == "total" or (not bodies and metric is not None):
        return "sum"
    if query.intent == "compare" or len(bodies) > 1 or len(set(years)) > 1:
        return "compare"
    return "value"


def _region_named_apart(text: str, region: str, bodies: list[str], facts: FactStore) -> bool:
    """Whether the region is named on its own, not only inside the name of a body the question names."""
    rest = text
    for alias, key in facts.all_aliases():  # longest first
        if key in bodies and alias:
            rest = rest.replace(alias.lower(), " ")
    return region.lower() in rest


def plan_part(question: str, facts: FactStore, previous: Plan | None = None, embed: Embed | None = None) -> Plan:
    """One question (or one part of one) → one plan."""
    language = language_of(question)
    text = normalize(question)
    text, fixed = fix_typos(text)
    query = read_question(text, facts, previous.reading if previous is not None else None)
    query = Reading(question, language, query.intent, query.agency_keys, query.years, query.measure, query.column,  # type: ignore[arg-type]
                  query.unknown_agency, query.region, query.topic if query.topic != text else question)
    bodies = list(query.agency_keys)
    if query.region and bodies and not _region_named_apart(text, query.region, bodies, facts):
        query = replace(query, region=None)  # "淮安市人民政府和…": the city is one of the bodies named, not a scope
    if query.region and not bodies and re.search(re.escape(query.region.lower()) + r"(?:人民政府|政府)", text):
        query = Reading(query.question, query.language, query.intent, query.agency_keys, query.years, query.measure,  # type: ignore[arg-type]
                      query.column, query.region + "人民政府", None, query.topic)  # 淮安市人民政府 is a body, not the city
    if query.unknown_agency and not bodies and re.search(r"(?:市|省|区|县)(?:人民政府|政府)$", query.unknown_agency or "") \
            and query.unknown_agency.lower() in text and query.region is None and not facts.agency_keys(query.unknown_agency):
        bodies, candidates = [], ()
    else:
        bodies, candidates = resolve_bodies(text, facts, bodies) if not query.region or bodies else (bodies, ())
        if previous is not None and query.agency_keys and list(query.agency_keys) == list(previous.bodies) \
                and not any(_named_plainly(text, k, facts) for k in query.agency_keys):
            own, choices = resolve_bodies(text, facts, [])  # "那洪泽呢": the body named now, not the earlier one beside it
            if own or choices:
                bodies, candidates = own, choices
    if query.region and not bodies:  # "吴忠市审批局": a short name behind the region's name is the body, not the city
        inside = body_in_region(text, query.region, facts)
        if inside:
            bodies = inside
            intent = query.intent if query.intent != "total" or _has_any(text, vocab()["intents"]["total"]) else "value"
            query = replace(query, intent=intent, agency_keys=tuple(inside), region=None, unknown_agency=None)
    if len(candidates) > 1:  # only one of them has a report for the year asked: no need to ask
        asked = [int(y) for y in _YEAR.findall(text)]
        if asked:
            having = [k for k in candidates if any(r.year in asked for r in facts.reports_of([k]))]
            if len(having) == 1:
                bodies, candidates = having, ()
    unknown = query.unknown_agency if not bodies else None
    if unknown and (unknown in lexicon()["not_bodies"]["words"] or agency_key(unknown) in lexicon()["not_bodies"]["words"]):
        unknown = None
    if candidates:
        unknown = None
    guessed = [k for k in bodies if not _named_plainly(text, k, facts)  # read through a typo (洪择区 → 洪泽区)
               and (previous is None or k not in previous.bodies)]
    chat = _chat_bodies(previous)
    if len(chat) >= 2 and _has_any(text, lexicon()["both"]["words"]) and not find_agencies(text, facts)[0]:
        bodies, candidates, unknown = list(chat[-2:]), (), None  # "两家加起来多少": the last two bodies the chat named
    years, year_words, year_range = find_years(text, facts, bodies)
    shift = _context_year(text)
    if shift and previous is not None and previous.years and not _YEAR.findall(text):
        years, year_range = [y + shift for y in previous.years], False  # "第二年呢": the year after the one talked about
        query = replace(query, years=tuple(years))
    if not years and query.years and previous is not None:
        years = list(query.years)  # a follow-up keeps the earlier year
    if not years and query.intent == "compare" and query.years:
        years = list(query.years)
    named = measures_in(text)
    one_group = len(named) == 1 and measures()[named[0]].table == "table4"  # "复议中被纠正的": the review group's 纠正
    share_of_groups = all(measures()[m].table == "table4" for m in named) and _has_any(text, metrics_vocab()["share"]["words"])
    if query.measure is not None and named and query.measure.id not in named and (query.measure.id != "corrected" or one_group or share_of_groups):
        query = Reading(query.question, query.language, query.intent, query.agency_keys, query.years, measures()[named[0]],  # type: ignore[arg-type]
                      query.column, query.unknown_agency, query.region, query.topic)
    metric, understood = find_metric(text, query)
    ratio = ratio_metric(text)
    if ratio is not None and _ratio_wins(text, metric, ratio):
        metric = ratio
    asks_what_it_says = _has_any(text, lexicon()["narrative_asks"]["words"]) and not _asks_number(text) \
        and not _has_any(text, metrics_vocab()["share"]["words"]) and find_derived(text)[0] is None
    if metric is not None and asks_what_it_says:
        metric, understood = None, []  # "采取了哪些措施减少行政复议": what the report says about it, not its count
    inherited = False
    if previous is not None and previous.metric is not None and not named and find_derived(text)[0] is None \
            and find_measure(text) is None and not find_outcome(text):
        metric, understood = previous.metric, []  # "那洪泽区呢？" asks the previous metric of another body
        inherited = True
        base = _table3_measure(previous.metric)
        by_applicant = applicant_metric(text, base) if base else None
        if by_applicant is not None:  # "其中自然人几件？法人或其他组织几件？"
            metric, inherited = by_applicant, False
    understood = guessed + understood
    outcome = find_outcome(text)
    if previous is not None and previous.metric is not None and previous.metric.measure is not None \
            and previous.metric.measure.table == "table4" and outcome and outcome != "total" \
            and (metric is None or (metric.measure is not None and metric.measure.id == "corrected")):
        metric = cell_metric(previous.metric.measure.id, outcome)  # "结果纠正了几件？还有几件没审结？"
        if _has_any(text, metrics_vocab()["share"]["words"]):
            metric = _share_metric(metric) or metric  # "被纠正的比例呢": the outcome's share of the group asked about
    elif metric is None and outcome and outcome != "total" and re.search(r"复议|诉讼|官司|review|lawsuit", text) is None \
            and _asks_number(text):
        metric = cell_metric("corrected", outcome)
    understood += fixed and [w for w in fixed if w not in understood]
    english_unknown = english_unknown_body(question, facts) if language == "en" and not query.region and not unknown else None
    if english_unknown:  # "the Yinchuan municipal government": not indexed, said so (never all bodies)
        unknown, candidates, bodies = english_unknown, (), []  # "Wuzhong health commission" is not 吴忠市审批服务管理局
    recorded = not_recorded(text.replace(english_unknown.lower(), " ") if english_unknown else text)
    filters = find_filter(text)
    if metric is None and previous is not None and previous.metric is not None and (bodies or years) and len(text) < 30 \
            and query.intent != "narrative" or (metric is None and previous is not None and previous.metric is not None
                                                 and (bodies or years) and len(text) < 16 and not vocab_narrative(text)):
        metric = previous.metric
        inherited = True
    if not bodies and previous is not None and previous.bodies and not query.region and metric is not None \
            and not _has_any(text, lexicon()["operations"]["all_bodies"] + vocab()["intents"]["rank"] + vocab()["intents"]["rank_most"]
                             + vocab()["intents"]["rank_least"] + lexicon()["operations"]["filter"]):
        bodies = list(previous.bodies)
    if metric is not None and metric.kind == "cells" and not named and not _asks_number(text) and previous is None \
            and not find_derived(text)[0] and not _has_any(text, lexicon()["operations"]["change"] + lexicon()["operations"]["trend"]) \
            and vocab_narrative(text) | bool(re.search(r"有没有|是否|how does|how do|([\u4e00-\u9fff])[不没]\1", text)):
        metric, understood = None, []  # "办申请的时候有没有延期答复": 申请 alone does not make it a question about a number
    if metric is not None and metric.kind == "cells" and metric.measure is not None and metric.measure.label not in text \
            and (_has_any(text, lexicon()["prose_topics"]["words"]) or _has_any(text, _prose_only_words())) and not named_label(text, metric):
        metric, understood = None, []  # "办理了几件政协提案": a figure of the prose, not the table's 办理结果
    if metric is not None and metric.measure is not None and metric.measure.table == "table4" and metric.column not in (None, "total") \
            and len(bodies) != 1 and _has_any(text, lexicon()["operations"]["filter"]) and _has_any(text, lexicon()["filters"]["every"]):
        share = _share_metric(metric)  # "哪些单位的行政复议全部维持了": that outcome's share is 100%
        if share is not None:
            metric, filters = share, (Filter("==", 100),)
    operation = _operation(text, query, metric, bodies, years, year_range, filters)
    if inherited and previous is not None and previous.operation in ("filter", "rank") and not bodies \
            and operation in ("sum", "value", "compare", "filter", "rank"):
        operation = previous.operation  # "只看2024年的呢", "那2023年呢": a list stays a list, a ranking a ranking
        filters = filters or previous.filters
    if metric is None and operation == "narrative" and embed is not None and _asks_number(text) and not recorded:
        names = [a for a, _ in facts.all_aliases()] + list(_short_names(_catalog(facts)))
        hit = similar_metric(text, embed, names)
        if hit is not None:
            metric = hit[0]
            understood.append(metric.label)
            operation = _operation(text, query, metric, bodies, years, year_range, filters)
    if metric is None and operation == "narrative" and not recorded and not asks_what_it_says and (
            _asks_number(text) or _has_any(text, lexicon()["operations"]["change"] + lexicon()["operations"]["trend"])):
        prose = find_prose_measure(text)  # a figure the reports state in prose (index.prose)
        if prose is not None:
            metric = Metric("prose", prose=prose[0], label=prose[1], unit=prose[2])
            operation = _operation(text, query, metric, bodies, years, year_range, filters)
            operation = "prose" if operation in ("value", "breakdown") else operation
    if unknown and not bodies and not query.region and not candidates:
        operation = "unknown_body"  # a body not indexed is said before what the format records
        at = question.lower().find(unknown.lower())
        unknown = question[at:at + len(unknown)] if at >= 0 else unknown  # as the user typed it
    elif recorded:
        operation = "not_recorded"
    elif candidates and (operation not in ("reports", "errors")
                         or operation == "reports" and not _has_any(text, vocab()["intents"]["reports"])):
        operation = "clarify"  # "which year does the approval bureau's report cover": one report, two bodies
    elif unknown and not bodies and not query.region:
        operation = "unknown_body"
    elif not bodies and not candidates and not query.region and (previous is None or not previous.bodies) \
            and operation not in ("filter", "rank", "reports", "errors") and _has_any(text, lexicon()["demonstratives"]["words"]):
        operation = "which_body"  # "这家单位的公开率": no body named and none earlier in the chat to point at
    notes: list[str] = []
    if operation == "change" and len(years) < 2:
        base = years[0] if years else (indexed_years(facts, bodies)[-1:] or [None])[0]
        known = indexed_years(facts, bodies)
        if year_words and base not in known and [y for y in known if y < (base or 0)]:
            newest = max(y for y in known if y < (base or 0))  # "比去年多了还是少了" before next year's report is in
            notes.append(f"{year_words}（{base}）的年报尚未收录，按最近的 {newest} 年与上一年比较。" if language == "zh"
                         else f"The {base} report ({year_words}) is not indexed yet; comparing {newest} with the year before.")
            base = newest
        years = [base - 1, base] if base else []
    if year_words and years and operation in ("rank", "sum", "filter", "reports", "errors", "prose"):
        known = [y for y in indexed_years(facts, bodies) if y <= years[0]]
        if years[0] not in indexed_years(facts, bodies) and known:  # "今年哪个单位申请最多" before this year's reports
            notes.append(f"{year_words}（{years[0]}）的年报尚未收录，以下按最近的 {known[-1]} 年回答。" if language == "zh"
                         else f"The {years[0]} reports ({year_words}) are not indexed yet; answering for {known[-1]}.")
            years = [known[-1]]
    limit = find_limit(text) if operation == "rank" else None
    ascending = bool(_has_any(text, vocab()["intents"]["rank_least"])) or bool(re.search(r"bottom|后\s*\d", text))
    if inherited and previous is not None and operation == previous.operation == "rank":
        limit, ascending = limit or previous.limit, ascending or previous.ascending
    return Plan(question, language, operation, tuple(bodies), query.region, tuple(years), year_words, year_range, metric,  # type: ignore[arg-type]
                filters if operation == "filter" else (), limit, ascending, True, candidates, unknown, recorded,
                tuple(dict.fromkeys(understood)), query.topic or question, query, notes=tuple(notes), chat_bodies=chat)


@lru_cache(maxsize=1)
def _prose_only_words() -> list[str]:
    """Words of prose measures (index/vocab/prose.toml) of four characters or more that no table
    measure uses: "部门动态公开了几件" asks a prose figure, not the table's 予以公开."""
    from .prose_bridge import prose_measures

    table = " ".join(w for m in measures().values() for w in (m.label, *m.words, *m.weak))
    return [w for m in prose_measures() for w in (m.label, *m.words) if len(w) >= 4 and "…" not in w and _CJK.search(w) and w not in table]


def named_label(text: str, metric: Metric) -> bool:
    """Whether the question names the metric by a word of four characters or more (not 办理了)."""
    return metric.measure is not None and any(len(w) >= 4 and contains(text, w) for w in metric.measure.words)


def vocab_narrative(text: str) -> bool:
    return bool(_has_any(text, vocab()["intents"]["narrative"]))


def _asks_number(text: str) -> bool:
    return any(w in text for w in ("多少", "几", "数量", "how many", "how much", "number of"))


_JOINERS = re.compile(r"[和与及、，,；;]|以及|还有|and")


def _each_metric(plan: Plan) -> list[Plan]:
    """"公开率和办结率", "复议纠错率和诉讼纠错率": the question cut at its joiners, one plan per rate."""
    text = normalize(plan.question)
    pieces = [p for p in _JOINERS.split(text) if p.strip()]
    if len(pieces) < 2:
        return [plan]
    metrics: list[Metric] = []
    for piece in pieces:
        derived, _ = find_derived(piece)
        if derived is None:
            continue
        measure = find_measure(piece)
        group = measure.id if measure is not None and measure.table == "table4" and derived.group else None
        metric = derived_metric(derived.id, group)
        if all(m.id != metric.id or m.label != metric.label for m in metrics):
            metrics.append(metric)
    if len(metrics) < 2:
        return [plan]
    return [replace(plan, metric=m) for m in metrics]


def _applicants_in(text: str) -> list[str]:
    """Applicant columns and groups a question names, in order, longest words first without overlaps:
    "自然人和其他组织" → natural_person, other_org; "个人多少，法人或其他组织多少" → natural_person, organisations."""
    words = [(w.lower(), c) for c, ws in vocab()["applicants"].items() for w in ws]
    words += [(w.lower(), f"group:{g}") for g, data in lexicon()["applicant_groups"].items() for w in data["words"]]
    taken = [False] * len(text)
    spans: list[tuple[int, str]] = []
    for word, column in sorted(words, key=lambda x: -len(x[0])):
        for hit in re.finditer(re.escape(word) if _CJK.search(word) else rf"(?<![a-z]){re.escape(word)}(?![a-z])", text):
            if not any(taken[hit.start():hit.end()]):
                taken[hit.start():hit.end()] = [True] * (hit.end() - hit.start())
                spans.append((hit.start(), column))
    return list(dict.fromkeys(c for _, c in sorted(spans)))


def _each_column(plan: Plan) -> list[Plan] | None:
    """"自然人和其他组织分别多少", "其中个人多少，法人或其他组织多少": one plan per applicant column."""
    base = _table3_measure(plan.metric)
    if base is None or plan.operation not in ("value", "sum", "compare", "breakdown"):
        return None
    named = _applicants_in(normalize(plan.question))
    if len(named) < 2:
        return None
    plans = []
    for column in named:
        if column.startswith("group:"):
            metric = applicant_metric(lexicon()["applicant_groups"][column[6:]]["words"][0], base)
        else:
            metric = cell_metric(base, column)
        if metric is not None:
            plans.append(replace(plan, metric=metric))
    return plans if len(plans) > 1 else None


def _each_group(plan: Plan) -> list[Plan]:
    """"复议纠错率和诉讼纠错率", "correction rate in review versus in court": a rate of one table-4
    group asked of several groups, one plan per group (each year's value unless a change is asked)."""
    assert plan.metric is not None
    text = normalize(plan.question)
    groups = [m for m in measures_in(text) if measures()[m].table == "table4" and m != "corrected"]
    if len(groups) < 2 or table4_group(plan.metric) is None:
        return [plan]
    operation = plan.operation
    if operation in ("compare", "change") and len(plan.bodies) <= 1 and len(set(_YEAR.findall(text))) < 2:
        operation, years = "value", tuple(int(y) for y in _YEAR.findall(text))
    else:
        years = plan.years
    return [replace(plan, metric=regroup(plan.metric, g), operation=operation, years=years) for g in groups]


def _each_measure(plan: Plan) -> list[Plan]:
    """"行政许可和行政处罚分别是多少": one plan per measure named, the rest of the plan shared."""
    by_column = _each_column(plan)
    if by_column:
        return by_column
    if plan.metric is not None and plan.metric.kind == "derived" and plan.operation in ("value", "sum", "compare", "change", "trend", "rank"):
        each = _each_metric(plan) if plan.operation != "rank" else [plan]
        return each if len(each) > 1 else _each_group(plan)
    if plan.metric is None or plan.metric.kind != "cells" or plan.operation not in ("value", "sum", "compare", "change", "trend", "breakdown"):
        return [plan]
    text = normalize(plan.question)
    named = measures_in(text, joined=True)
    if len(named) < 2:
        return [plan]
    outcome = find_outcome(text)
    if outcome and outcome != "total" and all(measures()[m].table == "table4" for m in named):
        if _has_any(text, lexicon()["operations"]["separately"]):  # "其他结果是直接起诉还是复议后起诉"
            return [replace(plan, metric=cell_metric(m, outcome)) for m in named]
        return [replace(plan, metric=cell_metric("corrected", outcome))]  # "复议和诉讼中被纠正了几件"
    each = [cell_metric(m, plan.metric.column if measures()[m].table == plan.metric.measure.table else None) for m in named]  # type: ignore[union-attr]
    if _has_any(text, vocab()["intents"]["total"]) and (not _has_any(text, lexicon()["operations"]["separately"]) or len(plan.bodies) > 1):
        return [replace(plan, metric=summed_metric(each))]  # "予以公开和部分公开加起来": one sum, each part cited
    return [replace(plan, metric=m) for m in each]


def summed_metric(parts: list[Metric]) -> Metric:
    """Several measures added up ("行政许可、行政处罚和行政强制一共"): a formula whose parts are each cited."""
    from .labels import operand_label

    operands = tuple(p.measure.id + (f":{p.column}" if p.column else "") for p in parts if p.measure is not None)
    label = "与".join(operand_label(o, True) for o in operands) + "合计"
    english = " and ".join(operand_label(o, False) for o in operands) + " together"
    d = Derived("sum." + "+".join(operands), label, english, (), operands, (), percent=False)
    return Metric("derived", derived=d, label=label, unit=parts[0].unit)


def _each_of_the_list(part: str) -> bool:
    """A part that only asks each listed one's value ("各多少件", "分别几件", "how many each")."""
    return bool(_has_any(part, lexicon()["operations"]["breakdown"] + lexicon()["list_values"]["words"])) \
        and find_measure(part) is None and not _YEAR.search(part) and len(part) <= 12


def plan_question(question: str, facts: FactStore, previous: Plan | None = None, embed: Embed | None = None) -> list[Plan]:
    """Every part of a question, each as a plan; a later part inherits what it leaves out."""
    return [p for plan in _plan_parts(question, facts, previous, embed) for p in _each_measure(plan)]


def _chat_bodies(previous: Plan | None) -> tuple[str, ...]:
    """The bodies named so far in the chat, oldest first, each once (its latest mention counts)."""
    if previous is None:
        return ()
    named = [*previous.chat_bodies, *previous.bodies]
    return tuple(reversed(list(dict.fromkeys(reversed(named)))))[-6:]


def _plan_parts(question: str, facts: FactStore, previous: Plan | None = None, embed: Embed | None = None) -> list[Plan]:
    plans: list[Plan] = []
    parts = split_parts(question)
    if len(parts) > 1:
        # only split where each part asks something on its own (not "利通区，2024年" fragments)
        first = plan_part(parts[0], facts, previous, embed)
        rest_ok = all(len(normalize(p)) >= 4 for p in parts[1:])
        if not rest_ok:
            return [plan_part(question, facts, previous, embed)]
        plans.append(first)
        for part in parts[1:]:
            if plans[-1].operation == "not_recorded" and find_measure(normalize(part)) is None:
                continue  # "有没有境外人士申请？有几个？": the second part asks the same unrecorded thing
            if plans[-1].operation in ("filter", "rank", "reports") and _each_of_the_list(normalize(part)):
                continue  # "哪些年报里有不予处理的申请？各多少件": the list already gives each one's value
            plan = plan_part(part, facts, plans[-1], embed)
            if plan.metric is None and plan.operation == "narrative" and first.operation != "narrative":
                return [plan_part(question, facts, previous, embed)]
            if plan.metric is not None and plan.as_json() == plans[-1].as_json():
                continue  # "…in force? odd for a district": a remark that asks nothing new is not answered twice
            plans.append(plan)
        if all(p.operation == "narrative" and p.metric is None for p in plans):
            whole = plan_part(question, facts, previous, embed)  # "有专人负责吗？几个人？": one figure, asked twice
            if whole.metric is not None:
                return [whole]
        return plans
    return [plan_part(question, facts, previous, embed)]
