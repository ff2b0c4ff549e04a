import datetime as dt

from kg.pipeline.dates import context_year, find_dates, year_for


def test_dates_with_and_without_year():
    found = find_dates("Sáng 10/1, ngày 14-12-2021 và ngày 3 tháng 2 năm 2020; tỷ lệ 189/193")
    assert [d.iso() for d in found] == ["-01-10", "2021-12-14", "2020-02-03"]


def test_year_comes_from_the_article_never_the_clock():
    assert context_year("Kết quả năm 2019 ... nhiệm kỳ 2020-2025 ... đến năm 2030") == 2019
    assert context_year("không có năm nào") is None
    assert context_year("năm 2018", headline="Hội nghị năm 2017") == 2017


def test_year_near_the_reference_date():
    assert year_for(12, dt.date(2024, 1, 3), None) == 2023  # a December event in a January article
    assert year_for(3, dt.date(2024, 3, 20), None) == 2024


def test_the_day_in_brackets_after_today_or_yesterday():
    assert [d.iso() for d in find_dates("Sáng nay (14/12), tại Hà Nội; hôm qua (13-12) và (5/6) khác")] == [
        "-12-14", "-12-13"]
