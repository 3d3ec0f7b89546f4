"""What a question measures: a cell or group of rows (assistant.ask.measures), a rate or share by its
formula (assistant/vocab/metrics.toml), a ratio of two measures, several measures added up, an
applicant column or group, a table-4 outcome; misspelt words; an e5-assisted fallback for phrases the
lexicon lacks."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Any


from .measures import Measure, contains, find_column, find_measure, measures, vocab
from .wordsets import WordSet
from .plan import Derived, Metric, cell_metric, derived_metric, derived_metrics, lexicon, metrics_vocab
from .prose_bridge import find_prose_measure
from .reading import Reading
from .words import has_any

_CJK = re.compile(r"[\u4e00-\u9fff]")


SIMILARITY = 0.885  # e5 cosine above which an unknown phrase is read as a metric's description


MARGIN = 0.008  # … and by this much ahead of the next one


Embed = Any  # a LangChain Embeddings (embed_documents / embed_query), or a function returning one (or None)


def _fuzzy_word(text: str, words: tuple[str, ...]) -> str | None:
    """A lexicon word the question contains with one character wrong (行政复意 → 行政复议): the
    longest such word (the first listed among equals), each of the question's spans looked up with
    one character blanked in an index of the words so blanked, not compared word by word."""
    blanked, lengths = _blanked(words)
    best: int | None = None
    for n in lengths:
        for i in range(len(text) - n + 1):
            chunk = text[i:i + n]
            for j in range(n):
                for rank, letter in blanked.get((n, chunk[:j], chunk[j + 1:]), ()):
                    if letter != chunk[j] and (best is None or rank < best):
                        best = rank
    return _by_length(words)[best] if best is not None else None


@lru_cache(maxsize=4)
def _by_length(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=4)
def _blanked(words: tuple[str, ...]) -> tuple[dict[tuple[int, str, str], list[tuple[int, str]]], tuple[int, ...]]:
    """Each Chinese word of four characters or more with one character taken out → (its rank by
    length, the character taken out); and the lengths of those words."""
    index: dict[tuple[int, str, str], list[tuple[int, str]]] = {}
    for rank, word in enumerate(_by_length(words)):
        n = len(word)
        if n < 4 or not _CJK.search(word):
            continue  # one wrong character in four also keeps the first or the last one right
        for j in range(n):
            index.setdefault((n, word[:j], word[j + 1:]), []).append((rank, word[j]))
    return index, tuple(sorted({k[0] for k in index}, reverse=True))


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
        if m.cells:  # it stands in for table cells: its words are the table's words too
            continue
        for word in m.words:
            for part in word.split("…"):
                if len(part) >= 4:
                    for hit in re.finditer(re.escape(part), text):
                        kept |= set(range(hit.start(), hit.end()))
    return kept


def fix_typos(text: str) -> tuple[str, list[str]]:
    """Replace a misspelt measure word by the word it resembles; English words by difflib."""
    fixed: list[str] = []
    if find_measure(text) is None and not has_any(text, _derived_word_list()):
        word = _fuzzy_word(text, _chinese_words())
        if word:
            kept = _prose_phrase_positions(text) or find_prose_measure(text, prose_only=True)
            for i in range(len(text) - len(word) + 1):
                chunk = text[i:i + len(word)]
                if sum(a != b for a, b in zip(chunk, word)) == 1:
                    if kept:  # the question names a figure of the prose ("几名工作人员"): nothing is misspelt
                        break
                    text = text[:i] + word + text[i + len(word):]
                    fixed.append(word)
                    break
    english = _english_words()
    for token in set(re.findall(r"[a-z]{5,}", text)):
        if token in english:
            continue
        close = _close_english(token)
        if close and not (close.startswith(token) or token.startswith(close)):
            text = re.sub(rf"\b{token}\b", close, text)
    return text, fixed


@lru_cache(maxsize=1)
def _derived_word_list() -> tuple[str, ...]:
    return tuple(w for d in derived_metrics().values() for w in d.words)


@lru_cache(maxsize=1)
def _chinese_words() -> tuple[str, ...]:
    return tuple([w for w in _all_measure_words() if _CJK.search(w)] + [w for w in _derived_word_list() if _CJK.search(w)])


@lru_cache(maxsize=1)
def _english_words() -> tuple[str, ...]:
    return tuple(w for w in list(_all_measure_words()) + list(_derived_word_list()) if w.isascii() and " " not in w)


@lru_cache(maxsize=4096)
def _close_english(token: str) -> str | None:
    """The vocabulary's English word a misspelt one resembles (difflib ratio ≥ 0.85), if any."""
    close = difflib.get_close_matches(token, _english_words(), n=1, cutoff=0.85)
    return close[0] if close else None


@lru_cache(maxsize=2)
def _measure_words(weak: bool = False) -> list[tuple[str, str, re.Pattern[str] | None]]:
    words = sorted(((w, m.id) for m in measures().values() if m.id != "corrected" for w in (m.weak if weak else m.words)), key=lambda x: -len(x[0]))
    return [(w, mid, None if _CJK.search(w) else re.compile(rf"(?<![a-z]){re.escape(w)}(?![a-z])")) for w, mid in words]


@lru_cache(maxsize=2)
def _measure_word_set(weak: bool) -> WordSet[tuple[str, str, re.Pattern[str] | None]]:
    return WordSet([(w, (w, mid, pattern)) for w, mid, pattern in _measure_words(weak)])


def measures_in(text: str, joined: bool = False) -> list[str]:
    """Every measure the question names by a strong word, longest words first, without overlaps,
    in the order named; a measure inside another named one (不掌握 inside 无法提供) replaces it."""
    spans: list[tuple[int, int, str]] = []
    taken = [False] * len(text)
    # weak words ("requests") only beside another measure they are listed with ("requests and lawsuits")
    present = [_measure_word_set(False).entries[i][1] for i in _measure_word_set(False).hits(text)]
    if joined:
        present += [_measure_word_set(True).entries[i][1] for i in _measure_word_set(True).hits(text)]
    for word, mid, pattern in present:  # the words the question contains, longest first
        if measures()[mid].unless and has_any(text, measures()[mid].unless):
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
    for order in _derived_words().hits(text):
        word, d = _derived_words().entries[order][1]
        if d.requires and not has_any(text, d.requires) or d.unless and has_any(text, d.unless):
            continue
        if best is None or len(word) > len(best[0]):
            best = (word, d)
    return (best[1], best[0]) if best else (None, "")


@lru_cache(maxsize=1)
def _derived_words() -> WordSet[tuple[str, Derived]]:
    """Each metric's words, an English one also in the plural ("correction rates")."""
    return WordSet([(form, (word, d)) for d in derived_metrics().values() for word in d.words
                    for form in ((word, word + "s") if word.isascii() else (word,))])


def find_outcome(text: str) -> str | None:
    best: tuple[str, str] | None = None
    for order in _outcome_words().hits(text):
        word, column = _outcome_words().entries[order][1]
        if best is None or len(word) > len(best[0]):
            best = (word, column)
    return best[1] if best else None


@lru_cache(maxsize=1)
def _outcome_words() -> WordSet[tuple[str, str]]:
    return WordSet([(word.lower(), (word, column)) for column, words in lexicon()["outcomes"].items() for word in words])


def share_metric(metric: Metric) -> Metric | None:
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
    d = Derived(f"share.{operand}", label, f"share of {operand_label(operand, False)}", (), (operand,), tuple(base))
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


def ratio_wins(text: str, metric: Metric | None, ratio: Metric) -> bool:
    """Whether one measure over another is meant rather than the metric found: unless that is a rate
    the question names itself; "A是B的百分之几" of exactly two measures wins over their combined
    share ("部分公开是予以公开的百分之几"), but not when they are added up ("…合起来占…的百分之几")."""
    if not _named_rate(text, metric):
        return True
    return ratio.derived is not None and ratio.derived.percent and find_derived(text)[0] is None \
        and len(measures_in(text)) == 2 and not has_any(text, vocab()["intents"]["total"])


def ratio_metric(text: str) -> Metric | None:
    """"行政许可是行政处罚的几倍", "how many times more permits than penalties": the first measure
    named over the second, in one report ([measure_ratio] in the lexicon)."""
    words = lexicon()["measure_ratio"]
    percent_word = has_any(text, words["percent"])
    percent = bool(percent_word)
    if percent or has_any(text, words["words"]):
        named = measures_in(text)
    elif has_any(text, words["joined"]) and has_any(text, words["joiners"]):  # "行政处罚和行政许可的比例": two measures side by side
        named = measures_in(text, joined=True)  # ("依申请里，不掌握的比例" is a share, not a ratio)
    else:
        return None
    if len(named) < 2 or has_any(text, lexicon()["operations"]["breakdown"]):
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
        word = has_any(text, group["words"])
        if word and len(word) > longest:
            share = bool(has_any(text, metrics_vocab()["share"]["words"]))
            label = f"{group['label']}{measure.label}" + ("占比" if share else "")
            d = Derived(f"applicants.{measure.id}.{group['key']}" + (".share" if share else ""), label,
                        f"{measure.english.split(' (')[0]} from {group['english']}", (),
                        tuple(f"{measure.id}:{c}" for c in group["columns"]), (measure.id,) if share else (), percent=share)
            return Metric("derived", derived=d, label=label, unit="%" if share else measure.unit)
    return cell_metric(measure.id, column) if column and column != "total" else None


def table3_measure(metric: Metric | None) -> str | None:
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
    if not has_any(text, share["words"] + share["operators"]):
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


QUOTED = re.compile(r"[“「『\"]([^“”「」『』\"]{2,30})[”」』\"]")


def _quoted_measure(text: str) -> Measure | None:
    """The measure a quoted label names (“本机关不掌握”): a label in quotes is the user's exact words."""
    for span in QUOTED.findall(text):
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
    hit = has_any(text, lexicon()["colloquial"]["words"])
    if hit and measure.label not in text and hit in measure.words:
        understood.append(measure.label)
    if has_any(text, metrics_vocab()["share"]["words"]):
        parent = _group_around(text, measure) if column in (None, measure.column) else None
        if parent is not None:  # "不予公开的里面，保护第三方的占多少": the row over its own group, not over all requests
            label = f"{measure.label}占{parent.label}的比例"
            d = Derived(f"share.{measure.id}.of.{parent.id}", label, f"share of {parent.english.split(' (')[0]} that were "
                        f"{measure.english.split(' (')[0]}", (), (measure.id,), (parent.id,), percent=True)
            return Metric("derived", derived=d, label=label, unit="%"), understood
        share = share_metric(metric)
        if share is not None:
            return complement_share(text, share), understood
    share = share_metric(metric)
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

    if has_any(text, lexicon()["prose_topics"]["words"]):
        return None
    excluded = {m.id for m in measures().values() if m.unless and has_any(text, list(m.unless))}
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


@lru_cache(maxsize=1)
def prose_only_words() -> list[str]:
    """Words of prose measures (index/vocab/prose.toml) of four characters or more that no table
    measure uses: "部门动态公开了几件" asks a prose figure, not the table's 予以公开."""
    from .prose_bridge import prose_measures

    table = " ".join(w for m in measures().values() for w in (m.label, *m.words, *m.weak))
    return [w for m in prose_measures() if not m.cells  # one standing in for table cells is asked as the table's
            for w in (m.label, *m.words) if len(w) >= 4 and "…" not in w and _CJK.search(w) and w not in table]


def named_label(text: str, metric: Metric) -> bool:
    """Whether the question names the metric by a word of four characters or more (not 办理了)."""
    return metric.measure is not None and any(len(w) >= 4 and contains(text, w) for w in metric.measure.words)


def summed_metric(parts: list[Metric]) -> Metric:
    """Several measures added up ("行政许可、行政处罚和行政强制一共"): a formula whose parts are each cited."""
    from .labels import operand_label

    operands = tuple(p.measure.id + (f":{p.column}" if p.column else "") for p in parts if p.measure is not None)
    label = "与".join(operand_label(o, True) for o in operands) + "合计"
    english = " and ".join(operand_label(o, False) for o in operands) + " together"
    d = Derived("sum." + "+".join(operands), label, english, (), operands, (), percent=False)
    return Metric("derived", derived=d, label=label, unit=parts[0].unit)
