import pytest

from voice.announce import (
    EN_TEMPLATE,
    LONG_VI_TEMPLATE,
    announcement_parts,
    announcement_text,
    announcement_words,
    template_phrases,
)


def test_announcement_text_keeps_digits():
    assert announcement_text("A015", 3) == "Xin mời số A015 đến quầy 3"


def test_announcement_text_in_english():
    text = announcement_text("1023", 12, template=EN_TEMPLATE)
    assert text == "Ticket number 1023, please go to counter 12"


def test_announcement_words_spell_out_numbers():
    assert announcement_words("1023", 3) == [
        "Xin mời số",
        *"một nghìn không trăm hai mươi ba".split(),
        "đến quầy",
        "ba",
    ]


def test_announcement_words_with_letter_prefix_and_variants():
    words = announcement_words("A024", "15", four="bốn")
    number, counter = ["a", "hai", "mươi", "bốn"], ["mười", "lăm"]
    assert words == ["Xin mời số", *number, "đến quầy", *counter]


def test_announcement_words_in_english():
    words = announcement_words("A015", 2, template=EN_TEMPLATE, language="en")
    assert words == ["Ticket number", "A", "fifteen", "please go to counter", "two"]


def test_punctuation_splits_fixed_text():
    template = "Xin mời, công dân có số {number}. Đến quầy {counter}!"
    assert template_phrases(template) == ["Xin mời", "công dân có số", "Đến quầy", "số"]


def test_unknown_placeholder_is_rejected():
    with pytest.raises(ValueError, match="desk"):
        announcement_words("1", 2, template="Số {number} quầy {desk}")


def test_merged_calls_repeat_the_template_from_the_word_before_the_number():
    parts = announcement_parts([("1023", 3), ("2005", 15)])
    assert parts == [
        ["Xin mời số", *"một nghìn không trăm hai mươi ba".split(), "đến quầy", "ba"],
        ["số", *"hai nghìn không trăm linh năm".split(), "đến quầy", "mười", "lăm"],
    ]
    assert announcement_parts([("1023", 3)]) == [announcement_words("1023", 3)]


def test_merged_calls_keep_a_custom_order_and_close_once():
    parts = announcement_parts([("12", 3), ("7", 5)], "Quầy {counter} mời số {number} ạ.")
    assert parts == [["Quầy", "ba", "mời số", "mười", "hai"], ["Quầy", "năm", "mời số", "bảy", "ạ"]]
    long = announcement_parts([("12", 3), ("7", 5)], LONG_VI_TEMPLATE)
    assert long[1] == ["số", "bảy", "đến quầy số", "năm"]


def test_merged_calls_can_repeat_the_whole_template():
    parts = announcement_parts([("12", 3), ("7", 5)], repeat_whole=True)
    assert parts == [announcement_words("12", 3), announcement_words("7", 5)]


def test_no_word_leads_the_following_calls_after_punctuation():
    assert template_phrases("Mời: {number}, quầy {counter}") == ["Mời", "quầy"]
    with pytest.raises(ValueError, match="no call"):
        announcement_parts([])
