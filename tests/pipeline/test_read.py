import codecs
import unicodedata

import pytest

from kg.errors import InputError
from kg.pipeline.read import article_paths, decode, read_article
from kg.text import TONE_MARKS, canonical

TEXT = "Bí thư Tỉnh ủy Hà Giang dự hội nghị."


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),  # plain UTF-8
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),  # UTF-8 with BOM
    TEXT.encode("utf-16"),  # UTF-16 with BOM (little-endian here)
    codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),  # UTF-16 big-endian with BOM
])
def test_unicode_encodings(data):
    assert decode(data) == (TEXT, [])


def windows_1258(text: str) -> bytes:
    """Windows-1258 writes a tone as a combining mark after its (precomposed) letter."""
    out, tones = [], []
    for ch in unicodedata.normalize("NFD", text) + " ":
        if not unicodedata.combining(ch):
            out += tones
            tones = []
            out.append(ch)
        elif ch in TONE_MARKS:
            tones.append(ch)
        else:
            out[-1] = unicodedata.normalize("NFC", out[-1] + ch)
    return "".join(out).rstrip().encode("cp1258")


def test_legacy_bytes_fall_back_with_a_warning():
    text, warnings = decode(windows_1258(TEXT))
    assert canonical(text) == canonical(TEXT)
    assert warnings == ["not UTF-8: decoded as Windows-1258"]


def test_html_keeps_title_date_and_body_but_not_the_menu(tmp_path):
    page = tmp_path / "a.html"
    page.write_text("""<html><head><meta charset="utf-8"><title>Tỉnh ủy Gia Lai tổng kết năm</title>
<meta property="article:published_time" content="2024-01-05"></head><body>
<nav><a href="/">Trang chủ</a><a href="/x">Thời sự chính trị hôm nay</a></nav>
<article><h1>Tỉnh ủy Gia Lai tổng kết năm</h1>
<p>Sáng 4/1, Ban Thường vụ Tỉnh ủy Gia Lai tổ chức hội nghị tổng kết công tác năm 2023 với sự tham dự của nhiều đại biểu.</p>
<p>Bí thư Tỉnh ủy Hồ Văn Niên chủ trì hội nghị và phát biểu chỉ đạo về nhiệm vụ năm mới của toàn tỉnh.</p>
</article></body></html>""", encoding="utf-8")
    text = read_article(page).text
    assert "05/01/2024" in text and "Hồ Văn Niên" in text and "Trang chủ" not in text


def test_folders_are_searched_for_articles_only(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("b.txt", "sub/a.html", "c.md", "notes.pdf"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in article_paths([tmp_path])] == ["a.html", "b.txt", "c.md"]


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        article_paths([tmp_path / "missing"])
