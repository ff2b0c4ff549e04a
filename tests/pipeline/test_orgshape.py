import re

import pytest

from kg.gazetteer import load
from kg.pipeline import run
from kg.pipeline.orgshape import find_shaped
from kg.text import LOWER, UPPER


@pytest.mark.parametrize("text, name", [
    ("Hôm qua, Ban Chỉ đạo Trung ương về phòng, chống tham nhũng họp.", "Ban Chỉ đạo Trung ương"),  # stops at "về"
    ("Hội Nông dân tỉnh Nghệ An tổ chức đại hội.", "Hội Nông dân tỉnh Nghệ An"),  # a province after "tỉnh"
    ("đại hội Liên hiệp các Hội Khoa học và Kỹ thuật Ninh Bình lần thứ VII", "Liên hiệp các Hội Khoa học và Kỹ thuật Ninh Bình"),
    ("Trường Đại học Kinh tế Quốc dân phối hợp tổ chức", "Trường Đại học Kinh tế Quốc dân"),  # one body, not two
])
def test_organisation_read_from_the_shape_of_its_name(text, name):
    assert [n for _, _, n, _ in find_shaped(text, load())] == [name]


@pytest.mark.parametrize("text", ["Hội nghị được tổ chức tại tỉnh.", "Đoàn công tác của tỉnh đến thăm."])
def test_head_nouns_without_a_name_are_not_organisations(text):
    assert find_shaped(text, load()) == []


def test_capital_class_holds_no_lower_case_letter():
    assert re.fullmatch(UPPER, "Ỹ") and re.fullmatch(UPPER, "Đ") and not re.fullmatch(UPPER, "ố")
    assert re.fullmatch(LOWER, "ố") and not re.fullmatch(LOWER, "Ố")


def test_organiser_whose_name_trails_lower_case_words():
    doc = run("t.txt", "Sáng 3/4/2024, Ban Chỉ đạo Trung ương về phòng, chống tham nhũng, tiêu cực tổ chức "
                       "phiên họp thứ 26.")
    assert doc.conferences[0].organizers == ["Ban Chỉ đạo Trung ương"]


@pytest.mark.parametrize("text, name", [
    # a verb after a place ends the name
    ("Hôm qua, Cục Kiểm định Việt Nam quyết định thu hồi giấy phép.", "Cục Kiểm định Việt Nam"),
    # a person's name and the verb after it are cut off
    ("Chủ nhiệm Ủy ban Đối ngoại của Quốc hội Lê Văn Tâm trình bày.", "Ủy ban Đối ngoại của Quốc hội"),
    # a committee's fields joined by a comma or a dash
    ("Ủy ban Pháp luật, Tư pháp của Quốc hội họp.", "Ủy ban Pháp luật, Tư pháp của Quốc hội"),
    ("Ủy ban Khoa học - Công nghệ đã thẩm tra.", "Ủy ban Khoa học - Công nghệ"),
    # a lower-case list of fields ending with the body it belongs to
    ("Ủy ban Y tế, dân số, gia đình và trẻ em của Quốc hội thẩm tra.",
     "Ủy ban Y tế, dân số, gia đình và trẻ em của Quốc hội"),
    # a city's branch written "TP." after the national name
    ("Giáo hội Phật giáo Việt Nam TP. HCM tổ chức lễ.", "Giáo hội Phật giáo Việt Nam TP. HCM"),
    # "Pháp" of "Pháp luật" is not the country that ends a name
    ("Báo Công lý và Pháp luật đưa tin.", "Báo Công lý và Pháp luật"),
])
def test_where_a_shaped_name_ends(text, name):
    assert [n for _, _, n, _ in find_shaped(text, load())] == [name]


@pytest.mark.parametrize("text", [
    "Ông Đoàn Minh Tâm phát biểu.",  # a head that is a family name, then a given name
    "Quần đảo Trường Sa của Việt Nam.",  # a head that begins a place name
    "Thủ tướng Tây Ban Nha đến thăm.",  # a head inside a country's name
])
def test_names_that_begin_with_a_head_are_not_bodies(text):
    assert find_shaped(text, load()) == []


@pytest.mark.parametrize("text, names", [
    # a comma before another body, a caption or an acronym ends the name
    ("Bộ Tài chính, Bộ Công an và Cục Thuế, UBND tỉnh dự.", ["Cục Thuế"]),
    ("Hội Sinh viên Việt Nam - Ảnh: Lê An", ["Hội Sinh viên Việt Nam"]),
    # a word that goes on with the sentence is not the name's
    ("Tập đoàn Hòa Phát cũng cho biết.", ["Tập đoàn Hòa Phát"]),
    ("Ban Thư ký ASEAN ở Jakarta nhận định.", ["Ban Thư ký ASEAN"]),
    # "và" before a new head starts a new body
    ("Trường Đại học Luật và Đoàn Thanh niên phối hợp.", ["Trường Đại học Luật", "Đoàn Thanh niên"]),
])
def test_a_name_stops_before_the_next_thing(text, names):
    assert [n for _, _, n, _ in find_shaped(text, load())] == names


@pytest.mark.parametrize("text, name", [
    # a place ends a body's name when a person's name follows
    ("Thủ tướng Nội các Nhật Bản Shinzo Abe phát biểu.", "Nội các Nhật Bản"),
    # but one more capitalised word makes a longer name
    ("Bộ Tư lệnh Thái Bình Dương tuyên bố.", "Bộ Tư lệnh Thái Bình Dương"),
    # "và" before a title starts something new
    ("Ban Thường vụ Huyện ủy Sóc Sơn và Bí thư họp.", "Ban Thường vụ Huyện ủy Sóc Sơn"),
])
def test_a_name_ends_at_a_place_or_a_title(text, name):
    assert [n for _, _, n, _ in find_shaped(text, load())] == [name]


def test_a_line_break_ends_a_shaped_name():
    assert [n for _, _, n, _ in find_shaped("Hội đồng Liên bang Nga\nChủ tịch Duma phát biểu.", load())] == [
        "Hội đồng Liên bang Nga"]
