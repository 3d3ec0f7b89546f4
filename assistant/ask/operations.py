"""What a question does with its metric: a value, a sum, a ranking, a list by a condition, a change, a
trend, a ratio, the year of the largest, bodies compared — read from the lexicon's words; the
conditions and sizes of lists; what the format does not record."""

from __future__ import annotations

import re


from .measures import vocab
from .plan import Filter, Metric, lexicon
from .reading import Reading
from .years import YEAR
from .words import has_any, matches_any
from .metrics import QUOTED


def find_filter(text: str) -> tuple[Filter, ...]:
    f = lexicon()["filters"]
    for word in f["asks_whether"]:  # "有没有哪家有结转的" asks for the ones that have, not for zeros
        text = text.replace(word, "有")
    text = QUOTED.sub(" ", text)  # a quoted label (“没有现成信息需要另行制作”) is a name, not a "none"
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
    if has_any(text, f["nonzero"]):
        return (Filter(">", 0),)
    if has_any(text, f["zero"]):
        return (Filter("==", 0),)
    if has_any(text, f["errors"]):
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
        if has_any(text, entry["words"]):
            return entry["key"]
    return None


def _years_apart(text: str) -> bool:
    """Whether each year is named apart from the others (beside its own body: "甲县2025年和乙区2024年"),
    not listed together ("2023、2024年", "in 2023 and 2024")."""
    found = list(YEAR.finditer(text))
    return all(_LIST_JOINER.sub("", text[a.end():b.start()]) for a, b in zip(found, found[1:]))


_LIST_JOINER = re.compile(r"[\s年度和与及跟、,，/&-]|and|to|至|到")


def _many_bodies(text: str, metric: Metric, years: list[int], year_range: bool, bodies: int) -> str:
    """The operation over two or more bodies named: 几倍 divides, 谁多 compares and names the larger,
    a change between two years is each body's change, 差多少 subtracts, 一共 sums, 对比 compares,
    several years of each (not one year apiece) a table, anything else each body's value."""
    ops = lexicon()["operations"]
    intents = vocab()["intents"]
    if has_any(text, ops["ratio"]):
        return "ratio"
    if matches_any(text, ops["which_more"]) or has_any(text, intents["rank_most"] + intents["rank_least"]):
        return "compare"
    if len(set(years)) >= 2 and has_any(text, ops["change"]):
        return "change"
    if has_any(text, ops["difference"]) or matches_any(text, ops["difference_patterns"]):
        return "difference"
    if has_any(text, intents["total"]) and not has_any(text, ops["separately"]):
        return "sum"
    paired = len(years) == len(set(years)) == bodies and not year_range and _years_apart(text)  # "甲县2025年和乙区2024年": a year apiece
    if (len(set(years)) >= 2 and not paired or year_range or has_any(text, ops["trend"])) and not has_any(text, ops["latest"]):
        return "table"  # "甲县和乙区2023、2024年分别多少", "两家历年": bodies by years
    if has_any(text, intents["compare"] + ops["compare"]):
        return "compare"
    return "value"


def choose_operation(text: str, query: Reading, metric: Metric | None, bodies: list[str], years: list[int], year_range: bool,
               filters: tuple[Filter, ...]) -> str:
    intents = vocab()["intents"]
    ops = lexicon()["operations"]
    ranking = has_any(text, intents["rank_most"] + intents["rank_least"] + intents["rank"]) and len(bodies) != 1
    if query.intent == "errors" or (metric is None and (filters and filters[0].op == "errors" or has_any(text, intents["errors"]))):
        return "errors"
    if metric is None and (query.intent == "reports" or (
            has_any(text, ops["filter"] + ["收了", "有哪些", "list"]) and re.search(r"报告|年报|reports?\b", text))) \
            and not (bodies and has_any(text, [w for ws in vocab()["section_words"].values() for w in ws])):
        return "reports"  # "某区年报里说存在哪些不足" asks what a report says, not which reports there are
    if metric is None:
        return "narrative"
    if len(bodies) > 1:
        return _many_bodies(text, metric, years, year_range, len(bodies))
    if len(bodies) == 1 and has_any(text, ops["which_year"]) and matches_any(text, ops["which_more"] + ["最", "most", "fewest", "least", "highest", "lowest"]):
        return "extreme"  # "哪一年收到的申请最多": the year of the body's largest value
    if ranking:
        return "rank"
    if len(bodies) != 1 and (has_any(text, ops["filter"]) and (filters or not has_any(text, ops["all_bodies"]))
                             or filters and filters[0].op in (">", "<")):
        return "filter"
    if has_any(text, ops["ratio"]) and (len(set(years)) > 1 or len(bodies) > 1):
        return "ratio"  # "2024年是2023年的几倍"
    if len(bodies) == 1 and len(set(years)) > 1 and (has_any(text, intents["total"] + ops["all_bodies"]) or matches_any(text, ops["span_total"])) \
            and not has_any(text, ops["separately"]):
        return "sum"  # "某某区 2023 和 2024 年合计"
    if len(bodies) == 1 and (year_range or has_any(text, ops["trend"])
                             or len(set(years)) > 1 and has_any(text, ops["breakdown"] + [w for w in ops["separately"] if w.strip() not in intents["compare"]])):  # "去年和前年各收到多少"
        return "trend"
    net = metric.kind == "derived" and metric.derived is not None and not metric.derived.percent and len(years) < 2
    if len(bodies) <= 1 and not net and has_any(text, ops["change"]) and len(years) <= 2 and not (len(bodies) == 0 and query.intent == "total"):
        return "change" if bodies else ("sum" if query.intent == "total" else "change")
    if len(bodies) > 1 and has_any(text, intents["total"]) and not has_any(text, ops["separately"]):
        return "sum"  # "两家加起来多少"
    if len(bodies) > 1 and has_any(text, ops["difference"]):
        return "difference"
    if query.intent == "total" or (not bodies and metric is not None):
        return "sum"
    if query.intent == "compare" or len(bodies) > 1 or len(set(years)) > 1:
        return "compare"
    return "value"
