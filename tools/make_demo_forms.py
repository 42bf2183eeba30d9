"""Write the demo's form files (server/demo_forms/*.docx): small, genuine Word documents.

The demo attaches them to its procedures so the kiosk, the phone page and the TV show a
form one can download and print. Run again after changing the texts below:

    python tools/make_demo_forms.py
"""

import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from server.demo import DEMO_FORM_FILES, DEMO_FORMS  # noqa: E402

BLANK = "…" * 30
# procedure code → (title, the lines to fill in)
FORMS = {
    "1.001193": ("TỜ KHAI ĐĂNG KÝ KHAI SINH", [
        "Họ, chữ đệm, tên người yêu cầu:", "Nơi cư trú:", "Giấy tờ tùy thân:",
        "Quan hệ với người được khai sinh:", "Họ, chữ đệm, tên người được khai sinh:",
        "Ngày, tháng, năm sinh:", "Giới tính:", "Nơi sinh:", "Quê quán:",
        "Họ, chữ đệm, tên người mẹ:", "Họ, chữ đệm, tên người cha:"]),
    "1.000894": ("TỜ KHAI ĐĂNG KÝ KẾT HÔN", [
        "Họ, chữ đệm, tên (bên nữ):", "Ngày, tháng, năm sinh:", "Nơi cư trú:",
        "Giấy tờ tùy thân:", "Họ, chữ đệm, tên (bên nam):", "Ngày, tháng, năm sinh:",
        "Nơi cư trú:", "Giấy tờ tùy thân:"]),
    "1.012736": ("ĐƠN ĐĂNG KÝ ĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT (Mẫu số 04/ĐK)", [
        "Người sử dụng đất, chủ sở hữu tài sản:", "Địa chỉ:", "Thửa đất số:",
        "Tờ bản đồ số:", "Diện tích (m²):", "Mục đích sử dụng:",
        "Tài sản gắn liền với đất:"]),
    "1.009994": ("ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG (Mẫu số 01)", [
        "Chủ đầu tư:", "Địa chỉ liên hệ:", "Số điện thoại:",
        "Địa điểm xây dựng:", "Thửa đất số, tờ bản đồ số:",
        "Diện tích xây dựng tầng 1 (m²):", "Tổng diện tích sàn (m²):",
        "Chiều cao công trình (m):", "Số tầng:"]),
    "2.000575": ("GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH", [
        "Tên hộ kinh doanh:", "Địa chỉ trụ sở:", "Ngành, nghề kinh doanh:",
        "Vốn kinh doanh (đồng):", "Số lượng lao động:",
        "Họ, chữ đệm, tên chủ hộ:", "Số định danh cá nhân:"]),
    "1.001776": ("TỜ KHAI ĐỀ NGHỊ TRỢ GIÚP XÃ HỘI (Mẫu số 1a)", [
        "Họ, chữ đệm, tên:", "Ngày, tháng, năm sinh:", "Giới tính:",
        "Số định danh cá nhân:", "Nơi cư trú:", "Thuộc đối tượng:",
        "Đang hưởng chế độ nào (nếu có):"]),
}
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>')
RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def paragraph(text: str, *, bold: bool = False, centred: bool = False) -> str:
    """One Word paragraph of ``text`` in Times New Roman 13 pt."""
    style = '<w:jc w:val="center"/>' if centred else ""
    run = ('<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>'
           f'{"<w:b/>" if bold else ""}<w:sz w:val="26"/></w:rPr>')
    return (f'<w:p><w:pPr>{style}</w:pPr><w:r>{run}'
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>')


def document(title: str, lines: list[str]) -> str:
    """The document.xml of a form: the national motto, the title, lines to fill, signature."""
    body = [paragraph("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, centred=True),
            paragraph("Độc lập - Tự do - Hạnh phúc", bold=True, centred=True),
            paragraph(""), paragraph(title, bold=True, centred=True), paragraph("")]
    body += [paragraph(f"{line} {BLANK}") for line in lines]
    body += [paragraph(""), paragraph("……, ngày …… tháng …… năm ……"),
             paragraph("NGƯỜI YÊU CẦU (ký, ghi rõ họ, chữ đệm, tên)", bold=True),
             paragraph(""), paragraph("Mẫu minh hoạ của bản chạy thử qms; khi dùng thật, "
                                      "tải mẫu chính thức theo văn bản quy định.")]
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{WORD}"><w:body>{"".join(body)}</w:body></w:document>')


def write_docx(path: Path, title: str, lines: list[str]) -> None:
    """Write a minimal .docx; a fixed timestamp keeps the file the same on every run."""
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELATIONSHIPS,
             "word/document.xml": document(title, lines)}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), text.encode(),
                             zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    DEMO_FORMS.mkdir(exist_ok=True)
    for code, (title, lines) in FORMS.items():
        write_docx(DEMO_FORMS / DEMO_FORM_FILES[code], title, lines)
        print(DEMO_FORMS / DEMO_FORM_FILES[code])
