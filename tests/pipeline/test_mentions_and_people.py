"""Rules of reading, each on a sentence written for the test (none from the seeds)."""
import pytest

from kg.document import Kind
from kg.pipeline import run


def holdings(text):
    doc = run("t.txt", text)
    return {(h.official, h.role, h.province, h.organization, h.country) for h in doc.holdings}


def test_title_before_name():
    assert ("Lê Minh Khải", "Thủ tướng Chính phủ", None, "Chính phủ", None) in holdings(
        "Thủ tướng Chính phủ Lê Minh Khải chủ trì hội nghị.")


def test_name_then_dash_and_comma_list_of_titles_with_province_from_connection_point():
    found = holdings("Tại điểm cầu Nghệ An, dự hội nghị có các đồng chí: Hoàng Văn Nam - Ủy viên Trung ương Đảng, "
                     "Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh; Phan Thị Lan - Phó Bí thư Tỉnh ủy.")
    assert ("Hoàng Văn Nam", "Bí thư Tỉnh ủy", "Nghệ An", "Tỉnh ủy Nghệ An", None) in found
    assert ("Hoàng Văn Nam", "Chủ tịch HĐND tỉnh", "Nghệ An", "HĐND tỉnh Nghệ An", None) in found
    assert ("Hoàng Văn Nam", "Ủy viên Trung ương Đảng", None, "Ban Chấp hành Trung ương Đảng", None) in found
    assert ("Phan Thị Lan", "Phó Bí thư Tỉnh ủy", "Nghệ An", "Tỉnh ủy Nghệ An", None) in found


def test_a_title_before_the_next_name_belongs_to_it():
    found = holdings("Phó Chủ tịch UBND tỉnh Vũ Hồng Quân, Giám đốc Sở Tài chính Lương Thị Mai dự hội nghị tại "
                     "điểm cầu Lạng Sơn.")
    assert {(h[0], h[1]) for h in found} == {("Vũ Hồng Quân", "Phó Chủ tịch UBND tỉnh"),
                                             ("Lương Thị Mai", "Giám đốc Sở Tài chính")}


def test_explicit_province_after_the_title():
    assert ("Đinh Văn Hà", "Chủ tịch UBND tỉnh", "Cà Mau", "UBND tỉnh Cà Mau", None) in holdings(
        "Chủ tịch UBND tỉnh Cà Mau Đinh Văn Hà phát biểu.")


def test_lower_case_titles():
    assert {h[1] for h in holdings("Ông Trần Quốc Bảo, phó bí thư tỉnh ủy Bắc Ninh, cho biết.")} == {
        "Phó Bí thư Tỉnh ủy"}


def test_rank_is_neither_name_nor_role():
    found = holdings("Trung tướng Ngô Đức Tài - Thứ trưởng Bộ Công an phát biểu.")
    assert {(h[0], h[1]) for h in found} == {("Ngô Đức Tài", "Thứ trưởng Bộ Công an")}


def test_former_role_is_not_held():
    assert holdings("Đồng chí Lý Văn Sơn, nguyên Thứ trưởng Bộ Tư pháp, dự hội nghị.") == set()


def test_party_post_in_a_body_takes_the_body_from_the_title_list():
    found = holdings("Đồng chí Cao Minh Đức, Bí thư Đảng ủy, Phó Chánh án TAND tối cao dự hội nghị.")
    assert ("Cao Minh Đức", "Bí thư Đảng ủy", None, "Đảng ủy Tòa án nhân dân tối cao", None) in found


def test_foreign_office_scoped_to_the_country_of_the_sentence():
    found = holdings("Chủ tịch nước Võ Thị Hoa tiếp Thủ tướng Olaf Scholz trong chuyến thăm Cộng hòa Liên bang Đức.")
    assert ("Olaf Scholz", "Thủ tướng", None, None, "Đức") in found
    assert ("Võ Thị Hoa", "Chủ tịch nước", None, None, None) in found


@pytest.mark.parametrize("text", [
    "Đoàn công tác thăm tỉnh Hà Tĩnh và Thái Lan.",  # place names shaped like names
    "Bí thư Tỉnh ủy cùng các đồng chí lãnh đạo tỉnh dự.",  # a title with no name
])
def test_no_official_without_a_person(text):
    assert run("t.txt", text).of_kind(Kind.OFFICIAL) == []


def test_provinces_countries_and_organisations():
    doc = run("t.txt", "Đoàn của Bộ Y tế và UNESCO làm việc tại Thừa Thiên - Huế, rồi sang Lào; "
                       "gìn giữ hòa bình là mục tiêu.")
    assert {m.key for m in doc.of_kind(Kind.PROVINCE)} == {"Thừa Thiên Huế"}  # "hòa bình" is not Hòa Bình
    assert {m.key for m in doc.of_kind(Kind.COUNTRY)} == {"Lào"}
    assert {m.key for m in doc.of_kind(Kind.ORGANIZATION)} == {"Bộ Y tế", "UNESCO"}


def test_strict_country_names_need_a_country_word():
    doc = run("t.txt", "Ông Nguyễn Văn Đức gặp Đại sứ Nga và đoàn của nước Anh.")
    assert {m.key for m in doc.of_kind(Kind.COUNTRY)} == {"Nga", "Anh"}


@pytest.mark.parametrize("text, key", [
    ("quán triệt Nghị quyết Đại hội XII của Đảng", "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XII của Đảng"),
    # numbered anew in each term of the Central Committee: the term (or the year) is part of the key
    ("thực hiện Nghị quyết số 36-NQ/TW ngày 22/10/2018", "Nghị quyết số 36-NQ/TW khóa XII"),
    ("theo Nghị quyết số 24 của Bộ Chính trị (khóa XIII)", "Nghị quyết số 24-NQ/TW khóa XIII"),
    ("thực hiện Nghị quyết số 36-NQ/TW", "Nghị quyết số 36-NQ/TW"),  # no term, no year: the number alone
    ("Nghị quyết Trung ương 4 khóa XII", "Nghị quyết Trung ương 4 khóa XII"),
    ("Nghị quyết số 202/2025/QH15", "Nghị quyết số 202/2025/QH15"),
])
def test_resolutions_get_one_canonical_key(text, key):
    assert [m.key for m in run("t.txt", text).of_kind(Kind.RESOLUTION)] == [key]


def test_a_number_with_and_without_issuer_is_one_resolution():
    doc = run("t.txt", "Nghị quyết số 24 của Bộ Chính trị (khóa XIII) ... thực hiện Nghị quyết số 24 hiệu quả.")
    assert {m.key for m in doc.of_kind(Kind.RESOLUTION)} == {"Nghị quyết số 24-NQ/TW khóa XIII"}


def test_one_number_in_two_terms_is_two_resolutions():
    """Issue 13: "18-NQ/TW" of the XII Central Committee (2017) and of the XIII (2022) are two
    resolutions, in one article and across two; a mention of the number alone joins neither."""
    doc = run("t.txt", "Tỉnh đã thực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017. Nay quán triệt Nghị quyết "
                       "số 18-NQ/TW ngày 16/6/2022. Cán bộ học Nghị quyết 18-NQ/TW.")
    assert sorted(m.key for m in doc.of_kind(Kind.RESOLUTION)) == [
        "Nghị quyết số 18-NQ/TW", "Nghị quyết số 18-NQ/TW khóa XII", "Nghị quyết số 18-NQ/TW khóa XIII"]
    xii = run("a.txt", "Hội nghị quán triệt Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương (khóa XII).")
    xiii = run("b.txt", "Hội nghị quán triệt Nghị quyết số 18-NQ/TW ngày 16/6/2022 của Ban Chấp hành Trung ương.")
    [a], [b] = xii.of_kind(Kind.RESOLUTION), xiii.of_kind(Kind.RESOLUTION)
    assert (a.key, a.data["term"]) == ("Nghị quyết số 18-NQ/TW khóa XII", "XII")
    assert (b.key, b.data["term"]) == ("Nghị quyết số 18-NQ/TW khóa XIII", "XIII")
    assert "Nghị quyết số 18-NQ/TW" in a.data["labels"] and "Nghị quyết số 18-NQ/TW" in b.data["labels"]


def test_provincial_congress_resolution_takes_the_home_province():
    doc = run("t.txt", "Tại điểm cầu Sơn La, tỉnh quyết tâm thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XV.")
    assert [m.key for m in doc.of_kind(Kind.RESOLUTION)] == ["Nghị quyết Đại hội Đảng bộ tỉnh Sơn La lần thứ XV"]


def test_home_province_comes_from_the_headline_not_the_central_connection_point():
    doc = run("t.txt", "Tỉnh Yên Bái tổng kết công tác dân vận\n\nTại điểm cầu Hà Nội, hội nghị khai mạc. "
                       "Tại điểm cầu Hà Nội, các đại biểu dự. Bí thư Tỉnh ủy Đỗ Văn Chiến phát biểu.")
    assert doc.home_province == "Yên Bái"
    assert ("Đỗ Văn Chiến", "Bí thư Tỉnh ủy", "Yên Bái", "Tỉnh ủy Yên Bái", None) in {
        (h.official, h.role, h.province, h.organization, h.country) for h in doc.holdings}


def test_a_province_title_is_never_given_a_city_from_context():
    found = holdings("Tại điểm cầu Hà Nội, Phó Chủ tịch UBND tỉnh Mai Văn Huỳnh dự hội nghị.")
    assert ("Mai Văn Huỳnh", "Phó Chủ tịch UBND tỉnh", None, None, None) in found


def test_an_unknown_title_in_a_list_does_not_hide_the_titles_after_it():
    found = holdings("Đồng chí Trịnh Văn Lâm, Ủy viên Hội đồng Lý luận, Trưởng Ban Dân vận Tỉnh ủy Hải Dương dự.")
    assert ("Trịnh Văn Lâm", "Trưởng Ban Dân vận Tỉnh ủy", "Hải Dương", "Ban Dân vận Tỉnh ủy Hải Dương", None) in found


def test_district_title_takes_the_district_written_after_it():
    found = holdings("Tại điểm cầu Phú Thọ, Bí thư Huyện ủy Thanh Sơn Hà Văn Tuấn phát biểu.")
    assert ("Hà Văn Tuấn", "Bí thư Huyện ủy", "Phú Thọ", "Huyện ủy Thanh Sơn", None) in found


def test_a_city_after_an_abbreviated_unit():
    assert ("Trần Sỹ Thanh", "Chủ tịch UBND thành phố", "Hà Nội", "UBND thành phố Hà Nội", None) in holdings(
        "Chủ tịch UBND TP. Hà Nội Trần Sỹ Thanh phát biểu.")


def test_names_listed_after_a_plural_title():
    found = holdings("Cùng dự có các Phó Thủ tướng: Lê Văn Thành, Trần Lưu Quang và Hồ Đức Phớc; các Bộ trưởng.")
    assert {(h[0], h[1]) for h in found} == {("Lê Văn Thành", "Phó Thủ tướng Chính phủ"),
                                             ("Trần Lưu Quang", "Phó Thủ tướng Chính phủ"),
                                             ("Hồ Đức Phớc", "Phó Thủ tướng Chính phủ")}


@pytest.mark.parametrize("text, official", [
    # "Đoàn" ends the title (the Youth Union); the name after it starts with its own surname
    ("Sáng 5/7/2024, Bí thư thứ nhất Trung ương Đoàn Lê Quốc Phong dự lễ.", "Lê Quốc Phong"),
    ("Sáng 5/7/2024, Bí thư Thường trực Trung ương Đoàn Nguyễn Mạnh Dũng dự lễ.", "Nguyễn Mạnh Dũng"),
    # a name that only starts with "Đoàn" after a title that does not end in it keeps it
    ("Sáng 5/7/2024, Chủ tịch nước Đoàn Văn Hùng dự lễ.", "Đoàn Văn Hùng"),
])
def test_a_name_does_not_start_on_the_last_word_of_a_title(text, official):
    doc = run("t.txt", "Tin\n\n" + text)
    assert [h.official for h in doc.holdings] == [official]
