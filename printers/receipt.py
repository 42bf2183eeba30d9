"""The receipt slip of a dossier: giấy tiếp nhận hồ sơ và hẹn trả kết quả."""

from dataclasses import dataclass
from datetime import date, datetime

from PIL import Image

from printers.layout import BOLD, REGULAR, WIDTH_80MM, load_font, qr_block, rule, stack, text_block
from printers.wording import DISPLAY_TZ, format_issued_at

TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"


@dataclass(frozen=True)
class ReceiptPrint:
    """Everything the receipt layout needs, already decided by the server."""

    centre_name: str
    site_name: str
    code: str
    procedure: str
    applicant_name: str
    received_at: datetime
    due_date: date
    clerk_name: str = ""
    qr_url: str | None = None
    collect_at: str = ""
    # The due time on the legal clock (Mẫu 01 gives the hour as well as the day).
    due_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.received_at.tzinfo is None:
            raise ValueError("received_at must be timezone-aware")


def due_text(receipt: ReceiptPrint) -> str:
    """Return when the result is due as the slip prints it: "14:00 ngày 10/12/2026"."""
    if receipt.due_at is None:
        return f"{receipt.due_date:%d/%m/%Y}"
    local = receipt.due_at.astimezone(DISPLAY_TZ)
    return f"{local:%H:%M} ngày {local:%d/%m/%Y}"


def render_receipt(receipt: ReceiptPrint, width_px: int = WIDTH_80MM) -> Image.Image:
    """Render a dossier receipt as a 1-bit image ``width_px`` dots wide."""
    scale = width_px / WIDTH_80MM
    content = width_px - 2 * round(16 * scale)

    def px(size: float) -> int:
        return max(1, round(size * scale))

    def line(text: str, font=REGULAR, size: float = 24):
        return text_block(text, load_font(font, px(size)), content, width_px)

    pieces = [
        line(receipt.centre_name, BOLD, 26),
        line(receipt.site_name, REGULAR, 22),
        rule(width_px, content, px(2)),
        line(TITLE, BOLD, 26),
        line("Mã hồ sơ", REGULAR, 22),
        line(receipt.code, BOLD, 40),
        line(f"Thủ tục: {receipt.procedure}"),
        line(f"Người nộp: {receipt.applicant_name}"),
        line(f"Tiếp nhận: {format_issued_at(receipt.received_at)}"),
        line("Hẹn trả kết quả", REGULAR, 24),
        line(due_text(receipt), BOLD, 40 if receipt.due_at else 44),
        line(f"Nơi nhận kết quả: {receipt.collect_at}" if receipt.collect_at else ""),
        line(f"Cán bộ tiếp nhận: {receipt.clerk_name}" if receipt.clerk_name else ""),
    ]
    if receipt.qr_url:
        pieces.append(qr_block(receipt.qr_url, px(200), width_px))
        pieces.append(line("Quét mã để tra cứu và đánh giá hồ sơ", REGULAR, 20))
    pieces.append(line("Quý khách vui lòng mang theo giấy này khi đến nhận kết quả.",
                       REGULAR, 20))
    return stack([p for p in pieces if p is not None], width_px, gap=px(10), margin=px(16))
