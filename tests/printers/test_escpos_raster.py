import pytest
from PIL import Image, ImageDraw

from printers import decode_raster, decode_tickets, render_ticket, ticket_commands
from printers.escpos_job import FRAGMENT_HEIGHT
from tests.support.fake_printer import count_cuts

INIT = b"\x1b@"
PARTIAL_CUT = b"\x1dV\x01"
FULL_CUT = b"\x1dV\x00"


def same(a: Image.Image, b: Image.Image) -> bool:
    return a.size == b.size and a.tobytes() == b.tobytes()


def test_ticket_starts_with_initialise_and_ends_with_feed_and_cut(ticket):
    data = ticket_commands(render_ticket(ticket))
    assert data.startswith(INIT + b"\x1dv0\x00")
    assert data.endswith(b"\x1bd\x06" + PARTIAL_CUT)
    assert ticket_commands(render_ticket(ticket), full_cut=True).endswith(FULL_CUT)


def test_raster_round_trips_pixel_for_pixel(ticket):
    image = render_ticket(ticket)
    [decoded] = decode_tickets(ticket_commands(image))
    assert same(decoded, image)


def test_tall_ticket_is_sent_in_several_blocks_and_joined_back():
    image = Image.new("1", (384, FRAGMENT_HEIGHT * 2 + 17), 255)
    ImageDraw.Draw(image).line((0, 0, 383, image.height - 1), fill=0, width=3)
    data = ticket_commands(image)
    assert [block.height for block in decode_raster(data)] == [960, 960, 17]
    assert same(decode_tickets(data)[0], image)


def test_width_not_a_multiple_of_eight_is_padded():
    image = Image.new("1", (100, 10), 0)
    [decoded] = decode_raster(ticket_commands(image))
    assert decoded.size == (104, 10)
    assert decoded.crop((0, 0, 100, 10)).getextrema() == (0, 0)
    assert decoded.crop((100, 0, 104, 10)).getextrema() == (255, 255)


def test_several_tickets_in_one_stream_are_split_at_cuts(ticket):
    first = Image.new("1", (576, 40), 0)
    second = Image.new("1", (576, 30), 255)
    data = ticket_commands(first) + ticket_commands(second)
    assert count_cuts(data) == 2
    assert [image.size for image in decode_tickets(data)] == [(576, 40), (576, 30)]


def test_cut_bytes_inside_image_data_are_not_cuts():
    # A row whose bytes read 1D 56 01 must stay pixels, not end the ticket.
    pixels = Image.frombytes("1", (24, 1), bytes((0x1D, 0x56, 0x01)))
    image = Image.eval(pixels.convert("L"), lambda v: 255 - v).convert("1")
    data = ticket_commands(image)
    assert count_cuts(data) == 1
    assert same(decode_tickets(data)[0], image)


def test_double_density_modes_scale_the_image():
    block = b"\x1dv0\x03\x01\x00\x02\x00" + b"\x80\x00"
    [image] = decode_raster(block)
    assert image.size == (16, 4)
    assert image.getpixel((0, 0)) == 0 and image.getpixel((1, 1)) == 0
    assert image.getpixel((2, 0)) == 255


def test_truncated_block_is_an_error_but_not_for_counting(ticket):
    data = ticket_commands(render_ticket(ticket))
    with pytest.raises(ValueError, match="truncated"):
        decode_raster(data[:-200])
    assert count_cuts(data[:-200]) == 0
