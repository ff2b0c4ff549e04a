"""Everyday use of the command line: where graphs and their records go, standard output, devices."""
import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.cli import main
from tests.conftest import SEEDS

ONE, TWO = sorted(SEEDS.glob("*.txt"))[:2]
KG = str(Path(sys.executable).parent / "kg")  # the kg installed beside the Python running the tests


def kg(*args, ok=True):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert (result.exit_code == 0) == ok, result.output
    return result


def articles_in(graph) -> set[str]:
    g = Graph().parse(graph)
    return {str(o) for o in g.objects(None, g.namespace_manager.expand_curie("vnkg:sourceFile"))}


def test_a_turtle_and_a_trig_graph_of_one_name_keep_a_record_each(tmp_path):
    kg("build", ONE, "-o", tmp_path / "g.ttl", "-q")
    kg("build", TWO, "-o", tmp_path / "g.trig", "-q")
    kg("build", TWO, "--into", tmp_path / "g.ttl", "-q")  # its record was not overwritten by the TriG build
    kg("build", ONE, "--into", tmp_path / "g.trig", "-q")
    assert articles_in(tmp_path / "g.ttl") == {ONE.name, TWO.name}
    assert len(list(Dataset().parse(tmp_path / "g.trig", format="trig").graphs())) - 1 == 2  # and the default graph


def test_a_renamed_graph_finds_its_record_and_a_copied_one_says_what_to_do(tmp_path):
    kg("build", ONE, "-o", tmp_path / "g.ttl", "-q")
    (tmp_path / "g.ttl").rename(tmp_path / "renamed.ttl")
    kg("build", TWO, "--into", tmp_path / "renamed.ttl", "-q")
    assert articles_in(tmp_path / "renamed.ttl") == {ONE.name, TWO.name}

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(tmp_path / "renamed.ttl", elsewhere / "copy.ttl")
    result = kg("build", ONE, "--into", elsewhere / "copy.ttl", ok=False)
    assert "no per-article record beside it (copy.ttl.articles.nq)" in result.output
    assert "copy the record with the graph" in result.output and "kg build ARTICLES -o" in result.output


def test_a_graph_whose_record_has_the_earlier_name_still_takes_articles(tmp_path):
    kg("build", ONE, "-o", tmp_path / "g.ttl", "-q")
    (tmp_path / "g.ttl.articles.nq").rename(tmp_path / "g.articles.nq")  # as earlier builds named it
    kg("build", TWO, "--into", tmp_path / "g.ttl", "-q")
    assert articles_in(tmp_path / "g.ttl") == {ONE.name, TWO.name}


def test_dash_is_standard_output_with_the_summary_on_standard_error(tmp_path):
    kg("build", SEEDS, "-o", tmp_path / "g.ttl", "-q")
    done = subprocess.run([KG, "build", SEEDS, "-o", "-"], cwd=tmp_path, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (tmp_path / "g.ttl").read_bytes()  # the same graph, Turtle by default
    assert b"wrote standard output" in done.stderr and b"officials" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.ttl", "g.ttl.articles.nq"]  # no file named '-'
    nt = subprocess.run([KG, "build", SEEDS, "-o", "-", "--format", "nt", "-q"], capture_output=True)
    assert len(Graph().parse(data=nt.stdout, format="nt")) == len(Graph().parse(tmp_path / "g.ttl"))
    refused = subprocess.run([KG, "build", SEEDS, "--into", "-"], capture_output=True, text=True)
    assert refused.returncode == 1 and "--into adds to a graph file" in refused.stderr


@pytest.mark.skipif(not os.path.islink("/dev/stdout"), reason="no /dev/stdout link here")
def test_dev_stdout_is_written_through_and_stays_a_link(tmp_path):
    kg("build", SEEDS, "-o", tmp_path / "g.ttl", "-q")
    before = os.readlink("/dev/stdout")
    done = subprocess.run([KG, "build", SEEDS, "-o", "/dev/stdout", "-q"], capture_output=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (tmp_path / "g.ttl").read_bytes()
    assert os.path.islink("/dev/stdout") and os.readlink("/dev/stdout") == before


def test_a_pipe_is_written_through_and_a_link_to_a_file_stays_a_link(tmp_path):
    kg("build", SEEDS, "-o", tmp_path / "g.ttl", "-q")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    read = []
    reader = threading.Thread(target=lambda: read.append(fifo.read_bytes()), daemon=True)
    reader.start()
    kg("build", SEEDS, "-o", fifo, "-q")
    reader.join(30)  # a build that replaced the pipe by a file leaves the reader waiting: it never ends
    assert read == [(tmp_path / "g.ttl").read_bytes()] and stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert not list(tmp_path.glob("pipe.*"))  # no record beside a pipe

    (tmp_path / "link.ttl").symlink_to("real.ttl")
    kg("build", SEEDS, "-o", tmp_path / "link.ttl", "-q")
    kg("build", SEEDS, "-o", tmp_path / "link.ttl", "-q")  # again, onto the file it now points to
    assert (tmp_path / "link.ttl").is_symlink() and os.readlink(tmp_path / "link.ttl") == "real.ttl"
    assert (tmp_path / "real.ttl").read_bytes() == (tmp_path / "g.ttl").read_bytes()
    kg("build", TWO, "--into", tmp_path / "link.ttl", "-q")  # its record is beside the file it points to
    assert (tmp_path / "link.ttl").is_symlink() and (tmp_path / "real.ttl.articles.nq").is_file()


def test_the_summary_of_into_tells_the_articles_read_from_the_whole_graph(tmp_path):
    kg("build", SEEDS, "-o", tmp_path / "g.ttl", "-q")
    lines = kg("build", ONE, "--into", tmp_path / "g.ttl").output.splitlines()
    assert lines[1:5] == ["  articles read   1", "  skipped         0", "  in the whole graph:", "  articles        5"]
    assert lines[5].startswith("  officials ")


def test_into_a_graph_not_yet_there_makes_it_and_a_graph_gone_from_beside_its_record_is_refused(tmp_path):
    kg("build", ONE, "--into", tmp_path / "g.ttl", "-q")
    kg("build", ONE, "-o", tmp_path / "same.ttl", "-q")
    assert (tmp_path / "g.ttl").read_bytes() == (tmp_path / "same.ttl").read_bytes()
    (tmp_path / "same.ttl").unlink()  # its record is still there: the graph was lost, not never made
    result = kg("build", TWO, "--into", tmp_path / "same.ttl", ok=False)
    assert "same.ttl: missing beside its record" in result.output


def test_make_run_again_keeps_the_articles_added_since(tmp_path):
    recipe, inside = [], False
    for line in (SEEDS.parent / "Makefile").read_text(encoding="utf-8").splitlines():
        inside = line.startswith("run:") or (inside and line.startswith("\t"))
        if inside and line.startswith("\t$(BIN)/kg "):
            recipe.append(line.strip().replace("$(BIN)/kg", KG))
    assert recipe and recipe[0].startswith(f"{KG} build seeds")
    (tmp_path / "seeds").symlink_to(SEEDS)
    added = tmp_path / "mine.txt"
    added.write_text("Ngày 5/3/2024, Bộ Ngoại giao tổ chức hội nghị. Bộ trưởng Bộ Ngoại giao Lê Văn Ba chủ trì "
                     "hội nghị.", encoding="utf-8")
    for command in recipe:
        assert subprocess.run(command, shell=True, cwd=tmp_path, capture_output=True).returncode == 0
    kg("build", added, "--into", tmp_path / "out" / "graph.ttl", "-q")  # what a user adds after make run
    for command in recipe:  # make run again
        assert subprocess.run(command, shell=True, cwd=tmp_path, capture_output=True).returncode == 0
    assert articles_in(tmp_path / "out" / "graph.ttl") == {f.name for f in SEEDS.glob("*.txt")} | {"mine.txt"}
    assert "Lê Văn Ba" in (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")


def on_a_terminal(*args) -> tuple[int, str]:
    """Run the real kg with its standard error on a terminal (a pseudo-terminal): what a user sees."""
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen([KG, *map(str, args)], stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    return proc.wait(), seen.decode("utf-8", "replace")


def test_a_build_shows_its_progress_on_a_terminal_only(tmp_path):
    code, seen = on_a_terminal("build", SEEDS, "-o", tmp_path / "g.ttl")
    assert code == 0
    assert "reading articles" in seen and "5/5" in seen and "articles/s" in seen and "writing the graph" in seen
    code, seen = on_a_terminal("build", SEEDS, "-o", tmp_path / "g.ttl", "--quiet")
    assert code == 0 and seen == ""
    piped = subprocess.run([KG, "build", SEEDS, "-o", tmp_path / "g.ttl"], capture_output=True, text=True)
    assert piped.returncode == 0 and "reading articles" not in piped.stderr + piped.stdout


def test_a_push_shows_its_progress_on_a_terminal_only(tmp_path):
    from tests.test_push import FakeServer

    kg("build", SEEDS, "-o", tmp_path / "g.ttl", "-q")
    server = FakeServer(lambda n: b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")
    try:
        code, seen = on_a_terminal("push", tmp_path / "g.ttl", "--endpoint", server.url)
        assert code == 0 and "uploading" in seen and "MB/s" in seen and "100%" in seen
        code, seen = on_a_terminal("push", tmp_path / "g.ttl", "--endpoint", server.url, "--per-article")
        assert code == 0 and "sending article graphs" in seen and "5/5" in seen and "graphs/s" in seen
        code, seen = on_a_terminal("push", tmp_path / "g.ttl", "--endpoint", server.url, "-q")
        assert code == 0 and seen == ""
        assert server.requests[0].endswith((tmp_path / "g.ttl").read_bytes())  # the graph went whole
    finally:
        server.close()


def test_stats_tells_its_stages_on_a_terminal_only(tmp_path):
    kg("build", SEEDS, "-o", tmp_path / "g.ttl", "-q")
    code, seen = on_a_terminal("stats", tmp_path / "g.ttl")
    assert code == 0 and [line.strip() for line in seen.splitlines()] == \
        ["loading the graph…", "counting…", "ranking officials…", "finding communities…"]
    piped = subprocess.run([KG, "stats", tmp_path / "g.ttl"], capture_output=True, text=True)
    assert piped.returncode == 0 and piped.stderr == "" and "officials" in piped.stdout


def test_a_format_the_extension_contradicts_is_refused(tmp_path):
    result = kg("build", ONE, "-o", tmp_path / "g.ttl", "--format", "rdfxml", ok=False)
    assert "g.ttl: its extension says turtle and --format says rdfxml; name the file g.rdf" in result.output
    assert not (tmp_path / "g.ttl").exists()
    kg("build", ONE, "-o", tmp_path / "g.ttl", "-q")
    for fmt, out in (("nt", "x.ttl"), ("graphml", "x.gexf"), ("csv", "x.ttl"), ("gexf", "x.graphml")):
        result = kg("export", tmp_path / "g.ttl", "--format", fmt, "-o", tmp_path / out, ok=False)
        assert f"{out}: its extension says" in result.output and not (tmp_path / out).exists()
    kg("export", tmp_path / "g.ttl", "--format", "nt", "-o", tmp_path / "x.txt")  # no format's extension: as asked
    assert len(Graph().parse(tmp_path / "x.txt", format="nt")) == len(Graph().parse(tmp_path / "g.ttl"))


def test_export_to_standard_output_says_so_on_standard_error(tmp_path):
    kg("build", SEEDS, "-o", tmp_path / "g.ttl", "-q")
    done = subprocess.run([KG, "export", tmp_path / "g.ttl", "--format", "nt", "-o", "-"], capture_output=True)
    assert done.returncode == 0 and done.stderr == b"wrote standard output\n"
    assert len(Graph().parse(data=done.stdout, format="nt")) == len(Graph().parse(tmp_path / "g.ttl"))
    csv = subprocess.run([KG, "export", tmp_path / "g.ttl", "--format", "csv", "-o", "-"], capture_output=True, text=True)
    assert csv.returncode == 1 and "CSV is two files" in csv.stderr and not list(tmp_path.glob("-*"))


def test_viz_tells_its_stages_on_a_terminal_only(tmp_path):
    kg("build", SEEDS, "-o", tmp_path / "g.ttl", "-q")
    code, seen = on_a_terminal("viz", tmp_path / "g.ttl", "-o", tmp_path / "g.html")
    assert code == 0 and [line.strip() for line in seen.splitlines()] == ["loading the graph…", "drawing…"]
    piped = subprocess.run([KG, "viz", tmp_path / "g.ttl", "-o", tmp_path / "g.html"], capture_output=True, text=True)
    assert piped.returncode == 0 and piped.stderr == "" and piped.stdout.startswith("wrote ")


def test_the_readme_and_make_run_say_where_kg_is():
    readme = (SEEDS.parent / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Two commands", 1)[1].split("## Commands", 1)[0]
    assert ".venv/bin/kg" in setup and ". .venv/bin/activate" in setup
    run = (SEEDS.parent / "Makefile").read_text(encoding="utf-8").split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "@echo" in run and "$(BIN)/kg --help" in run and "$(BIN)/activate" in run


@pytest.mark.parametrize("suffix", ["trig", "nq"])
def test_viz_of_a_named_graph_file_draws_what_its_turtle_draws(tmp_path, suffix):
    kg("build", SEEDS, "-o", tmp_path / "g.ttl", "-q")
    kg("build", SEEDS, "-o", tmp_path / f"g.{suffix}", "-q")
    said = [kg("viz", tmp_path / f"g.{ext}", "-o", tmp_path / f"{ext}.html").output for ext in ("ttl", suffix)]
    assert said[0].split("(")[1] == said[1].split("(")[1] and "(0 nodes" not in said[0]
    import re as regex

    pages = [(tmp_path / f"{ext}.html").read_text("utf-8") for ext in ("ttl", suffix)]
    names = [sorted(regex.findall(r'"name": "([^"]+)"', page)) for page in pages]  # every node's name
    assert names[0] == names[1] and "Bùi Thanh Sơn" in names[0]


def test_a_reader_that_stops_reading_ends_the_command_quietly(tmp_path):
    """`kg build -o - | head -1`: the reader closes the pipe; kg ends as shell tools do, with no message."""
    # N-Triples: the graph (about 180 KB) is well over what a pipe holds, so the write meets the closed end
    proc = subprocess.Popen([KG, "build", SEEDS, "-o", "-", "--format", "nt"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()  # as head does after its line
    said = proc.stderr.read().decode()
    assert proc.wait() == 141 and first.startswith(b"<https://w3id.org/vnkg/")
    assert "Error" not in said and "Traceback" not in said and "wrote" not in said, said
