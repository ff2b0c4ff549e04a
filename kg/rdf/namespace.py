"""The vocabularies as closed namespaces: a misspelt term fails where it is written.

vnkg's own is generated from ontology/vnkg.ttl (`python -m rdflib.tools.defined_namespace_creator
ontology/vnkg.ttl https://w3id.org/vnkg/ontology# VNKG`, comments dropped) and kept in step with
it by tests/rdf/test_namespace.py; schema.org,
ORG, PROV and SKOS are rdflib's closed namespaces (schema.org made to fail, not warn).
"""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import ORG, PROV, SDO, SKOS, DefinedNamespace


class SCHEMA(SDO):
    """schema.org, closed: `SCHEMA.startDatee` raises instead of warning."""

    _fail = True
    _warn = False


WD = Namespace("http://www.wikidata.org/entity/")  # Wikidata entities: an open set
__all__ = ["DEFAULT_BASE", "ORG", "PROV", "SCHEMA", "SKOS", "VNKG", "WD"]
DEFAULT_BASE = "https://w3id.org/vnkg/id/"


class VNKG(DefinedNamespace):
    """https://w3id.org/vnkg/ontology#"""

    _fail = True
    _NS = Namespace("https://w3id.org/vnkg/ontology#")

    # classes
    Official: URIRef
    Role: URIRef
    RoleHolding: URIRef
    Conference: URIRef
    Participation: URIRef
    Resolution: URIRef
    Province: URIRef
    Organization: URIRef
    Country: URIRef
    Article: URIRef
    ParticipationKind: URIRef
    # participation kinds
    Chair: URIRef
    Speaker: URIRef
    Presenter: URIRef
    Attendee: URIRef
    # article
    sourceFile: URIRef
    mentions: URIRef
    reports: URIRef
    # holdings
    holdsRole: URIRef
    official: URIRef
    role: URIRef
    province: URIRef
    organization: URIRef
    asOf: URIRef
    evidence: URIRef
    # participation
    conference: URIRef
    participationKind: URIRef
    connectionPoint: URIRef
    participatedIn: URIRef
    chaired: URIRef
    chairedConnectionPoint: URIRef
    spokeAt: URIRef
    presentedAt: URIRef
    attended: URIRef
    # conferences and resolutions
    organizedBy: URIRef
    implements: URIRef
    format: URIRef
    issuedBy: URIRef
    number: URIRef
    term: URIRef
    # extensions beyond the contract
    adminCode: URIRef
    isoCode: URIRef
    mergedInto: URIRef
    organizationKind: URIRef
    articleCount: URIRef


# A DefinedNamespace looks a term up through its metaclass on every access; a big build
# touches them millions of times, so they become plain class attributes (unknown names still fail).
for _term in VNKG.__annotations__:
    setattr(VNKG, _term, VNKG._NS[_term])
