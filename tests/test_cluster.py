"""kg build --cluster: a build on a Dask distributed cluster writes the bytes of a local build.

One `distributed.LocalCluster` (two worker processes, loopback, no dashboard) serves the module;
every cluster build is compared, byte for byte, with the same build made locally.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import dask
import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster, WorkerPlugin
from rdflib import Dataset, Graph

from kg.cli import main
from tests.conftest import ROOT, SEEDS


@pytest.fixture(scope="module")
def cluster():
    # one retry of a task whose worker died (Dask's default is three): the failure test is quicker
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                          dashboard_address=None) as local:
            yield local.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A few hundred generated articles, shaped like the seeds (officials met again across them)."""
    folder = tmp_path_factory.mktemp("corpus") / "articles"
    subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), "300", str(folder)], check=True,
                   capture_output=True)
    return folder


def kg(*args, cwd: Path | None = None) -> tuple[int, str]:
    """`kg ARGS` (in `cwd`): its exit code and what it printed."""
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, [str(a) for a in args])
    finally:
        os.chdir(old)
    return result.exit_code, result.output


def built(folder: Path, name: str) -> tuple[bytes, bytes]:
    """A graph's bytes and its record's."""
    return (folder / name).read_bytes(), (folder / f"{name}.articles.nq").read_bytes()


def local_and_cluster(tmp_path: Path, address: str, *args, name: str = "g.ttl") -> tuple[str, str]:
    """`kg build ARGS -o NAME` locally in tmp_path/local and on the cluster in tmp_path/cluster:
    what each printed (the same file names in both)."""
    outputs = []
    for where, more in (("local", ()), ("cluster", ("--cluster", address))):
        (tmp_path / where).mkdir(exist_ok=True)
        code, output = kg("build", *args, "-o", name, *more, cwd=tmp_path / where)
        assert code == 0, output
        outputs.append(output)
    return outputs[0], outputs[1]


@pytest.mark.parametrize("name", ["g.ttl", "g.trig"])
def test_the_seeds_built_on_a_cluster_are_the_bytes_of_a_local_build(tmp_path, cluster, name):
    local, remote = local_and_cluster(tmp_path, cluster, SEEDS, name=name)
    assert built(tmp_path / "cluster", name) == built(tmp_path / "local", name)
    assert remote == local  # the same summary
    if name.endswith(".ttl"):  # read back by a real client, as an analyst would
        graph = Graph().parse(tmp_path / "cluster" / name)
        assert any("Thái Phúc Sơn" in str(o) for o in graph.objects())
    else:
        dataset = Dataset().parse(tmp_path / "cluster" / name, format="trig")
        assert len([g for g in dataset.graphs() if "/article/" in str(g.identifier)]) == 5


@pytest.mark.parametrize("name", ["g.ttl", "g.trig"])
def test_a_generated_corpus_built_on_a_cluster_is_the_bytes_of_a_local_build(tmp_path, cluster, corpus, name):
    local_and_cluster(tmp_path, cluster, corpus, "-q", name=name)
    assert built(tmp_path / "cluster", name) == built(tmp_path / "local", name)


def test_a_worker_that_dies_midway_is_replaced_and_the_bytes_are_the_same(tmp_path, cluster):
    died = tmp_path / "died"
    with dying_workers(cluster, died, once=True):
        local_and_cluster(tmp_path, cluster, SEEDS, "-q")
        assert died.exists()  # a worker did die (and its batch was read again by another)
    assert built(tmp_path / "cluster", "g.ttl") == built(tmp_path / "local", "g.ttl")


def test_a_build_the_cluster_cannot_finish_says_so_and_leaves_the_graph_as_it_was(tmp_path, cluster):
    assert kg("build", SEEDS, "-o", tmp_path / "g.ttl", "-q")[0] == 0
    before = built(tmp_path, "g.ttl")
    with dying_workers(cluster, tmp_path / "died", once=False):
        code, output = kg("build", SEEDS, "-o", tmp_path / "g.ttl", "--cluster", cluster)
    assert code == 1 and "Traceback" not in output and len(output.strip().splitlines()) == 1, output
    assert output.startswith(f"Error: the Dask cluster at {cluster} could not finish the build (KilledWorker: ")
    assert output.rstrip().endswith("the graph is left as it was")
    assert built(tmp_path, "g.ttl") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["died", "g.ttl", "g.ttl.articles.nq"]


def test_into_on_a_cluster_gives_the_bytes_of_into_locally(tmp_path, cluster, corpus):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for article in sorted(corpus.iterdir())[:40]:
        shutil.copy(article, first)
    for article in sorted(corpus.iterdir())[30:60]:
        shutil.copy(article, second)
    changed = sorted(second.iterdir())[0]  # met again with other facts: replaces its old ones
    shutil.copy(sorted(corpus.iterdir())[200], changed)
    for where, more in (("local", ()), ("cluster", ("--cluster", cluster))):
        (tmp_path / where).mkdir()
        assert kg("build", first, "-o", tmp_path / where / "g.ttl", "-q")[0] == 0
        code, output = kg("build", second, "--into", tmp_path / where / "g.ttl", "-q", *more)
        assert code == 0, output
    graph, record = built(tmp_path / "cluster", "g.ttl")
    assert (graph, record) == built(tmp_path / "local", "g.ttl")
    assert kg("build", changed, "-o", tmp_path / "alone.ttl", "-q")[0] == 0  # its new facts in, its old ones out
    alone = [line for line in built(tmp_path, "alone.ttl")[1].splitlines() if not line.startswith(b"#")]
    article = alone[0].rsplit(b" ", 2)[-2]
    assert [line for line in record.splitlines() if line.rsplit(b" ", 2)[-2:-1] == [article]] == alone


def test_a_bad_article_among_good_ones_is_skipped_and_reported_as_locally(tmp_path, cluster):
    articles = tmp_path / "in"
    articles.mkdir()
    for seed in sorted(SEEDS.iterdir())[:3]:
        shutil.copy(seed, articles)
    (articles / "binary.txt").write_bytes(b"\x00\x01\x02 not text \xff\xfe")
    (articles / "empty.txt").write_bytes(b"")
    local, remote = local_and_cluster(tmp_path, cluster, "../in")  # a relative path: named as given
    assert remote == local
    assert "skipped ../in/binary.txt: not a text article" in remote and "skipped ../in/empty.txt: empty" in remote
    assert built(tmp_path / "cluster", "g.ttl") == built(tmp_path / "local", "g.ttl")
    strict = [kg("build", "../in", "-o", "s.ttl", "--strict", *more, cwd=tmp_path / "local")
              for more in ((), ("--cluster", cluster))]  # --strict: the same one-line stop
    assert strict[1] == strict[0] and strict[0][1].startswith("Error: ../in/binary.txt: not a text article"), strict
    assert not (tmp_path / "local" / "s.ttl").exists()


def test_an_article_over_its_time_budget_on_a_worker_is_skipped_as_locally(tmp_path, cluster):
    articles = tmp_path / "in"
    articles.mkdir()
    for seed in sorted(SEEDS.iterdir())[:2]:
        shutil.copy(seed, articles)
    (articles / "stuck.txt").write_text(STUCK + "\n\n" + (SEEDS / "000_d729f544271d1c8c.txt").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    plugin = Stuck()
    plugin.setup(None)  # the local build gets stuck too
    try:
        with stuck_workers(cluster):
            local, remote = local_and_cluster(tmp_path, cluster, articles, "--article-seconds", "1")
    finally:
        plugin.teardown(None)
    assert remote == local and f"skipped {articles / 'stuck.txt'}: took longer than 1 s (the limit" in remote
    assert built(tmp_path / "cluster", "g.ttl") == built(tmp_path / "local", "g.ttl")


def test_the_time_budget_holds_in_a_thread_as_a_dask_task_runs(monkeypatch):
    import threading

    from kg import stream

    def never_ends(text, source, base):
        while True:
            pass

    monkeypatch.setattr(stream, "extract_ntriples", never_ends)
    done = []
    thread = threading.Thread(target=lambda: done.append(stream.extract_lines(SEEDS / "000_d729f544271d1c8c.txt",
                                                                              seconds=0.3)))
    thread.start()
    thread.join(20)
    assert not thread.is_alive() and done[0].lines is None
    assert done[0].error == (f"{SEEDS / '000_d729f544271d1c8c.txt'}: took longer than 0.3 s (the limit of one "
                             f"article; --article-seconds raises it)")


def test_an_unreachable_scheduler_is_said_in_words(tmp_path):
    with socket.socket() as s:  # a loopback port nothing listens on
        s.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{s.getsockname()[1]}"
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        code, output = kg("build", SEEDS, "-o", tmp_path / "g.ttl", "--cluster", address)
    assert code == 1 and output.startswith(f"Error: cannot reach the Dask scheduler at {address}: "), output
    assert "Traceback" not in output and len(output.strip().splitlines()) == 1
    code, output = kg("build", SEEDS, "-o", tmp_path / "g.ttl", "--cluster", "nonsense")
    assert code == 1 and output.startswith("Error: cannot reach the Dask scheduler at nonsense: "), output
    assert not list(tmp_path.iterdir())


def test_workers_and_cluster_together_are_refused(tmp_path):
    code, output = kg("build", SEEDS, "-o", tmp_path / "g.ttl", "--cluster", "tcp://127.0.0.1:8786", "--workers", "2")
    assert code == 2 and "give one of them" in output


def test_a_file_a_worker_cannot_see_names_shared_storage():
    from kg.cluster import _extract

    item = _extract("/nonexistent-vnkg/in/a.txt", "a.txt", "in/a.txt", "https://example.org/", None)
    assert item.path == "in/a.txt" and item.lines is None
    assert item.error.startswith("in/a.txt: cannot read (no such file on the Dask worker")
    assert "storage every worker sees at /nonexistent-vnkg/in/a.txt" in item.error


def test_kg_starts_without_dask():
    code = "import sys, kg.cli, kg.stream; print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout == "[]\n"


class Dying(WorkerPlugin):
    """Kills the worker process as it starts reading a batch of articles, until the file `stop` exists
    (`once`: it makes that file as it kills the first time)."""

    def __init__(self, stop: str, once: bool):
        self.stop, self.once = stop, once

    def transition(self, key, start, finish, **kwargs):
        if finish == "executing" and "_extract_batch" in str(key) and not os.path.exists(self.stop):
            if self.once:
                Path(self.stop).touch()
            os._exit(1)


class dying_workers:
    """The cluster's workers die while the block runs (`Dying`), and live again after it."""

    def __init__(self, address: str, stop: Path, once: bool):
        self.address, self.stop, self.plugin = address, stop, Dying(str(stop), once)

    def __enter__(self):
        self.client = Client(self.address, set_as_default=False)
        self.client.register_plugin(self.plugin, name=f"dying-{self.stop}")
        return self

    def __exit__(self, *exc):
        self.stop.touch()  # the plugin stays, harmless (unregistering it while workers restart can fail)
        self.client.wait_for_workers(2, timeout=300)  # those killed are restarted by their nanny (slowly on a loaded machine)
        self.client.close()


STUCK = "ĐÁNH DẤU"  # an article that starts with this line never ends being read, where `Stuck` is set up


class Stuck(WorkerPlugin):
    """Makes the extraction of a marked article (`STUCK`) never end, on the workers (or here)."""

    def setup(self, worker):
        from kg import stream

        self.real = real = stream.extract_ntriples

        def stuck(text, source, base):
            import time

            give_up = time.monotonic() + 20  # a worker with no time budget fails the test, and does not hang
            while STUCK in text and time.monotonic() < give_up:
                pass
            return real(text, source, base)

        stream.extract_ntriples = stuck

    def teardown(self, worker):
        from kg import stream

        stream.extract_ntriples = self.real


class stuck_workers:
    """`Stuck` on the cluster's workers while the block runs."""

    def __init__(self, address: str):
        self.address = address

    def __enter__(self):
        self.client = Client(self.address, set_as_default=False)
        self.client.register_plugin(Stuck(), name="stuck")
        return self

    def __exit__(self, *exc):
        self.client.unregister_worker_plugin("stuck")
        self.client.close()
