"""The citizen's chip ID card (Căn cước công dân / Căn cước): read its QR line, check it, hash it.

The card's QR code holds one line, fields separated by ``|``::

    <12-digit ID number>|<old 9-digit ID, may be empty>|<full name>|<birth date ddmmyyyy>|
    <Nam/Nữ>|<permanent address>|<issue date ddmmyyyy>

Newer cards may add or drop fields at the end, and a scanner may add a prefix or a line end.
The 12-digit number is structured (Thông tư 07/2016/TT-BCA, Điều 7; kept by the Law on
Identification 2023): digits 1–3 the province where the birth was registered, digit 4 the
sex and century (0/1 a man/woman born 1900–1999, 2/3 born 2000–2099), digits 5–6 the birth
year's last two digits, then six random digits. A line whose number, sex and birth date
disagree is not a card.

Private by design (Decree 13/2023/NĐ-CP; Personal Data Protection Law 2025): the number is
kept only as a keyed hash (HMAC-SHA-256 with a key derived from the instance's secret) and
its last four digits; nothing here logs or stores the line.
"""

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

# Provinces' birth-registration codes (the 63 provinces before the 2025 merger: a card keeps
# the code of the province where the birth was registered).
PROVINCE_CODES = frozenset(
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 "
    "034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 "
    "067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096"
    .split())
# Digit 4 of the number: (sex, first year of the century).
CENTURY_SEX = {"0": ("Nam", 1900), "1": ("Nữ", 1900), "2": ("Nam", 2000), "3": ("Nữ", 2000)}
SEXES = {"nam": "Nam", "nữ": "Nữ", "nu": "Nữ", "male": "Nam", "female": "Nữ"}
# The Law on the Elderly 2009, Article 2: a citizen aged 60 or over.
ELDERLY_AGE = 60
MIN_FIELDS = 5  # number, old number, name, birth date, sex: without them it is not a card
MAX_LINE = 1000

_NUMBER_AT_START = re.compile(r"(\d{12})\|")
_NUMBER_ONLY = re.compile(r"\d{12}")
_OLD_NUMBER_ONLY = re.compile(r"\d{9}")


class InvalidCard(ValueError):
    """A line or a number that is not a citizen's ID card, said in Vietnamese and English."""

    code = "invalid_id_card"

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en


@dataclass(frozen=True)
class CitizenCard:
    """What one scan says. Held in memory for the request; only its hash is stored."""

    id_number: str
    full_name: str = ""
    birth_date: date | None = None
    sex: str = ""  # "Nam" or "Nữ"
    address: str = ""
    issue_date: date | None = None
    old_id_number: str = ""

    @property
    def id_last4(self) -> str:
        """Return the number's last four digits, the only part ever shown."""
        return self.id_number[-4:]

    @property
    def honorific(self) -> str:
        """Return "Ông" or "Bà" for a greeting, from the card's sex."""
        return honorific(self.sex)

    def age_on(self, today: date) -> int | None:
        """Return the age in whole years on ``today``, or None when the birth date is unknown."""
        return age_on(self.birth_date, today)

    def priority_eligible(self, today: date) -> bool:
        """Tell whether the citizen is elderly (60 or over) and may take the priority path."""
        return is_elderly(self.birth_date, today)


def honorific(sex: str) -> str:
    """Return "Ông" or "Bà" for a greeting, or "Ông/Bà" when the sex is unknown."""
    return {"Nam": "Ông", "Nữ": "Bà"}.get(sex, "Ông/Bà")


def age_on(birth_date: date | None, today: date) -> int | None:
    """Return the age in whole years on ``today``, or None when the birth date is unknown."""
    if birth_date is None:
        return None
    born = birth_date
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def is_elderly(birth_date: date | None, today: date) -> bool:
    """Tell whether someone born on ``birth_date`` is 60 or over on ``today``."""
    age = age_on(birth_date, today)
    return age is not None and age >= ELDERLY_AGE


def read_card_line(raw: str, today: date) -> CitizenCard:
    """Parse and check a scanned QR line; raise :class:`InvalidCard` when it is not a card."""
    line = _repair_layout(raw.strip())[:MAX_LINE]
    found = _NUMBER_AT_START.search(line)
    if found is None:
        return _number_without_fields(line, today)
    fields = [field.strip() for field in line[found.start():].split("|")]
    if len(fields) < MIN_FIELDS:
        raise InvalidCard("Mã QR không đủ thông tin của thẻ căn cước. Vui lòng quét lại.",
                          "The QR code lacks the ID card's fields. Please scan again.")
    number, old_number, name, birth_text, sex_text = fields[:MIN_FIELDS]
    address = fields[5] if len(fields) > 5 else ""
    issue_text = fields[6] if len(fields) > 6 else ""
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    if not name or "?" in name or "\ufffd" in name:
        raise InvalidCard(
            "Máy quét gửi sai ký tự tiếng Việt. Cán bộ cần đặt máy quét ở chế độ Unicode.",
            "The scanner sends Vietnamese letters wrongly. Staff: set it to Unicode mode.")
    birth = _card_date(birth_text, "ngày sinh", "birth date")
    if birth > today or birth.year < 1900:
        raise InvalidCard("Ngày sinh trên thẻ không hợp lệ.", "The card's birth date is not valid.")
    sex = SEXES.get(sex_text.strip().lower())
    if sex is None:
        raise InvalidCard("Giới tính trên thẻ không đọc được.", "The card's sex cannot be read.")
    check_id_number(number, sex=sex, birth_year=birth.year)
    issued = _card_date(issue_text, "ngày cấp", "issue date") if issue_text else None
    if old_number and not _OLD_NUMBER_ONLY.fullmatch(old_number):
        old_number = ""
    return CitizenCard(number, name, birth, sex, address, issued, old_number)


def read_typed_number(raw: str, today: date) -> CitizenCard:
    """Check a 12-digit number typed on the keypad (no name or birth date to compare)."""
    return _number_without_fields(raw.strip(), today)


def check_id_number(number: str, *, sex: str | None = None, birth_year: int | None = None) -> None:
    """Raise :class:`InvalidCard` unless ``number`` follows the ID number's structure."""
    if not _NUMBER_ONLY.fullmatch(number):
        raise InvalidCard("Số định danh phải gồm 12 chữ số.",
                          "The ID number must have 12 digits.")
    if number[:3] not in PROVINCE_CODES:
        raise InvalidCard("Số định danh có mã tỉnh không hợp lệ.",
                          "The ID number's province code is not valid.")
    coded = CENTURY_SEX.get(number[3])
    if coded is None:
        raise InvalidCard("Số định danh có mã thế kỷ sinh không hợp lệ.",
                          "The ID number's century digit is not valid.")
    coded_sex, century = coded
    if (sex is not None and sex != coded_sex) or (
            birth_year is not None and birth_year != century + int(number[4:6])):
        raise InvalidCard("Số định danh không khớp với giới tính hoặc năm sinh trên thẻ.",
                          "The ID number does not match the card's sex or birth year.")


def id_hash(secret: str, number: str) -> str:
    """Return the keyed hash that stands for an ID number in the database."""
    key = hmac.new(secret.encode(), b"qms citizen id number", hashlib.sha256).digest()
    return hmac.new(key, number.encode(), hashlib.sha256).hexdigest()


def _number_without_fields(text: str, today: date) -> CitizenCard:
    digits = text.replace(" ", "")
    if _OLD_NUMBER_ONLY.fullmatch(digits):
        raise InvalidCard("Chứng minh nhân dân 9 số không dùng được ở đây. "
                          "Vui lòng dùng thẻ căn cước hoặc nhập số định danh 12 số.",
                          "A 9-digit old ID is not accepted here. Use the ID card or its "
                          "12-digit number.")
    check_id_number(digits)
    sex, century = CENTURY_SEX[digits[3]]
    if century + int(digits[4:6]) > today.year:
        raise InvalidCard("Số định danh có năm sinh chưa tới.",
                          "The ID number's birth year is in the future.")
    return CitizenCard(digits, sex=sex)


def _card_date(text: str, name_vi: str, name_en: str) -> date:
    try:
        return datetime.strptime(text.strip(), "%d%m%Y").date()
    except ValueError:
        raise InvalidCard(f"Thẻ có {name_vi} không đọc được.",
                          f"The card's {name_en} cannot be read.") from None


def _repair_layout(text: str) -> str:
    """Undo the usual scanner mistake: UTF-8 bytes typed as Windows-1252 or Latin-1 letters."""
    for wrong in ("cp1252", "latin-1"):
        try:
            repaired = text.encode(wrong).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if repaired != text:
            return repaired
    return text
