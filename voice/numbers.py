"""Spoken words for numbers and ticket codes, in Vietnamese or English."""

import re

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu", "tỷ")
MAX_NUMBER = 10 ** (3 * len(SCALES)) - 1
FOUR_VARIANTS = ("tư", "bốn")
FIVE_VARIANTS = ("lăm", "năm")
ZERO_TENS_VARIANTS = ("linh", "lẻ")

# Letter names as read out in Vietnamese schools and offices.
LETTER_NAMES = {
    "A": "a",
    "Ă": "á",
    "Â": "ớ",
    "B": "bê",
    "C": "xê",
    "D": "dê",
    "Đ": "đê",
    "E": "e",
    "Ê": "ê",
    "F": "ép",
    "G": "giê",
    "H": "hát",
    "I": "i",
    "J": "gi",
    "K": "ca",
    "L": "e-lờ",
    "M": "em-mờ",
    "N": "en-nờ",
    "O": "o",
    "Ô": "ô",
    "Ơ": "ơ",
    "P": "pê",
    "Q": "quy",
    "R": "e-rờ",
    "S": "ét-xì",
    "T": "tê",
    "U": "u",
    "Ư": "ư",
    "V": "vê",
    "W": "vê kép",
    "X": "ích-xì",
    "Y": "i dài",
    "Z": "dét",
}

EN_SMALL = tuple(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen"
    " fourteen fifteen sixteen seventeen eighteen nineteen".split()
)
EN_TENS = ("", "", *"twenty thirty forty fifty sixty seventy eighty ninety".split())
EN_SCALES = ("", "thousand", "million", "billion")

SEPARATORS = frozenset(" -./_")


def number_to_words(n: int, *, four: str = "tư", five: str = "lăm", zero_tens: str = "linh") -> str:
    """Spell n in Vietnamese words, e.g. 1023 -> "một nghìn không trăm hai mươi ba"."""
    return " ".join(number_phrases(n, four=four, five=five, zero_tens=zero_tens))


def number_phrases(
    n: int, *, four: str = "tư", five: str = "lăm", zero_tens: str = "linh"
) -> list[str]:
    """Return the Vietnamese words for n, one syllable per item."""
    _check_variant("four", four, FOUR_VARIANTS)
    _check_variant("five", five, FIVE_VARIANTS)
    _check_variant("zero_tens", zero_tens, ZERO_TENS_VARIANTS)
    groups = _groups_of_three(n)
    words: list[str] = []
    for index, group in enumerate(groups):
        if group == 0:
            continue
        words += _group_words(group, leading=index == 0, four=four, five=five, zero_tens=zero_tens)
        scale = SCALES[len(groups) - 1 - index]
        if scale:
            words.append(scale)
    return words or [DIGITS[0]]


def english_number_phrases(n: int) -> list[str]:
    """Return the English words for n, e.g. 1023 -> one thousand twenty three."""
    groups = _groups_of_three(n)
    words: list[str] = []
    for index, group in enumerate(groups):
        if group == 0:
            continue
        hundreds, rest = divmod(group, 100)
        if hundreds:
            words += [EN_SMALL[hundreds], "hundred"]
        if rest >= 20:
            words.append(EN_TENS[rest // 10])
            rest %= 10
        if rest:
            words.append(EN_SMALL[rest])
        scale = EN_SCALES[len(groups) - 1 - index]
        if scale:
            words.append(scale)
    return words or [EN_SMALL[0]]


def ticket_number_words(number: str, language: str = "vi", **variants: str) -> str:
    """Spell a shown ticket number such as "1023" or "A015" as spoken words."""
    return " ".join(ticket_number_phrases(number, language, **variants))


def ticket_number_phrases(number: str, language: str = "vi", **variants: str) -> list[str]:
    """Return the spoken phrases of a ticket number: letter names, then number values."""
    if language not in ("vi", "en"):
        raise ValueError(f"unsupported language {language!r}; use 'vi' or 'en'")
    phrases: list[str] = []
    for token in re.findall(r"\d+|\D", str(number).strip().upper()):
        if token.isdigit():
            value = int(token)
            if language == "vi":
                phrases += number_phrases(value, **variants)
            else:
                phrases += english_number_phrases(value)
        elif token in SEPARATORS:
            continue
        elif language == "vi" and token in LETTER_NAMES:
            phrases.append(LETTER_NAMES[token])
        elif language == "en" and token.isascii() and token.isalpha():
            phrases.append(token)
        else:
            raise ValueError(f"cannot read character {token!r} in ticket number {number!r}")
    if not phrases:
        raise ValueError(f"ticket number {number!r} has nothing to read")
    return phrases


def _groups_of_three(n: int) -> list[int]:
    """Split n into groups of three digits, most significant first."""
    if not 0 <= n <= MAX_NUMBER:
        raise ValueError(f"number {n} is outside 0..{MAX_NUMBER}")
    groups = []
    while True:
        n, group = divmod(n, 1000)
        groups.append(group)
        if n == 0:
            return groups[::-1]


def _group_words(group: int, *, leading: bool, four: str, five: str, zero_tens: str) -> list[str]:
    """Read one group of three digits; inner groups always say their hundreds."""
    hundreds, tens, units = group // 100, group // 10 % 10, group % 10
    words: list[str] = []
    if hundreds or not leading:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append(zero_tens)
        if units:
            words.append(DIGITS[units])
        return words
    words += ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units:
        words.append(_units_after_tens(tens, units, four=four, five=five))
    return words


def _units_after_tens(tens: int, units: int, *, four: str, five: str) -> str:
    """Read the unit digit after "mười"/"mươi", where 1, 4 and 5 change."""
    if tens == 1:
        # After "mười" the reading is fixed: mười một, mười bốn, mười lăm.
        return {1: "một", 5: "lăm"}.get(units, DIGITS[units])
    return {1: "mốt", 4: four, 5: five}.get(units, DIGITS[units])


def _check_variant(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name}={value!r} is not one of {allowed}")
