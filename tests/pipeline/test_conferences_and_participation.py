"""Which conference is reported, and who took part how: sentences written for the test."""
import datetime as dt

from kg.pipeline import run

ARTICLE = """Tỉnh triển khai nhiệm vụ công tác dân vận năm mới

Sáng 8/3, Ban Dân vận Trung ương, Ủy ban Trung ương MTTQ Việt Nam tổ chức hội nghị trực tuyến tổng kết công tác dân vận năm 2023, triển khai thực hiện Nghị quyết Đại hội XIII của Đảng.

Tham dự hội nghị có Thường trực Ban Bí thư Lương Văn Hòa; Phó Thủ tướng Chính phủ Trần Quang Tuấn.

Tại điểm cầu Quảng Nam, dự hội nghị có các đồng chí: Phan Việt Hùng - Bí thư Tỉnh ủy; Lê Thị Thu - Phó Chủ tịch UBND tỉnh.

Phát biểu khai mạc hội nghị, Trưởng Ban Dân vận Trung ương Bùi Đức Mạnh nhấn mạnh vai trò của công tác dân vận.

Bộ trưởng Bộ Nội vụ Đặng Hữu Phước trình bày tham luận tại hội nghị.

Bí thư Tỉnh ủy Phan Việt Hùng phát biểu tại điểm cầu Quảng Nam.

Tại Đại hội XIII, Thường trực Ban Bí thư Lương Văn Hòa đã phát biểu về dân vận.

Phó Thủ tướng Chính phủ Trần Quang Tuấn hội kiến Thủ tướng Lào trong chuyến thăm năm 2023.
"""


def test_reported_conference_date_organizers_and_resolution():
    doc = run("t.txt", ARTICLE)
    [c] = doc.conferences
    assert c.date == dt.date(2023, 3, 8) or c.date == dt.date(2024, 3, 8)
    assert c.organizers == ["Ban Dân vận Trung ương", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"]
    assert c.implements == ["Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"]
    assert c.format == "online"
    assert ("province", "Quảng Nam") in {(k.value, n) for k, n in c.connection_points}


def test_participants_kinds_and_connection_points():
    doc = run("t.txt", ARTICLE)
    got = {p.official: (sorted(k.value for k in p.kinds), p.connection_point and p.connection_point[1])
           for p in doc.participations}
    assert got == {
        "Lương Văn Hòa": (["attendee"], None),  # the speech was at another event (Đại hội XIII)
        "Trần Quang Tuấn": (["attendee"], None),  # the audience with Laos is another event
        "Phan Việt Hùng": (["attendee", "speaker"], "Quảng Nam"),
        "Lê Thị Thu": (["attendee"], "Quảng Nam"),
        "Bùi Đức Mạnh": (["attendee", "speaker"], None),  # fronted "Phát biểu khai mạc hội nghị, X ..."
        "Đặng Hữu Phước": (["attendee", "presenter"], None),
    }


def test_year_left_out_comes_from_the_publication_date():
    doc = run("t.txt", "Tiêu đề về hội nghị tổng kết năm của tỉnh\n10/01/2024\n"
                       "Sáng 9/1, UBND tỉnh tổ chức hội nghị tổng kết năm 2023.")
    assert doc.conferences[0].date == dt.date(2024, 1, 9)


def test_year_left_out_comes_from_the_article_when_it_has_no_date():
    doc = run("t.txt", "Tiêu đề về hội nghị tổng kết năm của tỉnh\n"
                       "Sáng 9/1, UBND tỉnh tổ chức hội nghị tổng kết năm 2022 và triển khai nhiệm vụ năm 2023.")
    assert doc.conferences[0].date == dt.date(2023, 1, 9)


def test_chair_listed_together():
    doc = run("t.txt", "Ngày 5/6/2024, Bộ Tài chính tổ chức hội nghị tổng kết. Bộ trưởng Bộ Tài chính Hồ Đức Phúc, "
                       "Thứ trưởng Bộ Tài chính Võ Thành Hưng cùng các đại biểu chủ trì hội nghị.")
    assert {p.official for p in doc.participations if any(k.value == "chair" for k in p.kinds)} == {
        "Hồ Đức Phúc", "Võ Thành Hưng"}


def test_no_conference_no_participation():
    doc = run("t.txt", "Bộ trưởng Bộ Y tế Đào Hồng Lan phát biểu về tình hình dịch bệnh.")
    assert doc.conferences == [] and doc.participations == []


def test_a_list_after_co_takes_the_verb_of_any_kind():
    doc = run("t.txt", "Ngày 2/3/2024, Bộ Y tế tổ chức hội nghị. Chủ trì hội nghị tại điểm cầu Hà Nội có đồng chí "
                       "Đào Hồng Lan, Bộ trưởng Bộ Y tế.")
    [p] = doc.participations
    assert (p.official, {k.value for k in p.kinds}, p.connection_point[1]) == (
        "Đào Hồng Lan", {"chair", "attendee"}, "Hà Nội")


def test_a_verb_after_a_directive_belongs_to_its_own_subject():
    doc = run("t.txt", "Ngày 2/3/2024, Tỉnh ủy tổ chức hội nghị. Phát biểu kết luận, Bí thư Tỉnh ủy Lò Văn Thắng "
                       "yêu cầu các cấp ủy quán triệt nghị quyết.")
    [p] = doc.participations
    assert {k.value for k in p.kinds} == {"speaker", "attendee"}  # not a presenter: the cấp ủy quán triệt


def test_a_congress_opening_at_a_venue_named_after_conferences():
    doc = run("t.txt", "Sáng nay (8/10), tại Trung tâm Hội nghị tỉnh, Đại hội đại biểu Đảng bộ tỉnh Hà Giang lần thứ "
                       "XVIII trọng thể khai mạc. Phát biểu chỉ đạo Đại hội, đồng chí Vũ Đức An, Ủy viên Bộ Chính trị, "
                       "nhấn mạnh vai trò của Đảng bộ.")
    [c] = doc.conferences
    assert c.name == "Đại hội đại biểu Đảng bộ tỉnh Hà Giang lần thứ XVIII"  # not the venue, not the verb
    assert [(p.official, sorted(k.value for k in p.kinds)) for p in doc.participations] == [
        ("Vũ Đức An", ["attendee", "speaker"])]


def test_reporting_as_a_verb_is_a_presentation_but_not_as_a_noun():
    doc = run("t.txt", "Ngày 3/6/2024, Bộ Tài chính tổ chức hội nghị. Thứ trưởng Bộ Tài chính Cao Anh Tuấn báo cáo "
                       "tình hình thu ngân sách. Theo báo cáo của Bộ trưởng Bộ Tài chính Hồ Đức Phớc, thu ngân sách tăng.")
    got = {p.official: sorted(k.value for k in p.kinds) for p in doc.participations}
    assert got == {"Cao Anh Tuấn": ["attendee", "presenter"]}
