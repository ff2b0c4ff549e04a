import pytest

from kg.text import canonical, fold, nfc, slug


@pytest.mark.parametrize("written, expected", [
    ("Thanh Hoá", "Thanh Hóa"),  # oa: tone on the first vowel
    ("Tỉnh uỷ", "Tỉnh ủy"),  # uy
    ("khoẻ", "khỏe"),  # oe
    ("Khánh Hoà", "Khánh Hòa"),  # grave tone
    ("quý", "quý"),  # qu + y: y carries the tone
    ("Thanh Hóa", "Thanh Hóa"),  # already canonical
    ("HOÁ", "HÓA"),  # capitals
])
def test_canonical_tone_placement(written, expected):
    assert canonical(written) == expected


def test_canonical_keeps_length_so_offsets_stay_valid():
    text = nfc("Uỷ ban nhân dân tỉnh Thanh Hoá, khoẻ mạnh")
    assert len(canonical(text)) == len(text)


def test_decomposed_input_is_composed():
    assert canonical("Ho\u0061\u0301") == canonical("Hoá")


def test_fold_and_slug_are_ascii():
    assert fold("Đỗ Trọng Hưng") == "do trong hung"
    assert slug("Nghị quyết số 58-NQ/TW") == "nghi-quyet-so-58-nq-tw"
    assert slug("<script>") == "script" and slug("!!!") == "x"


def test_slug_is_remembered_and_stays_the_same():
    """Emitting an article asks for the slugs of the same names again and again: they are cached."""
    slug.cache_clear()
    first = slug("Ủy ban nhân dân tỉnh Thanh Hoá")
    again = slug("Ủy ban nhân dân tỉnh Thanh Hoá")
    assert first == again == "uy-ban-nhan-dan-tinh-thanh-hoa"
    assert slug.cache_info().hits == 1 and slug.cache_info().misses == 1
    assert slug("Thanh Hóa") == slug("Thanh Hoá") == "thanh-hoa"  # two tone placements, one slug
