"""`kg explain IRI`: what was joined into a node, by which key rule, and from which sentences."""
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import QueryError
from kg.explain import explain

ID = "https://w3id.org/vnkg/id/"


def test_a_conference_reported_by_three_articles(seed_graph_file):
    e = explain(seed_graph_file, ID + "conference/2021-12-14-hoi-nghi-doi-ngoai-toan-quoc")
    assert e.kind == "Conference" and e.label.startswith("Hội nghị đối ngoại toàn quốc")
    assert [file[:3] for file, _ in e.articles] == ["000", "001", "002"]  # the three outlets' reports
    assert any("trực tuyến" in s for s in e.spellings)  # a report's wording, joined as an alternative label
    assert "date and core name" in e.text()
    chairs = [f for f in e.facts if f[1] == "Participation" and f[2].startswith("Nguyễn Phú Trọng")]
    assert chairs and all("Nguyễn Phú Trọng" in sentence for _, _, _, sentence in chairs)


def test_an_official_shows_each_article_s_title_and_sentence(seed_graph_file):
    e = explain(seed_graph_file, f"<{ID}official/nguyen-phu-trong>")
    assert e.kind == "Official" and e.label == "Nguyễn Phú Trọng"
    holdings = {(file[:3], who) for file, kind, who, _ in e.facts if kind == "RoleHolding"}
    assert ("000", "Nguyễn Phú Trọng → Tổng Bí thư Ban Chấp hành Trung ương Đảng") in holdings
    assert {file[:3] for file, _ in e.articles} >= {"000", "001", "002", "004"}


def test_an_unknown_node_is_a_clear_error(seed_graph_file):
    with pytest.raises(QueryError, match="no such node"):
        explain(seed_graph_file, ID + "official/nobody")
    result = CliRunner().invoke(main, ["explain", ID + "official/nobody", "--graph", str(seed_graph_file)])
    assert result.exit_code == 1 and "no such node" in result.output and "Traceback" not in result.output


def test_an_official_says_which_articles_mentions_were_joined_or_kept_apart_and_why(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in {"ls.txt": "Ngày 5/3/2024, Phó Chủ tịch UBND tỉnh Lạng Sơn Hoàng Văn Nghiệm dự hội nghị tổng kết.",
                       "cm.txt": "Ngày 5/3/2024, Giám đốc Sở Y tế tỉnh Cà Mau Hoàng Văn Nghiệm dự hội nghị triển khai.",
                       "ru1.txt": "Ngày 3/9/2018, Tổng thống Nga Vladimir Putin tiếp Thủ tướng Ấn Độ tại Sochi.",
                       "ru2.txt": "Ngày 4/9/2018, Tổng thống Nga V. Putin điện đàm với Thủ tướng Ấn Độ."}.items():
        (folder / name).write_text(text, encoding="utf-8")
    graph = tmp_path / "g.ttl"
    assert CliRunner().invoke(main, ["build", str(folder), "-o", str(graph), "-q"]).exit_code == 0
    putin = explain(graph, ID + "official/vladimir-putin")
    assert [(a, wrote) for a, wrote, _ in putin.joined] == [("ru1.txt", "Vladimir Putin"), ("ru2.txt", "V. Putin")]
    assert "a form of the foreign name" in putin.joined[1][2]
    apart = explain(graph, ID + "official/hoang-van-nghiem--ca-mau")
    assert apart.joined == [("cm.txt", "Hoàng Văn Nghiệm (titles of ca-mau)",
                             "kept apart: titles of ca-mau and lang-son held on the same day")]
    assert "who is who" in apart.text()
