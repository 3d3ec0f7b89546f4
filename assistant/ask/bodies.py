"""Bodies and places named in a question: short names, pinyin and one-character typos derived from
the catalogue of indexed reports, the city of each place, unknown bodies and the closest indexed ones."""

from __future__ import annotations

import difflib
import re
import tomllib
import unicodedata
import weakref
from collections import defaultdict
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

from index.agencies import body_names
from index.facts import FactStore

from .measures import vocab
from .named import _english_index
from .plan import lexicon
from .wordsets import name_set, named_spans

_CJK = re.compile(r"[\u4e00-\u9fff]")


@cache
def names_vocab() -> dict[str, Any]:
    """Kinds of area and of government, and how people shorten them (assistant/vocab/names.toml)."""
    return tomllib.loads(files("assistant").joinpath("vocab/names.toml").read_text(encoding="utf-8"))


@cache
def _areas_longest_first() -> tuple[str, ...]:
    return tuple(sorted(names_vocab()["areas"], key=len, reverse=True))


@lru_cache(maxsize=65536)
def split_area(place: str) -> tuple[str, str]:
    """(the place's own name, its kind of area): 某某综合实验区 → (某某, 综合实验区); a name that would
    be shorter than two characters keeps its kind (沙县 → (沙县, ""))."""
    for area in _areas_longest_first():
        if place.endswith(area) and len(place) - len(area) >= 2:
            return place[: len(place) - len(area)], area
    return place, ""


@lru_cache(maxsize=65536)
def department_kind(key: str) -> str:
    """The kind of body a key ends with after its place (审批服务管理局, 教育局 …), "" for a government."""
    kinds = lexicon()["body_kinds"]
    kind = next((k for k in sorted(kinds, key=len, reverse=True) if key.endswith(k) and len(key) > len(k)), "")
    if kind:
        return kind
    areas = "|".join(re.escape(a) for a in _areas_longest_first())
    match = re.match(rf"^(.{{2,12}}?(?:{areas}))(.{{2,}})$", key)
    if match and match.group(2).endswith(_DEPARTMENT_ENDS) and not match.group(2).startswith(tuple(names_vocab()["governments"])):
        return match.group(2)
    return ""


_DEPARTMENT_ENDS = ("局", "委", "办", "厅", "委员会", "中心", "院", "所", "署", "站", "队", "馆")


@lru_cache(maxsize=4096)
def kind_shorts(kind: str) -> frozenset[str]:
    """What people call a kind of body for short: 科学技术局 → 科技局; 卫生健康委员会 → 卫生健康委."""
    shorts = set(lexicon()["body_kinds"].get(kind, []))
    for ending, short in names_vocab()["department_endings"].items():
        if kind.endswith(ending) and len(kind) > len(ending):
            shorts.add(kind[: len(kind) - len(ending)] + short)
    return frozenset(shorts - {kind})


def place_forms(place: str, region: str | None) -> set[str]:
    """Every way a question may write a place: its name with its kind of area, shortened (某某实验区,
    某某区) or without it (某某), each also behind its city or province (with or without 市/省)."""
    base, area = split_area(place)
    forms = {place}
    if area:
        forms |= {base} | {base + short for short in names_vocab()["areas"][area]}
    if region:
        region_base, _ = split_area(region)
        own = set(forms)
        for r in {region, region_base}:
            if len(r) >= 2 and not place.startswith(r):
                forms |= {r + f for f in own}
    return {f for f in forms if len(f) >= 2}


@lru_cache(maxsize=65536)
def spellings(place: str) -> list[str]:
    """The pinyin of a place's own name as people type it: joined, with an apostrophe before a syllable
    that starts with a vowel, spaced, and with another reading of its last character (堡: bao, bu, pu) —
    Qingshan, Qing'an, qingan, "qing an" (for invented 青山 and 青安). Tone marks are read away from the question (plain_latin)."""
    from pypinyin import Style, lazy_pinyin, pinyin

    base, _ = split_area(place)
    main = lazy_pinyin(base, errors="ignore")
    if len(main) != len(base) or not main:
        return []
    readings = pinyin(base, style=Style.NORMAL, heteronym=True, errors="ignore")
    last = readings[-1] if len(readings) == len(main) else []  # a place's last character is the one read otherwise (堡 bu)
    words = [main] + [main[:-1] + [alt] for alt in last[:3] if alt != main[-1]]
    found: list[str] = []
    for i, syllables in enumerate(words):
        found.append("".join(syllables))
        if i == 0:
            found.append(syllables[0] + "".join(("'" if s[0] in "aeo" else "") + s for s in syllables[1:]))
            found.append(" ".join(syllables))
    return list(dict.fromkeys(found))


def plain_latin(text: str) -> str:
    """Tone marks and curly apostrophes read away (píngtán → pingtan, Huai’an → huai'an), same length."""
    text = text.replace("’", "'").replace("‘", "'")
    if text.isascii():
        return text
    out = []
    for c in text:
        if not c.isascii():
            plain = unicodedata.normalize("NFKD", c)[0]
            c = plain if plain.isascii() and plain.isalpha() else c
        out.append(c)
    return "".join(out)


@lru_cache(maxsize=4)
def _short_names(catalog: frozenset[tuple[str, str | None]]) -> dict[str, frozenset[str]]:
    """Short spellings → the body keys they may mean, derived from each body's own name by the rules of
    assistant/vocab/names.toml: 某某实验区, 某某, 某某审批局, 科技局, the city before a district, pinyin
    and English; a place alone or a kind alone (审批局, 那个局, 区政府) may mean several."""
    english_kinds: dict[str, list[str]] = lexicon()["body_kinds_english"]
    english_areas: dict[str, list[str]] = names_vocab()["areas_english"]
    generic: dict[str, list[str]] = lexicon()["generic_bodies"]
    governments: list[str] = names_vocab()["government_words"]
    names: dict[str, set[str]] = defaultdict(set)
    for key, region in catalog:
        kind = department_kind(key)
        place = key[: len(key) - len(kind)] if kind else key
        forms = place_forms(place, region)
        _, area = split_area(place)
        latin = spellings(place)
        if kind:
            for short in {kind} | kind_shorts(kind):
                if short in lexicon()["body_kinds"].get(kind, []):
                    names[short].add(key)  # a kind alone: maybe several bodies
                for p in forms:
                    names[p + short].add(key)
            for p in forms:
                names[p].add(key)  # a place alone: every body of that place
            for english in english_kinds.get(kind, []):
                names[english].add(key)
            for pinyin in latin:
                names[pinyin].add(key)
                if " " not in pinyin:  # "hong si bao" alone is read; before a kind, the written forms are enough
                    for english in english_kinds.get(kind, []):
                        names[f"{pinyin} {english}"].add(key)
            if key.endswith("局"):
                for word in generic["局"]:
                    names[word].add(key)
        else:
            for p in forms:
                names[p].add(key)
                for word in governments:
                    names[p + word].add(key)
            for pinyin in latin:
                names[pinyin].add(key)
                for english in english_areas.get(area, []) if " " not in pinyin else []:
                    names[f"{pinyin} {english}"].add(key)
            if area:
                for word in generic["government"]:
                    names[word].add(key)
                for kind_of_area in {area, *names_vocab()["areas"][area]}:
                    for word in governments:
                        names[kind_of_area + word].add(key)  # "市政府": every city government indexed (asked back if several)
    return {n: frozenset(k) for n, k in names.items()}


def place_of(key: str) -> str:
    """The place a body belongs to: 红寺堡区科学技术局 → 红寺堡区 (a government is its own place)."""
    kind = department_kind(key)
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


_BY_STORE: weakref.WeakKeyDictionary[FactStore, tuple[int, frozenset[tuple[str, str | None]], frozenset[str]]] = weakref.WeakKeyDictionary()


def _store_names(facts: FactStore) -> tuple[frozenset[tuple[str, str | None]], frozenset[str]]:
    """The catalogue ((body key, city) of each complete report) and the lower-cased aliases, read
    once per store version: the same objects come back, so the indexes built on them are found again."""
    version = facts.version()
    known = _BY_STORE.get(facts)
    if known is None or known[0] != version:
        catalog = frozenset((r.agency_key, r.region) for r in facts.complete_reports() if r.agency_key)
        known = (version, catalog, frozenset(a.lower() for a, _ in facts.all_aliases()))
        _BY_STORE[facts] = known
    return known[1], known[2]


def _catalog(facts: FactStore) -> frozenset[tuple[str, str | None]]:
    return _store_names(facts)[0]


def _aliases(facts: FactStore) -> frozenset[str]:
    """Every alias of an indexed body, lower-cased."""
    return _store_names(facts)[1]


@lru_cache(maxsize=4)
def _short_name_set(catalog: frozenset[tuple[str, str | None]]) -> frozenset[str]:
    return frozenset(_short_names(catalog))


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
    text = plain_latin(text)
    rest = text
    if found:  # only more bodies beside the ones named in full ("甲区 vs 乙区")
        for alias, _key in facts.all_aliases():
            if alias and alias.lower() in rest:
                rest = rest.replace(alias.lower(), " " * len(alias))
    rest = _without_region_prefix(rest, catalog, names)
    keys: list[str] = []
    at: dict[str, int] = {}  # where each body is named: "甲市审批局和乙区审批局" keeps that order
    ambiguous: tuple[str, ...] = ()
    taken = [False] * len(rest)
    for start, end in named_spans(rest, _short_name_set(catalog)):
        chunk = rest[start:end]
        if any(taken[start:end]) or not _CJK.search(chunk):
            continue
        taken[start:end] = [True] * (end - start)
        options = sorted(names[chunk])
        if len(options) == 1:
            at.update({k: start for k in options if k not in at})
            keys += [k for k in options if k not in keys and k not in found]
        elif not ambiguous and not _after_other_place(rest[:start]):
            ambiguous = tuple(options)  # "审批局" alone; but "某省人民政府" is a body not indexed, not a choice
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
    typo = _typo_body(text, catalog) or (_latin_typo(text, catalog) if not ambiguous else [])
    if typo and (not ambiguous or set(typo) <= set(ambiguous)):
        return typo, ()
    return [], ambiguous


@lru_cache(maxsize=4)
def _latin_words(catalog: frozenset[tuple[str, str | None]]) -> dict[str, frozenset[str]]:
    """The one-word pinyin names that name one body (pingtan, huaian …)."""
    return {n: k for n, k in _short_names(catalog).items() if len(k) == 1 and re.fullmatch(r"[a-z']{5,}", n)}


def _latin_typo(text: str, catalog: frozenset[tuple[str, str | None]]) -> list[str]:
    """A pinyin name with one letter wrong, missing or extra ("Pingtang", "Huaain"): the one body whose
    one-word pinyin name is one edit or swap away (rapidfuzz, optimal string alignment), when no other name was found."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    words = _latin_words(catalog)
    if not words:
        return []
    known = set(_latin_names(catalog))
    for token in re.findall(r"[a-z][a-z']{5,}", text):
        if token in known:
            continue
        found = process.extract(token, list(words), scorer=OSA.distance, score_cutoff=1, limit=3)
        bodies = {key for name, _, _ in found for key in words[name]}
        if len(bodies) == 1:
            return sorted(bodies)
    return []


def _after_other_place(before: str) -> bool:
    """Whether a kind of body follows a place's name the catalogue does not hold ("江苏省" + 人民政府)."""
    areas = "|".join(re.escape(a) for a in sorted(names_vocab()["areas"], key=len, reverse=True))
    match = re.search(rf"([\u4e00-\u9fff]{{2,10}}?(?:{areas}))$", before)
    return bool(match) and match.group(1)[0] not in names_vocab()["not_inside"]


def body_in_region(text: str, region: str, facts: FactStore) -> list[str]:
    """The one body of a region a short name names ("吴忠市审批局", "吴忠市科技局"): a name with a kind
    of body in it (not a place alone), whose bodies in that region are exactly one."""
    catalog = _catalog(facts)
    names = _short_names(catalog)
    kinds = [w for k, shorts in lexicon()["body_kinds"].items() for w in (k, *shorts)]
    of_region = {key for key, r in _region_of(catalog).items() if r == region}
    for start, end in named_spans(text, _short_name_set(catalog)):
        chunk = text[start:end]
        if any(k in chunk for k in kinds):
            keys = sorted(set(names[chunk]) & of_region)
            if keys:
                return keys if len(keys) == 1 else []
    return []


@lru_cache(maxsize=4)
def _near_names(catalog: frozenset[tuple[str, str | None]]) -> dict[str, frozenset[str]]:
    """Each unambiguous Chinese name with one character blanked (洪?区) → the bodies it names."""
    near: dict[str, set[str]] = defaultdict(set)
    governments = tuple(names_vocab()["government_words"])
    regions = set(_region_of(catalog).values())
    cities = tuple(regions | {split_area(r)[0] for r in regions if len(split_area(r)[0]) >= 2})
    for name, keys in _short_names(catalog).items():
        if len(name) >= 3 and len(keys) == 1 and _CJK.search(name) and not name.endswith(governments) \
                and not (name.startswith(cities) and name not in regions):  # a misspelt name is read without its city
            for j in range(len(name)):
                if j == 0 and len(name) < 4:
                    continue
                near[name[:j] + "?" + name[j + 1:]] |= keys
    return {k: frozenset(v) for k, v in near.items()}


def _typo_body(text: str, catalog: frozenset[tuple[str, str | None]]) -> list[str]:
    """The one body a span of the question names with one character wrong (洪择区): the longest
    such span, then the leftmost. A span is looked up blanked only where the characters before the
    blank begin a name of its length and those after it end one, so most spans cost one look-up."""
    near = _near_names(catalog)
    shapes = _near_shapes(catalog)
    for size in range(min(12, len(text)), 2, -1):
        if size not in shapes:
            continue
        heads, tails = shapes[size]
        for start in range(len(text) - size + 1):
            chunk = text[start:start + size]
            head = 0
            while head < size and chunk[:head + 1] in heads:
                head += 1
            tail = 0
            while tail < size and chunk[size - tail - 1:] in tails:
                tail += 1
            for j in range(max(0, size - 1 - tail), min(head, size - 1) + 1):
                keys = near.get(chunk[:j] + "?" + chunk[j + 1:])
                if keys and len(keys) == 1:
                    return sorted(keys)
    return homophone_body(text, catalog)


@lru_cache(maxsize=4)
def _near_shapes(catalog: frozenset[tuple[str, str | None]]) -> dict[int, tuple[frozenset[str], frozenset[str]]]:
    """For each length of the names _near_names blanks: how those names begin and end (every prefix
    and every suffix, the empty one too)."""
    heads: dict[int, set[str]] = defaultdict(set)
    tails: dict[int, set[str]] = defaultdict(set)
    for key in _near_names(catalog):
        n, j = len(key), key.index("?")
        heads[n].update(key[:k] for k in range(j + 1))
        tails[n].update(key[k:] for k in range(j + 1, n + 1))
    return {n: (frozenset(heads[n]), frozenset(tails[n])) for n in heads}


@lru_cache(maxsize=4)
def _homophones(catalog: frozenset[tuple[str, str | None]]) -> dict[str, frozenset[str]]:
    """Each Chinese name that names one body, by its sound (pinyin without tones) → that body."""
    from pypinyin import lazy_pinyin

    sounds: dict[str, set[str]] = defaultdict(set)
    for name, keys in _short_names(catalog).items():
        if len(name) >= 2 and _CJK.fullmatch(name[0]) and all(_CJK.fullmatch(c) for c in name):
            sounds[" ".join(lazy_pinyin(name))] |= keys
    return {sound: frozenset(keys) for sound, keys in sounds.items() if len(keys) == 1}


@lru_cache(maxsize=65536)
def _sound(character: str) -> str:
    """A Chinese character's pinyin without tone ("" for anything else)."""
    from pypinyin import lazy_pinyin

    return lazy_pinyin(character)[0] if _CJK.fullmatch(character) else ""


def homophone_body(text: str, catalog: frozenset[tuple[str, str | None]]) -> list[str]:
    """A name typed with another character of the same sound (an input method's commonest slip:
    平谭 for 平潭): the one body whose name sounds so, when the written span names nothing itself."""
    sounds, names = _homophones(catalog), _short_names(catalog)
    sizes = _homophone_sizes(catalog)
    syllables = [_sound(c) for c in text]
    run = [0] * (len(text) + 1)  # how many Chinese characters run on from each position
    for i in range(len(text) - 1, -1, -1):
        run[i] = run[i + 1] + 1 if syllables[i] else 0
    for size in range(min(12, len(text)), 1, -1):
        if size not in sizes:
            continue  # no name has that many syllables
        for start in range(len(text) - size + 1):
            if run[start] >= size and text[start:start + size] not in names:
                keys = sounds.get(" ".join(syllables[start:start + size]))
                if keys:
                    return sorted(keys)
    return []


@lru_cache(maxsize=4)
def _homophone_sizes(catalog: frozenset[tuple[str, str | None]]) -> frozenset[int]:
    """How many syllables the names _homophones knows have."""
    return frozenset(sound.count(" ") + 1 for sound in _homophones(catalog))


def _named_plainly(text: str, key: str, facts: FactStore) -> bool:
    if any(alias.lower() in text for alias, k in facts.all_aliases() if k == key):
        return True
    catalog = _catalog(facts)
    names = _short_names(catalog)
    text = plain_latin(text)
    if re.search(r"[a-z]", text) and not _latin_typo(text, catalog):
        return True  # English and pinyin names are matched by the older reader; a misspelt one is said back
    return any(key in names[text[a:b]] for a, b in named_spans(text, _short_name_set(catalog)))


def warm_names(facts: FactStore) -> None:
    """Build the short-name and typo indexes of the catalogue ahead of the first question."""
    catalog = _catalog(facts)
    _short_names(catalog)
    _latin_names(catalog)
    _near_names(catalog)
    _near_shapes(catalog)
    _region_of(catalog)
    name_set(_short_name_set(catalog))
    name_set(_names_and_cities(catalog)[1])
    name_set(_aliases(facts))


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
    known |= {t for names in vocab()["english_kinds"].values() for w in names for t in w.split()}
    known |= {t for names in names_vocab()["areas_english"].values() for w in names for t in w.split()}
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
    """Indexed bodies to name beside an unknown one: those of the place it lies in (某市某区 → 某市's),
    then those of the same kind (a government for a government, a 审批局 for a 审批局), then the names
    that look most like it (names sharing its characters first, so a province's catalogue is not
    compared name by name). One name per body, however it was written across years."""
    rows = facts.complete_reports()
    agencies = body_names(rows)
    catalog = _catalog(facts)
    region_of = _region_of(catalog)
    plain = name.strip()

    def place_rank(key: str) -> int:
        place = place_of(key)
        region = region_of.get(key) or ""
        if any(plain.startswith(p) for p in place_forms(place, None) | {agencies[key]}):
            return 0  # the unknown body lies in this body's place
        return 1 if region and plain.startswith((region, split_area(region)[0])) else 2

    def kind_rank(key: str) -> int:
        kind = department_kind(key)
        if kind:
            return 0 if any(plain.endswith(k) for k in {kind} | kind_shorts(kind)) else 1
        return 0 if plain.endswith(tuple(names_vocab()["governments"]) + tuple(names_vocab()["areas"])) else 1

    chars = set(plain) - set("区县市局委办省")
    near = [k for k in agencies if len(chars & set(k)) >= min(2, len(chars))][:500] or list(agencies)[:500]
    near += [k for k in agencies if k not in near and (place_rank(k) < 2 or kind_rank(k) == 0)][:500]
    scored = sorted(near, key=lambda k: (place_rank(k), kind_rank(k), -max(difflib.SequenceMatcher(None, plain, k).ratio(),
                                                                          difflib.SequenceMatcher(None, plain, agencies[k]).ratio())))
    return [agencies[k] for k in scored[:n]]


class _Either:
    """Membership in either of two sets, without building their union for every question."""

    def __init__(self, first: frozenset[str] | set[str], second: frozenset[str] | set[str]) -> None:
        self.first, self.second = first, second

    def __contains__(self, item: object) -> bool:
        return item in self.first or item in self.second


@lru_cache(maxsize=4)
def _names_and_cities(catalog: frozenset[tuple[str, str | None]]) -> tuple[frozenset[str], frozenset[str]]:
    """The short names of the catalogue, and those names with its cities (with and without 市)."""
    short = frozenset(_short_names(catalog))
    regions = set(_region_of(catalog).values())
    return short, short | regions | {split_area(r)[0] for r in regions if len(split_area(r)[0]) >= 2}


def _one_of_kind_in(region: str, kind_word: str, catalog: frozenset[tuple[str, str | None]]) -> bool:
    """Whether exactly one indexed body of the city ``region`` is of the kind ``kind_word`` names."""
    of_region = [key for key, r in _region_of(catalog).items() if r in (region, region + "市") or split_area(r)[0] == region]
    return len([k for k in of_region if (kind := department_kind(k)) and kind_word in {kind} | kind_shorts(kind)]) == 1


@lru_cache(maxsize=4)
def _inside_pattern() -> re.Pattern[str]:
    """A name right after a place's: some characters and a kind of area or of body (清江浦区, 审批局)."""
    ends = sorted(set(names_vocab()["areas"]) | set(names_vocab()["inside_ends"]), key=len, reverse=True)
    return re.compile(rf"^[\u4e00-\u9fff]{{1,6}}?(?:{'|'.join(map(re.escape, ends))})(?![\u4e00-\u9fff]{{0,1}}(?:[理事公]))")


@cache
def _kind_words() -> frozenset[str]:
    """Every kind of body and its short forms, and the generic words for a body (审批局, 区政府 …)."""
    kinds = {w for kind, shorts in lexicon()["body_kinds"].items() for w in (kind, *shorts)}
    return frozenset(kinds | {w for words in lexicon()["generic_bodies"].values() for w in words})


def unindexed_inside(text: str, facts: FactStore) -> str | None:
    """A place or body named inside an indexed one's name that is not indexed itself: 某市某某区 or
    某市审批局 when only 某市's government is; its figure is never the indexed body's. None when every
    name the question gives is indexed."""
    text = plain_latin(text)
    catalog = _catalog(facts)
    aliases = _aliases(facts)
    short, cities = _names_and_cities(catalog)
    names = _Either(short, aliases)
    governments = tuple(names_vocab()["governments"])
    not_first = set(names_vocab()["not_inside"])
    kind_words = _kind_words()
    taken = [False] * len(text)
    for start, end in named_spans(text, cities, aliases):  # 某市 holds indexed districts
        chunk = text[start:end]
        if any(taken[start:end]) or not _CJK.search(chunk):
            continue
        taken[start:end] = [True] * (end - start)
        after = text[end:end + 10]
        match = _inside_pattern().match(after)
        if not match or any(c in not_first for c in match.group()) or after.startswith(governments):
            continue
        inner = match.group()
        if any(inner[i:] in names and inner[i:] not in kind_words for i in range(len(inner) - 1)) or len(inner) < 3:
            continue  # another indexed body ("甲市和乙区"), or too short to be a name
        whole = chunk + inner
        if _one_of_kind_in(chunk, inner, catalog):
            continue  # "某市科技局": the one 科技局 of that city's places (body_in_region reads it)
        near = _near_names(catalog)
        if any(len(near.get(whole[:j] + "?" + whole[j + 1:], ())) == 1 for j in range(len(whole))):
            continue  # one character wrong in an indexed name ("…综合实脸区")
        return whole
    return None


def without_names(text: str, facts: FactStore) -> str:
    """The question with every name of an indexed body blanked (what it asks besides whom)."""
    text = plain_latin(text)
    chars = list(text)
    for start, end in named_spans(text, _short_name_set(_catalog(facts)), _aliases(facts)):
        if _CJK.search(text[start:end]) and "\0" not in chars[start:end]:
            chars[start:end] = ["\0"] * (end - start)
    return "".join(" " if c == "\0" else c for c in chars)
