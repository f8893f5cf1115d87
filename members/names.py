"""Vietnamese names: the sort key (given name first, Vietnamese alphabet) and the search key.

The sort key is made only of lowercase ASCII letters in fixed-width codes, so that any database
collation (SQLite's binary, PostgreSQL's locale) orders it the same way.
"""

import functools
import unicodedata

# Base letters in Vietnamese alphabetical order; letters outside it sort after by code point.
ALPHABET = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_MARKS = {"\u0306": "ă", "\u0302": "^", "\u031b": "'"}
_WITH_MARK = {("a", "ă"): "ă", ("a", "^"): "â", ("e", "^"): "ê", ("o", "^"): "ô"}
_WITH_MARK |= {("o", "'"): "ơ", ("u", "'"): "ư"}
# Tones in dictionary order: level, grave, hook, tilde, acute, dot below.
TONES = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_SEPARATOR = "aa"


def _letter_and_tone(char: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", char.lower())
    base, marks = decomposed[0], decomposed[1:]
    tone = 0
    for mark in marks:
        if mark in TONES:
            tone = TONES[mark]
        elif mark in _MARKS:
            base = _WITH_MARK.get((base, _MARKS[mark]), base)
    return base, tone


def _code(rank: int) -> str:
    return chr(97 + rank // 26) + chr(97 + rank % 26)


def _letter_code(letter: str) -> str:
    position = ALPHABET.find(letter)
    rank = position + 1 if position >= 0 else len(ALPHABET) + 1 + min(ord(letter) % 600, 600)
    return _code(rank)


def split_name(full_name: str) -> tuple[str, str]:
    """('Hoài', 'Nguyễn Thị') for 'Nguyễn Thị Hoài': the given name is the last word."""
    words = full_name.split()
    if not words:
        return "", ""
    return words[-1], " ".join(words[:-1])


def sort_key(full_name: str) -> str:
    """Key that orders names by given name, then the rest, in the Vietnamese alphabet."""
    given, rest = split_name(full_name)
    primary, tones = [], []
    for word in (given, *rest.split()):
        for char in word:
            letter, tone = _char_codes(char)
            primary.append(letter)
            tones.append(tone)
        primary.append(_SEPARATOR)
    return "".join(primary) + _SEPARATOR + "".join(tones)


# Bulk writers (import, synthetic data) meet the same names many times.
@functools.lru_cache(maxsize=16384)
def name_keys(full_name: str) -> tuple[str, str]:
    """The stored keys of a name: (Person.sort_name, Person.search_text)."""
    return sort_key(full_name), search_key(full_name)


# Names use a few dozen distinct characters, and an import computes thousands of keys.
@functools.lru_cache(maxsize=4096)
def _char_codes(char: str) -> tuple[str, str]:
    """A character's letter code and tone code in the sort key."""
    letter, tone = _letter_and_tone(char)
    return _letter_code(letter), chr(97 + tone)


def search_key(text: str) -> str:
    """Lowercase text without diacritics, so that 'hoai' finds 'Hoài' and 'dang' finds 'Đặng'."""
    return " ".join("".join(map(_without_marks, text.lower())).split())


@functools.lru_cache(maxsize=4096)
def _without_marks(char: str) -> str:
    # Canonical decomposition works character by character (only the order of the marks
    # depends on their neighbours, and the marks are dropped), so each is worked out once.
    if char == "đ":
        return "d"
    decomposed = unicodedata.normalize("NFD", char)
    return "".join(part for part in decomposed if not unicodedata.combining(part))


def cohort_key(cohort: str) -> str:
    """A cohort's name as compared: "K61", "k61" and "K 61" are one cohort."""
    return search_key(cohort).replace(" ", "")
