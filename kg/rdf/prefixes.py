"""The prefixes of the graph's vocabularies as plain strings: what Turtle headers, JSON-LD contexts
and SPARQL queries declare. Kept free of rdflib so that `kg query` starts quickly;
tests/rdf/test_namespace.py checks them against the closed namespaces of `kg.rdf.namespace`."""

PREFIXES = {"vnkg": "https://w3id.org/vnkg/ontology#", "schema": "https://schema.org/",
            "org": "http://www.w3.org/ns/org#", "prov": "http://www.w3.org/ns/prov#",
            "skos": "http://www.w3.org/2004/02/skos/core#", "owl": "http://www.w3.org/2002/07/owl#",
            "xsd": "http://www.w3.org/2001/XMLSchema#", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "wd": "http://www.wikidata.org/entity/"}
