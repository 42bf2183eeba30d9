"""The A4 page every official form is drawn on: the national heading, the title, lines of
text, a table and the signature blocks, in Liberation Serif (metric-compatible with Times New
Roman, the font Decree 30/2020/NĐ-CP asks of administrative documents), embedded as a subset.

Margins and sizes follow Decree 30/2020/NĐ-CP Phụ lục I: top and bottom 20 mm, left 30 mm,
right 15 mm; the heading in 12–13 pt, the body in 13 pt.
"""

import logging
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from ..engine.days import VIETNAM

FONT_DIR = Path(__file__).with_name("fonts")
FAMILY = "LiberationSerif"
FONT_FILES = {"": "LiberationSerif-Regular.ttf", "B": "LiberationSerif-Bold.ttf",
              "I": "LiberationSerif-Italic.ttf", "BI": "LiberationSerif-BoldItalic.ttf"}
BODY_PT = 13
LINE_MM = 7.0
LEFT_MM, RIGHT_MM, TOP_MM, BOTTOM_MM = 30, 15, 20, 20
DOTS = "…………"
# fontTools reports every table it prunes while subsetting a font, at INFO, for every form.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Heading:
    """The top of a form: who issues it (left), its number, and the place and date (right)."""

    authority: str  # the body above the issuing unit ("UBND PHƯỜNG …"); may be empty
    unit: str  # the issuing unit ("BỘ PHẬN MỘT CỬA …")
    number: str  # "Số: 125/TNHS"
    place: str
    day: date


def text(value: str) -> str:
    """Return ``value`` composed (NFC): typed Vietnamese may come with combining marks."""
    return unicodedata.normalize("NFC", value or "")


def vn_date(day: date) -> str:
    """Return ``day`` as the forms write it: "ngày 07 tháng 12 năm 2026"."""
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def vn_moment(moment: datetime) -> str:
    """Return a UTC moment in Vietnam's time: "14 giờ 05 phút, ngày 07 tháng 12 năm 2026"."""
    local = moment.astimezone(VIETNAM)
    return f"{local.hour:02d} giờ {local.minute:02d} phút, {vn_date(local.date())}"


def moment_or_dots(moment: datetime | None) -> str:
    """Return ``moment`` as :func:`vn_moment` writes it, or dots to fill in by hand."""
    return vn_moment(moment) if moment else DOTS


def day_or_dots(moment: datetime | None) -> str:
    """Return the day of a UTC ``moment`` in Vietnam, as :func:`vn_date` writes it, or dots to
    fill in by hand (a dossier received at 06:30 was received that day, not the day before)."""
    return vn_date(moment.astimezone(VIETNAM).date()) if moment else DOTS


class FormPage(FPDF):
    """An A4 portrait page with the forms' font, margins and drawing helpers."""

    def __init__(self, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_margins(LEFT_MM, TOP_MM, RIGHT_MM)
        self.set_auto_page_break(True, BOTTOM_MM)
        self.set_title(text(title))
        self.set_lang("vi")
        self.set_creator("qms")
        self.add_page()
        self.use()

    def header(self) -> None:
        """Number the pages from the second on, centred at the top (Decree 30/2020)."""
        if self.page_no() > 1:
            self.use(size=BODY_PT)
            self.set_y(10)
            self.cell(0, 6, str(self.page_no()), align="C", new_x=XPos.LMARGIN,
                      new_y=YPos.NEXT)
            self.set_y(self.t_margin)

    def use(self, style: str = "", size: float = BODY_PT) -> None:
        """Switch to the forms' font in ``style`` ("", "B", "I", "BI") and ``size``."""
        if f"{FAMILY.lower()}{style}" not in self.fonts:  # parsing a font file takes a while
            self.add_font(FAMILY, style, FONT_DIR / FONT_FILES[style])
        self.set_font(FAMILY, style, size)

    def centred(self, x: float, width: float, value: str, style: str = "",
                size: float = BODY_PT, height: float = 6.0) -> None:
        """Write ``value`` centred in the column at ``x``, wrapping within ``width``."""
        self.use(style, size)
        self.set_x(x)
        self.multi_cell(width, height, text(value), align="C",
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def rule_under(self, x: float, width: float, label: str, style: str, size: float,
                   share: float = 1.0) -> None:
        """Draw the line under a heading line: ``share`` of the line's text, centred."""
        self.use(style, size)
        length = min(self.get_string_width(text(label)), width) * share
        middle = x + width / 2
        y = self.get_y() + 0.6
        self.set_line_width(0.3)
        self.line(middle - length / 2, y, middle + length / 2, y)

    def heading(self, heading: Heading) -> None:
        """Draw the issuing body (left) and the national motto (right), then a gap."""
        left_w, right_w = 70.0, self.epw - 70.0
        left_x, right_x = self.l_margin, self.l_margin + left_w
        top = self.get_y()
        if heading.authority:
            self.centred(left_x, left_w, heading.authority.upper(), size=12)
        unit = heading.unit.upper()
        self.centred(left_x, left_w, unit, "B", 12)
        # Decree 30: a line of a third to a half of the unit's name under it.
        self.rule_under(left_x, left_w, unit.splitlines()[-1], "B", 12, share=0.4)
        self.ln(3)
        self.centred(left_x, left_w, heading.number, size=BODY_PT)
        left_end = self.get_y()
        self.set_y(top)
        self.centred(right_x, right_w, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "B", 12)
        motto = "Độc lập - Tự do - Hạnh phúc"
        self.centred(right_x, right_w, motto, "B", BODY_PT)
        self.rule_under(right_x, right_w, motto, "B", BODY_PT)
        self.ln(3)
        place = heading.place or DOTS
        self.centred(right_x, right_w, f"{place}, {vn_date(heading.day)}", "I", BODY_PT)
        self.set_y(max(left_end, self.get_y()) + 8)

    def form_title(self, value: str, *subtitles: str) -> None:
        """Write the form's title in bold capitals, centred, with italic lines under it."""
        self.centred(self.l_margin, self.epw, value.upper(), "B", 14, 7)
        for line in subtitles:
            self.centred(self.l_margin, self.epw, line, "I", BODY_PT, 6.5)
        self.ln(4)

    def paragraph(self, value: str, style: str = "", indent: bool = True) -> None:
        """Write a justified paragraph, its first line indented as in a letter."""
        self.use(style)
        self.set_x(self.l_margin)
        self.multi_cell(self.epw, LINE_MM, ("\u2003\u2003" if indent else "") + text(value),
                        align="J" if indent else "L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def field(self, label: str, value: str) -> None:
        """Write "label: value", the label plain and the value bold, dots when empty."""
        self.set_x(self.l_margin)
        self.use()
        self.write(LINE_MM, text(label) + ": ")
        self.use("B" if value else "")
        self.write(LINE_MM, text(value) if value else DOTS * 3)
        self.ln(LINE_MM)

    def items(self, lines: list[str]) -> None:
        """Write numbered lines ("1. …"), continuation lines indented under the text."""
        self.use()
        for number, line in enumerate(lines, start=1):
            self.set_x(self.l_margin + 6)
            self.multi_cell(self.epw - 6, LINE_MM, f"{number}. {text(line)}", align="L",
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def grid(self, headings: tuple[str, ...], rows: list[tuple[str, ...]],
             widths: tuple[float, ...], aligns: tuple[str, ...]) -> None:
        """Draw a bordered table with a bold heading row."""
        self.use(size=12)
        with self.table(col_widths=widths, width=self.epw, align="L", line_height=6.5, padding=1,
                        text_align=aligns, headings_style=FontFace(emphasis="BOLD"),
                        v_align="M") as table:
            for row in (headings, *rows):
                cells = table.row()
                for value in row:
                    cells.cell(text(value))
        self.ln(3)

    def signatures(self, blocks: list[tuple[str, str, str]], *, keep: float = 48) -> None:
        """Draw signature blocks side by side: (title, how to sign, name printed under)."""
        if self.get_y() + keep > self.h - self.b_margin:
            self.add_page()
        self.ln(4)
        top = self.get_y()
        width = self.epw / 2
        for index, (role, how, name) in enumerate(blocks):
            x = self.l_margin + (index + (2 - len(blocks))) * width
            self.set_y(top)
            self.centred(x, width, role.upper(), "B", BODY_PT)
            self.centred(x, width, how, "I", 12)
            self.set_y(top + 34)
            self.centred(x, width, name, "B", BODY_PT)

    def recipients(self, lines: list[str]) -> None:
        """Write the "Nơi nhận:" block at the bottom left, as the letter forms end."""
        top = self.get_y()
        self.use("BI", 12)
        self.set_xy(self.l_margin, top)
        self.cell(60, 5.5, "Nơi nhận:", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.use(size=11)
        for line in lines:
            self.set_x(self.l_margin)
            self.cell(60, 5, text(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_y(top)
