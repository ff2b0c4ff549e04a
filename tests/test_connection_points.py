"""Who chaired a connection point ('điểm cầu') did not chair the conference, unless it is the conference's own venue."""
from rdflib import URIRef

from kg.build import Corpus, extract
from kg.rdf.namespace import VNKG

ID = "https://w3id.org/vnkg/id/"


def chairs(text):
    g = Corpus({URIRef(ID + "article/a.txt"): extract(text, "a.txt")}).graph()  # the graph, who is who decided
    return ({str(s).rsplit("/", 1)[1] for s, p, _ in g if p == VNKG.chaired},
            {str(s).rsplit("/", 1)[1] for s, p, _ in g if p == VNKG.chairedConnectionPoint}, g)


def test_the_chair_of_a_provinces_connection_point_chairs_that_point_only():
    national, point, g = chairs(
        "Sáng 12/3/2024, Ban Chấp hành Trung ương Đảng tổ chức Hội nghị toàn quốc quán triệt Nghị quyết số "
        "18-NQ/TW theo hình thức trực tuyến. Tổng Bí thư Nguyễn Phú Trọng chủ trì hội nghị.\n\n"
        "Tại điểm cầu tỉnh Nghệ An, đồng chí Thái Thanh Quý, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy chủ trì.")
    assert national == {"nguyen-phu-trong"} and point == {"thai-thanh-quy"}
    participation = URIRef(ID + "participation/a.txt/thai-thanh-quy/2024-03-12-hoi-nghi-toan-quoc")
    assert (participation, VNKG.participationKind, VNKG.Chair) in g  # the point's chair, as the participation says
    assert (participation, VNKG.connectionPoint, URIRef(ID + "province/nghe-an")) in g


def test_the_chair_at_the_holding_bodys_own_point_chairs_the_conference():
    own, point, _ = chairs(
        "Sáng 20/5/2024, Tỉnh ủy Nghệ An tổ chức hội nghị trực tuyến sơ kết 5 năm thực hiện Nghị quyết số "
        "18-NQ/TW. Tại điểm cầu tỉnh Nghệ An, đồng chí Thái Thanh Quý, Bí thư Tỉnh ủy chủ trì hội nghị. Tại điểm "
        "cầu UBND huyện Thanh Chương, ông Nguyễn Văn Quế, Chủ tịch UBND huyện chủ trì.")
    assert own == {"thai-thanh-quy"} and point == {"nguyen-van-que"}
