"""Which words of a vocabulary list a question contains, found in one pass over the question (an
Aho–Corasick automaton, pyahocorasick) instead of one substring test per word: Chinese words as
substrings, English ones on word boundaries (not inside a longer word), as measures.contains reads them.
A list's automaton is built once and kept (the vocabulary files do not change while a process runs)."""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from functools import lru_cache
from typing import Generic, TypeVar

_CJK = re.compile(r"[\u4e00-\u9fff]")
V = TypeVar("V", bound=Hashable)


def _letter(c: str) -> bool:
    return "a" <= c <= "z"


class WordSet(Generic[V]):
    """Words (each with a value), in the order they were given: the order breaks ties of length."""

    def __init__(self, entries: Sequence[tuple[str, V]], boundaries: bool = True) -> None:
        """``boundaries``: English words count only on their own (False: every word as a substring)."""
        import ahocorasick

        self.entries = tuple(entries)
        by_word: dict[str, list[int]] = {}
        for order, (word, _) in enumerate(self.entries):
            if word:  # an empty word names nothing
                by_word.setdefault(word, []).append(order)
        self.automaton = ahocorasick.Automaton()
        for word, orders in by_word.items():
            self.automaton.add_word(word, (word, tuple(orders), boundaries and not _CJK.search(word)))
        self.empty = not by_word
        if not self.empty:
            self.automaton.make_automaton()

    def hits(self, text: str) -> list[int]:
        """The order of every entry whose word the text contains, ascending."""
        if self.empty or not text:
            return []
        found: set[int] = set()
        seen: set[str] = set()
        n = len(text)
        for end, (word, orders, latin) in self.automaton.iter(text):
            if word in seen:
                continue
            if latin:  # an English word counts only on its own: "rate" is not in "separate"
                start = end - len(word) + 1
                if start > 0 and _letter(text[start - 1]) or end + 1 < n and _letter(text[end + 1]):
                    continue
            seen.add(word)
            found.update(orders)
        return sorted(found)

    def occurrences(self, text: str, shortest: int = 1, longest: int = 1 << 30) -> list[tuple[int, int]]:
        """(start, end) of every place a word occurs in the text, as a substring (no word boundaries),
        of ``shortest`` to ``longest`` characters: longest first, then from the left."""
        if self.empty or not text:
            return []
        found = [(end + 1 - len(word), end + 1) for end, (word, _, _) in self.automaton.iter(text) if shortest <= len(word) <= longest]
        found.sort(key=lambda span: (span[0] - span[1], span[0]))
        return found

    def longest(self, text: str) -> tuple[str, V] | None:
        """The entry with the longest word the text contains (the first given among equals)."""
        best: tuple[str, V] | None = None
        for order in self.hits(text):
            entry = self.entries[order]
            if best is None or len(entry[0]) > len(best[0]):
                best = entry
        return best


@lru_cache(maxsize=1024)
def word_set(words: tuple[str, ...]) -> WordSet[str]:
    """A plain list of words, matched lower-cased; each hit's value is the word as listed."""
    return WordSet([(w.lower(), w) for w in words])


def contains_any(text: str, words: tuple[str, ...]) -> bool:
    """Whether the text, lower-cased, contains any of the words (lower-cased) as a substring."""
    return bool(_substrings(words).hits(text.lower()))


@lru_cache(maxsize=256)
def _substrings(words: tuple[str, ...]) -> WordSet[str]:
    return WordSet([(w.lower(), w) for w in words], boundaries=False)


@lru_cache(maxsize=64)
def name_set(names: frozenset[str]) -> WordSet[str]:
    """A set of names (a catalogue's short names, its aliases …), matched as written. Kept for the
    few sets a store version has: the same set object comes back until a report or alias changes."""
    return WordSet([(n, n) for n in sorted(names)])


def named_spans(text: str, *names: frozenset[str], longest: int = 16) -> list[tuple[int, int]]:
    """(start, end) of every substring of two to ``longest`` characters that is one of the names:
    longest first, then from the left (the order a reader takes names in, a longer name first)."""
    if len(names) == 1:
        return name_set(names[0]).occurrences(text, 2, longest)
    found = {span for group in names for span in name_set(group).occurrences(text, 2, longest)}
    return sorted(found, key=lambda span: (span[0] - span[1], span[0]))
