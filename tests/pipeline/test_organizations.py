"""Organisations as real news writes them: abbreviations with spaces, lower-case heads, line breaks."""
from __future__ import annotations

import pytest

from kg.document import Kind
from kg.pipeline import run


def bodies(text: str) -> set[str]:
    return {m.key for m in run("t.txt", text).of_kind(Kind.ORGANIZATION)}


@pytest.mark.parametrize("text, key", [
    # a ministry's abbreviation spaced around "&" by de-tokenisation
    ("Thứ trưởng Bộ TN & MT Lê Văn An dự.", "Bộ Tài nguyên và Môi trường"),
    ("Đại diện Bộ LĐTB & XH phát biểu.", "Bộ Lao động - Thương binh và Xã hội"),
    # "Trung ương" abbreviated with a dot
    ("Trưởng Ban Dân vận T.Ư Lê Thị An dự.", "Ban Dân vận Trung ương"),
    # a head in lower case inside a title
    ("Ông Lê Văn An, Phó trưởng ban Dân vận Trung ương, dự.", "Ban Dân vận Trung ương"),
    # a provincial body whose head and committee are in lower case
    ("Ông An, Trưởng ban Tổ chức tỉnh ủy Nghệ An, phát biểu.", "Ban Tổ chức Tỉnh ủy Nghệ An"),
    # a provincial department whose "sở" is in lower case, inside a title or as the object of a verb
    ("Ông Hà Văn Lâm, Giám đốc sở Tài chính tỉnh Yên Bái, báo cáo.", "Sở Tài chính Yên Bái"),
    ("UBND tỉnh Sóc Trăng yêu cầu sở Xây dựng rà soát các dự án.", "Sở Xây dựng Sóc Trăng"),
    # a delegation of the National Assembly in lower case, city written "TP."
    ("Đại biểu Lê An, đoàn Đại biểu Quốc hội TP. Cần Thơ, phát biểu.", "Đoàn ĐBQH thành phố Cần Thơ"),
    # "TP." at the end of a line, the city on the next
    ("Các địa phương đã làm là: UBND TP.\nĐà Nẵng, UBND tỉnh Gia Lai.", "UBND thành phố Đà Nẵng"),
    # a province's party executive and inspectorate
    ("Ban Chấp hành Đảng bộ tỉnh Sơn La họp phiên đầu tiên.", "Ban Chấp hành Đảng bộ tỉnh Sơn La"),
    ("Chánh Thanh tra tỉnh Kon Tum Lê Văn An báo cáo.", "Thanh tra tỉnh Kon Tum"),
    # a state body of a foreign country
    ("Ông cảm ơn Chính phủ Nhật Bản đã hỗ trợ.", "Chính phủ Nhật Bản"),
])
def test_bodies_as_written_in_the_news(text, key):
    assert key in bodies(text)


def test_vietnams_own_government_stays_the_government():
    assert bodies("Chính phủ Việt Nam ban hành nghị định.") == {"Chính phủ"}


def test_a_lower_case_head_needs_a_known_body():
    assert bodies("Các ban Soạn thảo làm việc.") == set()


def test_a_seat_or_a_base_is_no_department():
    """ "trụ sở" (seat) and "cơ sở" (base) end in "sở" but name no department of the province."""
    found = bodies("Tỉnh Cà Mau khánh thành trụ sở Tư pháp mới, trên cơ sở Xây dựng được giao.")
    assert not any(key.startswith("Sở") for key in found)


def test_a_mass_organisation_named_with_or_without_its_unit_is_one_body():
    found = bodies("Hội Nông dân Lạng Sơn và Hội Nông dân tỉnh Lạng Sơn là một.")
    assert "Hội Nông dân tỉnh Lạng Sơn" in found and "Hội Nông dân Lạng Sơn" not in found


@pytest.mark.parametrize("text, key", [
    # a district's people's committee and council, the person after it cut off
    ("Chủ tịch UBND huyện Tân Kỳ Lê Văn An dự.", "UBND huyện Tân Kỳ"),
    ("Kỳ họp HĐND quận Đồ Sơn khai mạc.", "HĐND quận Đồ Sơn"),
    # a district party committee inside a standing committee's name
    ("Ban Thường vụ Huyện ủy Sóc Sơn họp.", "Huyện ủy Sóc Sơn"),
    # a province's committee written without its unit
    ("ông An (Chủ tịch UBND Khánh Hòa) dự.", "UBND tỉnh Khánh Hòa"),
    # the party committee of a provincial body
    ("Đảng ủy Công an tỉnh Bình Định họp.", "Đảng ủy Công an tỉnh Bình Định"),
    # a foreign parliament named like a conference
    ("Chủ tịch Hội nghị nhân dân tối cao Triều Tiên gửi điện.", "Hội nghị Nhân dân Tối cao Triều Tiên"),
])
def test_district_provincial_and_foreign_bodies(text, key):
    assert key in bodies(text)


def test_a_district_title_before_a_name_names_no_body():
    assert not any(k.startswith("Huyện ủy") for k in bodies("Bí thư Huyện ủy Trần Văn Bình phát biểu."))


def test_a_term_between_a_body_and_its_province_is_read_past():
    text = "Ông An, Trưởng Đoàn đại biểu Quốc hội khóa XIV tỉnh Gia Lai, phát biểu."
    assert "Đoàn ĐBQH tỉnh Gia Lai" in bodies(text)


def test_a_body_only_another_country_has_is_that_countrys_when_named_alone():
    found = bodies("Chủ tịch Hội nghị nhân dân tối cao Triều Tiên dự. Hội nghị nhân dân tối cao họp.")
    assert found == {"Hội nghị Nhân dân Tối cao Triều Tiên"}


def test_the_standing_committee_of_a_body():
    found = bodies("Chủ tịch Ủy ban thường vụ Hội nghị nhân dân tối cao Triều Tiên gửi điện.")
    assert "Ủy ban thường vụ Hội nghị Nhân dân Tối cao Triều Tiên" in found


def test_a_sentence_that_opens_with_a_province_places_its_bodies():
    text = ("Hội nghị Tỉnh ủy Sơn La khai mạc. Tỉnh ủy Sơn La họp. "
            "Tại Điện Biên, Ban chấp hành Đảng bộ tỉnh cũng họp phiên đầu tiên.")
    assert "Ban Chấp hành Đảng bộ tỉnh Điện Biên" in bodies(text)


def test_a_body_inside_a_title_is_the_province_of_the_holding():
    """In an article on several provinces, "Phó bí thư Tỉnh ủy, Chủ tịch UBND tỉnh" names the
    bodies of the province the holding is read for, not those of the province named most."""
    text = ("Nhiều tỉnh bầu bí thư mới\n\nTỉnh Bắc Giang, tỉnh Bắc Giang và tỉnh Bắc Giang đã hoàn thành đại hội.\n"
            "Ban Chấp hành Đảng bộ tỉnh Lạng Sơn khóa 17 họp phiên thứ nhất.\n"
            "Ông Hồ Tiến Thiệu, Phó bí thư Tỉnh ủy khóa 16, Chủ tịch UBND tỉnh, được bầu làm Bí thư Tỉnh ủy khóa 17.\n")
    found = bodies(text)
    assert {"Tỉnh ủy Lạng Sơn", "UBND tỉnh Lạng Sơn"} <= found
    assert not found & {"Tỉnh ủy Bắc Giang", "UBND tỉnh Bắc Giang"}


@pytest.mark.parametrize("text, key", [
    # the standing board of a province's party committee, reported to
    ("Ông Lê Văn An đã báo cáo Thường trực Tỉnh ủy Nghệ An về vụ việc.", "Thường trực Tỉnh ủy Nghệ An"),
    # of a district's people's committee, meeting
    ("Thường trực UBND huyện Quỳnh Lưu họp lại để đánh giá vụ việc.", "Thường trực UBND huyện Quỳnh Lưu"),
])
def test_the_standing_board_of_a_committee_is_a_body(text, key):
    assert key in bodies(text)


@pytest.mark.parametrize("text, body", [
    ("Ông Lê Văn An, Phó bí thư thường trực Tỉnh ủy Nghệ An, phát biểu.", "Tỉnh ủy Nghệ An"),
    # "Phó ban" is how news shortens "Phó trưởng ban"
    ("Dự họp có ông Lê Văn An (Phó Ban thường trực Ban Tổ chức Tỉnh ủy Nghệ An).", "Ban Tổ chức Tỉnh ủy Nghệ An"),
])
def test_a_standing_deputy_names_no_standing_board(text, body):
    """ "Phó bí thư thường trực Tỉnh ủy" is a title: "thường trực" is the deputy's, not a board."""
    found = bodies(text)
    assert body in found and not any(k.lower().startswith("thường trực") for k in found)
