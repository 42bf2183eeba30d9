"""Diacritics-insensitive, ranked search over short Vietnamese texts (procedure names)."""

import re
import unicodedata
from dataclasses import dataclass

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Fold ``text`` to lower-case ASCII words: "Đăng ký khai sinh" → "dang ky khai sinh"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NON_WORD.sub(" ", plain.lower()).strip()


def initials(words: list[str]) -> str:
    """Return the first letters of ``words``: the way clerks abbreviate ("dkkd")."""
    return "".join(word[0] for word in words if word)


@dataclass(frozen=True)
class Document:
    """What a search ranks: the folded name, the folded extra words, and the exact code."""

    name: str
    extra: str
    code: str


def score(query: str, document: Document) -> int:
    """Score how well the folded ``query`` matches ``document``; 0 means no match.

    Tiers, best first: the code itself, the whole name, the name starting with the query,
    the query as a phrase, every word starting a word of the name, every word starting a
    word of the name, code, keywords or field, an abbreviation of the name's words, then
    two thirds of the words.
    """
    if not query:
        return 1
    name = document.name
    if query == fold(document.code):
        return 1000
    if name == query:
        return 900
    padded = f" {name} "
    if name.startswith(query + " "):
        return 800
    if f" {query} " in padded:
        return 700
    words = query.split()
    name_words = name.split()
    if all(any(word.startswith(term) for word in name_words) for term in words):
        return 500
    all_words = name_words + document.extra.split()
    found = sum(1 for term in words if any(word.startswith(term) for word in all_words))
    if found == len(words):
        return 400
    if len(words) == 1 and len(query) >= 2 and query in initials(name_words):
        return 300
    if found * 3 >= len(words) * 2:
        return 100 + 100 * found // len(words)
    return 0
