"""Score the extractor against gold annotations (format: tests/gold/FORMAT.md).

For users who annotate their own articles: each gold file names one article;
the article is built alone and compared category by category. Text is
compared after NFC, canonical tone marks, case folding, collapsed white space
and expansion of the common abbreviations; an entity matches by name, a
conference by date and else by name.

>>> norm("UBND tỉnh Thanh Hoá")
'ủy ban nhân dân tỉnh thanh hóa'
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SKOS

from kg.build import extract
from kg.errors import GoldError
from kg.pipeline.read import read_article
from kg.rdf.emit import to_graph
from kg.rdf.namespace import SCHEMA, VNKG
from kg.text import canonical

ABBREVIATIONS = {"ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân", "vksnd": "viện kiểm sát nhân dân",
                 "tand": "tòa án nhân dân", "mttq": "mặt trận tổ quốc", "ttxvn": "thông tấn xã việt nam",
                 "đbqh": "đại biểu quốc hội", "uvtư": "ủy viên trung ương", "uvtw": "ủy viên trung ương",
                 "bch": "ban chấp hành", "lhq": "liên hợp quốc", "tp.": "thành phố", "tp": "thành phố"}
CATEGORIES = ["officials", "roles", "role_scopes", "conferences", "conference_dates", "participants",
              "participation_kinds", "connection_points", "organizers", "implements", "resolutions", "provinces",
              "organizations", "countries", "published"]
MAIN = ["officials", "roles", "role_scopes", "conferences", "participants", "participation_kinds", "resolutions",
        "provinces", "organizers", "implements"]
KIND_NAMES = {VNKG.Chair: "chair", VNKG.Speaker: "speaker", VNKG.Presenter: "presenter"}
REQUIRED = ("article", "officials", "conferences", "resolutions", "provinces", "organizations", "countries")


def norm(text: str) -> str:
    words = re.findall(r"[^\W\d_]+|\S", canonical(str(text)).casefold())
    s = " ".join(ABBREVIATIONS.get(w, w) for w in words)
    s = re.sub(r"\s*([,;:()\"“”’'.])\s*", " ", s)
    return re.sub(r"\s+", " ", s).strip()


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def add(self, other: "Tally") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        self.misses += other.misses
        self.extras += other.extras


def _labels(g: Graph, node) -> set[str]:
    return {norm(o) for p in (RDFS.label, SKOS.altLabel, SCHEMA.name) for o in g.objects(node, p)} - {""}


def _date(g: Graph, node, prop) -> str | None:
    return next((str(o)[:10] for o in g.objects(node, prop)), None)


def _mentioned(g: Graph, cls) -> list:
    said = {o for a in g.subjects(RDF.type, VNKG.Article) for p in (VNKG.mentions, VNKG.reports)
            for o in g.objects(a, p)}
    return sorted(n for n in g.subjects(RDF.type, cls) if n in said)


def _optional_hit(labs: set[str], optional: set[str]) -> bool:
    return bool(labs & optional) or any(o in lab or lab in o for lab in labs for o in optional if len(lab) > 3)


def _entities(gold: list[list[str]], optional: list[str], nodes: list, g: Graph, what: str) -> Tally:
    t, matched, opt = Tally(), set(), {norm(o) for o in optional}
    for node in nodes:
        labs = _labels(g, node)
        hit = next((i for i, names in enumerate(gold) if {norm(n) for n in names} & labs), None)
        if hit is not None and hit not in matched:
            matched.add(hit)
            t.tp += 1
        elif hit is not None or not _optional_hit(labs, opt):
            t.fp += 1
            t.extras.append(f"{what}: {sorted(labs)[:2]}")
    for i, names in enumerate(gold):
        if i not in matched:
            t.fn += 1
            t.misses.append(f"{what}: {names[0]}")
    return t


def _pairs(gold: set, found: set, what: str) -> Tally:
    t = Tally(tp=len(found & gold), fp=len(found - gold), fn=len(gold - found))
    t.extras = [f"{what}: {x}" for x in sorted(found - gold, key=str)]
    t.misses = [f"{what}: {x}" for x in sorted(gold - found, key=str)]
    return t


def score_article(gold: dict, g: Graph) -> dict[str, Tally]:
    opt, res = gold.get("optional", {}), {}
    officials = _mentioned(g, VNKG.Official)
    res["officials"] = _entities([[o["name"], *o.get("aliases", [])] for o in gold["officials"]],
                                 opt.get("officials", []), officials, g, "official")
    name_of = {n: o["name"] for n in officials for o in gold["officials"]
               if {norm(x) for x in [o["name"], *o.get("aliases", [])]} & _labels(g, n)}
    gold_roles, gold_scoped, title_key = set(), set(), {}
    for o in gold["officials"]:
        for r in o["roles"]:
            key = (o["name"], norm(r["title"][0]))
            gold_roles.add(key)
            title_key.update({(o["name"], norm(x)): key for x in r["title"]})
            if r.get("scope"):
                gold_scoped.add(key + (norm(r["scope"]),))
    found_roles, found_scoped = set(), set()
    for h in g.subjects(RDF.type, VNKG.RoleHolding):
        who = next((name_of.get(p) for p in g.objects(h, VNKG.official)), None)
        if who is None:
            continue
        rlabs = set().union(*[_labels(g, r) for r in g.objects(h, VNKG.role)])
        keys = sorted({title_key[(who, lab)] for lab in rlabs if (who, lab) in title_key})
        if not keys:
            found_roles.add((who, sorted(rlabs)[0] if rlabs else "?"))
            continue
        found_roles.add(keys[0])
        scopes = set().union(*[_labels(g, s) for p in (VNKG.province, VNKG.organization) for s in g.objects(h, p)])
        found_scoped |= {gs for gs in gold_scoped if gs[:2] == keys[0] and any(gs[2] in lab for lab in scopes)}
    res["roles"] = _pairs(gold_roles, found_roles, "role")
    res["role_scopes"] = _pairs(gold_scoped, found_scoped, "scope")
    res.update(_score_conferences(gold, g, name_of))
    res["resolutions"] = _entities([r["names"] for r in gold["resolutions"]], opt.get("resolutions", []),
                                   _mentioned(g, VNKG.Resolution), g, "resolution")
    res["provinces"] = _entities([[p] for p in gold["provinces"]], opt.get("provinces", []),
                                 _mentioned(g, VNKG.Province), g, "province")
    res["organizations"] = _entities([[o["name"], *o.get("aliases", [])] for o in gold["organizations"]],
                                     opt.get("organizations", []), _mentioned(g, VNKG.Organization), g, "organization")
    res["countries"] = _entities([[c] for c in gold["countries"]], opt.get("countries", []),
                                 _mentioned(g, VNKG.Country), g, "country")
    published = {_date(g, a, SCHEMA.datePublished) for a in g.subjects(RDF.type, VNKG.Article)} - {None}
    res["published"] = _pairs({gold["published"]} if gold.get("published") else set(), published, "published")
    return res


def _score_conferences(gold: dict, g: Graph, name_of: dict) -> dict[str, Tally]:
    out, t, conf_of, matched = {}, Tally(), {}, set()
    optional = [norm(x) for x in gold.get("optional", {}).get("conferences", [])]
    for c in _mentioned(g, VNKG.Conference):
        labs, date = _labels(g, c), _date(g, c, SCHEMA.startDate)
        hit = next((gc for gc in gold["conferences"] if date and gc.get("date") == date), None) or next(
            (gc for gc in gold["conferences"] if _name_match(gc["names"], labs)), None)
        if hit:
            conf_of[c] = hit["id"]
            if hit["id"] in matched:
                t.fp += 1
                t.extras.append(f"conference: duplicate node for {hit['id']}")
            else:
                matched.add(hit["id"])
                t.tp += 1
        elif not ((date and date in optional) or _optional_hit(labs, set(optional))):
            t.fp += 1
            t.extras.append(f"conference: {date} {sorted(labs)[:1]}")
    for gc in gold["conferences"]:
        if gc["id"] not in matched:
            t.fn += 1
            t.misses.append(f"conference: {gc['id']}")
    out["conferences"] = t
    out["conference_dates"] = _pairs({(gc["id"], gc["date"]) for gc in gold["conferences"] if gc.get("date")},
                                     {(cid, _date(g, c, SCHEMA.startDate)) for c, cid in conf_of.items()
                                      if _date(g, c, SCHEMA.startDate)}, "conference date")
    g_part, g_kind, g_at = set(), set(), set()
    for gc in gold["conferences"]:
        for p in gc.get("participants", []):
            g_part.add((p["name"], gc["id"]))
            g_kind |= {(p["name"], gc["id"], k) for k in p.get("kinds", [])}
            if p.get("at"):
                g_at.add((p["name"], gc["id"], norm(p["at"])))
    f_part, f_kind, f_at = set(), set(), set()
    for x in g.subjects(RDF.type, VNKG.Participation):
        key = (next((name_of.get(p) for p in g.objects(x, VNKG.official)), None) or "?",
               next((conf_of.get(c) for c in g.objects(x, VNKG.conference)), None) or "?")
        f_part.add(key)
        f_kind |= {key + (KIND_NAMES[k],) for k in g.objects(x, VNKG.participationKind) if k in KIND_NAMES}
        labs = set().union(*[_labels(g, cp) for cp in g.objects(x, VNKG.connectionPoint)])
        f_at |= {ga for ga in g_at if ga[:2] == key and any(ga[2] in lab for lab in labs)}
    out["participants"] = _pairs(g_part, f_part, "participant")
    out["participation_kinds"] = _pairs(g_kind, f_kind, "kind")
    out["connection_points"] = _pairs(g_at, f_at, "participant connection point")
    g_org = {(gc["id"], norm(o)) for gc in gold["conferences"] for o in gc.get("organizers", [])}
    g_imp = {(gc["id"], r) for gc in gold["conferences"] for r in gc.get("implements", [])}
    names = {r["id"]: {norm(n) for n in r["names"]} for r in gold["resolutions"]}
    f_org, f_imp = set(), set()
    for c, cid in conf_of.items():
        for o in g.objects(c, VNKG.organizedBy):
            labs = _labels(g, o)
            f_org |= {x for x in g_org if x[0] == cid and any(x[1] == lab or x[1] in lab for lab in labs)} or {
                (cid, sorted(labs)[0] if labs else "?")}
        for r in g.objects(c, VNKG.implements):
            labs = _labels(g, r)
            f_imp |= {(cid, rid) for rid, ns in names.items() if ns & labs} or {(cid, sorted(labs)[0] if labs else "?")}
    out["organizers"] = _pairs(g_org, f_org, "organizer")
    out["implements"] = _pairs(g_imp, f_imp, "implements")
    return out


def _name_match(names: list[str], labs: set[str]) -> bool:
    gold = {norm(n) for n in names}
    return bool(gold & labs) or any(len(a) > 12 and len(b) > 12 and (a in b or b in a) for a in gold for b in labs)


@dataclass
class EvalResult:
    totals: dict[str, Tally]
    articles: dict[str, dict[str, Tally]]

    @property
    def macro_f1(self) -> float:
        return sum(self.totals[c].prf()[2] for c in MAIN) / len(MAIN)

    def to_json(self) -> str:
        def figures(t: Tally) -> dict:
            return {"tp": t.tp, "fp": t.fp, "fn": t.fn, **dict(zip(("p", "r", "f1"), t.prf()))}
        return json.dumps({"macro_f1": self.macro_f1, "categories": {c: figures(t) for c, t in self.totals.items()},
                           "articles": {a: {c: figures(t) for c, t in r.items()} for a, r in self.articles.items()}},
                          ensure_ascii=False, indent=1)


def load_gold(path: Path) -> dict:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: not a valid gold file: {exc}") from None
    missing = [k for k in REQUIRED if k not in gold] if isinstance(gold, dict) else ["(an object)"]
    if missing:
        raise GoldError(f"{path}: gold file lacks {', '.join(missing)} (see FORMAT.md)")
    return gold


def evaluate(gold: Path, inputs: Path) -> EvalResult:
    """Build each gold file's article alone and score it."""
    files = sorted(gold.glob("*.json")) if gold.is_dir() else [gold]
    if not files:
        raise GoldError(f"{gold}: no gold .json files")
    totals = {c: Tally() for c in CATEGORIES}
    articles = {}
    for path in files:
        g_data = load_gold(path)
        if not (inputs / g_data["article"]).is_file():
            raise GoldError(f"{path}: names article {g_data['article']!r}, which is not in {inputs}")
        raw = read_article(inputs / g_data["article"])
        scores = score_article(g_data, to_graph(extract(raw.text, raw.source)))
        articles[g_data["article"]] = scores
        for c in CATEGORIES:
            totals[c].add(scores[c])
    return EvalResult(totals, articles)


def render(result: EvalResult, verbose: bool = False) -> str:
    lines = []
    if verbose:
        for article, scores in result.articles.items():
            lines.append(f"== {article}")
            for c in CATEGORIES:
                lines += [f"   missed  {m}" for m in scores[c].misses] + [f"   extra   {e}" for e in scores[c].extras]
    lines.append(f"{'category':22} {'tp':>4} {'fp':>4} {'fn':>4}  {'P':>5} {'R':>5} {'F1':>5}")
    for c in CATEGORIES:
        t = result.totals[c]
        p, r, f = t.prf()
        lines.append(f"{c:22} {t.tp:4} {t.fp:4} {t.fn:4}  {p:5.2f} {r:5.2f} {f:5.2f}{'  *' if c in MAIN else ''}")
    lines.append(f"macro F1 over * categories: {result.macro_f1:.3f}")
    return "\n".join(lines)
