"""Articles written for the tests in the styles of other outlets (provincial portal,
government news as HTML, National Assembly news): what a careful reader finds."""
import datetime as dt
from pathlib import Path

import pytest

from kg.pipeline import run
from kg.pipeline.read import read_article

ARTICLES = Path(__file__).parent / "articles"


def read(name):
    raw = read_article(ARTICLES / name)
    return run(raw.source, raw.text)


def facts(doc):
    holdings = {(h.official, h.role, h.province or h.organization or h.country) for h in doc.holdings}
    participation = {p.official: ({k.value for k in p.kinds} - {"attendee"},
                                  p.connection_point[1] if p.connection_point else None) for p in doc.participations}
    return holdings, participation


def test_provincial_portal_review_conference():
    doc = read("provincial_review.txt")
    holdings, participation = facts(doc)
    assert doc.published == dt.date(2023, 6, 15) and doc.home_province == "Quảng Bình"
    [c] = doc.conferences
    assert (c.date, c.organizers, c.implements) == (dt.date(2023, 6, 14), ["Ban Thường vụ Tỉnh ủy Quảng Bình"],
                                                    ["Nghị quyết số 18-NQ/TW khóa XII"])
    assert {("Vũ Đại Thắng", "Bí thư Tỉnh ủy", "Quảng Bình"), ("Trần Thắng", "Chủ tịch UBND tỉnh", "Quảng Bình"),
            ("Nguyễn Lương Bình", "Trưởng Ban Tổ chức Tỉnh ủy", "Quảng Bình"),
            ("Phạm Thị Thanh Trà", "Bộ trưởng Bộ Nội vụ", "Bộ Nội vụ")} <= holdings
    assert participation["Vũ Đại Thắng"] == ({"chair", "speaker"}, None)
    assert participation["Nguyễn Lương Bình"] == ({"presenter"}, None)
    assert participation["Phạm Thị Thanh Trà"] == ({"chair"}, "Hà Nội")
    assert participation["Trần Hải Châu"] == (set(), None)


def test_government_news_page_in_html():
    doc = read("steering_committee.html")
    holdings, participation = facts(doc)
    [c] = doc.conferences
    assert (c.date, c.organizers) == (dt.date(2024, 1, 22), ["Ban Chỉ đạo Trung ương"])
    assert participation["Lê Văn Khải"] == ({"chair"}, None)  # "dưới sự chủ trì của ..."
    assert participation["Trương Minh Thuận"] == ({"chair"}, None)  # "Đồng chủ trì phiên họp có ..."
    assert participation["Phan Đình Trạc"] == ({"presenter"}, None)
    assert ("Tô Lâm Hải", "Bộ trưởng Bộ Công an", "Bộ Công an") in holdings  # the rank is not a role
    assert not any(h[0] == "Nguyễn Văn Thể" for h in holdings)  # a former minister holds nothing
    assert "Thủ tướng" not in {h[1] for h in holdings}  # "Tin liên quan" is not the article


def test_assembly_news_with_foreign_and_unlisted_titles():
    doc = read("assembly_seminar.txt")
    holdings, participation = facts(doc)
    [c] = doc.conferences
    assert c.organizers == ["Ủy ban Đối ngoại của Quốc hội", "Bộ Ngoại giao"]
    assert {("Hun Manet", "Thủ tướng", "Campuchia"), ("Ito Naoki", "Đại sứ", "Nhật Bản"),
            ("Vũ Hải Hà", "Chủ nhiệm Ủy ban Đối ngoại", "Ủy ban Đối ngoại"),
            ("Y Thanh Hà Niê Kđăm", "Chủ tịch HĐND tỉnh", "Đắk Lắk")} <= holdings
    assert "Trần Thanh Mẫn" not in participation  # the audience was another event
    assert participation["Nguyễn Thị Thanh"] == ({"speaker"}, None)
    assert {m.key for m in doc.mentions if m.kind.value == "official"} == {
        "Hun Manet", "Ito Naoki", "Nguyễn Thị Thanh", "Trần Thanh Mẫn", "Vũ Hải Hà", "Y Thanh Hà Niê Kđăm",
        "Đỗ Hùng Việt"}  # nothing read across a line break ("Campuchia / Cập nhật")


@pytest.mark.parametrize("text, name", [
    ("Thủ tướng Lào\n\nCập nhật lúc 9 giờ", None),  # a foreign name stays on the title's line
    ("Tổng thống Pháp Emmanuel Macron phát biểu.", "Emmanuel Macron"),
])
def test_foreign_names_after_a_foreign_title(text, name):
    found = [m.key for m in run("t.txt", text).mentions if m.kind.value == "official"]
    assert found == ([name] if name else [])


def test_provincial_party_congress():
    doc = read("party_congress.txt")
    holdings, participation = facts(doc)
    [c] = doc.conferences
    assert (c.name, c.date) == ("Đại hội đại biểu Đảng bộ tỉnh Nghệ An lần thứ XX, nhiệm kỳ 2025 - 2030",
                                dt.date(2025, 10, 8))  # the congress's full name
    assert {("Nguyễn Văn Nên", "Bí thư Thành ủy", "Hồ Chí Minh"), ("Nguyễn Đức Trung", "Bí thư Tỉnh ủy", "Nghệ An"),
            ("Lê Hồng Vinh", "Chủ tịch UBND tỉnh", "Nghệ An")} <= holdings
    assert participation == {"Nguyễn Văn Nên": ({"speaker"}, None), "Nguyễn Đức Trung": ({"chair"}, None),
                             "Lê Hồng Vinh": ({"presenter"}, None)}


def test_government_meeting_with_a_listed_plural_title():
    doc = read("government_meeting.txt")
    holdings, participation = facts(doc)
    deputies = {"Trần Hồng Hà", "Lê Thành Long", "Hồ Đức Phớc", "Bùi Thanh Sơn"}
    assert {(name, "Phó Thủ tướng Chính phủ", "Chính phủ") for name in deputies} <= holdings
    assert {name: participation[name] for name in deputies} == {name: (set(), None) for name in deputies}
    assert participation["Nguyễn Chí Dũng"] == ({"presenter"}, None)  # "báo cáo tình hình ..."
    assert participation["Trần Việt Trường"] == ({"speaker"}, "Cần Thơ")
    assert "Vivian Balakrishnan" not in participation  # met on another day
    assert ("Vivian Balakrishnan", "Ngoại trưởng", "Singapore") in holdings


def test_bilateral_talks_report_no_conference():
    doc = read("bilateral_talks.txt")
    holdings, participation = facts(doc)
    assert doc.conferences == [] and participation == {}  # talks and a signing are not a conference
    assert {("Yoon Suk Yeol", "Tổng thống", "Hàn Quốc"), ("Cho Tae-yul", "Ngoại trưởng", "Hàn Quốc"),
            ("Võ Văn Thưởng", "Chủ tịch nước", None), ("Bùi Thanh Sơn", "Bộ trưởng Bộ Ngoại giao", "Bộ Ngoại giao")
            } <= holdings


def test_assembly_debate_with_deputies_named_by_delegation():
    doc = read("assembly_debate.txt")
    holdings, participation = facts(doc)
    assert {("Nguyễn Thị Lan", "Đại biểu Quốc hội", "Thái Bình"), ("Trần Văn Lâm", "Đại biểu Quốc hội", "Bắc Giang"),
            ("Nguyễn Đức Hải", "Phó Chủ tịch Quốc hội", "Quốc hội")} <= holdings
    assert participation["Nguyễn Đức Hải"] == ({"chair"}, None)  # "điều hành phiên họp"
    assert participation["Nguyễn Thị Lan"] == ({"speaker"}, None)
    assert participation["Đặng Quốc Khánh"] == ({"speaker"}, None)  # "Giải trình, ..., Bộ trưởng X cho biết"


def test_assembly_deputy_named_without_delegation():
    """In news of the National Assembly 'đại biểu A' is a deputy even when no delegation follows;
    at a congress of another body the same word only says A was a delegate there."""
    assembly = run("qh.txt", "Chiều 12/6, Quốc hội thảo luận ở hội trường về dự án Luật Thủ đô (sửa đổi).\n\n"
                             "Đại biểu Lò Văn Khiêm cho rằng cần làm rõ cơ chế phân cấp.\n\n"
                             "Cùng quan điểm, đại biểu Hà Thị Minh Nguyệt đề nghị bổ sung quy định về quy hoạch.\n\n"
                             "Trưởng Ban Công tác đại biểu Đinh Công Sỹ trình bày tờ trình.")
    holdings, _ = facts(assembly)
    assert {("Lò Văn Khiêm", "Đại biểu Quốc hội", None), ("Hà Thị Minh Nguyệt", "Đại biểu Quốc hội", None)} <= holdings
    # the word ends a title here: the board's head, not a deputy by that word
    assert {h[1] for h in holdings if h[0] == "Đinh Công Sỹ"} == {"Trưởng Ban Công tác đại biểu"}
    congress = run("dh.txt", "Đại hội Đoàn TNCS Hồ Chí Minh tỉnh Yên Bái lần thứ XVIII khai mạc sáng 3/9.\n\n"
                             "Đại biểu Lò Văn Khiêm cho rằng cần đổi mới sinh hoạt chi đoàn.")
    assert not {h for h in facts(congress)[0] if h[0] == "Lò Văn Khiêm"}
