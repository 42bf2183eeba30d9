"""Draw a ticket as a 1-bit image the width of the thermal print head."""

import unicodedata
from functools import lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

from printers.ticket import TicketPrint
from printers.wording import LABELS, format_ahead, format_issued_at, format_wait

FONT_DIR = Path(__file__).parent / "fonts"
REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"
WIDTH_80MM = 576
WIDTH_58MM = 384
WHITE, BLACK = 255, 0
# Anti-aliased grey above this level becomes paper: biased towards ink so thin
# strokes such as the horn of "Ư" survive on a thermal head.
INK_CUT = 160


@lru_cache(maxsize=64)
def load_font(name: str, size: int) -> ImageFont.FreeTypeFont:
    """Load a bundled font at a pixel size."""
    # BASIC layout: identical metrics whether or not libraqm is installed, and
    # Vietnamese needs no shaping once the text is NFC-composed.
    return ImageFont.truetype(str(FONT_DIR / name), size, layout_engine=ImageFont.Layout.BASIC)


def render_ticket(ticket: TicketPrint, width_px: int = WIDTH_80MM) -> Image.Image:
    """Render a ticket as a 1-bit image `width_px` dots wide."""
    scale = width_px / WIDTH_80MM
    content = width_px - 2 * round(16 * scale)
    labels = LABELS[ticket.language]

    def px(size: float) -> int:
        return max(1, round(size * scale))

    pieces = [
        text_block(ticket.centre_name, load_font(BOLD, px(28)), content, width_px),
        text_block(ticket.site_name, load_font(REGULAR, px(22)), content, width_px),
        rule(width_px, content, px(2)),
        text_block(ticket.service_name, load_font(BOLD, px(32)), content, width_px),
        text_block(ticket.procedure, load_font(REGULAR, px(22)), content, width_px),
        text_block(labels["number"], load_font(REGULAR, px(26)), content, width_px),
        number_block(ticket.number, px(220), content, width_px),
    ]
    if ticket.priority:
        pieces.append(inverse_mark(labels["priority"], load_font(BOLD, px(34)), width_px))
    if ticket.appointment:
        pieces.append(inverse_mark(labels["appointment"], load_font(BOLD, px(34)), width_px))
    body = load_font(REGULAR, px(24))
    pieces.append(
        text_block(format_issued_at(ticket.issued_at, ticket.language), body, content, width_px)
    )
    pieces.append(
        text_block(format_ahead(ticket.waiting_ahead, ticket.language, ticket.citizen), body,
                   content, width_px)
    )
    if ticket.estimated_wait_s is not None:
        pieces.append(
            text_block(
                format_wait(ticket.estimated_wait_s, ticket.language,
                            ticket.estimated_range_s), body, content, width_px
            )
        )
    caption = load_font(REGULAR, px(20))
    if ticket.qr_url and ticket.booking_url:
        pieces.append(qr_pair((ticket.qr_url, labels["follow"]),
                              (ticket.booking_url, labels["book"]),
                              px(200), px(150), caption, width_px))
    elif ticket.qr_url:
        pieces.append(qr_block(ticket.qr_url, px(220), width_px))
    pieces.append(text_block(ticket.footer, caption, content, width_px))
    return stack([p for p in pieces if p is not None], width_px, gap=px(12), margin=px(16))


def wrap_text(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Split text into lines no wider than `max_width` pixels as measured with `font`."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while font.getlength(current) > max_width:
            cut = _longest_fitting_prefix(current, font, max_width)
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    return lines


def _longest_fitting_prefix(word: str, font: ImageFont.FreeTypeFont, max_width: int) -> int:
    cut = len(word) - 1
    while cut > 1 and font.getlength(word[:cut]) > max_width:
        cut -= 1
    return cut


def text_block(
    text: str, font: ImageFont.FreeTypeFont, max_width: int, width_px: int
) -> Image.Image | None:
    """Draw wrapped, centred lines; None when there is no text."""
    # Text typed on some keyboards arrives decomposed (base letter + combining
    # tone mark), which the BASIC layout would place badly.
    text = unicodedata.normalize("NFC", text)
    lines = [line_image(line, font, width_px) for line in wrap_text(text, font, max_width)]
    return stack(lines, width_px, gap=0, margin=0) if lines else None


def line_image(line: str, font: ImageFont.FreeTypeFont, width_px: int) -> Image.Image:
    """Draw one centred line, tall enough for stacked Vietnamese marks."""
    ascent, descent = font.getmetrics()
    left, top, right, bottom = font.getbbox(line, anchor="ls")
    top, bottom = min(top, -ascent), max(bottom, descent)
    grey = Image.new("L", (width_px, bottom - top), 255)
    x = (width_px - (right - left)) // 2 - left
    ImageDraw.Draw(grey).text((x, -top), line, font=font, fill=0, anchor="ls")
    return to_bitmap(grey, INK_CUT)


def to_bitmap(grey: Image.Image, cut: int) -> Image.Image:
    """Threshold a greyscale image to 1 bit without dithering."""
    return grey.point([0 if level < cut else 255 for level in range(256)], "1")


def number_block(number: str, size: int, max_width: int, width_px: int) -> Image.Image:
    """Draw the ticket number as large as fits the paper width."""
    font = load_font(BOLD, size)
    while size > 8 and font.getlength(number) > max_width:
        size -= 4
        font = load_font(BOLD, size)
    left, top, right, bottom = font.getbbox(number)
    grey = Image.new("L", (width_px, bottom - top), 255)
    x = (width_px - (right - left)) // 2 - left
    ImageDraw.Draw(grey).text((x, -top), number, font=font, fill=0)
    return to_bitmap(grey, INK_CUT)


def inverse_mark(label: str, font: ImageFont.FreeTypeFont, width_px: int) -> Image.Image:
    """Draw a label white on a black bar, so a priority ticket is seen at a glance."""
    ascent, descent = font.getmetrics()
    pad = max(2, round(font.size / 3))
    half = font.getlength(label) / 2 + 2 * pad
    grey = Image.new("L", (width_px, ascent + descent + 2 * pad), 255)
    draw = ImageDraw.Draw(grey)
    draw.rectangle((width_px / 2 - half, 0, width_px / 2 + half, grey.height - 1), fill=0)
    draw.text((width_px / 2, pad + ascent), label, font=font, fill=255, anchor="ms")
    # White on black: here the paper is the thin stroke, so bias the cut the other way.
    return to_bitmap(grey, 256 - INK_CUT)


def qr_block(url: str, target_px: int, width_px: int) -> Image.Image:
    """Draw a QR code of whole-dot modules, with its quiet zone, about `target_px` wide."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    modules = Image.new("1", (len(matrix), len(matrix)), WHITE)
    modules.putdata([BLACK if dark else WHITE for row in matrix for dark in row])
    # Whole-dot modules: a fractional scale would blur module edges for the scanner.
    dots = max(1, target_px // len(matrix))
    modules = modules.resize((len(matrix) * dots,) * 2, Image.Resampling.NEAREST)
    image = Image.new("1", (width_px, modules.height), WHITE)
    image.paste(modules, ((width_px - modules.width) // 2, 0))
    return image


def qr_pair(left: tuple[str, str], right: tuple[str, str], left_px: int, right_px: int,
            font: ImageFont.FreeTypeFont, width_px: int) -> Image.Image:
    """Draw two captioned QR codes side by side: the slip grows by a caption, not a code."""
    half = width_px // 2
    columns = [_captioned_qr(url, caption, target, font, half)
               for (url, caption), target in ((left, left_px), (right, right_px))]
    image = Image.new("1", (width_px, max(column.height for column in columns)), WHITE)
    for index, column in enumerate(columns):
        image.paste(column, (index * half, image.height - column.height))
    return image


def _captioned_qr(url: str, caption: str, target_px: int, font: ImageFont.FreeTypeFont,
                  width_px: int) -> Image.Image:
    code = qr_block(url, target_px, width_px)
    return stack([code, text_block(caption, font, width_px - 8, width_px)], width_px,
                 gap=2, margin=0)


def rule(width_px: int, length: int, thickness: int) -> Image.Image:
    """Draw a centred horizontal line."""
    image = Image.new("1", (width_px, thickness), WHITE)
    left = (width_px - length) // 2
    ImageDraw.Draw(image).rectangle((left, 0, left + length - 1, thickness - 1), fill=BLACK)
    return image


def stack(pieces: list[Image.Image], width_px: int, *, gap: int, margin: int) -> Image.Image:
    """Stack images top to bottom with `gap` between them and `margin` above and below."""
    height = sum(p.height for p in pieces) + gap * (len(pieces) - 1) + 2 * margin
    image = Image.new("1", (width_px, height), WHITE)
    y = margin
    for piece in pieces:
        image.paste(piece, (0, y))
        y += piece.height + gap
    return image
