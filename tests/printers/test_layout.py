from dataclasses import replace

from PIL import Image, ImageChops

from printers import WIDTH_58MM, WIDTH_80MM, render_ticket
from printers.layout import BOLD, REGULAR, load_font, number_block, text_block, wrap_text


def ink_rows(image: Image.Image) -> int:
    rows = (image.crop((0, y, image.width, y + 1)) for y in range(image.height))
    return sum(1 for row in rows if row.getextrema()[0] == 0)


def contains(image: Image.Image, part: Image.Image) -> bool:
    """True when `part` appears somewhere in `image` at x = 0 (full-width pieces)."""
    for y in range(image.height - part.height + 1):
        window = image.crop((0, y, part.width, y + part.height))
        if ImageChops.difference(window, part).getbbox() is None:
            return True
    return False


def test_ticket_is_one_bit_at_print_head_width(ticket):
    for width in (WIDTH_80MM, WIDTH_58MM):
        image = render_ticket(ticket, width)
        assert image.mode == "1"
        assert image.width == width
        assert image.height > width


def test_number_is_drawn_in_large_type(ticket):
    image = render_ticket(ticket)
    big_number = number_block("A015", 220, WIDTH_80MM - 32, WIDTH_80MM)
    assert big_number.height > 120
    assert contains(image, big_number)
    assert not contains(render_ticket(replace(ticket, number="A016")), big_number)


def test_long_number_is_shrunk_to_fit_the_paper():
    block = number_block("B12345678", 220, WIDTH_58MM - 20, WIDTH_58MM)
    left, _, right, _ = ImageChops.invert(block.convert("L")).getbbox()
    assert left >= 0 and right <= WIDTH_58MM - 10


def test_long_service_name_wraps_within_width():
    font = load_font(BOLD, 32)
    name = "Chứng thực, Hộ tịch, Đăng ký kinh doanh và Đất đai"
    lines = wrap_text(name, font, 544)
    assert len(lines) >= 2
    assert " ".join(lines) == name
    assert all(font.getlength(line) <= 544 for line in lines)


def test_word_longer_than_the_line_is_broken():
    font = load_font(BOLD, 32)
    lines = wrap_text("Đăngkýkinhdoanhhộkinhdoanhcáthể", font, 200)
    assert len(lines) > 1
    assert "".join(lines) == "Đăngkýkinhdoanhhộkinhdoanhcáthể"
    assert all(font.getlength(line) <= 200 for line in lines)


def test_wrapped_service_name_makes_the_ticket_taller(ticket):
    short = render_ticket(replace(ticket, service_name="Hộ tịch"))
    long = render_ticket(replace(ticket, service_name="Chứng thực, Hộ tịch, Đăng ký kinh doanh"))
    assert long.height > short.height


def test_priority_mark_adds_a_black_bar(ticket):
    plain = render_ticket(ticket)
    priority = render_ticket(replace(ticket, priority=True))
    assert priority.height > plain.height
    bar_area = 200 * 30
    assert priority.histogram()[0] - plain.histogram()[0] > bar_area


def test_no_qr_code_without_url(ticket):
    with_qr = render_ticket(ticket)
    without = render_ticket(replace(ticket, qr_url=None))
    assert with_qr.height - without.height > 150


def test_optional_lines_are_left_out(ticket):
    full = render_ticket(ticket)
    bare = render_ticket(replace(ticket, site_name="", footer="", estimated_wait_s=None))
    assert bare.height < full.height
    assert ink_rows(bare) < ink_rows(full)


def test_render_is_deterministic(ticket):
    assert ImageChops.difference(render_ticket(ticket), render_ticket(ticket)).getbbox() is None


def test_booking_code_sits_beside_the_tickets_code(ticket):
    from printers.layout import qr_block

    alone = render_ticket(ticket)
    both = render_ticket(replace(ticket, booking_url="https://qms.example/booking/?site=TPBK"))
    assert 0 < both.height - alone.height < 40
    booking = qr_block("https://qms.example/booking/?site=TPBK", 150, WIDTH_80MM // 2)
    right_half = both.crop((WIDTH_80MM // 2, 0, WIDTH_80MM, both.height))
    assert contains(right_half, booking)
    narrow = render_ticket(replace(ticket, booking_url="https://qms.example/booking/?site=TPBK"),
                           WIDTH_58MM)
    assert narrow.width == WIDTH_58MM


def test_a_ticket_for_a_procedure_prints_the_procedure(ticket):
    procedure = "Chứng thực bản sao từ bản chính giấy tờ, văn bản"
    slip = render_ticket(replace(ticket, procedure=procedure))
    line = text_block(procedure, load_font(REGULAR, 22), WIDTH_80MM - 32, WIDTH_80MM)
    assert contains(slip, line)
    assert not contains(render_ticket(ticket), line)
