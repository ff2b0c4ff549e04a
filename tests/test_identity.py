"""One graph across many articles: identity, provenance, time, province history, incremental builds."""
import json
import re

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import RDF, RDFS, SKOS

from kg.build import Format, extract_corpus, load_corpus, record_path, write_corpus
from kg.stream import record_articles
from kg.rdf.namespace import SCHEMA, VNKG, WD
from tests.conftest import SEEDS

GOLD = SEEDS.parent / "tests" / "gold"
ID = "https://w3id.org/vnkg/id/"


def gold_names(key: str) -> set[str]:
    out = set()
    for f in GOLD.glob("*.json"):
        out |= {o["name"] if key == "officials" else o["id"] for o in json.loads(f.read_text("utf-8"))[key]}
    return out


def test_one_node_per_official_resolution_and_conference(seed_graph):
    officials = {str(seed_graph.value(n, RDFS.label)) for n in seed_graph.subjects(RDF.type, VNKG.Official)}
    assert officials == gold_names("officials") and len(officials) == 15
    assert len(set(seed_graph.subjects(RDF.type, VNKG.Resolution))) == len(gold_names("resolutions")) == 3
    conference = URIRef(ID + "conference/2021-12-14-hoi-nghi-doi-ngoai-toan-quoc")
    assert len(set(seed_graph.subjects(VNKG.reports, conference))) == 3


def corpus_of(tmp_path, name, text):
    folder = tmp_path / name
    folder.mkdir()
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return extract_corpus([folder])[0]


def officials_of(corpus):
    return sorted(str(n).removeprefix(ID + "official/") for n in corpus.graph().subjects(RDF.type, VNKG.Official))


def test_two_people_with_one_name_in_two_provinces_at_the_same_time_are_two_nodes(tmp_path):
    a = corpus_of(tmp_path, "a", "Ngày 5/3/2024, Phó Chủ tịch UBND tỉnh Lạng Sơn Hoàng Văn Nghiệm dự hội nghị "
                                 "tổng kết công tác năm của tỉnh.")
    a.update(corpus_of(tmp_path, "b", "Ngày 5/3/2024, Giám đốc Sở Y tế tỉnh Cà Mau Hoàng Văn Nghiệm phát biểu tại "
                                      "hội nghị triển khai nhiệm vụ năm 2024."))
    a.update(corpus_of(tmp_path, "c", "Thứ trưởng Bộ Tài chính Hoàng Văn Nghiệm phát biểu."))
    assert officials_of(a) == ["hoang-van-nghiem", "hoang-van-nghiem--ca-mau", "hoang-van-nghiem--lang-son"]


def test_undated_titles_of_two_provinces_do_not_split_a_name(tmp_path):
    a = corpus_of(tmp_path, "a", "Phó Chủ tịch UBND tỉnh Lạng Sơn Hoàng Văn Nghiệm dự hội nghị.")
    a.update(corpus_of(tmp_path, "b", "Giám đốc Sở Y tế tỉnh Cà Mau Hoàng Văn Nghiệm phát biểu."))
    assert officials_of(a) == ["hoang-van-nghiem"]


def test_one_person_with_a_national_title_then_a_provincial_one_is_one_node(tmp_path):
    a = corpus_of(tmp_path, "a", "Ngày 10/4/2019, Thứ trưởng Bộ Tài chính Lò Văn Pạng phát biểu tại hội nghị.")
    a.update(corpus_of(tmp_path, "b", "Ngày 12/8/2023, Bí thư Tỉnh ủy Điện Biên Lò Văn Pạng chủ trì hội nghị."))
    g = a.graph()
    person = URIRef(ID + "official/lo-van-pang")
    assert officials_of(a) == ["lo-van-pang"]
    assert {str(r).rsplit("/", 1)[1] for r in g.objects(person, VNKG.holdsRole)} == {"thu-truong-bo-tai-chinh", "bi-thu-tinh-uy"}


def test_one_slip_does_not_split_a_well_known_leader(tmp_path):
    """Ten articles give the leader Hà Nội's title; one, the same day as one of them, Huế's by mistake."""
    corpus = corpus_of(tmp_path, "slip", "Ngày 2/5/2020, Bí thư Thành ủy Huế Lưu Quang Tiến dự hội nghị.")
    for day in range(2, 12):
        corpus.update(corpus_of(tmp_path, f"d{day}", f"Ngày {day}/5/2020, Bí thư Thành ủy Hà Nội Lưu Quang Tiến "
                                                     "chủ trì hội nghị."))
    assert officials_of(corpus) == ["luu-quang-tien"]


FOREIGN = ["Ngày 3/9/2018, Tổng thống Nga Vladimir Putin tiếp Thủ tướng Ấn Độ Narendra Modi tại Sochi. "
           "Thủ tướng Nhật Bản Shinzo Abe gửi điện chúc mừng.",
           "Ngày 4/9/2018, Tổng thống Nga V. Putin điện đàm với Thủ tướng Ấn Độ Narenda Modi. "
           "Thủ tướng Nhật Bản Abe Shinzo cho biết sẽ thăm Nga.",
           "Ngày 5/9/2018, Thủ tướng Thái Lan Prayut Chan-o-cha gặp Tổng thống Nga Vladimir Putin.",
           "Ngày 6/9/2018, Thủ tướng Thái Lan Prayuth Chan-ocha phát biểu."]


def test_forms_of_a_foreign_leaders_name_are_one_node(tmp_path):
    corpus = corpus_of(tmp_path, "f0", FOREIGN[0])
    for i, text in enumerate(FOREIGN[1:], 1):
        corpus.update(corpus_of(tmp_path, f"f{i}", text))
    g = corpus.graph()
    assert officials_of(corpus) == ["abe-shinzo", "narendra-modi", "prayuth-chan-ocha", "vladimir-putin"]
    putin = URIRef(ID + "official/vladimir-putin")
    assert str(g.value(putin, RDFS.label)) == "Vladimir Putin"
    assert {str(a) for a in g.objects(putin, SKOS.altLabel)} == {"V. Putin"}  # the label most articles write
    assert int(g.value(putin, VNKG.articleCount)) == 3


def test_foreign_names_a_letter_apart_in_two_countries_are_two_people(tmp_path):
    a = corpus_of(tmp_path, "a", "Thủ tướng Nhật Bản Kenta Morimoto phát biểu.")
    a.update(corpus_of(tmp_path, "b", "Ngoại trưởng Brazil Kento Morimoto phát biểu."))
    a.update(corpus_of(tmp_path, "c", "Tổng thống Peru Morimoto Kenta phát biểu."))
    assert officials_of(a) == ["kenta-morimoto", "kento-morimoto", "morimoto-kenta"]


def test_a_foreign_leaders_national_title_is_their_countrys(tmp_path):
    g = corpus_of(tmp_path, "a", "Tổng Bí thư Nguyễn Phú Trọng hội đàm với Tổng Bí thư, Chủ tịch nước Trung Quốc "
                                 "Tập Cận Bình.").graph()
    held = {(str(g.value(h, VNKG.official)).rsplit("/", 1)[1], str(g.value(h, VNKG.role)).rsplit("/", 1)[1],
             str(g.value(h, VNKG.organization)).rsplit("/", 1)[1]) for h in g.subjects(RDF.type, VNKG.RoleHolding)}
    assert held == {("nguyen-phu-trong", "tong-bi-thu-ban-chap-hanh-trung-uong-dang", "ban-chap-hanh-trung-uong-dang"),
                    ("tap-can-binh", "tong-bi-thu", "trung-quoc"), ("tap-can-binh", "chu-tich-nuoc", "trung-quoc")}


def test_variants_meet_in_one_node(tmp_path):
    a = corpus_of(tmp_path, "a", "Đoàn của Mỹ làm việc với Ủy ban nhân dân tỉnh Khánh Hoà.")
    a.update(corpus_of(tmp_path, "b", "Hoa Kỳ hỗ trợ UBND tỉnh Khánh Hòa."))
    g = a.graph()
    assert len(set(g.subjects(RDF.type, VNKG.Country))) == 1
    assert len(set(g.subjects(RDF.type, VNKG.Organization))) == 1
    assert (URIRef(ID + "country/hoa-ky"), SCHEMA.sameAs, WD.Q30) in g


def test_adding_one_at_a_time_equals_building_together(tmp_path):
    together = tmp_path / "together.ttl"
    write_corpus(extract_corpus([SEEDS])[0], together)
    stepwise = tmp_path / "step.ttl"
    files = sorted(SEEDS.glob("*.txt"))[::-1]
    write_corpus(extract_corpus([files[0]])[0], stepwise)
    for f in files[1:] + files[:2]:  # the last two again: adding an article twice changes nothing
        corpus = load_corpus(stepwise)
        corpus.update(extract_corpus([f])[0])
        write_corpus(corpus, stepwise)
    g1, g2 = Graph().parse(together), Graph().parse(stepwise)
    _, only_together, only_step = graph_diff(to_isomorphic(g1), to_isomorphic(g2))
    assert not list(only_together) and not list(only_step)
    assert together.read_bytes() == stepwise.read_bytes()


def test_a_changed_article_replaces_its_facts(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    article = folder / "bai.txt"
    article.write_text("Ngày 2/3/2024, Bộ Y tế tổ chức hội nghị. Bộ trưởng Bộ Y tế Đào Hồng Lan chủ trì hội nghị.",
                       encoding="utf-8")
    out = tmp_path / "g.ttl"
    write_corpus(extract_corpus([folder])[0], out)
    article.write_text("Ngày 2/3/2024, Bộ Y tế tổ chức hội nghị. Thứ trưởng Bộ Y tế Trần Văn Thuấn chủ trì hội nghị.",
                       encoding="utf-8")
    corpus = load_corpus(out)
    corpus.update(extract_corpus([folder])[0])
    g = write_corpus(corpus, out)
    names = {str(o) for n in g.subjects(RDF.type, VNKG.Official) for o in g.objects(n, RDFS.label)}
    assert names == {"Trần Văn Thuấn"}


def test_into_without_a_record_says_what_to_do(tmp_path):
    from kg.errors import GraphError
    (tmp_path / "g.ttl").write_text("", encoding="utf-8")
    with pytest.raises(GraphError, match="no per-article record"):
        load_corpus(tmp_path / "g.ttl")


def test_a_damaged_record_is_named_with_what_is_wrong(tmp_path):
    from kg.errors import GraphError
    out = tmp_path / "g.ttl"
    write_corpus(extract_corpus([SEEDS / "003_31a8f32666ae666d.txt"])[0], out)
    record = record_path(out)
    whole = record.read_bytes()
    record.write_bytes(whole[:len(whole) // 2])  # cut short
    with pytest.raises(GraphError, match=r"g\.ttl\.articles\.nq: cut short or damaged .*kg build ARTICLES -o "):
        load_corpus(out)
    at = whole.index(b"Official")
    record.write_bytes(whole[:at] + b"Offical" + whole[at + 8:])  # one word changed, the closing line kept
    with pytest.raises(GraphError, match=r"g\.ttl\.articles\.nq: damaged \(its content is not what was written\)"):
        load_corpus(out)
    with pytest.raises(GraphError, match=r"damaged"):
        list(record_articles(out))  # the streaming reader of --into checks it too


def test_a_record_read_back_gives_each_article_its_triples(tmp_path):
    out = tmp_path / "g.ttl"
    corpus = extract_corpus([SEEDS])[0]
    write_corpus(corpus, out)
    again = load_corpus(out)
    assert sorted(map(str, again.articles)) == sorted(map(str, corpus.articles))
    assert all(again.articles[a] == corpus.articles[a] for a in corpus.articles)


@pytest.mark.parametrize("fmt", [Format.NQUADS, Format.TRIG])
def test_datasets_hold_one_named_graph_per_article_and_are_deterministic(tmp_path, fmt):
    files = sorted(SEEDS.glob("*.txt"))
    outs = []
    for i, order in enumerate([files, files[::-1]]):
        out = tmp_path / f"g{i}.{'nq' if fmt is Format.NQUADS else 'trig'}"
        write_corpus(extract_corpus(order)[0], out, fmt)
        outs.append(out)
    assert outs[0].read_bytes() == outs[1].read_bytes()
    corpus = load_corpus(outs[0])
    assert len(corpus.articles) == 5
    # the named graphs are the record beside them, each official named by their node
    dataset = {(str(s), str(p), str(o), str(g)) for s, p, o, g in Dataset().parse(outs[0]).quads() if g is not None}
    record = {(str(s), str(p), str(o), str(g)) for s, p, o, g in
              Dataset().parse(record_path(outs[0]), format="nquads").quads() if g is not None}
    official = re.compile(r"(/official/[a-z0-9-]+?)--[a-z0-9-]+$")
    assert any(official.search(t[0]) for t in record)  # a provincial official's key: the node has no province
    assert dataset == {tuple(official.sub(r"\1", x) for x in t) for t in record}


def test_who_held_a_role_in_a_province_on_a_date_and_an_officials_timeline(seed_graph):
    held = seed_graph.query("""
        PREFIX vnkg: <https://w3id.org/vnkg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?name WHERE {
          ?h vnkg:role/rdfs:label "Bí thư Tỉnh ủy"@vi ; vnkg:province/rdfs:label "Thanh Hóa"@vi ;
             vnkg:official/rdfs:label ?name ; vnkg:asOf ?d .
          FILTER(?d <= "2021-12-31"^^<http://www.w3.org/2001/XMLSchema#date>) }""")
    assert [str(r.name) for r in held] == ["Đỗ Trọng Hưng"]
    timeline = seed_graph.query("""
        PREFIX vnkg: <https://w3id.org/vnkg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?d ?role WHERE {
          ?h vnkg:official/rdfs:label "Bùi Thanh Sơn"@vi ; vnkg:role/rdfs:label ?role ; vnkg:asOf ?d }
        ORDER BY ?d""")
    assert [(str(r.d), str(r.role)) for r in timeline] == [("2023-01-10", "Bộ trưởng Bộ Ngoại giao"),
                                                          ("2023-12-19", "Bộ trưởng Bộ Ngoại giao")]


def test_a_query_by_the_new_province_finds_facts_of_the_old_one(seed_graph):
    rows = seed_graph.query("""
        PREFIX vnkg: <https://w3id.org/vnkg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?name WHERE {
          ?h vnkg:province/vnkg:mergedInto? ?p ; vnkg:official/rdfs:label ?name .
          ?p rdfs:label "Đồng Nai"@vi }""")
    assert [str(r.name) for r in rows] == ["Nguyễn Mạnh Cường"]


def test_a_foreign_name_cut_at_its_hyphen_joins_the_one_name_it_starts():
    from kg.identity import Identities, Seen

    korea, president = frozenset({ID + "country/han-quoc"}), frozenset({ID + "role/tong-thong"})
    people = Identities()
    people.add([Seen("Moon Jae-in", None, roles=president, countries=korea),
                Seen("Moon Jae", None, roles=president, countries=korea)])
    assert people.final("Moon Jae", None) == "moon-jae-in"
    north, leader = frozenset({ID + "country/trieu-tien"}), frozenset({ID + "role/chu-tich"})
    kims = Identities()  # "Kim Jong" could start two names: it joins neither
    kims.add([Seen(n, None, roles=leader, countries=north) for n in ("Kim Jong-un", "Kim Jong-il", "Kim Jong")])
    assert [kims.final(n, None) for n in ("Kim Jong-un", "Kim Jong-il", "Kim Jong")] == \
        ["kim-jong-un", "kim-jong-il", "kim-jong"]


@pytest.mark.parametrize("short, full, shared, joined", [
    ("Park Chung", "Park Chung-hee", "both", True),  # three letters cut off
    ("Moon Jae", "Moon Jae-in", "role", True),  # a title in common is enough
    ("Moon Jae", "Moon Jae-in", "country", True),  # so is a country
    ("Moon Jae", "Moon Jae-in", "none", False),  # nothing in common: two people for all we know
    ("Ri Yong Ho", "Ri Yong Ho-un", "both", True),  # the words before the last, all of them, are the same
    ("Ban Ki", "Ban Ki-moon", "both", False),  # four letters cut off: not a slip of the hyphen
    ("Lee Hsien", "Lee Hsien-loong", "both", False),
    ("Mun Jae", "Moon Jae-in", "both", False),  # the words before must be the same
    ("Jae", "Jae-in", "both", False),  # one word is no name to join
])
def test_a_form_cut_at_its_hyphen_joins_only_on_evidence(short, full, shared, joined):
    from kg.identity import Identities, Seen

    role, country = frozenset({ID + "role/tong-thong"}), frozenset({ID + "country/han-quoc"})
    other_role, other_country = frozenset({ID + "role/thu-tuong"}), frozenset({ID + "country/nhat-ban"})
    people = Identities()
    people.add([Seen(full, None, roles=role, countries=country),
                Seen(short, None, roles=role if shared in ("both", "role") else other_role if shared == "none" else
                     frozenset(), countries=country if shared in ("both", "country") else frozenset())])
    assert (people.final(short, None) == people.final(full, None)) == joined


def test_why_names_each_pair_of_provinces_held_on_one_day():
    from kg.identity import Identities, Seen

    people = Identities()
    day = frozenset({"2024-03-05"})
    people.add([Seen("Hoàng Văn Nghiệm", p, day) for p in ("ca-mau", "lang-son", "hue")]
               + [Seen("Hoàng Văn Nghiệm", None)])
    assert people.why("Hoàng Văn Nghiệm", "hue") == \
        "kept apart: titles of ca-mau and hue; ca-mau and lang-son; hue and lang-son held on the same day"
    assert people.why("Hoàng Văn Nghiệm", None) == "one name, one person"
    assert people.final("Hoàng Văn Nghiệm", "hue") == "hoang-van-nghiem--hue"


PM, PRESIDENT, RUSSIA = ID + "role/thu-tuong", ID + "role/tong-thong", ID + "country/nga"


@pytest.mark.parametrize("slip, name, said_of_name, said_of_slip, joined", [
    # one letter apart: the same person when they share a title or a country
    ("Mikhail Mishustin", "Mikhail Mishustim", {PM}, {PM}, True),
    ("Mikhail Mishustin", "Mikhail Mishustim", {RUSSIA}, {RUSSIA}, True),
    ("Mikhail Mishustin", "Mikhail Mishustim", {PM, RUSSIA}, {PM}, True),
    ("Mikhail Mishustin", "Mikhail Mishustim", {PM}, set(), False),  # a title on one side only
    ("Mikhail Mishustin", "Mikhail Mishustim", set(), set(), False),  # nothing said of either
    ("Mikhail Mishustin", "Mikhail Mishustim", {PM}, {PRESIDENT}, False),  # titles that disagree
    ("Olaf Scholz", "Olaf Scholt", {PM}, {PM}, True),
    ("Ri Yong", "Ri Yung", {PM, RUSSIA}, {PM, RUSSIA}, False),  # words under five letters: not a slip
])
def test_a_foreign_name_one_letter_apart_joins_only_on_evidence(slip, name, said_of_name, said_of_slip, joined):
    from kg.identity import Identities, Seen

    def seen(label, said):
        return Seen(label, None, roles=frozenset(x for x in said if "/role/" in x),
                    countries=frozenset(x for x in said if "/country/" in x))

    people = Identities()
    people.add([seen(name, said_of_name), seen(slip, said_of_slip)])
    assert (people.final(slip, None) == people.final(name, None)) == joined
