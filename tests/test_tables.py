"""The knowledge tables load through one loader that checks their columns."""
from importlib import resources

import pytest

from kg.errors import TableError
from kg.tables import SCHEMA, Table, rows


def test_every_table_is_declared_and_loads():
    names = sorted(p.name for p in resources.files("kg.data").iterdir() if p.name.endswith((".tsv", ".txt")))
    assert names == sorted(SCHEMA)  # a new table must declare its columns
    for name in names:
        assert rows(name), name  # and every row fits them


@pytest.mark.parametrize("row, message", [
    (["hội nghị", "conferense"], "kind 'conferense' is not one of"),  # a mistyped kind
    (["hội nghị"], "kind missing"),  # a lost tab
    (["hội nghị", "conference", "x"], "3 columns, the table has 2"),  # one tab too many
])
def test_a_row_that_breaks_its_table_says_where(row, message):
    table = Table(("phrase", "kind"), (0, 1), {1: frozenset({"conference"})})
    with pytest.raises(TableError, match=message) as caught:
        table.check("events.tsv", 12, row)
    assert "kg/data/events.tsv, line 12" in str(caught.value)
