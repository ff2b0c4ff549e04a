// What both explorer pages show beside the graph: the time range and a node's panel (an official's roles over
// time, a province's officials, conferences and merger). kg viz's offline page and kg serve's /explore both have
// it written in, so the two show one thing one way. Every name is set as text: markup in a label runs nothing.
function el(tag, text, cls) { const x = document.createElement(tag); if (text) x.textContent = text; if (cls) x.className = cls; return x; }

// The two sliders of #time over the days from `first` to `last` (ISO dates): `onChange(from, to)` when one
// moves; a slider pushed past the other takes it along. Returns setRange(from, to), for the page and tests.
function timeSliders(first, last, onChange) {
  const dayOf = (i) => new Date(Date.parse(first) + i * 86400000).toISOString().slice(0, 10);
  const span = first ? Math.round((Date.parse(last) - Date.parse(first)) / 86400000) : 0;
  const from = document.getElementById("from"), to = document.getElementById("to");
  from.max = to.max = String(span); to.value = String(span);
  function setRange(a, b) {
    document.getElementById("from-day").textContent = a;
    document.getElementById("to-day").textContent = b;
    onChange(a, b);
  }
  function onSlide() {
    if (Number(from.value) > Number(to.value)) (this === from ? to : from).value = this.value;
    setRange(dayOf(Number(from.value)), dayOf(Number(to.value)));
  }
  from.addEventListener("input", onSlide); to.addEventListener("input", onSlide);
  return setRange;
}
// a link held in the range when it held on a day in it, or gives no day (a merger, an undated title)
function heldIn(days, from, to) { return !days.length || !from || days.some((d) => d >= from && d <= to); }

// a list cut by the server (a big province has thousands of officials) says so: how many of how many
function panelSection(panel, title, cards, button, total = cards && cards.length) {
  if (!cards || !cards.length) return;
  const box = el("div"); box.dataset.section = title.split(" /")[0];
  const cut = total > cards.length;
  box.append(el("h3", title + " (" + (cut ? cards.length + " / " + total : total) + ")"));
  if (cut) box.append(el("p", "… chỉ hiện " + cards.length + " mới nhất trong " + total
                            + " (the newest " + cards.length + " of " + total + ")", "cut"));
  cards.forEach((c) => box.append(button(c)));
  panel.append(box);
}

// `info`: { node: card, timeline: [{ day, role, scope: [], sentence, article }], earlier: n, successors,
// predecessors, officials, conferences: [card], officials_total, conferences_total: n (when cut) }; `describe(card)` says what a card is; `button(card)` draws it.
function renderPanel(panel, info, describe, button) {
  panel.replaceChildren(el("h3", info.node.label), el("span", describe(info.node), "hint"));
  if (info.timeline) {
    const list = el("ol", null, "timeline");
    for (const t of info.timeline) {
      const item = el("li");
      item.append(el("span", t.day || "?", "day"), document.createTextNode(" " + t.role + (t.scope.length ? " — " + t.scope.join(", ") : "")));
      if (t.sentence) item.append(el("q", t.sentence));
      item.append(el("span", "nguồn: " + t.article, "source"));
      list.append(item);
    }
    panel.append(el("h3", "Chức vụ theo thời gian / roles over time"));
    if (info.earlier > 0) panel.append(el("p", "… và " + info.earlier + " lần cũ hơn (and " + info.earlier + " earlier)", "earlier"));
    panel.append(list);
  }
  panelSection(panel, "Sáp nhập vào / merged into", info.successors, button);
  panelSection(panel, "Sáp nhập từ / merged from", info.predecessors, button);
  panelSection(panel, "Quan chức / officials", info.officials, button, info.officials_total);
  panelSection(panel, "Hội nghị / conferences", info.conferences, button, info.conferences_total);
}
