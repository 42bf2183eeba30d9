"""Time the procedure search over a large catalogue, beside a bare /healthz request.

Run from the repository root: python -m bench.bench_search [--procedures 2000] [--quick]
Fills the demo centre with the sample catalogue plus generated procedures (the sample's
names with the variations real catalogues have), then times the engine in process and
GET /api/v1/procedures against a real server (eventlet, SQLite, loopback).
"""

import json
import time
import warnings

from bench.harness import latency_line, servers, sizes
from server.api.schemas import ProcedureRecord
from server.demo import SAMPLE_CATALOGUE
from server.engine.procedures import save_procedure, search_procedures
from server.provision import find_site
from server.storage import unit_of_work
from tests.support.clients import Api

with warnings.catch_warnings():  # provisioning builds the app, which imports eventlet
    warnings.filterwarnings("ignore", message="\nEventlet is deprecated")
    import eventlet  # noqa: F401

QUERIES = ["dang ky khai sinh", "khai sinh", "chứng thực bản sao", "DKKD", "giay phep xay dung",
           "so do", "1.001193", "trợ cấp xã hội hằng tháng"]
VARIANTS = ["có yếu tố nước ngoài", "trong khu kinh tế", "đối với tổ chức",
            "đối với cá nhân", "liên thông", "cấp tỉnh", "thực hiện tại cấp xã",
            "trường hợp đặc biệt", "cho người nước ngoài", "bổ sung", "điều chỉnh",
            "gia hạn", "cấp lại", "cấp đổi", "thu hồi", "huỷ bỏ", "sửa đổi", "tạm ngừng",
            "chấm dứt", "xác nhận", "thẩm định", "phê duyệt", "đăng ký lại", "trích lục",
            "bản sao", "trực tuyến", "một phần", "toàn trình", "hỗ trợ", "miễn giảm",
            "theo yêu cầu", "khẩn cấp", "ưu tiên", "định kỳ", "lần đầu", "kế thừa"]


def fill_catalogue(centre, total: int) -> int:
    """Import the sample, then generated procedures until the city has ``total``."""
    sample = json.loads(SAMPLE_CATALOGUE.read_text(encoding="utf-8"))["procedures"]
    app = centre.app()
    with unit_of_work(app) as session:
        city = find_site(session, "TPBK")
        count = len(sample)
        for variant_index, variant in enumerate(VARIANTS):
            for item in sample:
                if count >= total:
                    break
                record = ProcedureRecord.model_validate(item | {
                    "code": f"9.{variant_index:02d}{item['code'].replace('.', '')}",
                    "name": f"{item['name']} {variant}"})
                save_procedure(session, city, record)
                count += 1
    app.extensions["qms_engine"].dispose()
    return count


def time_engine(centre, repeats: int) -> dict[str, list[float]]:
    app = centre.app()
    figures = {}
    with unit_of_work(app) as session:
        city = find_site(session, "TPBK")
        for query in QUERIES:
            figures[query] = []
            for _ in range(repeats):
                start = time.perf_counter()
                found = search_procedures(session, city, query)
                figures[query].append(time.perf_counter() - start)
            assert found, query
    app.extensions["qms_engine"].dispose()
    return figures


def time_http(api: Api, repeats: int) -> dict[str, list[float]]:
    figures = {"baseline GET /healthz": []}
    for query in QUERIES:
        figures[f"GET ?q={query}"] = []
    for _ in range(repeats):
        start = time.perf_counter()
        api.http.get(api.base_url + "/healthz")
        figures["baseline GET /healthz"].append(time.perf_counter() - start)
        for query in QUERIES:
            start = time.perf_counter()
            answer = api.call("GET", "/api/v1/procedures", params={"q": query})
            figures[f"GET ?q={query}"].append(time.perf_counter() - start)
            assert answer.status_code == 200 and answer.json()["procedures"], query
    return figures


def main() -> None:
    args = sizes(__doc__, "300 procedures, 5 repeats", procedures=(2000, 300), repeats=(50, 5))
    total, repeats = args.procedures, args.repeats
    with servers() as (centre, started):
        count = fill_catalogue(centre, total)
        engine = time_engine(centre, repeats)
        http = time_http(Api(started[0].url), repeats)
    print(f"Procedure search over {count} procedures of one site (SQLite):")
    print(" in process (search_procedures):")
    for query, seconds in engine.items():
        print(latency_line(query, seconds))
    print(" over HTTP (eventlet, loopback), target p50 < 50 ms:")
    for label, seconds in http.items():
        print(latency_line(label, seconds))


if __name__ == "__main__":
    main()
