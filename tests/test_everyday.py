"""Everyday use of the command line: where graphs and their records go, standard output, devices."""
import shutil

from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.cli import main
from tests.conftest import SEEDS

ONE, TWO = sorted(SEEDS.glob("*.txt"))[:2]


def kg(*args, ok=True):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert (result.exit_code == 0) == ok, result.output
    return result


def articles_in(graph) -> set[str]:
    g = Graph().parse(graph)
    return {str(o) for o in g.objects(None, g.namespace_manager.expand_curie("vnkg:sourceFile"))}


def test_a_turtle_and_a_trig_graph_of_one_name_keep_a_record_each(tmp_path):
    kg("build", ONE, "-o", tmp_path / "g.ttl", "-q")
    kg("build", TWO, "-o", tmp_path / "g.trig", "-q")
    kg("build", TWO, "--into", tmp_path / "g.ttl", "-q")  # its record was not overwritten by the TriG build
    kg("build", ONE, "--into", tmp_path / "g.trig", "-q")
    assert articles_in(tmp_path / "g.ttl") == {ONE.name, TWO.name}
    assert len(list(Dataset().parse(tmp_path / "g.trig", format="trig").graphs())) - 1 == 2  # and the default graph


def test_a_renamed_graph_finds_its_record_and_a_copied_one_says_what_to_do(tmp_path):
    kg("build", ONE, "-o", tmp_path / "g.ttl", "-q")
    (tmp_path / "g.ttl").rename(tmp_path / "renamed.ttl")
    kg("build", TWO, "--into", tmp_path / "renamed.ttl", "-q")
    assert articles_in(tmp_path / "renamed.ttl") == {ONE.name, TWO.name}

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(tmp_path / "renamed.ttl", elsewhere / "copy.ttl")
    result = kg("build", ONE, "--into", elsewhere / "copy.ttl", ok=False)
    assert "no per-article record beside it (copy.ttl.articles.nq)" in result.output
    assert "copy the record with the graph" in result.output and "kg build ARTICLES -o" in result.output


def test_a_graph_whose_record_has_the_earlier_name_still_takes_articles(tmp_path):
    kg("build", ONE, "-o", tmp_path / "g.ttl", "-q")
    (tmp_path / "g.ttl.articles.nq").rename(tmp_path / "g.articles.nq")  # as earlier builds named it
    kg("build", TWO, "--into", tmp_path / "g.ttl", "-q")
    assert articles_in(tmp_path / "g.ttl") == {ONE.name, TWO.name}
