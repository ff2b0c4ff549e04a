"""Bad input, faults and hostile content: clear one-line messages, no lost data."""
from __future__ import annotations

import codecs
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from kg.cli import main
from tests.conftest import SEEDS

GOOD = SEEDS / "003_31a8f32666ae666d.txt"
KG = str(Path(sys.executable).parent / "kg")


def cli(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output and not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit), result.output
    return result


def folder_with(tmp_path, name, data: bytes):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    shutil.copy(GOOD, folder / GOOD.name)
    (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize("name, data, why", [
    ("empty.txt", b"", "empty"),
    ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF"),
    ("photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
    ("noise.txt", bytes(range(256)) * 8, "binary data"),
    ("menu.html", b"<html><body><nav><a href='/'>Trang ch\xe1\xbb\xa7</a></nav></body></html>", "no article text"),
])
def test_an_unreadable_article_is_skipped_with_a_reason_and_the_rest_go_in(tmp_path, name, data, why):
    result = cli("build", folder_with(tmp_path, name, data), "-o", tmp_path / "g.ttl")
    assert result.exit_code == 0
    assert f"skipped {tmp_path / 'in' / name}: " in result.output and why in result.output
    assert "articles        1" in result.output and "skipped         1" in result.output
    assert len(Graph().parse(tmp_path / "g.ttl")) > 100


def test_a_50_mb_file_is_refused_quickly_and_the_rest_go_in(tmp_path):
    folder = folder_with(tmp_path, "dump.txt", b"")
    with (folder / "dump.txt").open("wb") as fh:
        fh.write(b"Tin tuc. " * (50_000_000 // 9))
    started = time.perf_counter()
    result = cli("build", folder, "-o", tmp_path / "g.ttl")
    assert time.perf_counter() - started < 60  # not a timing target: it must not read 50 MB into the pipeline
    assert "dump.txt: 50.0 MB is too big for one article" in result.output and "split it" in result.output


@pytest.mark.parametrize("encode, warning", [
    (lambda t: t.encode("utf-16-le"), "decoded as UTF-16-LE"),  # UTF-16 without BOM
    (lambda t: t.encode("utf-16-be"), "decoded as UTF-16-BE"),
    (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), None),
])
def test_other_encodings_are_read(tmp_path, encode, warning):
    text = GOOD.read_text(encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(encode(text))
    result = cli("build", folder, "-o", tmp_path / "g.ttl")
    assert result.exit_code == 0 and "officials       5" in result.output
    assert (warning in result.output) if warning else "warning" not in result.output


def test_an_article_that_names_no_official_still_goes_in(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Thời tiết hôm nay nắng đẹp, nhiều nơi có mưa rào vào buổi chiều.", encoding="utf-8")
    result = cli("build", folder, "-o", tmp_path / "g.ttl")
    assert result.exit_code == 0 and "articles        1" in result.output and "officials       0" in result.output


@pytest.mark.parametrize("args, message", [
    (["build", "{tmp}/missing", "-o", "{tmp}/g.ttl"], "missing: no such file or folder"),
    (["build", "{tmp}/emptydir", "-o", "{tmp}/g.ttl"], "emptydir: no articles in this folder"),
    (["build", str(GOOD)], "give -o FILE"),
    (["build", str(GOOD), "--into", "{tmp}/norecord.ttl"], "no per-article record"),  # a graph without its record
])
def test_what_stops_a_command_exits_non_zero_with_one_line(tmp_path, args, message):
    (tmp_path / "emptydir").mkdir()
    (tmp_path / "norecord.ttl").write_text("", encoding="utf-8")
    result = cli(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code != 0 and message in result.output
    assert len([line for line in result.output.splitlines() if line.strip()]) <= 3


def test_strict_stops_at_the_first_problem(tmp_path):
    folder = folder_with(tmp_path, "empty.txt", b"")
    result = cli("build", folder, "-o", tmp_path / "g.ttl", "--strict")
    assert result.exit_code != 0 and "empty.txt: empty" in result.output
    assert not (tmp_path / "g.ttl").exists()


@pytest.mark.parametrize("command", [
    ["validate", "{bad}"], ["query", "ASK {}", "--graph", "{bad}"], ["viz", "{bad}", "-o", "{tmp}/p.html"],
    ["stats", "{bad}"], ["export", "{bad}", "--format", "graphml", "-o", "{tmp}/g.graphml"],
])
def test_turtle_that_does_not_parse_is_named_with_its_line(tmp_path, command):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix a: <http://x/> .\na:b a:c a:d .\n\na:e a:f zzz .\n", encoding="utf-8")
    result = cli(*[c.replace("{bad}", str(bad)).replace("{tmp}", str(tmp_path)) for c in command])
    assert result.exit_code != 0 and "bad.ttl" in result.output and "line 4" in result.output


def test_a_gold_file_naming_a_missing_article(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "x.json").write_text('{"article": "nope.txt", "officials": [], "conferences": [], "resolutions": [], '
                                 '"provinces": [], "organizations": [], "countries": []}', encoding="utf-8")
    result = cli("eval", "--gold", gold, "--inputs", SEEDS)
    assert result.exit_code != 0 and "x.json: names article 'nope.txt'" in result.output


# ---------------------------------------------------------------- never lose a graph
def big_corpus(tmp_path: Path, copies: int = 400) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(copies):
        shutil.copy(seeds[i % len(seeds)], folder / f"a{i:04d}.txt")
    return folder


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_a_build_killed_midway_leaves_the_previous_graph_intact(tmp_path, sig):
    out = tmp_path / "graph.ttl"
    assert subprocess.run([KG, "build", str(GOOD), "-o", str(out), "-q"]).returncode == 0
    before = out.read_bytes()
    record = (tmp_path / "graph.ttl.articles.nq").read_bytes()
    proc = subprocess.Popen([KG, "build", str(big_corpus(tmp_path, copies=3000)), "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    started = time.monotonic()  # interrupt once the new record is being written: well inside the build
    while not list(tmp_path.glob(".graph.ttl.articles.nq.*.tmp")) and time.monotonic() - started < 30:
        time.sleep(0.05)
    time.sleep(0.5)
    assert proc.poll() is None, "the build ended before it could be interrupted"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert out.read_bytes() == before and (tmp_path / "graph.ttl.articles.nq").read_bytes() == record
    assert len(Graph().parse(out)) > 100
    if sig == signal.SIGINT:
        assert proc.returncode == 130 and b"Traceback" not in err and b"interrupted" in err
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # temp files cleaned up


KILL_AT = """
import os, signal, sys
from pathlib import Path
from kg.cli import main
real, target = os.replace, Path(sys.argv.pop(1)).name
def replace(src, dst):  # the kill hook: the process dies outright just before this rename
    if Path(dst).name == target:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(src, dst)
os.replace = replace
sys.argv[0] = "kg"
main()
"""


def articles_of(graph: Path) -> set[str]:
    query = "SELECT DISTINCT ?a WHERE { ?a a <https://w3id.org/vnkg/ontology#Article> }"
    return {str(row[0]) for row in Graph().parse(graph).query(query)}


@pytest.mark.parametrize("moment", ["before the graph is renamed", "after the graph is renamed"])
def test_a_build_killed_between_graph_and_record_loses_nothing(tmp_path, moment):
    out, first, second = tmp_path / "graph.ttl", tmp_path / "first", tmp_path / "second"
    seeds = sorted(SEEDS.glob("*.txt"))
    for folder, files in ((first, seeds[:2]), (second, seeds[2:4])):
        folder.mkdir()
        for f in files:
            shutil.copy(f, folder)
    assert cli("build", first, "-o", out, "-q").exit_code == 0
    before = out.read_bytes()
    killed = tmp_path / "killed"
    killed.mkdir()
    shutil.copy(seeds[4], killed)
    target = "graph.ttl" if moment.startswith("before") else "graph.ttl.articles.nq"
    proc = subprocess.Popen([sys.executable, "-c", KILL_AT, target, "build", str(killed), "--into", str(out), "-q"])
    assert proc.wait() == -signal.SIGKILL
    import tempfile
    spool = list(Path(tempfile.gettempdir()).glob(f"vnkg-build-{proc.pid}-*"))
    assert len(spool) == 1  # the killed build's work folder, which nothing could remove
    if moment.startswith("before"):  # not committed: the graph is as it was, and the killed build never counts
        assert out.read_bytes() == before
    else:  # committed: the graph has the killed build's article, and so will everything built on it
        assert len(articles_of(out)) == 3
    assert cli("build", second, "--into", out, "-q").exit_code == 0
    assert len(articles_of(out)) == (4 if moment.startswith("before") else 5)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # nothing left half-done
    assert not spool[0].exists()
    # and the result is the graph a clean build of the same articles gives
    clean = tmp_path / "clean"
    clean.mkdir()
    for folder in (first, second) if moment.startswith("before") else (first, second, killed):
        for f in folder.iterdir():
            shutil.copy(f, clean)
    assert cli("build", clean, "-o", tmp_path / "clean.ttl", "-q").exit_code == 0
    assert out.read_bytes() == (tmp_path / "clean.ttl").read_bytes()


def test_a_record_that_is_not_the_graphs_is_refused(tmp_path):
    out = tmp_path / "graph.ttl"
    assert cli("build", GOOD, "-o", out, "-q").exit_code == 0
    other = tmp_path / "other.ttl"
    assert cli("build", SEEDS, "-o", other, "-q").exit_code == 0
    shutil.copy(tmp_path / "other.ttl.articles.nq", tmp_path / "graph.ttl.articles.nq")  # another build's record
    before = out.read_bytes()
    result = cli("build", SEEDS, "--into", out, "-q")
    assert result.exit_code != 0 and "is not the graph graph.ttl.articles.nq was written with" in result.output
    assert out.read_bytes() == before


def test_two_builds_of_one_graph_at_once_do_not_interleave(tmp_path):
    out = tmp_path / "graph.ttl"
    assert cli("build", GOOD, "-o", out, "-q").exit_code == 0
    slow = subprocess.Popen([KG, "build", str(big_corpus(tmp_path, copies=1500)), "--into", str(out), "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    started = time.monotonic()
    while not (tmp_path / ".graph.ttl.lock").exists() and time.monotonic() - started < 60:
        time.sleep(0.02)
    second = subprocess.run([KG, "build", str(SEEDS), "--into", str(out), "-q"], capture_output=True, text=True)
    assert slow.poll() is None, "the first build ended before the second started"
    assert second.returncode != 0 and "another build is writing this graph" in second.stderr + second.stdout
    assert slow.wait(120) == 0
    assert len(articles_of(out)) == 1501  # the first build's articles, none lost
    assert subprocess.run([KG, "build", str(SEEDS), "--into", str(out), "-q"]).returncode == 0  # free again


def test_a_failed_write_keeps_the_old_graph(tmp_path, monkeypatch):
    out = tmp_path / "graph.ttl"
    out.write_text("old", encoding="utf-8")

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)  # the fault strikes at the last step
    result = cli("build", GOOD, "-o", out)
    assert result.exit_code != 0 and "cannot write (No space left on device)" in result.output
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]  # no temp file left behind


def test_an_unwritable_place_is_a_clear_error(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = cli("build", GOOD, "-o", tmp_path / "file" / "graph.ttl")
    assert result.exit_code != 0 and "cannot write" in result.output


def test_a_graph_too_big_for_memory_is_not_called_invalid(tmp_path, monkeypatch):
    from rdflib import Graph as RdflibGraph

    from kg.errors import GraphError
    from kg.graphio import load_graph

    out = tmp_path / "g.ttl"
    out.write_text("<http://x/a> <http://x/b> <http://x/c> .\n", encoding="utf-8")

    def out_of_memory(self, *args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(RdflibGraph, "parse", out_of_memory)
    with pytest.raises(GraphError, match="not enough memory") as err:
        load_graph(out)
    assert "not valid" not in str(err.value)


def test_a_graph_is_never_written_over_an_article(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main
    article = tmp_path / "a.txt"
    article.write_text("Sáng 5/1/2024, Bộ Ngoại giao tổ chức hội nghị ngoại giao.", encoding="utf-8")
    before = article.read_bytes()
    result = CliRunner().invoke(main, ["build", str(article), "-o", str(article), "--format", "turtle"])
    assert result.exit_code != 0 and "is one of the articles read" in result.output
    assert article.read_bytes() == before
    result = CliRunner().invoke(main, ["build", str(article), "-o", str(article)])  # .txt is no RDF format anyway
    assert result.exit_code != 0 and "'.txt' is no RDF format; use one of .ttl (turtle)" in result.output
    assert article.read_bytes() == before and "Traceback" not in result.output


def test_an_article_is_known_by_its_path_inside_the_folder_given(tmp_path):
    seeds = sorted(SEEDS.glob("*.txt"))
    tree = tmp_path / "in"
    for rel, seed in (("x/index.txt", 0), ("y/index.txt", 1), ("Bài 1.txt", 2), ("bai-1.txt", 3)):
        (tree / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(seeds[seed], tree / rel)
    out = tmp_path / "graph.ttl"
    assert cli("build", tree, "-o", out, "-q").exit_code == 0
    ids = "https://w3id.org/vnkg/id/article/"
    assert articles_of(out) == {ids + "x/index.txt", ids + "y/index.txt", ids + "B%C3%A0i%201.txt", ids + "bai-1.txt"}
    assert "conforms" in cli("validate", out).output
    # a later build of one of them (the same path inside the folder given) replaces that one only
    again = tmp_path / "again"
    (again / "x").mkdir(parents=True)
    shutil.copy(seeds[4], again / "x" / "index.txt")
    assert cli("build", again, "--into", out, "-q").exit_code == 0
    assert len(articles_of(out)) == 4
    sources = {str(o) for o in Graph().parse(out).objects(None, URIRef("https://w3id.org/vnkg/ontology#sourceFile"))}
    assert sources == {"x/index.txt", "y/index.txt", "Bài 1.txt", "bai-1.txt"}
    # two folders that name one article differently in one build: the second is skipped, and said so
    result = cli("build", tree / "x", again / "x", "-o", tmp_path / "two.ttl")
    assert result.exit_code == 0 and "the same article name (index.txt)" in result.output


def test_a_sentence_of_a_thousand_officials_gives_output_in_proportion(tmp_path):
    from kg.build import extract_ntriples

    family, middle = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"], ["Văn", "Thị", "Minh", "Quốc", "Đức", "Thanh", "Hữu"]
    given = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong", "Quang", "Sơn",
             "Tâm", "Thắng", "Trung", "Tuấn", "Vinh", "Toàn", "Hiếu", "Lâm", "Kiên", "Đạt", "Bảo", "Việt",
             "Hòa", "Tài", "Thành", "Trí", "Tiến"]
    names = [f"{a} {b} {c}" for a in family for b in middle for c in given]

    def size(n):
        text = ("Sáng 5/3/2024, Bộ Ngoại giao tổ chức Hội nghị ngoại giao lần thứ 40 với sự tham dự của "
                + ", ".join(f"Thứ trưởng Bộ Ngoại giao {x}" for x in names[:n]) + ".")
        lines = extract_ntriples(text, "a.txt")
        evidence = [ln for ln in lines if "#evidence>" in ln]
        assert len(evidence) == 2 * n  # a holding and a participation each, every one with its evidence
        return sum(map(len, lines)), max(map(len, evidence))

    small, big = size(100), size(1000)
    assert big[0] < 12 * small[0]  # ten times the officials, about ten times the output (not a hundred)
    assert big[1] < 1500  # each evidence is the part of the sentence around its official


def test_terminal_escape_codes_in_file_names_are_not_printed_raw(tmp_path):
    # A file name can carry sequences that retitle the terminal, clear it, or hide text.
    hostile = "a\x1b]0;pwned\x07\x1b[2J\u202egnp.txt"
    folder = folder_with(tmp_path, hostile, b"%PDF-1.7\n")
    done = subprocess.run([KG, "build", str(folder), "-o", str(tmp_path / "g.ttl")], capture_output=True, text=True)
    assert done.returncode == 0
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr and "\u202e" not in done.stderr
    assert "a\\x1b]0;pwned\\x07\\x1b[2J\\u202egnp.txt: not a text article (a PDF)" in done.stderr
    missing = subprocess.run([KG, "build", str(tmp_path / hostile), "-o", str(tmp_path / "h.ttl")],
                             capture_output=True, text=True)
    assert missing.returncode == 1 and "\x1b" not in missing.stderr and "no such file" in missing.stderr
