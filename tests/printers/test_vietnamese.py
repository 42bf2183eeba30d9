import unicodedata
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from PIL import ImageChops

from printers import render_ticket
from printers.layout import BOLD, REGULAR, WIDTH_80MM, load_font, text_block
from printers.wording import format_issued_at, format_wait

VIETNAMESE = (
    "ÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬĐÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ"
    "àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ"
)


def strip_marks(text: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return plain.replace("Đ", "D").replace("đ", "d")


@pytest.mark.parametrize("font_name", [REGULAR, BOLD])
def test_font_has_a_real_glyph_for_every_vietnamese_letter(font_name):
    font = load_font(font_name, 32)
    missing = bytes(font.getmask("\u4e2d"))  # a CJK character DejaVu lacks: .notdef
    for letter in VIETNAMESE:
        mask = font.getmask(letter)
        assert mask.getbbox() is not None, letter
        assert bytes(mask) != missing, letter
        assert bytes(mask) != bytes(font.getmask(strip_marks(letter))), letter


def test_tone_marks_change_the_printed_image():
    font = load_font(REGULAR, 24)
    text = "Chứng thực, Hộ tịch — Đăng ký kinh doanh"
    marked = text_block(text, font, 544, WIDTH_80MM)
    plain = text_block(strip_marks(text), font, 544, WIDTH_80MM)
    height = min(marked.height, plain.height)
    assert marked.crop((0, 0, 576, height)).tobytes() != plain.crop((0, 0, 576, height)).tobytes()
    assert marked.histogram()[0] > plain.histogram()[0]


def test_decomposed_input_prints_like_composed(ticket):
    composed = render_ticket(ticket)
    decomposed = render_ticket(
        replace(
            ticket,
            service_name=unicodedata.normalize("NFD", ticket.service_name),
            centre_name=unicodedata.normalize("NFD", ticket.centre_name),
        )
    )
    assert ImageChops.difference(composed, decomposed).getbbox() is None


def test_issued_at_is_shown_in_vietnam_time():
    issued = datetime(2026, 11, 25, 2, 41, tzinfo=UTC)
    assert format_issued_at(issued) == "Thứ Tư, 25/11/2026 09:41"
    late = datetime(2026, 11, 28, 17, 5, tzinfo=UTC)
    assert format_issued_at(late) == "Chủ nhật, 29/11/2026 00:05"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (30, "Thời gian chờ dự kiến: dưới 1 phút"),
        (720, "Thời gian chờ dự kiến: khoảng 12 phút"),
        (749, "Thời gian chờ dự kiến: khoảng 12 phút"),
        (3600, "Thời gian chờ dự kiến: khoảng 1 giờ"),
        (4500, "Thời gian chờ dự kiến: khoảng 1 giờ 15 phút"),
    ],
)
def test_wait_is_rounded_to_minutes(seconds, text):
    assert format_wait(seconds) == text


def test_naive_issue_time_is_rejected(ticket):
    with pytest.raises(ValueError, match="timezone-aware"):
        replace(ticket, issued_at=datetime(2026, 11, 25, 9, 41))


@pytest.mark.parametrize(
    ("seconds", "range_s", "text"),
    [
        (1500, (1260, 1740), "Thời gian chờ dự kiến: khoảng 20–30 phút"),
        (600, (560, 640), "Thời gian chờ dự kiến: khoảng 10 phút"),  # narrow: one figure
        (9000, (7800, 10200), "Thời gian chờ dự kiến: khoảng 2–3 giờ"),
        (8000, (7300, 10000), "Thời gian chờ dự kiến: khoảng 2–3 giờ"),
        (7500, (6400, 8600), "Thời gian chờ dự kiến: khoảng 1,5–2,5 giờ"),
    ],
)
def test_an_uncertain_wait_prints_as_a_rounded_range(seconds, range_s, text):
    assert format_wait(seconds, "vi", range_s) == text


def test_an_uncertain_wait_prints_as_a_range_in_english_too():
    assert format_wait(1500, "en", (1260, 1740)) == "Estimated wait: about 20–30 min"
