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


def test_a_query_starts_without_the_extraction_pipeline_or_networkx():
    import subprocess
    import sys

    code = ("import sys; from kg.cli import main; import kg.query; "
            "print(sorted(m for m in ('kg.build', 'kg.pipeline', 'networkx', 'kg.export') if m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout == "[]\n"
