"""Bodies and places named in a question: short names, pinyin and one-character typos derived from
the catalogue of indexed reports, the city of each place, unknown bodies and the closest indexed ones."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from functools import lru_cache

from index.facts import FactStore

from .measures import vocab
from .named import _english_index
from .plan import lexicon

_CJK = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=4)
def _short_names(catalog: frozenset[tuple[str, str | None]]) -> dict[str, frozenset[str]]:
    """Short spellings → the body keys they may mean: 利通, 红寺堡审批局, 科技局, 淮安洪泽区;
    a place alone (红寺堡) or a kind alone (审批局, 那个局, 区政府) may mean several."""
    from pypinyin import lazy_pinyin

    kinds: dict[str, list[str]] = lexicon()["body_kinds"]
    english_kinds: dict[str, list[str]] = lexicon()["body_kinds_english"]
    generic: dict[str, list[str]] = lexicon()["generic_bodies"]
    names: dict[str, set[str]] = defaultdict(set)
    for key, region in catalog:
        kind = next((k for k in sorted(kinds, key=len, reverse=True) if key.endswith(k) and len(key) > len(k)), "")
        place = key[: len(key) - len(kind)] if kind else key
        short_place = place[:-1] if len(place) >= 3 and place[-1] in "区县市旗" else place
        places = {place, short_place}
        if region:
            for r in {region, region.removesuffix("市").removesuffix("省")}:
                places |= {r + place, r + short_place} if len(r) >= 2 else set()
        spellings = vocab()["english_names"].get(short_place) or ["".join(lazy_pinyin(short_place))]
        if kind:
            for short in kinds[kind]:
                names[short].add(key)  # a kind alone: maybe several bodies
                for p in places:
                    names[p + short].add(key)
                    names[p + kind].add(key)
            for p in places:
                if len(p) >= 2:
                    names[p].add(key)  # 红寺堡 alone: every body of that place
            for pinyin in spellings:
                for english in english_kinds.get(kind, []):
                    names[english].add(key)
                    names[f"{pinyin} {english}"].add(key)
                names[pinyin].add(key)
            if key.endswith("局"):
                for word in generic["局"]:
                    names[word].add(key)
        else:
            for p in places:
                if len(p) >= 2:
                    names[p].add(key)
            if key.endswith(("区", "县", "市", "旗")):
                for word in generic["government"]:
                    names[word].add(key)
    return {n: frozenset(k) for n, k in names.items()}


def place_of(key: str) -> str:
    """The place a body belongs to: 红寺堡区科学技术局 → 红寺堡区 (a government is its own place)."""
    kinds = lexicon()["body_kinds"]
    kind = next((k for k in sorted(kinds, key=len, reverse=True) if key.endswith(k) and len(key) > len(k)), "")
    return key[: len(key) - len(kind)] if kind else key


@lru_cache(maxsize=4)
def regions_by_place(catalog: frozenset[tuple[str, str | None]]) -> dict[str, str]:
    """The city of each place, learnt from the bodies whose reports name it: a report that does not
    (红寺堡区科学技术局) takes its place's city from a sibling (红寺堡区审批服务管理局, 吴忠市)."""
    found: dict[str, set[str]] = defaultdict(set)
    for key, region in catalog:
        if region:
            found[place_of(key)].add(region)
    return {place: next(iter(regions)) for place, regions in found.items() if len(regions) == 1}


def _catalog(facts: FactStore) -> frozenset[tuple[str, str | None]]:
    return frozenset((r.agency_key, r.region) for r in facts.complete_reports() if r.agency_key)


def _spans(text: str, longest: int = 16) -> list[tuple[int, int]]:
    """Every substring of the question as (start, end), longest first: names are looked up in a
    dictionary, so the cost grows with the question, not with the number of bodies."""
    n = len(text)
    return [(i, i + size) for size in range(min(longest, n), 1, -1) for i in range(n - size + 1)]


@lru_cache(maxsize=4)
def _latin_names(catalog: frozenset[tuple[str, str | None]]) -> list[str]:
    return sorted((n for n in _short_names(catalog) if not _CJK.search(n)), key=len, reverse=True)


@lru_cache(maxsize=4)
def _region_of(catalog: frozenset[tuple[str, str | None]]) -> dict[str, str]:
    """Each body's city, named by its report or learnt from a sibling's (regions_by_place)."""
    regions = regions_by_place(catalog)
    found = {key: r or regions.get(place_of(key)) for key, r in catalog}
    return {key: r for key, r in found.items() if r}


def _without_region_prefix(text: str, catalog: frozenset[tuple[str, str | None]], names: dict[str, frozenset[str]]) -> str:
    """A city's name right before the short name of one of its bodies is blanked ("吴忠红寺堡科技局" is
    红寺堡区科学技术局, not also 吴忠市审批服务管理局), unless the two together are a name ("吴忠审批局")."""
    region_of = _region_of(catalog)
    for region in set(region_of.values()):
        for word in {region, region.removesuffix("市")}:
            at = text.find(word)
            if len(word) < 2 or at < 0:
                continue
            after = at + len(word)
            follow = next((text[after:end] for end in range(min(len(text), after + 16), after + 1, -1) if text[after:end] in names), None)
            if follow and (word + follow) not in names and len(names[follow]) == 1 and region_of.get(next(iter(names[follow]))) == region:
                text = text[:at] + " " * len(word) + text[after:]
    return text


def resolve_bodies(text: str, facts: FactStore, found: list[str]) -> tuple[list[str], tuple[str, ...]]:
    """Bodies named by short names the stored aliases miss, and the candidates when a name is
    ambiguous; a name with one character wrong (洪择区, 科计局) is read as the name it resembles."""
    catalog = _catalog(facts)
    names = _short_names(catalog)
    rest = text
    if found:  # only more bodies beside the ones named in full ("红旗区 vs 洪泽")
        for alias, _key in facts.all_aliases():
            if alias and alias.lower() in rest:
                rest = rest.replace(alias.lower(), " " * len(alias))
    rest = _without_region_prefix(rest, catalog, names)
    keys: list[str] = []
    at: dict[str, int] = {}  # where each body is named: "吴忠审批局和红寺堡审批局" keeps that order
    ambiguous: tuple[str, ...] = ()
    taken = [False] * len(rest)
    for start, end in _spans(rest):
        chunk = rest[start:end]
        if chunk not in names or any(taken[start:end]) or not _CJK.search(chunk):
            continue
        taken[start:end] = [True] * (end - start)
        options = sorted(names[chunk])
        if len(options) == 1:
            at.update({k: start for k in options if k not in at})
            keys += [k for k in options if k not in keys and k not in found]
        elif not ambiguous:
            ambiguous = tuple(options)
    keys.sort(key=lambda k: at.get(k, len(rest)))
    if re.search(r"[a-z]", rest):
        for name in _latin_names(catalog):
            if name in rest and re.search(rf"(?<![a-z]){re.escape(name)}(?![a-z])", rest):
                rest = rest.replace(name, " " * len(name))
                options = sorted(names[name])
                if len(options) == 1:
                    keys += [k for k in options if k not in keys and k not in found]
                elif not ambiguous:
                    ambiguous = tuple(options)
    if found:
        return found + keys, ()
    if keys:
        return keys, ()
    typo = _typo_body(text, catalog)
    if typo and (not ambiguous or set(typo) <= set(ambiguous)):
        return typo, ()
    return [], ambiguous


def body_in_region(text: str, region: str, facts: FactStore) -> list[str]:
    """The one body of a region a short name names ("吴忠市审批局", "吴忠市科技局"): a name with a kind
    of body in it (not a place alone), whose bodies in that region are exactly one."""
    catalog = _catalog(facts)
    names = _short_names(catalog)
    kinds = [w for k, shorts in lexicon()["body_kinds"].items() for w in (k, *shorts)]
    of_region = {key for key, r in _region_of(catalog).items() if r == region}
    for start, end in _spans(text):
        chunk = text[start:end]
        if chunk in names and any(k in chunk for k in kinds):
            keys = sorted(set(names[chunk]) & of_region)
            if keys:
                return keys if len(keys) == 1 else []
    return []


@lru_cache(maxsize=4)
def _near_names(catalog: frozenset[tuple[str, str | None]]) -> dict[str, frozenset[str]]:
    """Each unambiguous Chinese name with one character blanked (洪?区) → the bodies it names."""
    near: dict[str, set[str]] = defaultdict(set)
    for name, keys in _short_names(catalog).items():
        if len(name) >= 3 and len(keys) == 1 and _CJK.search(name):
            for j in range(len(name)):
                if j == 0 and len(name) < 4:
                    continue
                near[name[:j] + "?" + name[j + 1:]] |= keys
    return {k: frozenset(v) for k, v in near.items()}


def _typo_body(text: str, catalog: frozenset[tuple[str, str | None]]) -> list[str]:
    near = _near_names(catalog)
    for start, end in _spans(text, 12):
        chunk = text[start:end]
        if end - start < 3:
            break
        for j in range(len(chunk)):
            keys = near.get(chunk[:j] + "?" + chunk[j + 1:])
            if keys and len(keys) == 1:
                return sorted(keys)
    return []


def _named_plainly(text: str, key: str, facts: FactStore) -> bool:
    if any(alias.lower() in text for alias, k in facts.all_aliases() if k == key):
        return True
    names = _short_names(_catalog(facts))
    if re.search(r"[a-z]", text):
        return True  # English and pinyin names are matched by the older reader, not by typo
    return any(text[a:b] in names and key in names[text[a:b]] for a, b in _spans(text))


def warm_names(facts: FactStore) -> None:
    """Build the short-name and typo indexes of the catalogue ahead of the first question."""
    catalog = _catalog(facts)
    _short_names(catalog)
    _latin_names(catalog)
    _near_names(catalog)
    _region_of(catalog)


def english_unknown_body(question: str, facts: FactStore) -> str | None:
    """An English name of a body the index does not hold ("the Yinchuan municipal government",
    "Ningxia health commission", "Wuzhong municipal government"): capitalised place words before a
    kind of body ([english_bodies] in the lexicon), with a word no indexed body's English or pinyin
    name has."""
    data = lexicon()["english_bodies"]
    kinds = "|".join(re.escape(k) for k in sorted(data["kinds"], key=len, reverse=True))
    catalog = _catalog(facts)
    known = {token for name in _latin_names(catalog) for token in name.split()}  # approval, science …
    known |= set(_english_index(frozenset(k for k, _ in catalog)))  # hongqi, hongze, litong …
    known |= {t for group in ("english_names", "english_kinds") for names in vocab()[group].values() for w in names for t in w.split()}
    known |= set(data["filler"])
    for m in re.finditer(rf"(?<![A-Za-z])((?:[A-Z][A-Za-z'-]+\s+){{1,3}})((?:[a-z][a-z-]*\s+){{0,2}}?)((?i:{kinds}))(?![A-Za-z])", question):
        words = m.group(1).split()
        while words and re.sub(r"['’]s$", "", words[0].lower()) in data["not_names"]:  # "What's the …"
            words.pop(0)
        name = words + m.group(2).split() + [m.group(3)]
        if not words or all(t.lower().removesuffix("'s") in known for w in name for t in w.split()):
            continue  # every word is an indexed body's ("Hongze District Government", "the Approval Bureau")
        return " ".join(name)
    return None


def closest_bodies(name: str, facts: FactStore, n: int = 3) -> list[str]:
    """Indexed bodies whose names look most like an unknown one (names sharing its characters
    first, so a province's catalogue is not compared name by name)."""
    agencies = {r.agency_key: r.agency or r.agency_key for r in facts.complete_reports() if r.agency_key}
    chars = set(name) - set("区县市局委办省")
    near = [k for k in agencies if len(chars & set(k)) >= min(2, len(chars))][:500] or list(agencies)[:500]
    scored = sorted(near, key=lambda k: -max(difflib.SequenceMatcher(None, name, k).ratio(),
                                             difflib.SequenceMatcher(None, name, agencies[k]).ratio()))
    return [agencies[k] for k in scored[:n]]
