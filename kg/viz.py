"""The explorer page: the graph as an interactive network that works offline.

The network is built with pyvis (nodes, edges, options) and written into
kg/static/explorer.html together with pyvis's own copy of vis-network, so the
page loads nothing from a network. Every text is data: labels are drawn on a
canvas, tooltips and lists are set as text, and the JSON is embedded with
"<" escaped, so a name holding `<script>` shows as text and runs nothing.

Nodes are sized by PageRank; officials link to their roles ("giữ chức vụ") and
to the conferences they took part in (the strongest kind: chủ trì, phát biểu,
trình bày, dự); conferences link to their organisers, resolutions and
connection points. Tooltips carry dates and the newest few evidence sentences with their
articles (the others are counted, not quoted: a leader can have hundreds).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.errors import MAX_NODES, KgError
from kg.rdf.namespace import SCHEMA, VNKG
from kg.static import script_json
from kg.text import fold
from kg.viztext import Said, days_held, quoted, said_by, short_label


TYPES = {  # class: (key, Vietnamese name, colour, shape)
    VNKG.Official: ("official", "Quan chức", "#e15759", "dot"),
    VNKG.Role: ("role", "Chức vụ", "#f28e2b", "diamond"),
    VNKG.Conference: ("conference", "Hội nghị", "#4e79a7", "star"),
    VNKG.Resolution: ("resolution", "Nghị quyết", "#b07aa1", "square"),
    VNKG.Province: ("province", "Tỉnh, thành phố", "#59a14f", "triangle"),
    VNKG.Organization: ("organization", "Tổ chức", "#76b7b2", "hexagon"),
    VNKG.Country: ("country", "Quốc gia", "#edc948", "triangleDown"),
}
KIND_ORDER = [(VNKG.Chair, "chủ trì"), (VNKG.Speaker, "phát biểu"), (VNKG.Presenter, "trình bày"),
              (VNKG.Attendee, "dự")]
CONFERENCE_LINKS = {VNKG.organizedBy: "tổ chức bởi", VNKG.implements: "triển khai", VNKG.connectionPoint: "điểm cầu"}
PLACE_LINKS = {VNKG.mergedInto: "sáp nhập vào"}  # a province of before 1 July 2025 → the one it became part of


def type_keys(text: str | None) -> set[str] | None:
    """The keys a `--types` list names (None: every type). A name no type has is refused with the
    valid ones: drawing nothing of it would write an empty page and look like success."""
    if not text:
        return None
    wanted = {t.strip() for t in text.split(",") if t.strip()}
    valid = [key for key, _, _, _ in TYPES.values()]
    unknown = sorted(wanted - set(valid))
    if unknown or not wanted:
        named = ", ".join(repr(u) for u in unknown) or repr(text)
        raise KgError(f"--types {named}: not a type to draw; the types are {', '.join(valid)}")
    return wanted


@dataclass
class Selection:
    """Which part of the graph to draw."""

    focus: str | None = None
    depth: int = 1
    types: set[str] | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    max_nodes: int = MAX_NODES
    isolated: bool = False  # also draw entities that are only mentioned, linked to nothing


@dataclass
class Network:
    nodes: dict[str, dict] = field(default_factory=dict)
    edges: list[dict] = field(default_factory=list)


def _label(g: Graph, node) -> str:
    return str(g.value(node, RDFS.label) or node)


def _date(g: Graph, node, prop) -> dt.date | None:
    value = g.value(node, prop)
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value is not None else None
    except ValueError:
        return None


def _in_period(day: dt.date | None, sel: Selection) -> bool:
    if day is None:
        return sel.since is None and sel.until is None
    return (sel.since is None or day >= sel.since) and (sel.until is None or day <= sel.until)


def _node_id(node: URIRef) -> str:
    """A short id with no web address in it: the IRI's last path parts."""
    return str(node).split("/id/", 1)[-1]


def _entities(g: Graph, sel: Selection) -> dict[str, dict]:
    """The nodes: each entity with its type, what it is also called and, for a conference, its date."""
    nodes = {}
    for cls, (key, name, _, _) in TYPES.items():
        for node in sorted(g.subjects(RDF.type, cls)):
            day = _date(g, node, SCHEMA.startDate)
            if cls == VNKG.Conference and not _in_period(day, sel):
                continue
            alts = sorted({str(a) for a in g.objects(node, SKOS.altLabel)} - {_label(g, node)})
            lines = [f"{name}: {_label(g, node)}"] + ([f"cũng gọi: {'; '.join(alts[:5])}"] if alts else [])
            lines += [f"ngày: {day.isoformat()}"] if day else []
            nodes[_node_id(node)] = {"id": _node_id(node), "label": _label(g, node), "type": key, "lines": lines,
                                     "search": fold(" ".join([_label(g, node), *alts])),
                                     "hint": f"{name}{', ' + day.isoformat() if day else ''}",
                                     "day": day.isoformat() if day and cls == VNKG.Conference else ""}
    return nodes


def held_roles(g: Graph, sel: Selection):
    """Each role holding the page shows (one in the period, when one is chosen), in IRI order:
    (holding, official, role, its date, its scope: the labels of its province and organisation)."""
    for holding in sorted(g.subjects(RDF.type, VNKG.RoleHolding)):
        official, role = g.value(holding, VNKG.official), g.value(holding, VNKG.role)
        day = _date(g, holding, VNKG.asOf)
        if official is None or role is None or not _in_period(day, sel) and (sel.since or sel.until):
            continue
        yield holding, official, role, day, [_label(g, s) for p in (VNKG.province, VNKG.organization)
                                             for s in g.objects(holding, p)]


def _holdings(g: Graph, sel: Selection, net: Network) -> None:
    """Official → role edges (with the days they held on), each official's titles with their dates, and their
    latest title with its province as the hint that tells them from a namesake (`official/{name}--{province}`)."""
    held: dict[str, dict[str, set[str]]] = {}
    latest: dict[str, tuple[str, str]] = {}
    for holding, official, role, day, scope in held_roles(g, sel):
        title = f"{_label(g, role)}{' — ' + ', '.join(scope) if scope else ''}"
        net.edges.append({"from": _node_id(official), "to": _node_id(role), "label": "giữ chức vụ",
                          "lines": [title], "said": {said_by(g, holding, day)},
                          "days": {day.isoformat()} if day else set()})
        held.setdefault(_node_id(official), {}).setdefault(title, set()).add(day.isoformat() if day else "?")
        where = sorted(_label(g, p) for p in g.objects(holding, VNKG.province))
        hint = (day.isoformat() if day else "", f"{_label(g, role)}{' — ' + ', '.join(where) if where else ''}")
        latest[_node_id(official)] = max(latest.get(_node_id(official), hint), hint)
    for official, titles in held.items():
        if official in net.nodes:
            net.nodes[official]["lines"] += [f"• {t} ({days_held(days)})" for t, days in sorted(titles.items())]
            net.nodes[official]["hint"] = latest[official][1]


def _participations(g: Graph, net: Network) -> None:
    for part in sorted(g.subjects(RDF.type, VNKG.Participation)):
        official, conference = g.value(part, VNKG.official), g.value(part, VNKG.conference)
        kinds = set(g.objects(part, VNKG.participationKind))
        label = next((name for term, name in KIND_ORDER if term in kinds), "dự")
        point = [_label(g, p) for p in g.objects(part, VNKG.connectionPoint)]
        net.edges.append({"from": _node_id(official), "to": _node_id(conference), "label": label,
                          "lines": [f"{label}{' — điểm cầu ' + point[0] if point else ''}"],
                          "said": {said_by(g, part, _date(g, conference, SCHEMA.startDate))}})


def entity_network(g: Graph, sel: Selection) -> Network:
    """Nodes and labelled edges of the graph, before any focus or type filter."""
    net = Network(_entities(g, sel))
    _holdings(g, sel, net)
    _participations(g, net)
    for prop, label in CONFERENCE_LINKS.items():
        for conference, target in sorted(g.subject_objects(prop)):
            if (conference, RDF.type, VNKG.Conference) in g:
                net.edges.append({"from": _node_id(conference), "to": _node_id(target), "label": label,
                                  "lines": [label], "said": set()})
    for prop, label in PLACE_LINKS.items():
        for old, new in sorted(g.subject_objects(prop)):
            net.edges.append({"from": _node_id(old), "to": _node_id(new), "label": label, "lines": [label],
                              "said": set()})
    net.edges = [e for e in net.edges if e["from"] in net.nodes and e["to"] in net.nodes]
    return net


def _no_such_name(focus: str) -> str:
    return f"--focus {focus!r}: no node of the graph has that name"


def _missing_focus(net: Network, focus: str) -> str:
    """Why a focus draws nothing: its name matches no node, or only nodes of types `--types` leaves out."""
    wanted = fold(focus)
    left_out = sorted({d["type"] for d in net.nodes.values() if wanted in d["search"]})
    if not left_out:
        return _no_such_name(focus)
    kinds = " and ".join(f"{'an' if key[0] in 'aeiou' else 'a'} {key}" for key in left_out)
    return f"{focus!r} is {kinds}, which --types leaves out"


def select(net: Network, sel: Selection) -> Network:
    """Keep the chosen types and the neighbourhood of the focus; drop what is left unlinked by a period."""
    keep = {n for n, d in net.nodes.items() if sel.types is None or d["type"] in sel.types}
    edges = [e for e in net.edges if e["from"] in keep and e["to"] in keep]
    wanted = fold(sel.focus) if sel.focus else ""
    if sel.focus:
        seeds = {n for n in keep if wanted in net.nodes[n]["search"]}
        if not seeds:
            raise KgError(_missing_focus(net, sel.focus))
        graph = nx.Graph([(e["from"], e["to"]) for e in edges])
        graph.add_nodes_from(seeds)
        reach: set[str] = set()
        for s in seeds:
            reach |= set(nx.single_source_shortest_path_length(graph, s, cutoff=sel.depth))
        keep = reach
        edges = [e for e in edges if e["from"] in keep and e["to"] in keep]
    if sel.since or sel.until or not sel.isolated:
        linked = {e["from"] for e in edges} | {e["to"] for e in edges}
        keep = {n for n in keep if n in linked or (sel.focus and wanted in net.nodes[n]["search"])}
    return Network({n: net.nodes[n] for n in sorted(keep)}, edges)


def sizes(graph: nx.Graph) -> dict:
    """Node sizes as the explorer draws them (and the network exports give Gephi): PageRank,
    from 1 to 30."""
    rank = nx.pagerank(graph) if graph.number_of_edges() else {n: 1.0 for n in graph}
    top = max(rank.values(), default=1.0) or 1.0
    return {n: round(1 + 29 * rank.get(n, 0) / top, 2) for n in graph}


def _importance(net: Network) -> None:
    graph = nx.Graph([(e["from"], e["to"]) for e in net.edges])
    graph.add_nodes_from(net.nodes)
    size = sizes(graph)
    for n, d in net.nodes.items():
        d["value"] = size[n]


def _merged(edges: list[dict]) -> list[dict]:
    """One edge per (from, to, label): several articles saying one thing draw one line."""
    out: dict[tuple[str, str, str], dict] = {}
    for e in edges:
        key = (e["from"], e["to"], e["label"])
        if key in out:
            out[key]["lines"] += [line for line in e["lines"] if line not in out[key]["lines"]]
            out[key]["said"] = out[key]["said"] | e["said"]
            out[key]["days"] = out[key].get("days", set()) | e.get("days", set())
        else:
            out[key] = dict(e, lines=list(e["lines"]))
    return list(out.values())


def page_data(net: Network, panels: dict | None = None) -> dict:
    """What the page draws: vis-network nodes and edges, built with pyvis, and the span of their days for the
    time range. An official's tooltip quotes the sentences behind the links drawn from it (their titles and
    conferences). Lean, as the page is one file: what every edge looks alike in (arrow, colour, font) is in
    the page's options, not on each of thousands of edges; a conference's links hold on its date, which its
    node carries once (only a title's links carry their own days). `panels`: kg.vizpanels' data, written in."""
    from pyvis.network import Network as PyvisNetwork

    _importance(net)
    edges = _merged(net.edges)
    said: dict[str, set[Said]] = {}
    for e in edges:
        said.setdefault(e["from"], set()).update(e["said"])
    pv = PyvisNetwork(directed=True)  # (undirected, pyvis would drop a second link of a pair, in quadratic time)
    styles = {key: (name, colour, shape) for key, name, colour, shape in TYPES.values()}
    for n, d in net.nodes.items():
        name, colour, shape = styles[d["type"]]
        pv.add_node(n, label=short_label(d["label"]), name=d["label"], color=colour, shape=shape, value=d["value"],
                    title="\n".join(d["lines"] + quoted(said.get(n, ()))), kind=d["type"], search=d["search"],
                    hint=d["hint"], **({"day": d["day"]} if d.get("day") else {}))
    for i, e in enumerate(edges):
        pv.add_edge(e["from"], e["to"], id=f"e{i}", label=e["label"], title="\n".join(e["lines"] + quoted(e["said"])),
                    **({"days": sorted(e["days"])} if e.get("days") else {}))
    nodes, links = pv.get_network_data()[:2]
    for link in links:
        del link["arrows"]  # pyvis' "to" on every link of a directed network: the page's options say it once
    days = sorted({d["day"] for d in net.nodes.values() if d.get("day")} | {x for e in edges for x in e.get("days", ())})
    return {"nodes": nodes, "edges": links, "firstDay": days[0] if days else "", "lastDay": days[-1] if days else "",
            "types": [{"key": key, "name": name, "color": colour, "shape": shape}
                      for key, name, colour, shape in TYPES.values()], **(panels or {})}


def vis_network_script() -> str:
    """pyvis' own copy of vis-network, safe inside a <script>: both explorer pages ship it, never a CDN."""
    vis = Path(resources.files("pyvis")) / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    return vis.read_text(encoding="utf-8").replace("</script", "<\\/script")


def fill_page(name: str, data: dict) -> str:
    """One of the explorer pages (`kg/static/NAME`) with what both share written in: their layout,
    vis-network, the legend's shape swatches, the time range and panels, and `data` as JSON that cannot
    close its <script>."""
    static = resources.files("kg.static")
    return (static.joinpath(name).read_text(encoding="utf-8")
            .replace("/*LAYOUT*/", static.joinpath("layout.css").read_text(encoding="utf-8"))
            .replace("/*VIS_NETWORK*/", vis_network_script())
            .replace("/*SHAPES*/", static.joinpath("shapes.js").read_text(encoding="utf-8"))
            .replace("/*PANELS*/", static.joinpath("panels.js").read_text(encoding="utf-8"))
            .replace("{/*DATA*/}", script_json(data)))


def render(data: dict) -> str:
    return fill_page("explorer.html", data)


ENTITY_TYPES = " ".join(f"<{cls}>" for cls in TYPES)
Q = "PREFIX vnkg: <https://w3id.org/vnkg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
LINK = f"""VALUES ?one {{ {ENTITY_TYPES} }} VALUES ?other {{ {ENTITY_TYPES} }}
  {{ ?f vnkg:official ?a ; vnkg:role|vnkg:conference ?b }}
  UNION {{ ?a a vnkg:Conference ; vnkg:organizedBy|vnkg:implements|vnkg:connectionPoint ?b }}
  UNION {{ ?a vnkg:mergedInto ?b }}
  ?a a ?one . ?b a ?other ."""
DRAWN = Q + f"""SELECT (COUNT(DISTINCT ?n) AS ?count) WHERE {{
  {{ {LINK} BIND(?a AS ?n) }} UNION {{ {LINK} BIND(?b AS ?n) }} }}"""
NAMES = Q + f"""SELECT DISTINCT ?n ?name WHERE {{ VALUES ?class {{ {ENTITY_TYPES} }} ?n a ?class .
  {{ ?n rdfs:label ?name }} UNION {{ ?n <http://www.w3.org/2004/02/skos/core#altLabel> ?name }} }}"""
NEIGHBOURS = Q + """SELECT DISTINCT ?m WHERE { VALUES ?n { NODES }
  { ?f vnkg:official ?n ; vnkg:role|vnkg:conference ?m } UNION { ?f vnkg:role|vnkg:conference ?n ; vnkg:official ?m }
  UNION { ?n vnkg:organizedBy|vnkg:implements|vnkg:connectionPoint ?m }
  UNION { ?m vnkg:organizedBy|vnkg:implements|vnkg:connectionPoint ?n }
  UNION { ?n vnkg:mergedInto ?m } UNION { ?m vnkg:mergedInto ?n } }"""
DESCRIBE = Q + """CONSTRUCT { ?n ?p ?o . ?f ?fp ?fo . ?fo rdfs:label ?fl ; vnkg:sourceFile ?file . ?x rdfs:label ?xl }
WHERE {
  VALUES ?n { NODES }
  { ?n ?p ?o FILTER(?p != vnkg:mentions) }
  UNION { ?f vnkg:official|vnkg:conference|vnkg:role ?n ; ?fp ?fo
          OPTIONAL { ?fo rdfs:label ?fl } OPTIONAL { ?fo vnkg:sourceFile ?file } }
  UNION { ?n vnkg:organizedBy|vnkg:implements|vnkg:connectionPoint ?x . ?x rdfs:label ?xl } }"""


def load(graph_file: Path, sel: Selection, store_dir: Path | None = None) -> Graph:
    """The part of a graph file the page can draw, read through Oxigraph: with `--focus`, only the
    neighbourhood of the named nodes is brought into memory, so a graph of any size can be explored;
    without (and with no type or period filter), a graph whose page would draw more than `max_nodes`
    nodes is refused before it is loaded."""
    from kg.query import oxigraph_store

    store = oxigraph_store(graph_file, store_dir)
    if not sel.focus:
        plain = not (sel.types or sel.since or sel.until or sel.isolated)  # then the page draws exactly these
        count = int(next(iter(store.query(DRAWN, use_default_graph_as_union=True)))["count"].value) if plain else 0
        if count > sel.max_nodes:
            raise KgError(f"{count} nodes are too many to explore in a browser (more than {sel.max_nodes}): "
                          f"narrow it with --focus NAME --depth N or --types official,conference "
                          f"(or raise --max-nodes)")
        return _construct(store, None)
    wanted = fold(sel.focus)
    reach = {sol["n"].value for sol in store.query(NAMES, use_default_graph_as_union=True)
             if wanted in fold(sol["name"].value)}
    if not reach:
        raise KgError(_no_such_name(sel.focus))
    frontier = set(reach)
    for _ in range(sel.depth):
        found = set()
        for chunk in _chunks(sorted(frontier)):
            query = NEIGHBOURS.replace("NODES", " ".join(f"<{n}>" for n in chunk))
            found |= {sol["m"].value for sol in store.query(query, use_default_graph_as_union=True)}
        frontier = found - reach
        reach |= found
        if len(reach) > 20 * sel.max_nodes:
            break  # the page would refuse it anyway: say so on what is read so far
    return _construct(store, sorted(reach))


def _chunks(items: list[str], size: int = 500) -> list[list[str]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _construct(store, nodes: list[str] | None) -> Graph:
    """The triples of `nodes` (all, when None) that the page draws, as an rdflib graph."""
    import pyoxigraph as ox

    from kg.rdf.emit import new_graph

    g = new_graph()
    if nodes is None:  # a named-graph file is read as the union of its graphs
        g.parse(data=ox.serialize((q.triple for q in store.quads_for_pattern(None, None, None)),
                                  format=ox.RdfFormat.N_TRIPLES), format="nt")
        return g
    for chunk in _chunks(nodes):
        answer = store.query(DESCRIBE.replace("NODES", " ".join(f"<{n}>" for n in chunk)),
                             use_default_graph_as_union=True)
        g.parse(data=ox.serialize(answer, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return g


def write_page(g: Graph, out: Path, sel: Selection | None = None) -> tuple[int, int]:
    """Write the explorer page; returns (nodes, edges) drawn."""
    sel = sel or Selection()
    net = select(entity_network(g, sel), sel)
    if len(net.nodes) > sel.max_nodes:
        raise KgError(f"{len(net.nodes)} nodes are too many to explore in a browser (more than {sel.max_nodes}): "
                      f"narrow it with --focus NAME --depth N or --types official,conference "
                      f"(or raise --max-nodes)")
    out.parent.mkdir(parents=True, exist_ok=True)
    from kg.build import atomic

    from kg.vizpanels import panels

    with atomic(out) as fh:
        fh.write(render(page_data(net, panels(g, net, sel))).encode("utf-8"))
    return len(net.nodes), len(net.edges)
