import pytest

from voice.numbers import (
    number_to_words,
    ticket_number_phrases,
    ticket_number_words,
)

NUMBERS = [
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (30, "ba mươi"),
    (31, "ba mươi mốt"),
    (44, "bốn mươi tư"),
    (55, "năm mươi lăm"),
    (99, "chín mươi chín"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (111, "một trăm mười một"),
    (115, "một trăm mười lăm"),
    (121, "một trăm hai mươi mốt"),
    (200, "hai trăm"),
    (205, "hai trăm linh năm"),
    (999, "chín trăm chín mươi chín"),
    (1000, "một nghìn"),
    (1001, "một nghìn không trăm linh một"),
    (1005, "một nghìn không trăm linh năm"),
    (1010, "một nghìn không trăm mười"),
    (1015, "một nghìn không trăm mười lăm"),
    (1023, "một nghìn không trăm hai mươi ba"),
    (1100, "một nghìn một trăm"),
    (1999, "một nghìn chín trăm chín mươi chín"),
    (2024, "hai nghìn không trăm hai mươi tư"),
    (10000, "mười nghìn"),
    (10005, "mười nghìn không trăm linh năm"),
    (15015, "mười lăm nghìn không trăm mười lăm"),
    (21000, "hai mươi mốt nghìn"),
    (100000, "một trăm nghìn"),
    (105000, "một trăm linh năm nghìn"),
    (1000000, "một triệu"),
    (1000001, "một triệu không trăm linh một"),
    (1001000, "một triệu không trăm linh một nghìn"),
    (2500000, "hai triệu năm trăm nghìn"),
    (
        999_999_999,
        "chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín",
    ),
    (1_000_000_000, "một tỷ"),
]


@pytest.mark.parametrize(("number", "words"), NUMBERS)
def test_number_to_words(number, words):
    assert number_to_words(number) == words


@pytest.mark.parametrize(
    ("number", "options", "words"),
    [
        (24, {"four": "bốn"}, "hai mươi bốn"),
        (14, {"four": "tư"}, "mười bốn"),
        (104, {"four": "tư"}, "một trăm linh bốn"),
        (25, {"five": "năm"}, "hai mươi năm"),
        (15, {"five": "năm"}, "mười lăm"),
        (105, {"zero_tens": "lẻ"}, "một trăm lẻ năm"),
        (2024, {"four": "bốn", "zero_tens": "lẻ"}, "hai nghìn không trăm hai mươi bốn"),
        (1005, {"zero_tens": "lẻ"}, "một nghìn không trăm lẻ năm"),
    ],
)
def test_number_to_words_variants(number, options, words):
    assert number_to_words(number, **options) == words


@pytest.mark.parametrize("number", [-1, 10**12])
def test_number_out_of_range(number):
    with pytest.raises(ValueError, match="outside"):
        number_to_words(number)


def test_unknown_variant_is_rejected():
    with pytest.raises(ValueError, match="four"):
        number_to_words(24, four="four")


@pytest.mark.parametrize(
    ("shown", "words"),
    [
        ("1023", "một nghìn không trăm hai mươi ba"),
        ("0007", "bảy"),
        ("A015", "a mười lăm"),
        ("B001", "bê một"),
        ("C120", "xê một trăm hai mươi"),
        ("D24", "dê hai mươi tư"),
        ("Đ105", "đê một trăm linh năm"),
        ("đ5", "đê năm"),
        ("AB-12", "a bê mười hai"),
        ("L000", "e-lờ không"),
    ],
)
def test_ticket_number_words(shown, words):
    assert ticket_number_words(shown) == words


def test_ticket_letter_name_is_one_phrase():
    assert ticket_number_phrases("Y21") == ["i dài", "hai", "mươi", "mốt"]


def test_ticket_number_in_english():
    assert ticket_number_words("A015", language="en") == "A fifteen"
    assert ticket_number_words("1023", language="en") == "one thousand twenty three"


def test_ticket_number_variants_pass_through():
    assert ticket_number_words("A105", zero_tens="lẻ") == "a một trăm lẻ năm"


@pytest.mark.parametrize("shown", ["A#1", "", "--"])
def test_unreadable_ticket_number(shown):
    with pytest.raises(ValueError):
        ticket_number_words(shown)
