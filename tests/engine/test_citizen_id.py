"""Reading the ID card's QR line: real cards pass, anything else is refused clearly."""

from datetime import date

import pytest

from server.engine.citizen_id import (
    InvalidCard,
    id_hash,
    read_card_line,
    read_typed_number,
)

TODAY = date(2026, 12, 7)
CARD = "001090123456|012345678|Nguyễn Văn An|01011990|Nam|Phường Đức Xuân, Thái Nguyên|15042021"
ELDER = "019150001234||Trần Thị Bình|20031950|Nữ|Xã Tân Cương, Thái Nguyên|01072021"


def test_a_card_line_gives_the_person():
    card = read_card_line(CARD, TODAY)
    assert (card.id_number, card.full_name, card.birth_date, card.sex) == (
        "001090123456", "Nguyễn Văn An", date(1990, 1, 1), "Nam")
    assert (card.address, card.issue_date, card.old_id_number) == (
        "Phường Đức Xuân, Thái Nguyên", date(2021, 4, 15), "012345678")
    assert card.id_last4 == "3456" and card.honorific == "Ông"
    assert card.age_on(TODAY) == 36 and not card.priority_eligible(TODAY)


def test_an_elderly_citizen_is_offered_priority():
    card = read_card_line(ELDER, TODAY)
    assert card.honorific == "Bà" and card.age_on(TODAY) == 76
    assert card.priority_eligible(TODAY)


def test_sixty_is_counted_from_the_birthday():
    line = "019066001234||Lê Văn Cường|08121966|Nam||"
    assert not read_card_line(line, TODAY).priority_eligible(TODAY)
    assert read_card_line(line, date(2026, 12, 8)).priority_eligible(date(2026, 12, 8))


@pytest.mark.parametrize("scanned", [
    "]Q1" + CARD,  # a symbology prefix
    CARD + "\r\n",
    CARD + "|extra field of a newer card",
    "001090123456|012345678|Nguyễn Văn An|01011990|Nam",  # fields dropped at the end
])
def test_scanner_prefixes_line_ends_and_newer_layouts_are_read(scanned):
    assert read_card_line(scanned, TODAY).full_name == "Nguyễn Văn An"


def test_utf8_typed_through_a_western_layout_is_repaired():
    garbled = CARD.encode("utf-8").decode("latin-1")
    assert read_card_line(garbled, TODAY).full_name == "Nguyễn Văn An"


@pytest.mark.parametrize(("line", "says"), [
    ("001090123456|012345678|Nguyễn Văn An", "không đủ thông tin"),
    ("001190123456||Nguyễn Văn An|01011990|Nam|", "không khớp"),  # digit 4 says a woman
    ("001085123456||Nguyễn Văn An|01011990|Nam|", "không khớp"),  # year 85 vs 1990
    ("003090123456||Nguyễn Văn An|01011990|Nam|", "mã tỉnh"),  # 003 is no province
    ("001590123456||Nguyễn Văn An|01011990|Nam|", "thế kỷ"),
    ("001290123456||Nguyễn Văn An|01012090|Nam|", "Ngày sinh"),  # born in the future
    ("001090123456||Nguyễn Văn An|31021990|Nam|", "ngày sinh"),
    ("001090123456||Nguy?n V?n An|01011990|Nam|", "Unicode"),
    ("001090123456||Nguyễn Văn An|01011990|Khác|", "Giới tính"),
    ("hello world", "12 chữ số"),
    ("012345678", "9 số"),
])
def test_a_line_that_is_not_a_card_is_refused_in_vietnamese(line, says):
    with pytest.raises(InvalidCard) as refused:
        read_card_line(line, TODAY)
    assert says in refused.value.message and refused.value.message_en


def test_a_typed_number_is_checked_for_structure():
    assert read_typed_number(" 001090123456 ", TODAY).sex == "Nam"
    for bad in ("00109012345", "099090123456", "001227123456", "012345678"):
        with pytest.raises(InvalidCard):
            read_typed_number(bad, TODAY)


def test_the_hash_is_keyed_and_stable():
    first = id_hash("secret-a", "001090123456")
    assert first == id_hash("secret-a", "001090123456")
    assert first != id_hash("secret-b", "001090123456")
    assert "001090123456" not in first and len(first) == 64
