"""Which resolutions the reported conference carries out."""
from __future__ import annotations

import pytest

from kg.pipeline import run


def implements(text: str) -> list[str]:
    doc = run("t.txt", text)
    return doc.conferences[0].implements if doc.conferences else []


@pytest.mark.parametrize("text, expected", [
    # the resolution is in the conference's name
    ("Sáng 5/3/2020, Tỉnh ủy Lạng Sơn tổ chức hội nghị quán triệt Nghị quyết số 52-NQ/TW của Bộ Chính trị.",
     ["Nghị quyết số 52-NQ/TW"]),
    # several resolutions listed after one verb of carrying out
    ("Sáng 5/3/2020, Bộ Y tế tổ chức hội nghị triển khai thực hiện Nghị quyết 07 của Chính phủ và "
     "Nghị quyết Trung ương 5 khóa XII.", ["Nghị quyết số 07/NQ-CP", "Nghị quyết Trung ương 5 khóa XII"]),
    # a review conference of a congress resolution of another body
    ("Ngày 9/9/2021, Hội Nông dân tổ chức hội nghị sơ kết thực hiện Nghị quyết Đại hội Hội Nông dân "
     "Việt Nam lần thứ VII.", ["Nghị quyết Đại hội Hội Nông dân Việt Nam lần thứ VII"]),
])
def test_a_conference_carries_out_the_resolutions_it_names(text, expected):
    assert implements(text) == expected


def test_a_plenums_resolutions_together_are_the_ones_named_by_title():
    text = ("Sáng 2/6/2019, Ban Bí thư tổ chức hội nghị học tập, quán triệt các nghị quyết Trung ương 9 khóa XII. "
            "Báo cáo viên giới thiệu hai nghị quyết, gồm: Nghị quyết về \"đổi mới quản lý đất đai trong thời kỳ mới\"; "
            "Nghị quyết về \"phát triển nguồn nhân lực số\".")
    assert implements(text) == ["Nghị quyết về đổi mới quản lý đất đai trong thời kỳ mới",
                                "Nghị quyết về phát triển nguồn nhân lực số"]


def test_a_plenums_resolutions_stay_one_link_when_no_title_is_named():
    text = "Sáng 2/6/2019, Ban Bí thư tổ chức hội nghị học tập, quán triệt các nghị quyết Trung ương 9 khóa XII."
    assert implements(text) == ["Nghị quyết Trung ương 9 khóa XII"]


@pytest.mark.parametrize("text", [
    # a resolution cited in another sentence is not carried out
    "Sáng 5/3/2020, Sở Nội vụ tổ chức hội nghị tổng kết năm. Ông An nhắc lại Nghị quyết 07 của Chính phủ.",
    # a resolution the body merely mentions in the lead
    "Sáng 5/3/2020, Sở Nội vụ tổ chức hội nghị tổng kết năm, theo Nghị quyết 07 của Chính phủ.",
])
def test_a_resolution_merely_cited_is_not_carried_out(text):
    assert implements(text) == []


@pytest.mark.parametrize("text", [
    # past work reported at the conference
    "Chiều 5/3/2020, phát biểu bế mạc hội nghị về cải cách hành chính, Thủ tướng Nguyễn Văn An nói sau hơn "
    "3 năm thực hiện Nghị quyết 07 của Chính phủ, tỉnh đã tiến bộ.",
    # what a later congress will review
    "Chiều 5/3/2020, tại phiên họp của Tiểu ban, ông An cho biết đại hội sẽ kiểm điểm việc thực hiện "
    "Nghị quyết Đại hội XII của Đảng.",
])
def test_past_work_on_a_resolution_is_not_the_conferences_purpose(text):
    assert implements(text) == []
