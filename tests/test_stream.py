"""The streaming, parallel build gives the same graph as the in-memory merge."""
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, URIRef
from rdflib.compare import graph_diff, to_isomorphic

from kg.build import extract_corpus
from kg.cli import main
from kg.rdf.namespace import VNKG
from kg.stream import extract_lines, stream_build
from tests.conftest import SEEDS


def build(*args):
    result = CliRunner().invoke(main, ["build", *map(str, args), "-q"])
    assert result.exit_code == 0, result.output
    return result


def test_streaming_equals_the_in_memory_merge(tmp_path):
    out = tmp_path / "g.ttl"
    report, counts = stream_build(sorted(SEEDS.glob("*.txt")), out)
    in_memory = extract_corpus([SEEDS])[0].graph()
    _, only_memory, only_stream = graph_diff(to_isomorphic(in_memory), to_isomorphic(Graph().parse(out)))
    assert not list(only_memory) and not list(only_stream)
    assert report.articles == 5 and counts["triples"] == len(in_memory)


def test_two_workers_give_the_same_bytes(tmp_path):
    build(SEEDS, "-o", tmp_path / "one.ttl")
    build(SEEDS, "-o", tmp_path / "two.ttl", "--workers", "2")
    assert (tmp_path / "one.ttl").read_bytes() == (tmp_path / "two.ttl").read_bytes()
    assert (tmp_path / "one.ttl.articles.nq").read_bytes() == (tmp_path / "two.ttl.articles.nq").read_bytes()


def test_into_one_at_a_time_gives_the_same_bytes_as_together(tmp_path):
    build(SEEDS, "-o", tmp_path / "together.ttl")
    files = sorted(SEEDS.glob("*.txt"))[::-1]
    build(files[0], "-o", tmp_path / "step.ttl")
    for f in files[1:] + files[:1]:  # the first again: re-adding changes nothing
        build(f, "--into", tmp_path / "step.ttl")
    assert (tmp_path / "together.ttl").read_bytes() == (tmp_path / "step.ttl").read_bytes()
    assert (tmp_path / "together.ttl.articles.nq").read_bytes() == (tmp_path / "step.ttl.articles.nq").read_bytes()


def test_a_changed_article_replaces_its_facts_in_a_streamed_graph(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / "003_31a8f32666ae666d.txt", folder / "a.txt")
    shutil.copy(SEEDS / "004_df49104e7df00e0f.txt", folder / "b.txt")
    build(folder, "-o", tmp_path / "g.ttl")
    (folder / "a.txt").write_text("Thời tiết hôm nay nắng đẹp trên cả nước.", encoding="utf-8")
    build(folder / "a.txt", "--into", tmp_path / "g.ttl")
    text = (tmp_path / "g.ttl").read_text(encoding="utf-8")
    assert "Thái Phúc Sơn" not in text and "Nguyễn Mạnh Cường" in text


def test_extraction_is_a_pure_function_of_the_file(tmp_path):
    """The same lines in this process and in fresh ones with other hash seeds (set and dict order,
    memo state): nothing but the file decides them."""
    import os
    import subprocess
    import sys

    path = SEEDS / "000_d729f544271d1c8c.txt"
    here = extract_lines(path).lines
    assert here == sorted(here) and len(here) > 200
    script = "import sys; from pathlib import Path; from kg.stream import extract_lines; " \
             "sys.stdout.write(''.join(extract_lines(Path(sys.argv[1])).lines))"
    for seed in ("1", "2"):
        done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, cwd=SEEDS.parent)
        assert done.stdout.decode("utf-8") == "".join(here)


def test_the_external_sort_applies_the_merge_rules(tmp_path, monkeypatch):
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    from rdflib.namespace import SKOS

    from kg.rdf.namespace import VNKG
    from kg.rdf.serialize import ntriple
    from kg import spool, stream

    monkeypatch.setattr(spool, "SPOOL_BYTES", 300)  # several spills, even for this little
    monkeypatch.setattr(spool, "SORT_BYTES", 200)  # and each part merged from sorted runs of a line or two
    node, other = URIRef("https://w3id.org/vnkg/id/conference/x"), URIRef("https://w3id.org/vnkg/id/conference/x-y")

    def article(name: str, label: str, fmt: str) -> set:
        a = URIRef(f"https://w3id.org/vnkg/id/article/{name}")
        return {(a, RDF.type, VNKG.Article), (a, VNKG.reports, node), (node, RDF.type, VNKG.Conference),
                (node, RDFS.label, Literal(label, lang="vi")), (node, VNKG.format, Literal(fmt)),
                (other, RDFS.label, Literal("Hội nghị \\ khác", lang="vi")), (a, VNKG.mentions, other)}

    articles = [article("a", 'Hội nghị "A" dài hơn', "online"), article("b", "Hội nghị B", "hybrid"),
                article("c", 'Hội nghị "A" dài hơn', "online"), article("d", "Hội nghị\nC", "online")]
    # the union, with one label (most support) and one format (hybrid says most), the others alternative labels
    expected = Graph()
    for t in set().union(*articles):
        expected.add(t)
    expected.remove((node, RDFS.label, Literal("Hội nghị B", lang="vi")))
    expected.remove((node, RDFS.label, Literal("Hội nghị\nC", lang="vi")))
    expected.add((node, SKOS.altLabel, Literal("Hội nghị B", lang="vi")))
    expected.add((node, SKOS.altLabel, Literal("Hội nghị\nC", lang="vi")))
    expected.remove((node, VNKG.format, Literal("online")))
    for n, count in ((node, 4), (other, 4)):
        expected.add((n, VNKG.articleCount, Literal(count)))
    with (tmp_path / "record.nq").open("wb") as record:
        m = spool.StreamMerge(tmp_path / "work", record)
        for i, triples in enumerate(articles):
            m.add(f"https://w3id.org/vnkg/id/article/{i}", sorted(ntriple(s, p, o) for s, p, o in triples))
        m.write(tmp_path / "g.ttl", stream.Format.TURTLE)
    got = Graph().parse(tmp_path / "g.ttl")
    _, only_expected, only_got = graph_diff(to_isomorphic(expected), to_isomorphic(got))
    assert not list(only_expected) and not list(only_got)
    assert (node, RDFS.label, Literal('Hội nghị "A" dài hơn', lang="vi")) in got  # two articles say it
    assert (node, VNKG.format, Literal("hybrid")) in got
    assert m.counts()["triples"] == len(expected)


def test_many_runs_and_parts_give_the_same_bytes_with_one_or_two_workers(tmp_path, monkeypatch):
    from kg import spool, stream

    monkeypatch.setattr(spool, "SPOOL_BYTES", 3000)  # a spill every article or two
    files = sorted(SEEDS.glob("*.txt"))
    stream_build(files, tmp_path / "one.ttl", workers=1)
    stream_build(files, tmp_path / "two.ttl", workers=2)
    stream_build(files, tmp_path / "two.nt", stream.Format.NTRIPLES, workers=2)
    assert (tmp_path / "one.ttl").read_bytes() == (tmp_path / "two.ttl").read_bytes()
    in_memory = extract_corpus([SEEDS])[0].graph()
    for name, fmt in (("two.ttl", "turtle"), ("two.nt", "nt")):
        got = Graph().parse(tmp_path / name, format=fmt)
        _, only_memory, only_stream = graph_diff(to_isomorphic(in_memory), to_isomorphic(got))
        assert not list(only_memory) and not list(only_stream)


@pytest.mark.parametrize("workers", [1, 2])
def test_parts_too_big_to_sort_in_memory_are_merged_from_sorted_runs_into_the_same_bytes(tmp_path, monkeypatch,
                                                                                          workers):
    """A dense or big corpus has parts bigger than memory should hold: each is sorted a piece at a time, the
    pieces merged from disk; the graph and record are the bytes of parts sorted whole."""
    from kg import spool

    files = sorted(SEEDS.glob("*.txt"))
    stream_build(files, tmp_path / "whole.ttl", workers=workers)
    runs = []
    made = spool.StreamMerge._run
    monkeypatch.setattr(spool.StreamMerge, "_run", lambda self, *a: runs.append(a[:2]) or made(self, *a))
    monkeypatch.setattr(spool, "SORT_BYTES", 2000)
    out = tmp_path / "runs" / "whole.ttl"
    stream_build(files, out, workers=workers)
    assert out.read_bytes() == (tmp_path / "whole.ttl").read_bytes()
    assert Path(f"{out}.articles.nq").read_bytes() == (tmp_path / "whole.ttl.articles.nq").read_bytes()
    if workers == 1:  # (forked part workers note their runs in their own memory)
        assert len(runs) > 64 and len({part for part, _ in runs}) > 32


def test_build_with_a_store_leaves_the_graph_loaded_for_queries(tmp_path):
    from kg.query import run_query

    out, store = tmp_path / "g.ttl", tmp_path / "store"
    report, counts = stream_build(sorted(SEEDS.glob("*.txt")), out, store_dir=store)
    assert (store / "vnkg-source.txt").exists()  # stamped: kg query --store reuses it without loading
    result = run_query(out, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", store_dir=store)
    assert int(result.rows[0]["n"]) == counts["triples"] == len(Graph().parse(out))


@pytest.mark.parametrize("quoted", [
    "Tin mới <https://w3id.org/vnkg/ontology#mentions> x",  # a mention predicate then one word
    "Tin về <https://w3id.org/vnkg/ontology#reports> y z",
    'a <https://w3id.org/vnkg/ontology#mentions> <http://a b> "x',  # brackets and an open quote
    'Tin mới <https://w3id.org/vnkg/ontology#mentions> x <http://www.w3.org/2000/01/rdf-schema#label> "a\\b"',
])
def test_an_article_quoting_the_vocabulary_builds_in_every_format(tmp_path, quoted):
    """Its text holds the graph's own IRIs, angle brackets, quotes and backslashes: a fact is read from
    the terms of a line, never from a substring of it."""
    from click.testing import CliRunner

    from kg.cli import main as cli

    text = f"{quoted}\n\nSáng 5/1/2024, Bộ Ngoại giao tổ chức hội nghị {quoted}.\n"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(text, encoding="utf-8")
    from rdflib import Dataset, Graph
    for name in ("g.ttl", "g.nt", "g.trig", "g.nq"):
        result = CliRunner().invoke(cli, ["build", str(tmp_path / "in"), "-o", str(tmp_path / name), "-q"])
        assert result.exit_code == 0, (name, result.output)
        if name.endswith((".ttl", ".nt")):
            g = Graph().parse(tmp_path / name)
        else:
            g = Dataset(default_union=True).parse(tmp_path / name)
        texts = {str(o) for o in g.objects()}
        assert any(quoted in t for t in texts), name  # the text is kept whole in a literal


IDENTITY = {  # namesakes of two provinces on one day, one person in two offices, forms of a foreign name
    "a.txt": "Ngày 5/3/2024, Phó Chủ tịch UBND tỉnh Lạng Sơn Hoàng Văn Nghiệm dự hội nghị tổng kết công tác năm.",
    "b.txt": "Ngày 5/3/2024, Giám đốc Sở Y tế tỉnh Cà Mau Hoàng Văn Nghiệm phát biểu tại hội nghị triển khai.",
    "c.txt": "Ngày 10/4/2019, Thứ trưởng Bộ Tài chính Lò Văn Pạng phát biểu tại hội nghị tổng kết ngành thuế.",
    "d.txt": "Ngày 12/8/2023, Bí thư Tỉnh ủy Điện Biên Lò Văn Pạng chủ trì hội nghị Ban Chấp hành Đảng bộ tỉnh.",
    "e.txt": "Ngày 3/9/2018, Tổng thống Nga Vladimir Putin tiếp Thủ tướng Ấn Độ Narendra Modi tại Sochi.",
    "f.txt": "Ngày 4/9/2018, Tổng thống Nga V. Putin điện đàm với Thủ tướng Ấn Độ Narenda Modi.",
}


@pytest.mark.parametrize("suffix", ["ttl", "trig"])
def test_who_is_who_does_not_depend_on_order_or_on_adding_one_at_a_time(tmp_path, suffix):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in IDENTITY.items():
        (folder / name).write_text(text, encoding="utf-8")
    build(folder, "-o", tmp_path / f"together.{suffix}")
    files = sorted(folder.glob("*.txt"))[::-1]
    build(files[0], "-o", tmp_path / f"step.{suffix}")
    for f in files[1:]:
        build(f, "--into", tmp_path / f"step.{suffix}")
    together = (tmp_path / f"together.{suffix}").read_text(encoding="utf-8")
    assert together == (tmp_path / f"step.{suffix}").read_text(encoding="utf-8")
    for node in ("hoang-van-nghiem--ca-mau", "hoang-van-nghiem--lang-son", "official/lo-van-pang",
                 "official/vladimir-putin", "official/narendra-modi"):
        assert node in together
    assert "official/v-putin" not in together and "lo-van-pang--dien-bien" not in together


@pytest.mark.parametrize("suffix", ["ttl", "nt", "trig", "nq"])
def test_every_format_is_the_same_bytes_from_the_api_and_the_command_line(tmp_path, suffix):
    from kg.build import record_path, write_corpus

    build(SEEDS, "-o", tmp_path / f"cli.{suffix}", "--workers", "2")
    write_corpus(extract_corpus([SEEDS])[0], tmp_path / f"api.{suffix}")
    cli, api = tmp_path / f"cli.{suffix}", tmp_path / f"api.{suffix}"
    assert cli.read_bytes() == api.read_bytes() and len(cli.read_bytes()) > 20_000
    assert record_path(cli).read_bytes() == record_path(api).read_bytes()


@pytest.mark.parametrize("suffix", ["trig", "nq"])
def test_a_named_graph_output_with_a_store_is_ready_for_queries(tmp_path, suffix):
    out, store = tmp_path / f"g.{suffix}", tmp_path / "store"
    result = build(SEEDS, "-o", out, "--store", store)
    assert (store / "vnkg-source.txt").exists()
    result = CliRunner().invoke(main, ["query", "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                                       "--graph", str(out), "--store", str(store), "--format", "csv"])
    assert result.exit_code == 0 and result.output.split() == ["n", "5"]


def seeds_and_one(tmp_path, monkeypatch, name, misbehave):
    """The seeds plus `name`, a copy of one with a marker line; its extraction runs `misbehave()`."""
    from kg import stream

    real = stream.extract_ntriples

    def marked(text, source, base):
        if "ĐÁNH DẤU" in text:
            misbehave()
        return real(text, source, base)

    monkeypatch.setattr(stream, "extract_ntriples", marked)
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / name).write_text("ĐÁNH DẤU\n\n" + (SEEDS / "000_d729f544271d1c8c.txt").read_text(encoding="utf-8"),
                               encoding="utf-8")
    return folder


@pytest.mark.parametrize("workers", [1, 2])
def test_an_article_over_its_time_budget_is_skipped_and_the_others_go_in(tmp_path, monkeypatch, workers):
    def never_ends():
        while True:
            pass

    folder = seeds_and_one(tmp_path, monkeypatch, "stuck.txt", never_ends)
    out = tmp_path / "g.ttl"
    report, _ = stream_build(sorted(folder.glob("*.txt")), out, workers=workers, seconds=0.5)
    assert report.articles == 5
    assert report.skipped == [(str(folder / "stuck.txt"), f"{folder / 'stuck.txt'}: took longer than 0.5 s (the limit "
                                                          f"of one article; --article-seconds raises it)")]
    alone = tmp_path / "seeds.ttl"
    stream_build(sorted(SEEDS.glob("*.txt")), alone, workers=workers)
    assert out.read_bytes() == alone.read_bytes()


def test_a_file_name_that_is_not_utf8_inside_a_folder_still_goes_in(tmp_path):
    import os

    from kg.pipeline.read import article_files

    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    with open(os.fsencode(folder) + b"/tin-\xff\xc3(.txt", "wb") as fh:
        fh.write((SEEDS / "003_31a8f32666ae666d.txt").read_bytes())
    out = tmp_path / "g.ttl"
    report, _ = stream_build(article_files([folder]), out)
    assert report.articles == 6 and not report.skipped
    graph = Graph().parse(out)
    assert (URIRef("https://w3id.org/vnkg/id/article/tin-%FF%C3%28.txt"), RDF.type, VNKG.Article) in graph


def test_an_error_inside_kg_on_one_article_costs_only_that_article(tmp_path, monkeypatch):
    def bug():
        raise IndexError("list index out of range")

    folder = seeds_and_one(tmp_path, monkeypatch, "z.txt", bug)
    report, _ = stream_build(sorted(folder.glob("*.txt")), tmp_path / "g.ttl")
    assert report.articles == 5
    assert report.skipped == [(str(folder / "z.txt"), f"{folder / 'z.txt'}: could not be read (an error inside kg: "
                                                      f"IndexError: list index out of range); please report it "
                                                      f"with the article")]
