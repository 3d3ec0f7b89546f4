"""The one-pass word matching of the ask path reads exactly what a word-by-word reading did: the
longest word a question contains (Chinese as substrings, English on word boundaries), every name
span in the order names are taken, one-character typos of measure words and of body names."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.ask.bodies import _near_names, _typo_body, homophone_body, _short_names
from assistant.ask.measures import contains, find_measure, measures, side_by_side
from assistant.ask.metrics import _fuzzy_word, find_derived
from assistant.ask.plan import derived_metrics
from assistant.ask.words import has_any
from assistant.ask.wordsets import named_spans

ALPHABET = "行政复议诉讼公开申请处理结转办完了吗区县市局审批科技云岭青岚rate s the handled all"
WORDS = ["行政复议", "行政诉讼", "复议", "公开", "申请", "处理", "结转", "办完了吗", "都办完了", "rate", "rates", "the", "all handled", "s", "审批局", "科技局"]


def _pieces(*pieces: str) -> st.SearchStrategy[str]:
    """Texts made of whole words and single characters: exact words, and words one character off."""
    return st.lists(st.sampled_from(pieces), max_size=8).map("".join)


def _naive_longest(text: str, words: list[str]) -> str | None:
    best = None
    for word in words:
        if contains(text, word.lower()) and (best is None or len(word) > len(best)):
            best = word
    return best


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=30), st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
def test_has_any_is_the_longest_word_contained(text: str, words: list[str]) -> None:
    assert has_any(text, words) == _naive_longest(text, words)


def test_english_words_count_on_word_boundaries_only() -> None:
    assert has_any("the separate rates", ["rate"]) is None
    assert has_any("the rate, separately", ["rate", "separate"]) == "rate"
    assert has_any("were they all handled?", ["handled", "all handled"]) == "all handled"
    assert has_any("行政复议纠错率", ["行政复议", "复议纠错"]) == "行政复议"  # overlapping words both seen; the first listed of equals


def _naive_spans(text: str, names: set[str]) -> list[tuple[int, int]]:
    n = len(text)
    return [(i, i + size) for size in range(min(16, n), 1, -1) for i in range(n - size + 1) if text[i:i + size] in names]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="云岭青岚区县市局审批科技a'b ", max_size=24))
def test_named_spans_are_every_name_longest_first_then_leftmost(text: str) -> None:
    names = frozenset({"云岭", "云岭市", "云岭区", "青岚", "青岚区", "审批局", "科技局", "云岭区审批局", "a'b", "岭", "区审"})
    assert named_spans(text, names) == _naive_spans(text, set(names))
    aliases = frozenset({"岚区", "审批"})
    assert named_spans(text, names, aliases) == _naive_spans(text, set(names) | set(aliases))


def _naive_fuzzy(text: str, words: tuple[str, ...]) -> str | None:
    for word in sorted(words, key=len, reverse=True):
        n = len(word)
        if n < 4 or not any("\u4e00" <= c <= "\u9fff" for c in word):
            continue
        for i in range(len(text) - n + 1):
            chunk = text[i:i + n]
            if sum(a != b for a, b in zip(chunk, word)) == 1 and (chunk[0] == word[0] or chunk[-1] == word[-1]):
                return word
    return None


@settings(max_examples=300, deadline=None)
@given(_pieces("行政复议", "行政复意", "纠错率", "公开", "申请", "处理", "收到", "意", "诉", "讼", "行政诉讼", "政府信息公开"))
def test_a_misspelt_measure_word_is_found_as_a_word_by_word_reading_found_it(text: str) -> None:
    words = tuple(w for w in list({w for m in measures().values() for w in m.words}) if "\u4e00" <= w[0] <= "\u9fff")
    words += tuple(w for d in derived_metrics().values() for w in d.words)
    assert _fuzzy_word(text, words) == _naive_fuzzy(text, words)


CATALOG = frozenset({("云岭市", None), ("青岚综合实验区", None), ("白沙县教育局", "云岭市"), ("白沙县审批服务管理局", "云岭市")})


def _naive_typo(text: str) -> list[str]:
    near = _near_names(CATALOG)
    n = len(text)
    for start, end in [(i, i + size) for size in range(min(12, n), 1, -1) for i in range(n - size + 1)]:
        chunk = text[start:end]
        if end - start < 3:
            break
        for j in range(len(chunk)):
            keys = near.get(chunk[:j] + "?" + chunk[j + 1:])
            if keys and len(keys) == 1:
                return sorted(keys)
    return homophone_body(text, CATALOG)


@settings(max_examples=300, deadline=None)
@given(_pieces("云岭", "云岭市", "青岚", "青岚综合实验区", "青兰综合实验区", "综合实验区", "白沙县", "白沙县教育局", "白纱县", "教育局",
               "审批服务管理局", "审批局", "市", "区", "兰", "零", "实脸"))
def test_a_body_name_with_one_character_wrong_is_read_as_before(text: str) -> None:
    assert _short_names(CATALOG)
    assert _typo_body(text, CATALOG) == _naive_typo(text)


def test_the_known_readings_still_hold() -> None:
    assert _typo_body("青岚综合实脸区2024年", CATALOG) == ["青岚综合实验区"]
    assert homophone_body("青蓝2024年收到多少", CATALOG) == ["青岚综合实验区"]
    assert find_measure("2024年不予公开多少件").id == "withheld"  # type: ignore[union-attr]
    assert find_derived("行政复议纠错率是多少") == (derived_metrics()["correction_rate"], "纠错率")
    assert find_derived("what were the correction rates") == (derived_metrics()["correction_rate"], "correction rate")  # the plural read too


def test_were_they_all_handled_reads_concluded_beside_carried_forward() -> None:
    assert side_by_side("2021年的申请都办完了吗") == ("handled", "carried_forward")
    assert side_by_side("有没有没办完的申请") == ("handled", "carried_forward")
    assert side_by_side("have they all been handled?") == ("handled", "carried_forward")
    assert side_by_side("还有多少申请没办完") == ()  # how many are left: the carried-forward row alone
