from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.pipeline import run
from kg.rdf.emit import article_triples
from kg.build import Corpus
from kg.rdf.namespace import PROV, VNKG

ID = "https://w3id.org/vnkg/id/"
TEXT = ("Sáng 3/4/2024, UBND tỉnh Thanh Hoá tổ chức hội nghị trực tuyến tổng kết. "
        "Chủ tịch UBND tỉnh Đỗ Minh Tuấn chủ trì hội nghị.")


def test_iris_labels_and_spellings():
    triples = article_triples(run("bai-1.txt", TEXT))
    province = URIRef(ID + "province/thanh-hoa")
    assert (province, RDFS.label, Literal("Thanh Hóa", lang="vi")) in triples
    assert (province, SKOS.altLabel, Literal("Thanh Hoá", lang="vi")) in triples  # the spelling met
    role = URIRef(ID + "role/chu-tich-ubnd-tinh")
    assert (role, SKOS.altLabel, Literal("Chủ tịch Ủy ban nhân dân tỉnh", lang="vi")) in triples  # full form


def test_every_holding_and_participation_says_where_it_came_from():
    triples = article_triples(run("bai-1.txt", TEXT))
    article = URIRef(ID + "article/bai-1.txt")
    for cls in (VNKG.RoleHolding, VNKG.Participation):
        nodes = {s for s, p, o in triples if p == RDF.type and o == cls}
        assert nodes
        for node in nodes:
            assert (node, PROV.wasDerivedFrom, article) in triples
            assert any(s == node and p == VNKG.evidence for s, p, _ in triples)


def test_merge_keeps_one_label_chosen_by_support_not_order():
    node = URIRef(ID + "conference/x")
    a = {(node, RDFS.label, Literal("Hội nghị A", lang="vi"))}
    b = {(node, RDFS.label, Literal("Hội nghị dài hơn B", lang="vi"))}
    def merged(*articles):
        return set(Corpus({URIRef(ID + f"article/{i}"): t for i, t in enumerate(articles)}).graph())

    one, two = merged(a, b, b), merged(b, a, b)
    assert one == two
    assert (node, RDFS.label, Literal("Hội nghị dài hơn B", lang="vi")) in one  # two articles say it
    assert (node, SKOS.altLabel, Literal("Hội nghị A", lang="vi")) in one
