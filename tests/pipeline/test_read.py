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


def test_a_link_out_of_the_folder_is_not_an_article(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("Không phải bài báo của thư mục này, dù là văn bản.", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Bài báo thật.", encoding="utf-8")
    (folder / "link.txt").symlink_to(outside)
    (folder / "inner.txt").symlink_to(folder / "a.txt")  # a link inside the tree is followed
    assert sorted(p.name for p in article_paths([folder])) == ["a.txt", "inner.txt"]
    assert sorted(p.name for p in article_paths([folder], follow_links=True)) == ["a.txt", "inner.txt", "link.txt"]


def test_a_pipe_is_refused_not_waited_on(tmp_path):
    import os
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_article(fifo)


def test_folders_nested_deeper_than_the_recursion_limit(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    deep = folder
    for _ in range(1100):  # deeper than Python's recursion limit (1000), within the system's path length
        deep = deep / "d"
        deep.mkdir()
    (deep / "a.txt").write_text("Bài báo sâu.", encoding="utf-8")
    try:
        assert [p.name for p in article_paths([folder])] == ["a.txt"]
    finally:  # pytest's own clean-up recurses: take the folders down from the bottom
        (deep / "a.txt").unlink()
        while deep != folder:
            deep.rmdir()
            deep = deep.parent


def test_a_few_broken_bytes_keep_utf8_text():
    data = ("Sáng 5/1, Bộ Ngoại giao tổ chức hội nghị. " * 200).encode("utf-8")
    data = data[:100] + b"\xff\xfe\xfa" + data[100:]
    text, warnings = decode(data)
    assert "Bộ Ngoại giao" in text and "\ufffd" in text  # UTF-8 kept, the bad bytes replaced
    assert warnings and "not valid UTF-8" in warnings[0] and "byte 100" in warnings[0]
    legacy = windows_1258("Sáng 5/1, Bộ Ngoại giao tổ chức hội nghị. " * 20)  # a real legacy file: many such bytes
    assert decode(legacy)[1] == ["not UTF-8: decoded as Windows-1258"]


BODY = ("<p>Chiều 3/12, tại Hà Nội, Thủ tướng Phạm Văn Hùng chủ trì hội nghị trực tuyến toàn quốc về phát "
        "triển kinh tế xã hội với sự tham dự của lãnh đạo các bộ, ngành và địa phương trên cả nước.</p>")


@pytest.mark.parametrize("depth", [300, 2000])
def test_a_page_nested_deeper_than_the_html_parser_keeps_still_gives_its_text(tmp_path, depth):
    # libxml2 stops nesting at 255 levels: the article used to be refused as "a menu, a gallery".
    page = tmp_path / "deep.html"
    page.write_text(f"<html><body>{'<div>' * depth}{BODY}{'</div>' * depth}</body></html>", encoding="utf-8")
    article = read_article(page)
    assert "Thủ tướng Phạm Văn Hùng chủ trì hội nghị trực tuyến" in article.text
    assert any("nested more than" in w for w in article.warnings)


def test_a_shallow_page_is_not_rewritten(tmp_path):
    page = tmp_path / "plain.html"
    page.write_text(f"<html><body>{'<p>x' * 500}{'<div>' * 100}{BODY}{'</div>' * 100}</body></html>",
                    encoding="utf-8")
    assert read_article(page).warnings == []


def test_a_tag_of_200000_attributes_is_read_without_them(tmp_path):
    # The HTML parser is quadratic in a tag's attributes: this page took it minutes.
    attributes = " ".join(f'a{i}="x"' for i in range(200_000))
    page = tmp_path / "attrs.html"
    page.write_text(f"<html><body><div {attributes}>Tin</div>{BODY}</body></html>", encoding="utf-8")
    article = read_article(page)
    assert "Thủ tướng Phạm Văn Hùng" in article.text
    assert article.warnings == ["1 tag(s) of more than 20,000 characters: their attributes dropped"]
