"""The official forms of the one-stop mechanism, one class each, from plain data.

Layouts follow Thông tư 01/2018/TT-VPCP Phụ lục (Mẫu 01 Giấy tiếp nhận hồ sơ và hẹn trả
kết quả, Mẫu 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ, Mẫu 03 Phiếu từ chối tiếp nhận giải
quyết hồ sơ, its Mẫu 05 Phiếu xin lỗi và hẹn lại ngày trả kết quả), which Thông tư
03/2025/TT-VPCP Phụ lục I carries over and renumbers (the apology becomes Mẫu 04, the notice
that processing stops is Mẫu 05, the control sheet Mẫu 06, the register Mẫu 07).
docs/dossiers.md says which is which and why.

A form is a frozen dataclass: ``render()`` returns the PDF bytes. The control sheet (Mẫu 06)
is fed the dossier's hand-overs as the engine reads them (:class:`HandoverStep`).
"""

from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from ..engine.handovers import HandoverStep
from .page import DOTS, FormPage, Heading, day_or_dots, moment_or_dots, vn_moment

SIGN_AND_NAME = "(Ký và ghi rõ họ tên)"


@dataclass(frozen=True)
class Applicant:
    """Who the form is addressed to."""

    name: str
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class DocumentReceived:
    """One paper received, with how many originals and copies (Mẫu 01's table)."""

    name: str
    originals: int = 0
    copies: int = 0


@dataclass(frozen=True)
class OfficialForm:
    """A form of Phụ lục I: its number, title and heading; subclasses draw the body."""

    heading: Heading
    applicant: Applicant
    procedure: str

    number = ""
    title = ""
    title_en = ""

    def render(self) -> bytes:
        """Return the form as a one- or two-page A4 PDF."""
        page = FormPage(f"Mẫu {self.number}: {self.title}")
        page.heading(self.heading)
        self.draw(page)
        return bytes(page.output())

    def draw(self, page: FormPage) -> None:  # pragma: no cover - every form draws
        raise NotImplementedError

    def applicant_lines(self, page: FormPage) -> None:
        """Write the applicant's name, address and phone, and what they asked for."""
        page.field("Địa chỉ", self.applicant.address)
        page.field("Số điện thoại", self.applicant.phone)
        page.field("Nội dung yêu cầu giải quyết", self.procedure)


@dataclass(frozen=True)
class CounterForm(OfficialForm):
    """A form handed over at the counter and signed by the clerk there (Mẫu 01, 02, 03)."""

    clerk_name: str = ""


@dataclass(frozen=True)
class DossierForm(OfficialForm):
    """A form about a received dossier: its code and when it came in (Mẫu 01, 04, 05, 06)."""

    code: str = ""
    received_at: datetime | None = None


@dataclass(frozen=True)
class ReceiptForm(DossierForm, CounterForm):
    """Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""

    documents: tuple[DocumentReceived, ...] = ()
    sets: int = 1
    processing_time: str = ""
    due_at: datetime | None = None
    delivery: str = ""
    register_book: str = ""
    register_number: str = ""

    number = "01"
    title = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
    title_en = "Receipt and appointment for the result"

    def draw(self, page: FormPage) -> None:
        page.form_title(self.title, f"Mã hồ sơ: {self.code}")
        page.paragraph(f"{self.heading.unit} đã tiếp nhận hồ sơ của:", indent=False)
        page.field("Ông/Bà", self.applicant.name)
        self.applicant_lines(page)
        page.paragraph("1. Thành phần hồ sơ nộp gồm:", indent=False)
        rows = [(str(index), item.name, str(item.originals or ""), str(item.copies or ""))
                for index, item in enumerate(self.documents, start=1)]
        page.grid(("TT", "Tên loại giấy tờ", "Bản chính", "Bản sao"),
                  rows or [("1", "", "", "")], (12, 108, 22, 22), ("C", "L", "C", "C"))
        page.paragraph(f"2. Số lượng hồ sơ: {self.sets:02d} (bộ)", indent=False)
        page.paragraph("3. Thời gian giải quyết hồ sơ theo quy định là: "
                       f"{self.processing_time or DOTS}", indent=False)
        received = moment_or_dots(self.received_at)
        due = moment_or_dots(self.due_at)
        page.paragraph(f"4. Thời gian nhận hồ sơ: {received}", indent=False)
        page.paragraph(f"5. Thời gian trả kết quả giải quyết hồ sơ: {due}", "B", indent=False)
        page.paragraph(f"6. Đăng ký nhận kết quả tại: {self.delivery or DOTS}", indent=False)
        page.paragraph(f"Vào Sổ theo dõi hồ sơ, Quyển số: {self.register_book or DOTS}, "
                       f"Số thứ tự: {self.register_number or DOTS}", "I", indent=False)
        page.signatures([("Người nộp hồ sơ", SIGN_AND_NAME, self.applicant.name),
                         ("Người tiếp nhận hồ sơ", SIGN_AND_NAME, self.clerk_name)])


@dataclass(frozen=True)
class SupplementForm(CounterForm):
    """Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""

    missing: tuple[str, ...] = ()
    reason: str = ""
    contact_phone: str = ""

    number = "02"
    title = "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
    title_en = "Request to complete the papers"

    def draw(self, page: FormPage) -> None:
        page.form_title(self.title)
        page.field("Hồ sơ của", self.applicant.name)
        self.applicant_lines(page)
        page.paragraph("Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:", indent=False)
        page.items(list(self.missing))
        if self.reason:
            page.field("Lý do", self.reason)
        page.paragraph("Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với "
                       f"{self.clerk_name or DOTS}, số điện thoại "
                       f"{self.contact_phone or DOTS} để được hướng dẫn.")
        page.paragraph("Xin trân trọng cảm ơn!/.")
        page.signatures([("Người hướng dẫn", SIGN_AND_NAME, self.clerk_name)])


@dataclass(frozen=True)
class RefusalForm(CounterForm):
    """Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ."""

    reason: str = ""

    number = "03"
    title = "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
    title_en = "Refusal to receive the papers"

    def draw(self, page: FormPage) -> None:
        page.form_title(self.title)
        page.paragraph(f"{self.heading.unit} tiếp nhận hồ sơ của:", indent=False)
        page.field("Ông/Bà", self.applicant.name)
        self.applicant_lines(page)
        page.paragraph(f"Qua xem xét, {self.heading.unit} thông báo không tiếp nhận, giải "
                       "quyết hồ sơ này với lý do cụ thể như sau:")
        page.paragraph(self.reason, "B")
        page.paragraph("Xin thông báo cho Ông/Bà được biết và thực hiện./.")
        page.signatures([("Người tiếp nhận hồ sơ", SIGN_AND_NAME, self.clerk_name)])


@dataclass(frozen=True)
class LetterForm(DossierForm):
    """A letter of the issuing body to the applicant, signed by its head (Mẫu 04, 05)."""

    signer_title: str = "Thủ trưởng cơ quan"

    def opening(self, page: FormPage) -> None:
        """Write "Kính gửi", then when the dossier was received and its code."""
        page.form_title(self.title)
        page.centred(page.l_margin, page.epw, f"Kính gửi: {self.applicant.name}", "B")
        page.ln(3)
        received = day_or_dots(self.received_at)
        page.paragraph(f"{received.capitalize()}, {self.heading.unit} tiếp nhận giải quyết hồ "
                       f"sơ của Ông/Bà đề nghị giải quyết thủ tục hành chính: {self.procedure}.")
        page.field("Mã hồ sơ", self.code)

    def closing(self, page: FormPage) -> None:
        """Write the recipients (left) and the head's signature block (right)."""
        page.ln(4)
        page.recipients(["- Như trên;", "- Lưu: VT."])
        page.signatures([(self.signer_title, "(Ký, ghi rõ họ tên và đóng dấu)", "")],
                        keep=40)


@dataclass(frozen=True)
class ApologyForm(LetterForm):
    """Mẫu 04: Phiếu xin lỗi và hẹn lại ngày trả kết quả."""

    original_due_at: datetime | None = None
    new_due_at: datetime | None = None
    reason: str = ""

    number = "04"
    title = "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
    title_en = "Apology and new date for the result"

    def draw(self, page: FormPage) -> None:
        self.opening(page)
        due = moment_or_dots(self.original_due_at)
        page.field("Thời gian hẹn trả kết quả giải quyết hồ sơ", due)
        page.paragraph(f"Tuy nhiên đến nay, {self.heading.unit} chưa trả kết quả giải quyết hồ "
                       "sơ cho Ông/Bà đúng thời hạn ghi trên Giấy tiếp nhận hồ sơ và hẹn trả "
                       "kết quả.")
        page.field("Lý do", self.reason)
        new_due = moment_or_dots(self.new_due_at)
        page.paragraph(f"Sự chậm trễ này đã gây phiền hà, tốn kém chi phí đi lại cho Ông/Bà. "
                       f"{self.heading.unit} xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ "
                       f"cho Ông/Bà vào: {new_due}.")
        page.paragraph("Mong nhận được sự cảm thông của Ông/Bà./.")
        self.closing(page)


@dataclass(frozen=True)
class StopNoticeForm(LetterForm):
    """Mẫu 05: Thông báo dừng giải quyết hồ sơ (withdrawn at the applicant's request, or
    stopped by the body after receipt)."""

    stopped_at: datetime | None = None
    at_applicant_request: bool = True
    reason: str = ""

    number = "05"
    title = "Thông báo dừng giải quyết hồ sơ"
    title_en = "Notice that processing of the dossier stops"

    def draw(self, page: FormPage) -> None:
        self.opening(page)
        stopped = day_or_dots(self.stopped_at)
        cause = ("Theo đề nghị dừng giải quyết hồ sơ của Ông/Bà" if self.at_applicant_request
                 else "Qua xem xét")
        page.paragraph(f"{cause}, {self.heading.unit} thông báo dừng giải quyết hồ sơ nêu trên "
                       f"kể từ {stopped}.")
        page.field("Lý do", self.reason)
        page.paragraph("Ông/Bà được nhận lại hồ sơ đã nộp tại nơi tiếp nhận (trừ giấy tờ đã nộp "
                       "lưu theo quy định). Xin thông báo để Ông/Bà được biết./.")
        self.closing(page)


def _step_result(step: HandoverStep) -> str:
    if step.on_time is None:
        return ""
    return "đúng hạn" if step.on_time else "quá hạn"  # the column's own words


@dataclass(frozen=True)
class ControlSheetForm(DossierForm):
    """Mẫu 06: Phiếu kiểm soát quá trình giải quyết hồ sơ, one row per hand-over between
    units: who handed it and who took it in, when, and whether the unit that handed it on
    did so by the due time."""

    due_at: datetime | None = None
    steps: tuple[HandoverStep, ...] = ()

    number = "06"
    title = "Phiếu kiểm soát quá trình giải quyết hồ sơ"
    title_en = "Control sheet of the dossier's processing"

    def draw(self, page: FormPage) -> None:
        page.form_title(self.title, f"Mã hồ sơ: {self.code}")
        page.field("Kèm theo hồ sơ của", self.applicant.name)
        page.field("Nội dung yêu cầu giải quyết", self.procedure)
        received = moment_or_dots(self.received_at)
        due = moment_or_dots(self.due_at)
        page.paragraph(f"Ngày tiếp nhận: {received}", indent=False)
        page.paragraph(f"Ngày hẹn trả kết quả: {due}", indent=False)
        rows = []
        for index, (giver, taker) in enumerate(pairwise(self.steps), start=1):
            moment = moment_or_dots(giver.handed_at)
            rows.append((f"{index}. Giao: {giver.unit}\nNhận: {taker.unit}",
                         f"{moment}\nNgười giao: {giver.by or DOTS}\n"
                         f"Người nhận: {taker.by or DOTS}",
                         _step_result(giver), giver.note))
        holder = self.steps[-1] if self.steps else None
        if holder is not None and holder.handed_at is None:
            back = len(self.steps) > 1 and holder.unit == self.steps[0].unit
            rows.append((f"{len(rows) + 1}. {'Kết quả đã về' if back else 'Đang giữ'}: "
                         f"{holder.unit}",
                         f"Nhận lúc {vn_moment(holder.received_at)}", _step_result(holder),
                         holder.note))
        page.grid(("Tên cơ quan", "Thời gian giao, nhận hồ sơ",
                   "Kết quả giải quyết hồ sơ (trước hạn/ đúng hạn/ quá hạn)", "Ghi chú"),
                  rows or [("", "", "", "")], (46, 62, 32, 24), ("L", "L", "C", "L"))


FORMS: dict[str, type[OfficialForm]] = {
    form.number: form for form in (ReceiptForm, SupplementForm, RefusalForm, ApologyForm,
                                   StopNoticeForm, ControlSheetForm)}
