"""The panels of `kg viz`'s offline page (the time range, an official's timeline, a province's panel), in
headless Chromium from a file:// page with every other request blocked and counted (zero). What the page
shows is checked against the graph file read with rdflib, not against the program's own data."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.build import extract_corpus
from kg.rdf.namespace import PROV, SCHEMA, VNKG
from kg.viz import write_page
from tests.test_explorer_browser import HOSTILE, open_page

ID = "https://w3id.org/vnkg/id/"
TRONG = "official/nguyen-phu-trong"
BINH_PHUOC = "province/binh-phuoc"


@pytest.fixture(scope="module")
def seed_page(seed_graph_file, tmp_path_factory):
    out = tmp_path_factory.mktemp("panels") / "graph.html"
    write_page(Graph().parse(seed_graph_file), out)
    return out, Graph().parse(seed_graph_file)


def short(node) -> str:
    return str(node).removeprefix(ID)


def shown(page) -> set[str]:
    return set(page.evaluate("window.vnkg.nodes.get({filter: (n) => !n.hidden}).map((n) => n.id)"))


def held_between(g: Graph, since: str, until: str) -> set[str]:
    """What the page should still draw for a range, read from the graph: the ends of every link that held on a
    day in it (a role holding on its asOf, a conference's links on its date) or that gives no day (a merger)."""
    inside = lambda day: day is None or since <= str(day) <= until  # noqa: E731
    found: set = set()
    for h in g.subjects(RDF.type, VNKG.RoleHolding):
        if inside(g.value(h, VNKG.asOf)):
            found |= {g.value(h, VNKG.official), g.value(h, VNKG.role)}
    for c in g.subjects(RDF.type, VNKG.Conference):
        if inside(g.value(c, SCHEMA.startDate)):
            found |= {c} | {g.value(p, VNKG.official) for p in g.subjects(VNKG.conference, c)}
            found |= {o for p in (VNKG.organizedBy, VNKG.implements, VNKG.connectionPoint) for o in g.objects(c, p)}
    for a, b in g.subject_objects(VNKG.mergedInto):
        found |= {a, b}
    return {short(n) for n in found if n is not None}


def slide(page, since: dt.date, until: dt.date) -> None:
    first = dt.date.fromisoformat(page.evaluate("JSON.parse(document.getElementById('data').textContent).firstDay"))
    page.evaluate(f"""() => {{ const f = document.getElementById('from'), t = document.getElementById('to');
        t.value = '{(until - first).days}'; f.value = '{(since - first).days}';
        f.dispatchEvent(new Event('input')); }}""")


def test_the_time_slider_hides_what_did_not_hold_in_the_range(browser, seed_page):
    page_file, g = seed_page
    page, errors, requests = open_page(browser, page_file)
    everything = shown(page)
    last = max(str(d) for d in g.objects(None, VNKG.asOf))
    until = dt.date.fromisoformat(last)
    since = dt.date(until.year, 1, 1)  # the graph's last year
    slide(page, since, until)
    expected = held_between(g, since.isoformat(), until.isoformat()) & everything
    assert expected and expected != everything  # the range leaves something out
    assert shown(page) == expected
    drawn = page.evaluate("window.vnkg.edges.get({filter: (e) => !e.hidden}).map((e) => [e.from, e.to])")
    assert drawn and all(a in expected and b in expected for a, b in drawn)
    looks = page.evaluate("""(id) => { const o = window.vnkg.network.body.edges[id].options;
        return [o.arrows.to.enabled, o.color.color, o.font.align]; }""", page.evaluate("window.vnkg.edges.getIds()[0]"))
    assert looks == [True, "#9aa0a6", "middle"]  # every link's arrow, colour and label place: the page's options
    assert f"từ {since.isoformat()}" in page.text_content("#time")
    assert f"đến {until.isoformat()}" in page.text_content("#time")
    first = dt.date.fromisoformat(min(str(d) for d in g.objects(None, SCHEMA.startDate)))
    slide(page, first, until)  # the whole span again: everything is back
    assert shown(page) == everything
    assert errors == [] and requests == []


def test_an_officials_panel_lists_their_roles_over_time_with_sentence_and_article(browser, seed_page):
    page_file, g = seed_page
    page, errors, requests = open_page(browser, page_file)
    page.fill("#search", "nguyen phu trong")
    page.press("#search", "Enter")
    items = page.locator("#panel ol.timeline li")
    holdings = sorted((str(g.value(h, VNKG.asOf)), str(g.value(h, VNKG.evidence)),
                       str(g.value(g.value(h, PROV.wasDerivedFrom), VNKG.sourceFile)))
                      for h in g.subjects(VNKG.official, URIRef(ID + TRONG)) if (h, RDF.type, VNKG.RoleHolding) in g)
    texts = items.all_text_contents()
    assert len(texts) == len(holdings) > 1
    for day, sentence, article in holdings:  # each holding once, with its date, sentence and article
        assert sum(t.startswith(day) and sentence in t and article in t for t in texts) == 1
    assert [t[:10] for t in texts] == sorted(day for day, _, _ in holdings)  # in order of time
    roles = {str(g.value(g.value(h, VNKG.role), RDFS.label)) for h in g.subjects(VNKG.official, URIRef(ID + TRONG))
             if (h, RDF.type, VNKG.RoleHolding) in g}
    assert all(any(role in t for t in texts) for role in roles)
    assert page.locator("#panel h3").first.text_content() == "Nguyễn Phú Trọng"
    assert errors == [] and requests == []


def _listed(page, section: str) -> set[str]:
    return set(page.eval_on_selector_all(f'#panel [data-section="{section}"] button',
                                         "bs => bs.map(b => b.dataset.id)"))


def test_a_province_panel_shows_its_officials_conferences_and_the_merger(browser, seed_page):
    page_file, g = seed_page
    page, errors, requests = open_page(browser, page_file)
    province = URIRef(ID + BINH_PHUOC)
    page.fill("#search", "binh phuoc")
    page.dispatch_event("#search", "input")
    page.click(f"#matches button[data-id='{BINH_PHUOC}']")
    officials = {short(g.value(h, VNKG.official)) for h in g.subjects(VNKG.province, province)}
    conferences = {short(c) for c in g.subjects(VNKG.connectionPoint, province) if (c, RDF.type, VNKG.Conference) in g}
    conferences |= {short(g.value(p, VNKG.conference)) for p in g.subjects(VNKG.connectionPoint, province)
                    if (p, RDF.type, VNKG.Participation) in g}
    successors = {short(o) for o in g.objects(province, VNKG.mergedInto)}
    assert officials and _listed(page, "Quan chức") == officials
    assert conferences and _listed(page, "Hội nghị") == conferences
    assert successors and _listed(page, "Sáp nhập vào") == successors
    page.locator('#panel [data-section="Sáp nhập vào"] button').first.click()  # on to the new province
    assert page.evaluate("window.vnkg.network.getSelectedNodes()") == [sorted(successors)[0]]
    assert BINH_PHUOC in _listed(page, "Sáp nhập từ")
    assert errors == [] and requests == []


def test_hostile_texts_in_the_panels_show_as_text_and_run_nothing(browser, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.txt").write_text("Sáng 2/3/2024, Bộ Y tế tổ chức hội nghị về y tế. Bộ trưởng Bộ Y tế Đào Hồng Lan "
                                  "chủ trì hội nghị.", encoding="utf-8")
    g = extract_corpus([folder])[0].graph()
    official, old, new = (URIRef(ID + "official/hostile"), URIRef(ID + "province/old"), URIRef(ID + "province/new"))
    role, holding, article = URIRef(ID + "role/hostile"), URIRef(ID + "holding/hostile"), URIRef(ID + "article/h")
    for node, cls, label in ((official, VNKG.Official, HOSTILE[0]), (old, VNKG.Province, HOSTILE[1]),
                             (new, VNKG.Province, HOSTILE[3]), (role, VNKG.Role, HOSTILE[2])):
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(label, lang="vi")))
    g.add((old, VNKG.mergedInto, new))
    for p, o in ((RDF.type, VNKG.RoleHolding), (VNKG.official, official), (VNKG.role, role), (VNKG.province, old),
                 (VNKG.asOf, Literal("2024-03-02", datatype="http://www.w3.org/2001/XMLSchema#date")),
                 (VNKG.evidence, Literal(HOSTILE[1])), (PROV.wasDerivedFrom, article)):
        g.add((holding, p, o))
    g.add((article, VNKG.sourceFile, Literal(HOSTILE[0])))
    out = tmp_path / "hostile.html"
    write_page(g, out)
    page, errors, requests = open_page(browser, out)
    page.evaluate(f"window.vnkg.select({json.dumps(short(official))})")
    timeline = page.text_content("#panel ol.timeline")
    assert HOSTILE[2] in timeline and HOSTILE[1] in timeline and HOSTILE[0] in timeline  # role, sentence, article
    page.evaluate(f"window.vnkg.select({json.dumps(short(old))})")
    assert page.locator("#panel h3").first.text_content() == HOSTILE[1]
    assert _listed(page, "Sáp nhập vào") == {short(new)} and _listed(page, "Quan chức") == {short(official)}
    page.locator('#panel [data-section="Sáp nhập vào"] button').click()
    assert page.locator("#panel h3").first.text_content() == HOSTILE[3]
    page.mouse.move(700, 450)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img[src=x]").count() == 0 and page.locator("svg[onload]").count() == 0
    assert errors == [] and requests == []
