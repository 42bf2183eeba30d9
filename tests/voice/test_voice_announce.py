import pytest

from voice.announce import (
    EN_TEMPLATE,
    announcement_text,
    announcement_words,
    template_phrases,
)


def test_announcement_text_keeps_digits():
    assert announcement_text("A015", 3) == "Xin mời công dân có số A015 đến quầy số 3"


def test_announcement_text_in_english():
    text = announcement_text("1023", 12, template=EN_TEMPLATE)
    assert text == "Ticket number 1023, please go to counter 12"


def test_announcement_words_spell_out_numbers():
    assert announcement_words("1023", 3) == [
        "Xin mời công dân có số",
        *"một nghìn không trăm hai mươi ba".split(),
        "đến quầy số",
        "ba",
    ]


def test_announcement_words_with_letter_prefix_and_variants():
    words = announcement_words("A024", "15", four="bốn")
    number, counter = ["a", "hai", "mươi", "bốn"], ["mười", "lăm"]
    assert words == ["Xin mời công dân có số", *number, "đến quầy số", *counter]


def test_announcement_words_in_english():
    words = announcement_words("A015", 2, template=EN_TEMPLATE, language="en")
    assert words == ["Ticket number", "A", "fifteen", "please go to counter", "two"]


def test_punctuation_splits_fixed_text():
    template = "Xin mời, công dân có số {number}. Đến quầy {counter}!"
    assert template_phrases(template) == ["Xin mời", "công dân có số", "Đến quầy"]


def test_unknown_placeholder_is_rejected():
    with pytest.raises(ValueError, match="desk"):
        announcement_words("1", 2, template="Số {number} quầy {desk}")
