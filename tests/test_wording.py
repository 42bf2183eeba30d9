"""The fixed Vietnamese wording stays fixed: every template, script and Python message is read.

The walk covers the whole tree (new screens included), so a word corrected once cannot come
back through a screen written later.
"""

import ast
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".git", ".venv", "tests", "node_modules", "vendor", "__pycache__", "instance",
                "bench", "tools", "docs"}
SCANNED = {".py", ".js", ".html", ".txt", ".json"}
VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]",
                        re.IGNORECASE)

# Units and names abolished in 2025 → what replaced them.
ABOLISHED = {
    r"(?i)Bộ phận Tiếp nhận và Trả kết quả|Bộ phận Một cửa UBND":
        "Trung tâm Phục vụ hành chính công cấp tỉnh / cấp xã (since 1 July 2025)",
    r"(?i)cấp huyện|\bhuyện\b": "no district tier since 1 July 2025: cấp tỉnh or cấp xã",
    r"(?i)thương binh và xã hội": "the ministry merged into Nội vụ in 2025",
}
# pattern → what a careful civil servant writes instead
BANNED = {
    r"(?i)\bbạn\b": "citizens and staff are addressed formally: quý khách, Ông/Bà, tài khoản này",
    r"[òóỏõọÒÓỎÕỌ][aeAE](?!\w)": "old tone-mark style: hoá, xoá, khoá, khoẻ",
    r"(?<![qQ])[ùúủũụÙÚỦŨỤ][yY](?!\w)": "old tone-mark style: huỷ, tuỳ, uỷ ban",
    r"(?i)\btỉ lệ": "Tỷ lệ, the y-style used everywhere else",
    r"Chủ Nhật": "Chủ nhật",
    r"[\"'>]Quá hạn[\"'<]": "Chờ quá thời gian mục tiêu (“quá hạn” is a dossier past its deadline)",
    r"Chờ P90|P90 \(phút\)|và P90": "Chờ – phân vị 90, explained in one line",
    r"tình hình tiếp nhận": "tình hình cấp số, phục vụ và mức độ hài lòng",
    r"Phiếu đã phục vụ và vắng mặt": "Số lượt đã phục vụ và vắng mặt",
    r"\bHài lòng hôm nay": "Chỉ số hài lòng hôm nay",
    r"không có diện ưu tiên": "… không cấp số ưu tiên",
    r"[\"'>]Chuyển đến quầy[\"'<]": "Được chuyển đến quầy này",
    r"lượt phục vụ này\?": "Quý khách có hài lòng với sự phục vụ của cán bộ không?",
    r"không được làm việc": "Thiết bị này không có quyền thực hiện thao tác này",
    r"(?i)\bxin thử lại": "vui lòng thử lại",
    r"confirm(\(\s*|=)['\"]Xoá\?['\"]": "Xoá mục này? Không thể hoàn tác.",
    r"Quản Lý": "a realistic person's name",
    r"UBND Thành phố|(Chứng thực, Hộ tịch|Đất đai, Xây dựng)[\"']": "no Title Case inside names",
    r"cần from và to|group là site": "name the form's fields, in Vietnamese",
    **ABOLISHED,
}
# The sample catalogue names no city either: provinces have wards and communes only.
SAMPLE_ABOLISHED = {**ABOLISHED, r"(?i)thành phố": "phường, xã (no city under a province)"}
# On a line with Vietnamese text: no ISO dates or their patterns (dd/mm/yyyy is written).
ISO_DATE = re.compile(r"YYYY-MM-DD|%Y-%m-%d|\b20\d\d-[01]\d-[0-3]\d\b")


def scanned_files(root: Path = ROOT) -> list[Path]:
    """Every template, script and Python module of the product, wherever it lives."""
    files = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if name not in SKIPPED_DIRS]  # not .venv
        files += [Path(folder) / name for name in names if Path(name).suffix in SCANNED]
    return sorted(files)


def wording_problems(root: Path = ROOT) -> list[str]:
    """List each banned word or ISO date found, as ``file:line: text → advice``."""
    problems = []
    rules = [(re.compile(pattern), advice) for pattern, advice in BANNED.items()]
    for path in scanned_files(root):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.relative_to(root)}:{number}"
            for rule, advice in rules:
                if found := rule.search(line):
                    problems.append(f"{where}: “{found.group(0)}” → {advice}")
            if VIETNAMESE.search(line) and (found := ISO_DATE.search(line)):
                problems.append(f"{where}: “{found.group(0)}” → dates are written dd/mm/yyyy")
    return problems


# Errors shown to people: the position of the Vietnamese message in each constructor.
MESSAGE_ARGUMENT = {"ApiError": 2, "QueueError": 1, "forbidden": 1, "not_found": 1,
                    "conflict": 1, "ProvisionError": 0, "FormError": 0, "ClickException": 0,
                    "UsageError": 0}


def _text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value for part in node.values if isinstance(part, ast.Constant))
    return None


def english_first_messages(root: Path = ROOT) -> list[str]:
    """List error messages written in a constant whose first language is not Vietnamese."""
    problems = []
    for path in scanned_files(root):
        if path.suffix != ".py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            position = MESSAGE_ARGUMENT.get(name)
            if position is None or len(node.args) <= position:
                continue
            text = _text(node.args[position])
            if text is None or not re.search("[a-zA-Z]", text):
                continue  # built from parts that are checked where they are written
            if not VIETNAMESE.search(text.split(" / ")[0]):
                problems.append(f"{path.relative_to(root)}:{node.lineno}: {name}({text!r})")
    return problems


def test_the_walk_reaches_every_screen():
    names = {path.relative_to(ROOT).as_posix() for path in scanned_files()}
    for expected in ["kiosk/static/kiosk.js", "kiosk/templates/kiosk/kiosk.html",
                     "printers/wording.py", "reports/export.py", "server/cli.py",
                     "display/static/js/labels.js", "admin/templates/admin/form.html"]:
        assert expected in names


def test_no_fixed_word_comes_back():
    assert wording_problems() == []


def test_no_abolished_unit_in_the_docs_or_the_sample_catalogue():
    rules = [(re.compile(pattern), advice) for pattern, advice in ABOLISHED.items()]
    samples = [(re.compile(pattern), advice) for pattern, advice in SAMPLE_ABOLISHED.items()]
    problems = []
    for path in sorted((ROOT / "docs").rglob("*")):
        if path.suffix not in {".md", ".json", ".csv"}:
            continue
        checks = samples if "samples" in path.parts else rules
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            problems += [f"{path.relative_to(ROOT)}:{number}: {advice}"
                         for rule, advice in checks if rule.search(line)]
    assert problems == []


def test_every_error_message_is_vietnamese_first():
    assert english_first_messages() == []


@pytest.mark.parametrize("line, advice", [
    ('"Mời bạn đến quầy"', "formally"), ("confirm('Xoá?')", "hoàn tác"),
    ("'<form data-confirm=\"Xoá?\">'", "hoàn tác"),
    ("Hủy", "old tone-mark"), ("Xóa", "old tone-mark"), ("tùy chọn", "old tone-mark"),
    ('head: "Quá hạn",', "mục tiêu"), ('"Ngày 2026-11-25"', "dd/mm/yyyy"),
    ('"cần from và to dạng YYYY-MM-DD"', "form's fields"), ("Chủ Nhật", "Chủ nhật"),
    ('"Bộ phận Tiếp nhận và Trả kết quả"', "Trung tâm Phục vụ"),
    ('"Bộ phận Một cửa UBND cấp xã"', "Trung tâm Phục vụ"),
    ('("district", "Cấp huyện")', "district"),
    ('"Lao động, thương binh và xã hội"', "Nội vụ"),
])
def test_the_walk_catches_what_it_guards_against(tmp_path, line, advice):
    (tmp_path / "screen").mkdir()
    (tmp_path / "screen" / "new.js").write_text(f"const label = {line};\n", encoding="utf-8")
    problems = wording_problems(tmp_path)
    assert problems and advice in " ".join(problems)


def test_the_walk_accepts_the_correct_wording(tmp_path):
    (tmp_path / "ok.html").write_text(
        "<p>Quý khách là người tiếp theo. Huỷ, xoá, khoá, tuỳ, quý, hoàn tác, Thuý, 25/11/2026."
        " Tỷ lệ; Chủ nhật; Chờ quá thời gian mục tiêu; hồ sơ quá hạn; Uỷ ban.</p>\n",
        encoding="utf-8")
    assert wording_problems(tmp_path) == []


def test_english_only_errors_are_caught(tmp_path):
    (tmp_path / "api.py").write_text(
        'raise ApiError(404, "x", "No such thing.", "No such thing.")\n'
        'raise ProvisionError("Không có đơn vị", "no site")\n', encoding="utf-8")
    assert [line.split(": ")[0] for line in english_first_messages(tmp_path)] == ["api.py:1"]
