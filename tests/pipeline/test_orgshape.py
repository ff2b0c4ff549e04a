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
