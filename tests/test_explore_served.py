"""The explorer that `kg serve` serves at /explore, in headless Chromium: every request that is not to the
endpoint on loopback is blocked and counted (zero). What the page shows is checked against the graph file
read with rdflib, not against the program's own answers."""
from __future__ import annotations

import datetime as dt
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.build import extract_corpus, write_corpus
from kg.rdf.namespace import PROV, SCHEMA, VNKG
from kg.serve import start
from kg.text import fold
from tests.conftest import served_page
from tests.test_explorer_browser import HOSTILE

ID = "https://w3id.org/vnkg/id/"
TRONG = ID + "official/nguyen-phu-trong"


@pytest.fixture(scope="module")
def served(seed_graph_file):
    ep = start(seed_graph_file, timeout_s=10, row_limit=50)
    yield ep, Graph().parse(seed_graph_file)
    ep.stop()


def get_json(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def open_explorer(browser, ep):
    page, errors, outside = served_page(browser, ep.url, "/explore", viewport={"width": 1400, "height": 900})
    page.wait_for_function("window.vnkg && window.vnkg.ready", timeout=60_000)
    return page, errors, outside


def neighbours(g: Graph, node: URIRef) -> set[str]:
    """What one expansion of an official should bring, read from the graph: roles held, conferences taken part
    in, provinces their roles were in."""
    found = set()
    for holding in g.subjects(VNKG.official, node):
        found |= {str(o) for p in (VNKG.role, VNKG.province, VNKG.conference) for o in g.objects(holding, p)}
    return found


def assert_expands_as_the_graph(ep, graph_file) -> None:
    """The endpoint's first page of an official's neighbours is their neighbours in the graph file."""
    status, page = get_json(ep.url + "/explore/expand?node=" + urllib.parse.quote(TRONG))
    assert status == 200 and {n["id"] for n in page["nodes"]} == neighbours(Graph().parse(graph_file), URIRef(TRONG))


def shown(page) -> set[str]:
    return set(page.evaluate("window.vnkg.nodes.get({filter: (n) => !n.hidden}).map((n) => n.id)"))


def settle(page) -> None:
    page.wait_for_function("window.vnkg.state.busy === 0")


def search_and_pick(page, text: str, wanted: str) -> None:
    page.fill("#search", text)
    page.locator(f'#results button[data-id="{wanted}"]').click()
    page.wait_for_function(f"window.vnkg.nextPage.has({json.dumps(wanted)})")
    settle(page)


def test_the_page_starts_empty_finds_without_tone_marks_and_expands_on_click(browser, served):
    ep, g = served
    page, errors, outside = open_explorer(browser, ep)
    assert page.evaluate("window.vnkg.nodes.length") == 0
    page.fill("#search", "nguyen manh cuong")
    first = page.locator("#results button").first
    assert first.get_attribute("data-id") == ID + "official/nguyen-manh-cuong"
    assert "Bình Phước" in first.text_content()  # what tells a namesake apart: title and province
    search_and_pick(page, "nguyen phu trong", TRONG)
    expected = neighbours(g, URIRef(TRONG))
    assert expected and shown(page) == expected | {TRONG}
    role = ID + "role/tong-bi-thu-ban-chap-hanh-trung-uong-dang"
    page.evaluate(f"window.vnkg.open({json.dumps(role)})")  # what a click on the node does
    page.wait_for_function(f"window.vnkg.nextPage.has({json.dumps(role)})")
    settle(page)
    holders = {str(g.value(h, VNKG.official)) for h in g.subjects(VNKG.role, URIRef(role))}
    assert holders <= shown(page)
    assert errors == [] and outside == []


def test_a_long_name_is_shortened_on_the_canvas_and_whole_on_hover(browser, served):
    ep, g = served
    page, errors, outside = open_explorer(browser, ep)
    search_and_pick(page, "nguyen phu trong", TRONG)
    drawn = page.evaluate("window.vnkg.nodes.get()")
    long = [n for n in drawn if len(str(g.value(URIRef(n["id"]), RDFS.label))) > 60]
    assert long  # the seed conferences' names run past 100 characters
    for n in long:
        name = str(g.value(URIRef(n["id"]), RDFS.label))
        assert n["label"].endswith("…") and len(n["label"]) <= 40 and name.startswith(n["label"][:-1].rstrip())
        assert n["title"].startswith(name + "\n")
    assert errors == [] and outside == []


def test_neighbours_come_a_page_at_a_time(browser, served, monkeypatch):
    ep, g = served
    monkeypatch.setattr("kg.explore.PAGE_SIZE", 2)
    page, errors, outside = open_explorer(browser, ep)
    search_and_pick(page, "nguyen phu trong", TRONG)
    expected = neighbours(g, URIRef(TRONG))
    assert len(expected) > 2 and len(shown(page) - {TRONG}) == 2
    while page.is_visible("#more"):
        page.click("#more")
        settle(page)
    assert shown(page) == expected | {TRONG}
    assert errors == [] and outside == []


def _days(g: Graph, node: URIRef) -> dict[str, set[str]]:
    """Each neighbour of an official with the days its links held on (holdings' asOf, conferences' date)."""
    days: dict[str, set[str]] = {}
    for h in g.subjects(VNKG.official, node):
        if (h, RDF.type, VNKG.RoleHolding) in g:
            for p in (VNKG.role, VNKG.province):
                for o in g.objects(h, p):
                    days.setdefault(str(o), set()).add(str(g.value(h, VNKG.asOf)))
        for c in g.objects(h, VNKG.conference):
            days.setdefault(str(c), set()).add(str(g.value(c, SCHEMA.startDate)))
    return days


def test_the_time_slider_shows_only_what_held_in_the_range(browser, served):
    ep, g = served
    page, errors, outside = open_explorer(browser, ep)
    search_and_pick(page, "nguyen phu trong", TRONG)
    data = page.evaluate("JSON.parse(document.getElementById('data').textContent)")
    first, until = dt.date.fromisoformat(data["firstDay"]), dt.date.fromisoformat(data["lastDay"])
    since = dt.date(until.year, 1, 1)  # the graph's last year
    page.evaluate(f"""() => {{ const f = document.getElementById('from'), t = document.getElementById('to');
        t.value = '{(until - first).days}'; f.value = '{(since - first).days}';
        f.dispatchEvent(new Event('input')); }}""")
    held = {n for n, days in _days(g, URIRef(TRONG)).items() if any(since.isoformat() <= d <= until.isoformat()
                                                                    for d in days)}
    assert held and held != set(_days(g, URIRef(TRONG)))  # the range leaves something out
    assert shown(page) == held | {TRONG}
    assert f"từ {since.isoformat()}" in page.text_content("#time")
    assert f"đến {until.isoformat()}" in page.text_content("#time")
    assert errors == [] and outside == []


def test_an_officials_panel_lists_their_roles_over_time_with_sentence_and_article(browser, served):
    ep, g = served
    page, errors, outside = open_explorer(browser, ep)
    search_and_pick(page, "nguyen phu trong", TRONG)
    items = page.locator("#panel ol.timeline li")
    holdings = sorted((str(g.value(h, VNKG.asOf)), str(g.value(h, VNKG.evidence)),
                       str(g.value(g.value(h, PROV.wasDerivedFrom), VNKG.sourceFile)))
                      for h in g.subjects(VNKG.official, URIRef(TRONG)) if (h, RDF.type, VNKG.RoleHolding) in g)
    texts = [items.nth(i).text_content() for i in range(items.count())]
    assert len(texts) == len(holdings) > 1
    for day, sentence, article in holdings:  # each holding once, with its date, sentence and article
        assert sum(t.startswith(day) and sentence in t and article in t for t in texts) == 1
    assert [t[:10] for t in texts] == sorted(day for day, _, _ in holdings)  # in order of time
    assert errors == [] and outside == []


def test_a_leaders_timeline_lists_the_newest_holdings_and_counts_the_earlier(browser, served, monkeypatch):
    ep, g = served
    monkeypatch.setattr("kg.explore.TIMELINE_SHOWN", 2)  # a leader named in hundreds of articles, in small
    page, errors, outside = open_explorer(browser, ep)
    search_and_pick(page, "nguyen phu trong", TRONG)
    days = sorted(str(g.value(h, VNKG.asOf)) for h in g.subjects(VNKG.official, URIRef(TRONG))
                  if (h, RDF.type, VNKG.RoleHolding) in g)
    texts = page.locator("#panel ol.timeline li").all_text_contents()
    assert len(days) > 2 and [t[:10] for t in texts] == days[-2:]  # the newest two, oldest first
    earlier = len(days) - 2
    assert page.text_content("#panel .earlier") == f"… và {earlier} lần cũ hơn (and {earlier} earlier)"
    assert errors == [] and outside == []


def test_a_province_panel_shows_its_officials_conferences_and_the_merger(browser, served):
    ep, g = served
    page, errors, outside = open_explorer(browser, ep)
    province = URIRef(ID + "province/binh-phuoc")
    search_and_pick(page, "binh phuoc", str(province))

    def listed(section: str) -> set[str]:
        return set(page.eval_on_selector_all(f'#panel [data-section="{section}"] button', "bs => bs.map(b => b.dataset.id)"))

    officials = {str(g.value(h, VNKG.official)) for h in g.subjects(VNKG.province, province)}
    conferences = {str(c) for c in g.subjects(VNKG.connectionPoint, province) if (c, RDF.type, VNKG.Conference) in g}
    conferences |= {str(g.value(p, VNKG.conference)) for p in g.subjects(VNKG.connectionPoint, province)
                    if (p, RDF.type, VNKG.Participation) in g}
    assert officials and listed("Quan chức") == officials
    assert conferences and listed("Hội nghị") == conferences
    assert listed("Sáp nhập vào") == {str(o) for o in g.objects(province, VNKG.mergedInto)} != set()
    page.locator('#panel [data-section="Sáp nhập vào"] button').first.click()  # on to the new province
    page.wait_for_function("document.querySelector('#panel [data-section=\"Sáp nhập từ\"]')")
    assert str(province) in listed("Sáp nhập từ")
    assert errors == [] and outside == []


def test_hostile_labels_are_shown_as_text_and_run_nothing(browser, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.txt").write_text("Sáng 2/3/2024, Bộ Y tế tổ chức hội nghị <img src=x onerror=window.__pwned=5> "
                                  "về y tế. Bộ trưởng Bộ Y tế Đào Hồng Lan chủ trì hội nghị.", encoding="utf-8")
    corpus = extract_corpus([folder])[0]
    graph_file = tmp_path / "graph.ttl"
    write_corpus(corpus, graph_file)
    g = Graph().parse(graph_file)
    for i, label in enumerate(HOSTILE):
        node = URIRef(f"{ID}official/hostile-{i}")
        g.add((node, RDF.type, VNKG.Official))
        g.add((node, RDFS.label, Literal(label, lang="vi")))
    g.serialize(graph_file, format="turtle")
    ep = start(graph_file, timeout_s=10)
    try:
        page, errors, outside = open_explorer(browser, ep)
        for i, label in enumerate(HOSTILE):
            search_and_pick(page, label, f"{ID}official/hostile-{i}")
            assert page.locator("#panel h3").first.text_content() == label
        page.fill("#search", "img src")
        conference = page.locator(f'#results button[data-id^="{ID}conference/"]').first
        assert "<img src=x" in conference.text_content()
        conference.click()
        settle(page)
        page.mouse.move(700, 450)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("img[src=x]").count() == 0 and page.locator("svg[onload]").count() == 0
        assert errors == [] and outside == []
    finally:
        ep.stop()


def test_the_api_answers_bad_requests_in_one_line_of_json(served):
    ep, g = served
    assert get_json(ep.url + "/explore/expand?node=" + urllib.parse.quote(ID + "official/nobody")) == \
        (404, {"error": f"no entity of the graph is {ID + 'official/nobody'!r}"})
    status, answer = get_json(ep.url + "/explore/expand?offset=x&node=" + urllib.parse.quote(TRONG))
    assert status == 400 and "offset='x'" in answer["error"]
    status, answer = get_json(ep.url + "/explore/expand?node=" + urllib.parse.quote("<x> } DROP ALL { <y>"))
    assert status == 404  # a node the index does not know never reaches a query
    status, answer = get_json(ep.url + "/explore/search?q=" + urllib.parse.quote("TRỌNG"))
    named = {str(n) for p in (RDFS.label, SKOS.altLabel) for n, name in g.subject_objects(p)
             if "trong" in fold(str(name)).split() and (n, RDF.type, VNKG.Role) not in g}  # roles: none so named
    assert status == 200 and TRONG in named and {r["id"] for r in answer["results"]} == named


def test_search_and_expansion_answer_from_memory_with_no_query_worker(seed_graph_file):
    """The neighbour table and the namesakes' titles are worked out when the endpoint starts: a search and a
    hub's page of neighbours run no query, so they answer even with every query worker gone."""
    ep = start(seed_graph_file, timeout_s=2)
    g = Graph().parse(seed_graph_file)
    try:
        ep.pool.close()
        status, found = get_json(ep.url + "/explore/search?q=" + urllib.parse.quote("nguyen manh cuong"))
        assert status == 200, found
        assert found["results"][0]["id"] == ID + "official/nguyen-manh-cuong"
        assert "Bình Phước" in found["results"][0]["hint"]
        status, page = get_json(ep.url + "/explore/expand?node=" + urllib.parse.quote(TRONG))
        assert status == 200, page
        assert {n["id"] for n in page["nodes"]} == neighbours(g, URIRef(TRONG))
    finally:
        ep.stop()


def _ranked(g: Graph, node: URIRef) -> list[tuple[str, str, bool, int]]:
    """Every link of `node` read from the graph with rdflib: (neighbour, label, points from node, how many facts
    make it), most facts first, then by neighbour and label: the order the explorer's pages follow."""
    count: dict[tuple[str, str, bool], set] = {}

    def link(a, b, label, fact):
        if a == node:
            count.setdefault((str(b), label, True), set()).add(fact)
        if b == node:
            count.setdefault((str(a), label, False), set()).add(fact)

    for h in g.subjects(RDF.type, VNKG.RoleHolding):
        official = g.value(h, VNKG.official)
        link(official, g.value(h, VNKG.role), "giữ chức vụ", h)
        for place in g.objects(h, VNKG.province):
            link(official, place, "chức vụ tại", h)
    for p in g.subjects(RDF.type, VNKG.Participation):
        link(g.value(p, VNKG.official), g.value(p, VNKG.conference), "tham dự", p)
    for prop, label in {VNKG.organizedBy: "tổ chức bởi", VNKG.implements: "triển khai",
                        VNKG.connectionPoint: "điểm cầu"}.items():
        for c, target in g.subject_objects(prop):
            if (c, RDF.type, VNKG.Conference) in g:
                link(c, target, label, (c, target))
    for a, b in g.subject_objects(VNKG.mergedInto):
        link(a, b, "sáp nhập vào", (a, b))
    rows = [(m, label, out, len(facts)) for (m, label, out), facts in count.items()]
    return sorted(rows, key=lambda r: (-r[3], r[0], r[1]))


@pytest.mark.parametrize("hub", ["official/nguyen-phu-trong", "province/thanh-hoa", "official/do-trong-hung",
                                 "conference/2023-12-19-hoi-nghi-ngoai-giao-lan-thu-32"])
def test_a_hubs_pages_list_every_link_once_most_linked_first(served, monkeypatch, hub):
    ep, g = served
    monkeypatch.setattr("kg.explore.PAGE_SIZE", 2)
    node = ID + hub
    expected = _ranked(g, URIRef(node))
    assert len(expected) > 2
    got, offset = [], 0
    while offset is not None:
        status, page = get_json(ep.url + f"/explore/expand?offset={offset}&node=" + urllib.parse.quote(node))
        assert status == 200 and len(page["edges"]) <= 2
        for e in page["edges"]:
            out = e["from"] == node
            got.append((e["to"] if out else e["from"], e["label"], out))
        offset = page["next"]
    assert got == [(m, label, out) for m, label, out, _ in expected]


def test_the_table_is_kept_beside_a_kept_store_and_read_back(seed_graph_file, tmp_path, monkeypatch):
    """The first start on a kept store works the links out and saves them there; the next start reads them
    back (working them out again would fail here), and a store loaded with another graph gets its own."""
    from kg.explore_table import FILE

    store = tmp_path / "store"
    ep = start(seed_graph_file, store_dir=store, timeout_s=10)
    ep.stop()
    saved = (store / FILE).read_bytes()

    def refuse(*args, **kwargs):
        raise AssertionError("the links were worked out again")

    monkeypatch.setattr("kg.explore.compute", refuse)
    ep = start(seed_graph_file, store_dir=store, timeout_s=10)
    try:
        assert_expands_as_the_graph(ep, seed_graph_file)
    finally:
        ep.stop()
    monkeypatch.undo()
    other = tmp_path / "other.ttl"
    g = Graph().parse(seed_graph_file)
    g.remove((None, VNKG.mergedInto, None))
    g.serialize(other, format="turtle")
    ep = start(other, store_dir=store, timeout_s=10)
    ep.stop()
    assert (store / FILE).read_bytes() != saved


def test_search_reads_an_officials_roles_and_provinces_and_a_conferences_resolution_and_places(served):
    """Every word typed starts a word of the entity's names or of the names of what it is known by: an
    official's roles and provinces, a conference's organisers, resolutions and places (read here with rdflib)."""
    ep, g = served

    def names(n) -> str:
        return " ".join(str(x) for p in (RDFS.label, SKOS.altLabel) for x in g.objects(n, p))

    def known_by(n) -> str:
        linked = [o for h in g.subjects(VNKG.official, n) if (h, RDF.type, VNKG.RoleHolding) in g
                  for p in (VNKG.role, VNKG.province) for o in g.objects(h, p)]
        if (n, RDF.type, VNKG.Conference) in g:
            linked += [o for p in (VNKG.organizedBy, VNKG.implements, VNKG.connectionPoint) for o in g.objects(n, p)]
        return " ".join([names(n), *map(names, linked)])

    entities = {n for cls in (VNKG.Official, VNKG.Role, VNKG.Conference, VNKG.Resolution, VNKG.Province,
                              VNKG.Organization, VNKG.Country) for n in g.subjects(RDF.type, cls)}
    for text, one in [("bi thu tinh uy thanh hoa", ID + "official/do-trong-hung"),
                      ("nghi quyet xiii binh phuoc", None), ("chu tich ha tinh", None)]:
        expected = {str(n) for n in entities
                    if all(any(word.startswith(w) for word in re.findall(r"\w+", fold(known_by(n))))
                           for w in fold(text).split())}
        status, answer = get_json(ep.url + "/explore/search?q=" + urllib.parse.quote(text))
        assert status == 200 and answer["total"] == len(expected) > 0
        assert {r["id"] for r in answer["results"]} == expected
        assert one is None or one in expected
    conference = {r["id"] for r in get_json(ep.url + "/explore/search?q=nghi+quyet+xiii+binh+phuoc")[1]["results"]}
    assert all(r.startswith(ID + "conference/") for r in conference)  # the conference of that resolution, there


def test_a_province_panel_cut_to_its_newest_says_how_many_there_are(browser, served, monkeypatch):
    ep, g = served
    monkeypatch.setattr("kg.explore.PLACE_SHOWN", 1)  # a big province's thousands, in small
    province = URIRef(ID + "province/thanh-hoa")
    latest: dict[str, str] = {}
    for h in g.subjects(VNKG.province, province):
        official = str(g.value(h, VNKG.official))
        latest[official] = max(latest.get(official, ""), str(g.value(h, VNKG.asOf)))
    conferences = {str(c) for c in g.subjects(VNKG.connectionPoint, province) if (c, RDF.type, VNKG.Conference) in g}
    conferences |= {str(g.value(p, VNKG.conference)) for p in g.subjects(VNKG.connectionPoint, province)
                    if (p, RDF.type, VNKG.Participation) in g}
    assert len(latest) > 1 and len(conferences) == 1  # the officials are cut, the conference is not
    page, errors, outside = open_explorer(browser, ep)
    search_and_pick(page, "thanh hoa", str(province))
    box = page.locator('#panel [data-section="Quan chức"]')
    total = len(latest)
    assert box.locator("button").count() == 1 and box.locator("h3").text_content().endswith(f"(1 / {total})")
    assert box.locator(".cut").text_content() == f"… chỉ hiện 1 mới nhất trong {total} (the newest 1 of {total})"
    box = page.locator('#panel [data-section="Hội nghị"]')
    assert box.locator("h3").text_content().endswith("(1)") and box.locator(".cut").count() == 0
    newest = max(latest.values())
    assert page.locator('#panel [data-section="Quan chức"] button').get_attribute("data-id") == \
        min(o for o, day in latest.items() if day == newest)
    assert errors == [] and outside == []


def test_the_word_index_finds_every_entity_with_a_word_starting_so():
    """kg.explore.Words against the plain rule (some word of the entity starts with the prefix), on words
    that share starts, a word that is another's start, the first and last words, and none."""
    from kg.explore import Words

    texts = ["nguyen van an", "van", "vang anh", "an", "zz", ""]
    words = Words(texts)
    for prefix in ["v", "van", "vang", "vanx", "a", "an", "anh", "n", "z", "zz", "zzz", "0", "ê"]:
        expected = [any(w.startswith(prefix) for w in t.split()) for t in texts]
        assert words.having(prefix).tolist() == expected, prefix


def test_a_damaged_saved_table_is_worked_out_again(seed_graph_file, tmp_path):
    from kg.explore_table import FILE

    store = tmp_path / "store"
    start(seed_graph_file, store_dir=store, timeout_s=10).stop()
    good = (store / FILE).read_bytes()
    (store / FILE).write_bytes(good[: len(good) // 2])  # a disk filled, a copy cut short
    ep = start(seed_graph_file, store_dir=store, timeout_s=10)
    try:
        assert_expands_as_the_graph(ep, seed_graph_file)
    finally:
        ep.stop()
    assert (store / FILE).read_bytes() == good


def test_conferences_with_no_date_and_no_holdings_are_expanded(tmp_path):
    """A graph with no day at all (a conference without a date, its organiser): the table has no day to
    index, and the page of links says so with empty days."""
    g = Graph()
    conference, body = URIRef(ID + "conference/undated"), URIRef(ID + "organization/bo-y-te")
    g.add((conference, RDF.type, VNKG.Conference))
    g.add((conference, RDFS.label, Literal("Hội nghị không ngày", lang="vi")))
    g.add((body, RDF.type, VNKG.Organization))
    g.add((body, RDFS.label, Literal("Bộ Y tế", lang="vi")))
    g.add((conference, VNKG.organizedBy, body))
    graph_file = tmp_path / "undated.ttl"
    g.serialize(graph_file, format="turtle")
    ep = start(graph_file, timeout_s=10)
    try:
        status, page = get_json(ep.url + "/explore/expand?node=" + urllib.parse.quote(str(conference)))
        assert status == 200 and page["edges"] == [{"from": str(conference), "to": str(body),
                                                    "label": "tổ chức bởi", "days": []}]
        status, found = get_json(ep.url + "/explore/search?q=bo+y+te")
        assert {r["id"] for r in found["results"]} == {str(conference), str(body)}  # found by its organiser too
    finally:
        ep.stop()
