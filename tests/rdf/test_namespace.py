import re

import pytest
from rdflib import Graph, URIRef

from kg.rdf.namespace import VNKG
from tests.conftest import ONTOLOGY, ROOT

NS = str(VNKG._NS)


@pytest.fixture(scope="module")
def ontology():
    g = Graph()
    g.parse(ONTOLOGY / "vnkg.ttl")
    return g


def test_namespace_and_ontology_define_the_same_terms(ontology):
    defined = {str(s)[len(NS):] for s in ontology.subjects() if str(s).startswith(NS)}
    assert defined == set(VNKG.__annotations__)


def test_misspelt_term_fails():
    with pytest.raises(AttributeError):
        VNKG.holdRole  # noqa: B018


@pytest.mark.parametrize("prefix, good, bad", [("SCHEMA", "startDate", "startDatee"), ("PROV", "wasDerivedFrom", "derivedFrom"),
                                               ("ORG", "Membership", "Memberships"), ("SKOS", "altLabel", "altlabel")])
def test_a_misspelt_standard_term_fails_too(prefix, good, bad):
    import warnings

    from kg.rdf import namespace

    ns = getattr(namespace, prefix)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning alone would let the typo through
        assert str(getattr(ns, good)).endswith(good)
        with pytest.raises(AttributeError):
            getattr(ns, bad)


def test_every_term_has_vietnamese_and_english_labels_and_comments(ontology):
    from rdflib.namespace import RDFS
    for name in VNKG.__annotations__:
        term = URIRef(NS + name)
        langs = {label.language for label in ontology.objects(term, RDFS.label)}
        assert {"vi", "en"} <= langs, name


def test_contract_terms_are_all_present(ontology):
    # the project's own copy of the public vocabulary (docs/ontology-contract.md): tests need nothing beside the project
    text = (ROOT / "docs" / "ontology-contract.md").read_text(encoding="utf-8")
    used = set(re.findall(r"`vnkg:(\w+)`", text))
    assert used <= set(VNKG.__annotations__)


def test_the_plain_prefixes_are_the_namespaces_of_the_vocabulary():
    from rdflib.namespace import OWL, RDF, RDFS, XSD

    from kg.rdf.namespace import ORG, PROV, SCHEMA, SKOS, WD
    from kg.rdf.prefixes import PREFIXES

    assert PREFIXES == {"vnkg": NS, "schema": str(SCHEMA._NS), "org": str(ORG._NS), "prov": str(PROV._NS),
                        "skos": str(SKOS._NS), "owl": str(OWL), "xsd": str(XSD), "rdf": str(RDF),
                        "rdfs": str(RDFS), "wd": str(WD)}


NEVER_IN_A_QUERY = ('kg.build', 'kg.pipeline', 'networkx', 'kg.export', 'rdflib')


def test_a_query_starts_without_the_extraction_pipeline_or_networkx():
    import subprocess
    import sys

    code = ("import sys; from kg.cli import main; import kg.query; "
            f"print(sorted(m for m in {NEVER_IN_A_QUERY + ('kg.text',)} if m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout == "[]\n"


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "tsv"])
def test_a_store_query_runs_without_rdflib(seed_graph_file, tmp_path, fmt):
    """A cold `kg query --store` imports neither rdflib (a tenth of a second) nor the pipeline: the
    whole command, with a label parameter read without tone marks and each results writer."""
    import subprocess
    import sys

    from kg.query import run_query

    store = tmp_path / "store"
    run_query(seed_graph_file, "ASK {}", store_dir=store)  # loaded once
    code = ("import atexit, sys; atexit.register(lambda: print(sorted(m for m in "
            f"{NEVER_IN_A_QUERY} if m in sys.modules), file=sys.stderr)); from kg.cli import main; main()")
    done = subprocess.run([sys.executable, "-c", code, "query", str(ROOT / "queries" / "official_timeline.rq"),
                           "--store", str(store), "--param", "name=Bui Thanh Son", "--format", fmt],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.count("Bùi Thanh Sơn") == 2, done.stderr
    assert done.stderr.splitlines()[-1] == "[]"
