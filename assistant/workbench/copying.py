"""Who copied last year's text: per body and section (一, 五, 六), the share of sentences that are
the same or near-same as in the body's previous report, with the closest pairs quoted.

Near-same is the Jaccard similarity of two sentences' character shingles (3 characters, numbers
kept: "收到申请 20 件" and "收到申请 31 件" differ). Each pair of reports gets its own shingle
index (shingle → sentences of last year's section), so the work is linear in the text: every
current sentence looks up only the sentences that share a shingle with it. A hand-written index
rather than MinHash/LSH (datasketch): the comparison is always within one body's two reports
(a few dozen sentences), where exact shingle sets are smaller and faster than signatures and
give exact similarities, with no extra dependency.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from index.chunking import sentences
from index.facts import FactStore

from .kinds import supervision
from .peers import Body, population

_SPACE = re.compile(r"\s+")
_LEAD = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*")  # "（一）" "1." before a sentence


@dataclass(frozen=True)
class Pair:
    similarity: float
    sentence: str
    previous: str


@dataclass
class SectionCopy:
    body: Body  # the later report
    previous: Body
    section: int
    sentences: int  # sentences judged
    repeated: int  # of them, same or near-same as one of last year's
    pairs: list[Pair] = field(default_factory=list)  # the closest, longest first
    flagged: bool = False

    @property
    def share(self) -> float:
        return self.repeated / self.sentences if self.sentences else 0.0

    def reason(self) -> str:
        return f"第{'一二三四五六'[self.section - 1]}部分 {self.repeated}/{self.sentences} 句（{self.share:.0%}）与 {self.previous.year} 年报告相同或近乎相同"

    def as_json(self) -> dict:
        return {"agency": self.body.agency, "agency_key": self.body.key, "year": self.body.year, "previous_year": self.previous.year,
                "section": self.section, "sentences": self.sentences, "repeated": self.repeated, "share": round(self.share, 3),
                "flagged": self.flagged, "pairs": [{"similarity": round(p.similarity, 3), "sentence": p.sentence, "previous": p.previous} for p in self.pairs]}


def split_sentences(text: str, min_chars: int) -> list[str]:
    """The judged sentences of a section: whitespace removed, numbering in front dropped, short ones left out."""
    found = []
    for start, end in sentences(text):
        sentence = _LEAD.sub("", _SPACE.sub("", text[start:end]))
        if len(sentence) >= min_chars:
            found.append(sentence)
    return list(dict.fromkeys(found))


def shingles(sentence: str, size: int) -> set[str]:
    return {sentence[i:i + size] for i in range(max(1, len(sentence) - size + 1))}


def compare(current: str, previous: str) -> tuple[int, int, list[Pair]]:
    """(sentences judged, repeated, pairs) of one section against last year's."""
    rules = supervision()["copying"]
    now = split_sentences(current, rules["min_sentence_chars"])
    before = split_sentences(previous, rules["min_sentence_chars"])
    sets = [shingles(s, rules["shingle"]) for s in before]
    index: dict[str, list[int]] = defaultdict(list)
    for n, grams in enumerate(sets):
        for gram in grams:
            index[gram].append(n)
    repeated = 0
    pairs: list[Pair] = []
    for sentence in now:
        grams = shingles(sentence, rules["shingle"])
        shared = Counter(n for gram in grams for n in index.get(gram, ()))
        best = max(((count / (len(grams) + len(sets[n]) - count), n) for n, count in shared.items()), default=(0.0, -1))
        if best[0] >= rules["near_same"]:
            repeated += 1
            pairs.append(Pair(best[0], sentence, before[best[1]]))
    pairs.sort(key=lambda p: (-round(p.similarity, 2), -len(p.sentence)))
    return len(now), repeated, pairs[: rules["top_pairs"]]


def copying(facts: FactStore, year: int | None = None, kind: str | None = None, region: str | None = None,
            bodies: list[Body] | None = None) -> list[SectionCopy]:
    """Every judged section of every report whose body has a report for the year before."""
    rules = supervision()["copying"]
    everyone = bodies if bodies is not None else population(facts, None, kind, region)
    by_key_year = {(b.key, b.year): b for b in everyone}
    pairs = [(b, by_key_year[(b.key, b.year - 1)]) for b in everyone
             if (year is None or b.year == year) and (b.key, b.year - 1) in by_key_year]
    found: list[SectionCopy] = []
    for start in range(0, len(pairs), 200):  # texts read 200 pairs at a time: memory stays flat
        batch = pairs[start:start + 200]
        texts = facts.section_texts([r.report_id for pair in batch for r in pair], rules["sections"])
        for body, previous in batch:
            for section in rules["sections"]:
                now = texts.get(body.report_id, {}).get(section, "")
                before = texts.get(previous.report_id, {}).get(section, "")
                judged, repeated, quoted = compare(now, before)
                if judged < rules["min_sentences"]:
                    continue
                copy = SectionCopy(body, previous, section, judged, repeated, quoted)
                copy.flagged = copy.share >= rules["flag_share"]
                found.append(copy)
    return sorted(found, key=lambda c: (-c.share, c.body.key, c.section))
