"""RDF: the typed vocabulary and the one place where triples are written."""
