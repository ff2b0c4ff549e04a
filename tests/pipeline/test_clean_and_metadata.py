import datetime as dt

import pytest

from kg.document import Document
from kg.pipeline import clean, metadata, normalize


def prepared(raw: str) -> Document:
    return metadata.apply(clean.apply(normalize.apply(Document("t.txt", raw=raw))))


def test_furniture_after_the_article_is_cut():
    doc = prepared("Tiêu đề bài viết về hội nghị tỉnh\n\nNội dung chính của bài.\n\nTin mới nhất\n\nBài khác (01/02/2024)")
    assert "Bài khác" not in doc.text and "Nội dung chính" in doc.text


@pytest.mark.parametrize("line", ["100%", "hoi-nghi-ngoai-giao", "3333 15421919122023", "Cỡ chữ:   Tương phản",
                                  "1960 người đã bình chọn", "TL"])
def test_noise_lines_are_dropped(line):
    assert clean.line_action(line) == "drop"


def test_captions_stay():
    assert clean.line_action("Chủ tịch UBND tỉnh Lê Văn Bình phát biểu tại hội nghị.") is None


@pytest.mark.parametrize("top, expected", [
    ("Đăng ngày 05 - 03 - 2022", dt.date(2022, 3, 5)),  # a portal's "posted on"
    ("05/03/2022", dt.date(2022, 3, 5)),  # a bare date line
    ("Thứ hai - 07/03/2022 09:15", dt.date(2022, 3, 7)),  # weekday, date and time
])
def test_publication_date_from_a_short_line_at_the_top(top, expected):
    doc = prepared(f"Tỉnh tổ chức hội nghị tổng kết công tác năm\n{top}\nNội dung của bài viết rất dài.")
    assert doc.published == expected


def test_a_date_in_the_body_is_not_the_publication_date():
    body = "Sáng 14/12/2021, " + "Ban Thường vụ Tỉnh ủy tổ chức hội nghị " * 5
    doc = prepared(f"Tỉnh tổ chức hội nghị tổng kết công tác năm\n{body}")
    assert doc.published is None


def test_headline_skips_a_banner_in_capitals():
    doc = prepared("CỔNG THÔNG TIN ĐIỆN TỬ\nTỉnh ủy tổ chức hội nghị quán triệt nghị quyết\nThân bài.")
    assert doc.headline == "Tỉnh ủy tổ chức hội nghị quán triệt nghị quyết"


@pytest.mark.parametrize("line, action", [
    # another article's headline, its outlet's tag, its lead: a teaser of a related article, kept aside
    ("Khai mạc hội nghị Ban Chấp hành Trung ương Đoàn lần thứ ba TTO - Sáng 5-2, hội nghị khai mạc.", "aside"),
    # the lead's own tag at the start of the line stays
    ("TTO - Sáng 5-2, hội nghị Ban Chấp hành Trung ương Đoàn khai mạc tại Hà Nội.", None),
    # an outlet named in a sentence stays
    ("Ông Trần Văn Nam trả lời phỏng vấn của VTV về kết quả hội nghị.", None),
])
def test_related_article_teasers(line, action):
    assert clean.line_action(line) == action
