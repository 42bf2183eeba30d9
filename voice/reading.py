"""What the accessible kiosk reads aloud: the tiles, a procedure's essentials, the ticket.

Free sentences need a speech engine (espeak-ng with its Vietnamese voice), not clips; the
numbers inside them are written out in words so they are read the way the TV reads them.
"""

from .numbers import number_to_words, ticket_number_words
from .synth import EspeakEngine, Synthesizer

KIND_WORDS = {"original": "bản chính", "copy": "bản sao", "certified_copy": "bản sao chứng thực"}


def build_reader(voice: str = "vi", speed: int = 130) -> Synthesizer | None:
    """Return a synthesizer for free Vietnamese sentences, or None without espeak-ng."""
    engine = EspeakEngine(voice=voice, speed=speed)
    return Synthesizer(engine, cache_size=64) if engine.available() else None


def _people(count: int) -> str:
    return f"{number_to_words(count)} người"


def services_sentences(services: list[dict]) -> list[str]:
    """Read the start screen: each field with who waits, then the other choices."""
    lines = ["Mời quý khách chọn lĩnh vực cần giải quyết."]
    for service in services:
        if service["open"]:
            lines.append(f"{service['name']}: đang chờ {_people(service['waiting'])}.")
        else:
            lines.append(f"{service['name']}: hiện ngoài giờ tiếp nhận.")
    lines.append("Nút Tra cứu thủ tục ở phía dưới giúp quý khách xem giấy tờ cần mang, "
                 "thời hạn và lệ phí.")
    return lines


def procedure_sentences(procedure: dict) -> list[str]:
    """Read a procedure's essentials: name, time, fee, documents, then how to get a number."""
    days = procedure["processing_days"]
    lines = [f"Thủ tục {procedure['name']}, lĩnh vực {procedure['service_name']}."]
    if days == 0:
        lines.append("Thời hạn giải quyết: trong ngày.")
    elif days == 0.5:
        lines.append("Thời hạn giải quyết: nửa ngày làm việc.")
    elif days is not None and days % 1:
        lines.append(f"Thời hạn giải quyết: {number_to_words(int(days))} ngày rưỡi làm việc.")
    elif days is not None:
        lines.append(f"Thời hạn giải quyết: {number_to_words(int(days))} ngày làm việc.")
    if procedure["fee"]:
        lines.append(f"Phí, lệ phí: {procedure['fee']}.")
    if procedure["documents"]:
        lines.append("Hồ sơ gồm:")
        lines += [f"{document['name']}, {KIND_WORDS[document['kind']]}, "
                  f"{number_to_words(document['count'])} bản." for document in
                  procedure["documents"]]
    lines.append("Nhấn nút Lấy số cho thủ tục này ở cuối màn hình để lấy số thứ tự.")
    return lines


def ticket_sentences(ticket: dict) -> list[str]:
    """Read the ticket: its number and field, the people ahead and the expected wait."""
    lines = [f"Số thứ tự của quý khách là {ticket_number_words(ticket['number'])}, "
             f"lĩnh vực {ticket['service_name']}."]
    if ticket.get("procedure"):
        lines.append(f"Thủ tục {ticket['procedure']['name']}.")
    ahead = ticket["waiting_ahead"]
    lines.append(f"Có {_people(ahead)} đang chờ trước quý khách." if ahead
                 else "Quý khách là người tiếp theo.")
    if ticket.get("estimated_wait_s"):
        minutes = max(1, -(-ticket["estimated_wait_s"] // 60))
        lines.append(f"Thời gian chờ dự kiến khoảng {number_to_words(minutes)} phút.")
    lines.append("Xin quý khách chú ý màn hình và loa gọi số.")
    return lines
