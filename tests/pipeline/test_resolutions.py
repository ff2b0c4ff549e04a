"""Resolutions as real news names them: by title, by congress or plenum, by number lists."""
from __future__ import annotations

import pytest

from kg.document import Kind
from kg.pipeline import run
from kg.pipeline.resolutions import roman


def keys(text: str) -> list[str]:
    return [m.key for m in run("t.txt", text).of_kind(Kind.RESOLUTION)]


def labels(text: str) -> set[str]:
    return {label for m in run("t.txt", text).of_kind(Kind.RESOLUTION) for label in m.data["labels"]} | {
        m.key for m in run("t.txt", text).of_kind(Kind.RESOLUTION)}


@pytest.mark.parametrize("text, key", [
    # a Party congress written with "khóa" and lower case
    ("Tỉnh tiếp tục thực hiện Nghị quyết đại hội khóa XIII của Đảng.",
     "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"),
    # a Party congress in Arabic figures
    ("Cán bộ học tập Nghị quyết đại hội 13 trong tháng này.",
     "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"),
    # a provincial congress, lower case, delegates, Arabic term
    ("Huyện bám sát Nghị quyết đại hội đại biểu Đảng bộ tỉnh Lạng Sơn lần thứ 17 về kinh tế.",
     "Nghị quyết Đại hội Đảng bộ tỉnh Lạng Sơn lần thứ XVII"),
    # the term before the body: a city's congress, not the Party's
    ("Thành phố thực hiện Nghị quyết Đại hội lần thứ XX Đảng bộ thành phố Hải Phòng.",
     "Nghị quyết Đại hội Đảng bộ thành phố Hải Phòng lần thứ XX"),
    # another body's congress
    ("Đoàn viên quán triệt Nghị quyết Đại hội Hội Nông dân Việt Nam lần thứ VII, nhiệm kỳ 2018-2023.",
     "Nghị quyết Đại hội Hội Nông dân Việt Nam lần thứ VII"),
    # an abbreviated congress of a national body
    ("Hội nghị học tập Nghị quyết ĐH Công đoàn toàn quốc lần thứ XII sáng nay.",
     "Nghị quyết Đại hội Công đoàn toàn quốc lần thứ XII"),
    # a plenum named in full, Arabic term
    ("Ông nhắc lại Nghị quyết Hội nghị lần thứ 5 Ban Chấp hành Trung ương Đảng khóa 12.",
     "Nghị quyết Trung ương 5 khóa XII"),
    # a plenum with the term in parentheses, Arabic
    ("Đảng bộ làm theo Nghị quyết Trung ương 9 (khóa 11) về văn hóa.", "Nghị quyết Trung ương 9 khóa XI"),
    # a plenum number in words
    ("Nghị quyết Hội nghị lần thứ bảy Ban Chấp hành Trung ương khóa X về nông nghiệp.",
     "Nghị quyết Trung ương 7 khóa X"),
    # a number of the National Assembly spaced by de-tokenisation
    ("Báo cáo thực hiện Nghị quyết số 42/2017 / QH 14 về xử lý nợ xấu.", "Nghị quyết số 42/2017/QH14"),
    # a government resolution by number and issuer
    ("Bộ triển khai Nghị quyết 35 của Chính phủ về doanh nghiệp.", "Nghị quyết số 35/NQ-CP"),
    # a resolution by its quoted title
    ('Bộ Chính trị ban hành Nghị quyết về "phát triển giáo dục nghề nghiệp trong giai đoạn mới".',
     "Nghị quyết về phát triển giáo dục nghề nghiệp trong giai đoạn mới"),
    # by its unquoted title and issuer, ending at the semicolon
    ("Thẩm tra việc thực hiện Nghị quyết của Quốc hội về kế hoạch đầu tư công năm 2020; các báo cáo khác.",
     "Nghị quyết của Quốc hội về kế hoạch đầu tư công năm 2020"),
    # the issuer written without "của"
    ("Thành phố chờ Nghị quyết Quốc hội về cơ chế đặc thù cho đô thị lớn.",
     "Nghị quyết của Quốc hội về cơ chế đặc thù cho đô thị lớn"),
])
def test_shapes_of_resolutions(text, key):
    assert keys(text) == [key]


def test_numbers_listed_with_one_issuer_are_each_a_resolution():
    assert keys("Tỉnh quán triệt Nghị quyết 07, 08 của Chính phủ ngay đầu năm.") == [
        "Nghị quyết số 07/NQ-CP", "Nghị quyết số 08/NQ-CP"]


def test_plenums_listed_are_each_a_resolution():
    assert keys("Thực hiện Nghị quyết Trung ương 5, 8 khóa XII trong toàn Đảng bộ.") == [
        "Nghị quyết Trung ương 5 khóa XII", "Nghị quyết Trung ương 8 khóa XII"]


def test_a_title_after_a_cue_is_read_up_to_the_name_that_follows():
    text = ("Giới thiệu về nghị quyết đổi mới công tác đào tạo cán bộ, nhất là cán bộ trẻ, "
            "Trần Văn An, Phó Trưởng ban, cho biết.")
    assert keys(text) == ["Nghị quyết về đổi mới công tác đào tạo cán bộ, nhất là cán bộ trẻ"]


def test_a_title_gives_its_short_forms_as_labels():
    got = labels('Nghị quyết về "đổi mới quản lý, nâng cao hiệu quả đơn vị sự nghiệp và doanh nghiệp".')
    assert "nghị quyết đổi mới quản lý" in {x.lower() for x in got}
    assert "Nghị quyết về đổi mới quản lý, nâng cao hiệu quả đơn vị sự nghiệp" in got


def test_a_number_with_its_issuer_gets_a_label_naming_the_issuer():
    assert "Nghị quyết 54 của Quốc hội" in labels("Thành phố thực hiện Nghị quyết 54 của Quốc hội.")


@pytest.mark.parametrize("text", [
    "Nghị quyết này sẽ có hiệu lực từ tháng sau.",  # a pointer, not a title
    "Các nghị quyết về kinh tế đều được thông qua.",  # a topic of several resolutions
    "Quốc hội thông qua Nghị quyết bầu Chủ tịch nước.",  # no title, no number
    "Giới thiệu nghị quyết của hội nghị cho cán bộ.",  # a pointer after a cue
])
def test_phrases_that_name_no_resolution(text):
    assert keys(text) == []


@pytest.mark.parametrize("term, expected", [("12", "XII"), ("19", "XIX"), ("4", "IV"), ("XIII", "XIII")])
def test_terms_read_in_roman_figures(term, expected):
    assert roman(term) == expected


@pytest.mark.parametrize("text, key", [
    # a person named after the title is cut off, and the word left dangling with him
    ("Quốc hội thông qua Nghị quyết về tạm đình chỉ nhiệm vụ đại biểu với ông Lê Văn An.",
     "Nghị quyết về tạm đình chỉ nhiệm vụ đại biểu"),
    # a second resolution inside the first one's clause ends the title
    ("Tổng kết Nghị quyết về phát triển du lịch biển và ban hành nghị quyết mới về du lịch.",
     "Nghị quyết về phát triển du lịch biển"),
    # a verb of proposing ends it too, and the "và" before it goes
    ("Tổng kết Nghị quyết về phát triển du lịch biển và đề xuất với Chính phủ xem xét.",
     "Nghị quyết về phát triển du lịch biển"),
])
def test_where_an_unquoted_title_ends(text, key):
    assert keys(text)[0] == key


def test_a_plenum_without_its_term_takes_the_one_the_article_gives():
    text = ("Tỉnh quán triệt Nghị quyết Trung ương 8 khóa XII. Sau đó, Nghị quyết Trung ương 8 về "
            "bảo vệ Tổ quốc được triển khai.")
    assert keys(text) == ["Nghị quyết Trung ương 8 khóa XII", "Nghị quyết Trung ương 8 khóa XII"]


@pytest.mark.parametrize("text", [
    "Nghị quyết Trung ương 8 về bảo vệ Tổ quốc được triển khai.",  # no term anywhere
    "Thực hiện nghị quyết trung ương năm 2018 về kinh tế.",  # a year, not a plenum
])
def test_a_plenum_of_unknown_term_is_not_emitted(text):
    assert keys(text) == []
