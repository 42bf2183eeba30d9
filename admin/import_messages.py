"""The catalogue importer's problems, said in Vietnamese first for the admin screens.

The importer (server/engine/catalogue_files.py) words its problems in English for the
command line and the logs; the admin page shows each in Vietnamese, with the English after.
"""

import re

# (pattern of the importer's English, the Vietnamese), most specific first.
VIETNAMESE = [
    (r"unsupported file type '(?P<x>[^']*)'.*", "Loại tệp “{x}” không dùng được: hãy dùng "
     ".xlsx, .csv hoặc .json."),
    (r"cannot read the file.*", "Không đọc được tệp: tệp hỏng hoặc không đúng loại."),
    (r"a JSON file holds a list of procedures", "Tệp JSON phải là một danh sách thủ tục."),
    (r"a procedure must be an object", "Mỗi thủ tục phải là một đối tượng {…}."),
    (r"code (?P<x>\S+) repeats row (?P<y>\d+)", "Mã {x} trùng với dòng {y}."),
    (r"unknown column '(?P<x>[^']*)'", "Cột “{x}” không có trong mẫu."),
    (r"level '(?P<x>[^']*)' is not .*", "Cấp thực hiện “{x}” phải là cấp tỉnh hoặc cấp xã."),
    (r"active '(?P<x>[^']*)' is not .*", "Hiệu lực “{x}” phải là có hoặc không."),
    (r"document kind '(?P<x>[^']*)' is not .*", "Loại giấy tờ “{x}” phải là bản chính, bản "
     "sao hoặc bản sao chứng thực."),
    (r"'(?P<x>[^']*)' is not a whole number", "“{x}” không phải số nguyên."),
    (r"The site has no service with code '(?P<x>[^']*)'\.?",
     "Đơn vị không có lĩnh vực mã “{x}”."),
    (r"(?P<x>[\w.]+): .*", "Cột {x}: giá trị thiếu hoặc không hợp lệ."),
]


def vietnamese(problem: str) -> str:
    """Return the Vietnamese of one of the importer's problems (each "; " part in turn)."""
    return " ".join(_one(part.strip()) for part in problem.split("; ") if part.strip())


def _one(part: str) -> str:
    for pattern, words in VIETNAMESE:
        match = re.fullmatch(pattern, part)
        if match:
            return words.format(**match.groupdict())
    return "Dữ liệu không hợp lệ."


def row_label(row: int) -> str:
    """Name the row as the spreadsheet numbers it; row 0 is the file as a whole."""
    return f"Dòng {row}" if row else "Cả tệp"


def describe(problems: list[tuple[int, str]]) -> str:
    """One line for a flash message: every problem, Vietnamese then English."""
    return "; ".join(f"{row_label(row)}: {vietnamese(message)} ({message})"
                     for row, message in problems)
