"""The explorer page in a real browser: headless Chromium from Debian, network off.

Where Chromium is not installed the tests skip with a loud reason (make test
installs it with apt-get where it can); they never pass without a browser.
"""
from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.build import extract_corpus
from kg.rdf.namespace import VNKG
from kg.viz import TYPES, Selection, entity_network, page_data, select, write_page
from tests.conftest import ROOT, SEEDS

ID = "https://w3id.org/vnkg/id/"


def open_page(browser, page_file: Path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(page_file.as_uri())
    page.wait_for_function("window.vnkg && window.vnkg.ready", timeout=90_000)
    return page, errors, requests


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory):
    graph = extract_corpus([SEEDS])[0].graph()
    out = tmp_path_factory.mktemp("page") / "graph.html"
    write_page(graph, out)
    data = page_data(select(entity_network(graph, Selection()), Selection()))
    return out, len(data["nodes"]), len(data["edges"])


def test_seed_graph_loads_offline_searches_and_shows_no_error(browser, seed_page):
    page_file, n_nodes, n_edges = seed_page
    page, errors, requests = open_page(browser, page_file)
    assert page.evaluate("window.vnkg.nodes.length") == n_nodes
    assert page.evaluate("window.vnkg.edges.length") == n_edges
    assert page.evaluate("window.vnkg.network.physics.physicsEnabled") is False  # settled and stopped
    page.fill("#search", "nguyen phu trong")  # tone marks optional
    page.press("#search", "Enter")
    assert page.evaluate("window.vnkg.network.getSelectedNodes()") == ["official/nguyen-phu-trong"]
    assert "Tổng Bí thư" in page.text_content("#details")
    page.click("text=Xem lân cận")
    visible = page.evaluate("window.vnkg.nodes.get({filter: n => !n.hidden}).length")
    assert 1 < visible < n_nodes
    page.uncheck("input[data-type=organization]")
    assert page.evaluate("window.vnkg.nodes.get({filter: n => n.kind === 'organization' && !n.hidden}).length") == 0
    shot = ROOT / "out" / "explorer-test.png"
    shot.parent.mkdir(exist_ok=True)
    page.click("text=Hiện tất cả")
    page.check("input[data-type=organization]")
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    assert errors == [] and requests == []


HOSTILE = ['<img src=x onerror="window.__pwned=1">', "<script>window.__pwned=2</script>",
           'javascript:window.__pwned=3', '"><svg onload="window.__pwned=4">']


def test_hostile_labels_show_as_text_and_run_nothing(browser, tmp_path):
    g = Graph()
    for i, label in enumerate(HOSTILE):
        node = URIRef(f"{ID}official/hostile-{i}")
        g.add((node, RDF.type, VNKG.Official))
        g.add((node, RDFS.label, Literal(label, lang="vi")))
    # and one arrives through an article: a conference name holding markup
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.txt").write_text("Sáng 2/3/2024, Bộ Y tế tổ chức hội nghị <img src=x onerror=window.__pwned=5> "
                                  "về y tế. Bộ trưởng Bộ Y tế Đào Hồng Lan chủ trì hội nghị.", encoding="utf-8")
    g += extract_corpus([folder])[0].graph()
    out = tmp_path / "hostile.html"
    write_page(g, out, Selection(isolated=True))
    page, errors, requests = open_page(browser, out)
    for i in range(len(HOSTILE)):
        page.evaluate(f"window.vnkg.network.selectNodes(['official/hostile-{i}'])")
        page.fill("#search", HOSTILE[i][:12])
        page.dispatch_event("#search", "input")
    page.fill("#search", "img src")
    page.dispatch_event("#search", "input")
    page.click("#matches button >> nth=0")
    assert "<img" in page.text_content("#details")
    page.mouse.move(700, 450)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img[src=x]").count() == 0 and page.locator("svg[onload]").count() == 0
    assert errors == [] and requests == []


def test_a_two_thousand_node_graph_becomes_usable(browser, tmp_path):
    rng = random.Random(7)
    g = Graph()
    conferences = [URIRef(f"{ID}conference/c{i}") for i in range(200)]
    for c in conferences:
        g.add((c, RDF.type, VNKG.Conference))
        g.add((c, RDFS.label, Literal(f"Hội nghị {c[-4:]}", lang="vi")))
    for i in range(1800):
        o = URIRef(f"{ID}official/o{i}")
        g.add((o, RDF.type, VNKG.Official))
        g.add((o, RDFS.label, Literal(f"Nguyễn Văn {i}", lang="vi")))
        p = URIRef(f"{ID}participation/p{i}")
        g.add((p, RDF.type, VNKG.Participation))
        g.add((p, VNKG.official, o))
        g.add((p, VNKG.conference, rng.choice(conferences)))
        g.add((p, VNKG.participationKind, VNKG.Attendee))
    out = tmp_path / "big.html"
    assert write_page(g, out) == (2000, 1800)
    page, errors, requests = open_page(browser, out)
    assert page.evaluate("window.vnkg.nodes.length") == 2000
    assert errors == [] and requests == []


ON_SCREEN = """() => { const net = window.vnkg.network, scale = net.getScale();
  return window.vnkg.nodes.get({ filter: (n) => !n.hidden }).map((n) => {
    const label = net.body.nodes[n.id].labelModule;
    const cap = label.elementOptions.scaling.label.maxVisible;  // vis draws no label larger than this
    return [n.id, Math.min(label.fontOptions.size * scale, cap === undefined ? Infinity : Number(cap))]; }); }"""


def test_labels_are_readable_when_the_page_opens(browser, seed_page):
    """Every label of the seed graph renders at 11 px or more once the layout is fitted to a 1400×900 window."""
    page, errors, requests = open_page(browser, seed_page[0])
    sizes = dict(page.evaluate(ON_SCREEN))
    assert len(sizes) == seed_page[1] and all(math.isfinite(px) for px in sizes.values())
    small = {n: round(px, 1) for n, px in sizes.items() if px < 11}
    assert small == {}
    assert errors == [] and requests == []


LONG = ("Hội nghị toàn quốc quán triệt, triển khai thực hiện Nghị quyết Hội nghị lần thứ tám Ban Chấp hành "
        "Trung ương Đảng khóa XIII về Chiến lược bảo vệ Tổ quốc trong tình hình mới")


def test_a_long_label_is_shortened_on_the_canvas_and_whole_on_hover_and_in_details(browser, tmp_path):
    g = Graph()
    conference, official, part = (URIRef(f"{ID}conference/long"), URIRef(f"{ID}official/a"), URIRef(f"{ID}p/1"))
    g.add((conference, RDF.type, VNKG.Conference))
    g.add((conference, RDFS.label, Literal(LONG, lang="vi")))
    g.add((official, RDF.type, VNKG.Official))
    g.add((official, RDFS.label, Literal("Lê Văn A", lang="vi")))
    for p, o in ((RDF.type, VNKG.Participation), (VNKG.official, official), (VNKG.conference, conference)):
        g.add((part, p, o))
    out = tmp_path / "long.html"
    write_page(g, out)
    page, errors, requests = open_page(browser, out)
    drawn = page.evaluate("window.vnkg.nodes.get('conference/long').label")
    assert len(LONG) > 150 and len(drawn) <= 40 and drawn.endswith("…") and LONG.startswith(drawn[:-1].rstrip())
    x, y = page.evaluate("""() => { const net = window.vnkg.network;
      const p = net.canvasToDOM(net.getPositions(['conference/long'])['conference/long']);
      const box = document.getElementById('graph').getBoundingClientRect();
      return [p.x + box.left, p.y + box.top]; }""")
    page.mouse.move(x, y)
    page.wait_for_selector("div.vis-tooltip", state="visible")
    assert LONG in page.text_content("div.vis-tooltip")
    page.mouse.click(x, y)
    assert LONG in page.text_content("#details")
    assert errors == [] and requests == []


# what each vis-network shape looks like: its outline's tag and vertex count, and where its lone vertex points
SHAPE_LOOKS = {"dot": ("circle", 0, None), "diamond": ("polygon", 4, "up"), "square": ("polygon", 4, None),
               "star": ("polygon", 10, "up"), "triangle": ("polygon", 3, "up"),
               "triangleDown": ("polygon", 3, "down"), "hexagon": ("polygon", 6, None)}


def _lone_vertex(points: list[tuple[float, float]]) -> str | None:
    """'up' when one vertex alone is the highest, 'down' when one alone is the lowest, else None."""
    ys = sorted(round(y, 1) for _, y in points)
    return "up" if ys[0] < ys[1] else "down" if ys[-1] > ys[-2] else None


def test_the_legend_draws_each_types_shape_in_its_colour(browser, tmp_path):
    g = Graph()
    for cls, (key, *_rest) in TYPES.items():
        node = URIRef(f"{ID}{key}/x")
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(f"một {key}", lang="vi")))
    out = tmp_path / "legend.html"
    write_page(g, out, Selection(isolated=True))
    page, errors, requests = open_page(browser, out)
    drawn = page.evaluate("""() => [...document.querySelectorAll('#legend label')].map((row) => {
      const type = row.querySelector('input').dataset.type, mark = row.querySelector('svg > *');
      const node = window.vnkg.nodes.get({ filter: (n) => n.kind === type })[0];
      return { type, nodeShape: node.shape, nodeColour: node.color, tag: mark && mark.tagName,
               fill: mark && mark.getAttribute('fill'),
               points: mark && mark.tagName === 'polygon' ? [...mark.points].map((p) => [p.x, p.y]) : [] }; })""")
    assert sorted(row["type"] for row in drawn) == sorted(key for key, *_rest in TYPES.values())
    for row in drawn:
        tag, vertices, lone = SHAPE_LOOKS[row["nodeShape"]]
        assert (row["type"], row["tag"], len(row["points"]), row["fill"]) == \
            (row["type"], tag, vertices, row["nodeColour"])
        if vertices:
            assert (row["type"], _lone_vertex(row["points"])) == (row["type"], lone)
    assert errors == [] and requests == []


def _articles(folder: Path, texts: dict[str, str]) -> Graph:
    folder.mkdir()
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return extract_corpus([folder])[0].graph()


def _quoted(text: str) -> list[str]:
    return [part.split("”", 1)[0] for part in text.split("“")[1:]]


def _screen_point(page, *ids: str) -> tuple[float, float]:
    """Where on the page the middle of these nodes is drawn."""
    return tuple(page.evaluate("""(ids) => { const net = window.vnkg.network, at = net.getPositions(ids);
      const box = document.getElementById('graph').getBoundingClientRect();
      const x = ids.reduce((s, id) => s + at[id].x, 0) / ids.length, y = ids.reduce((s, id) => s + at[id].y, 0) / ids.length;
      const p = net.canvasToDOM({ x, y }); return [p.x + box.left, p.y + box.top]; }""", list(ids)))


def test_tooltips_and_details_quote_three_sentences_and_count_the_rest(browser, tmp_path):
    texts = {f"a{d}": f"Ngày {d}/5/2024, Bộ trưởng Bộ Y tế Đào Hồng Lan chủ trì hội nghị về công tác y tế số {d} "
                      f"của ngành." for d in range(2, 10)}
    g = _articles(tmp_path / "in", texts)
    out = tmp_path / "many.html"
    write_page(g, out)
    data = page_data(select(entity_network(g, Selection()), Selection()))
    official = next(n for n in data["nodes"] if n["id"] == "official/dao-hong-lan")
    held = next(e for e in data["edges"] if e["from"] == official["id"] and e["to"] == "role/bo-truong-bo-y-te")
    titles = [line for line in official["title"].splitlines() if line.startswith("• ")]
    assert titles == ["• Bộ trưởng Bộ Y tế — Bộ Y tế (2024-05-02 … 2024-05-09, 8 ngày)"]  # not all eight dates
    for title in (official["title"], held["title"]):
        shown = _quoted(title)
        assert len(set(shown)) == 3 and all(any(s in text for text in texts.values()) for s in shown)
        assert "and 5 more" in title
    page, errors, requests = open_page(browser, out)
    page.mouse.move(*_screen_point(page, official["id"]))
    page.wait_for_selector("div.vis-tooltip", state="visible")
    tip = page.text_content("div.vis-tooltip")
    assert len(_quoted(tip)) == 3 and "and 5 more" in tip
    page.fill("#search", "dao hong lan")
    page.press("#search", "Enter")
    details = page.text_content("#details")
    assert len(_quoted(details)) == 3 and "and 5 more" in details and "Bộ trưởng Bộ Y tế" in details
    page.mouse.click(*_screen_point(page, official["id"], "role/bo-truong-bo-y-te"))  # the link between them
    details = page.text_content("#details")
    assert details.startswith("Bộ trưởng Bộ Y tế") and len(_quoted(details)) == 3 and "and 5 more" in details
    assert errors == [] and requests == []


def test_the_search_tells_two_people_of_one_name_apart(browser, tmp_path):
    """Titles of two provinces on one day: two people named Hoàng Văn Nghiệm, each listed once with theirs."""
    g = _articles(tmp_path / "in", {
        "ls": "Ngày 5/3/2024, Phó Chủ tịch UBND tỉnh Lạng Sơn Hoàng Văn Nghiệm dự hội nghị tổng kết công tác năm.",
        "cm": "Ngày 5/3/2024, Giám đốc Sở Y tế tỉnh Cà Mau Hoàng Văn Nghiệm phát biểu tại hội nghị triển khai "
              "nhiệm vụ năm 2024."})
    lang_son, ca_mau = "official/hoang-van-nghiem--lang-son", "official/hoang-van-nghiem--ca-mau"
    out = tmp_path / "twins.html"
    write_page(g, out)
    page, errors, requests = open_page(browser, out)
    page.fill("#search", "hoang van nghiem")
    page.dispatch_event("#search", "input")
    rows = page.evaluate("[...document.querySelectorAll('#matches button')].map((b) => [b.dataset.id, b.textContent])")
    listed = dict(rows)
    assert sorted(listed) == sorted([lang_son, ca_mau]) and len(rows) == 2  # each once
    assert "Hoàng Văn Nghiệm" in listed[lang_son] and "Hoàng Văn Nghiệm" in listed[ca_mau]
    assert "Lạng Sơn" in listed[lang_son] and "Phó Chủ tịch" in listed[lang_son] and "Cà Mau" not in listed[lang_son]
    assert "Cà Mau" in listed[ca_mau] and "Giám đốc Sở Y tế" in listed[ca_mau] and "Lạng Sơn" not in listed[ca_mau]
    page.click(f"#matches button[data-id='{ca_mau}']")
    assert page.evaluate("window.vnkg.network.getSelectedNodes()") == [ca_mau]
    assert "Cà Mau" in page.text_content("#details")
    assert errors == [] and requests == []
