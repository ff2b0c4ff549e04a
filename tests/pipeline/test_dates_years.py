"""`_years` finds with str.find what the YEARISH pattern finds: checked on many strings of digits,
separators and letters, including the edges (a year at the very end, inside a longer number)."""
import random
import re

from kg.pipeline.dates import _years, context_year

YEARISH = re.compile(r"(?:19|20)[0-9][0-9](?![0-9])")  # what `_years` finds, as a pattern


def test_years_are_the_pattern_matches():
    rng = random.Random(7)
    alphabet = "0123456789" * 3 + "12" * 5 + " /-.,aă\n"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert _years(text) == [m.start() for m in YEARISH.finditer(text)], text


def test_years_at_the_edges():
    assert _years("2019") == [0]
    assert _years("x2019") == [1]
    assert _years("20190") == []
    assert _years("12019") == [1]  # the pattern finds it; context_year sets it aside (a digit before)
    assert context_year("mã số 12019 và 20190") is None


def test_full_date_still_wins_when_a_separator_stands_before_its_year():
    assert context_year("Ngày 5 / 6 / 2017 và năm 2019") == 2017
    assert context_year("năm 2019, rồi 5.6.2017") == 2017
