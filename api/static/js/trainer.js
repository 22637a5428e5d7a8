// Werkwijzer trainer page: packs for a kennisbijeenkomst and case comparisons, rendered from the JSON API.
"use strict";

const $ = (sel) => document.querySelector(sel);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value;
    else if (key === "testid") node.dataset.testid = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

async function api(path, body, { raw = false } = {}) {
  const response = await fetch(path, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    let message = `Fout ${response.status}`;
    try { message = (await response.json()).error.message; } catch (e) { /* not JSON */ }
    throw new Error(message);
  }
  return raw ? response : response.json();
}

function ref(n, quote = null) {
  const link = el("a", { class: "ref", href: `#bron-${n}`, text: `[${n}]`, testid: "citation" });
  if (quote) link.title = `“${quote.replace(/\s+/g, " ").trim()}”`;
  return link;
}

// Text the language model wrote: its [n] markers become links that show the supporting words.
function withRefs(text, citations) {
  const quotes = new Map(citations.map((c) => [c.n, c.quote]));
  const nodes = [];
  let pos = 0;
  for (const match of text.matchAll(/\[(\d+)\]/g)) {
    const n = Number(match[1]);
    if (!quotes.has(n)) continue;
    nodes.push(text.slice(pos, match.index), ref(n, quotes.get(n)));
    pos = match.index + match[0].length;
  }
  nodes.push(text.slice(pos));
  return nodes.filter((node) => node !== "");
}

function llmBadge(item) {
  return item.refined_by === "llm" ? el("span", { class: "badge", testid: "llm-badge", text: "taalmodel" }) : null;
}

function where(c, years = null) {
  const year = years ? ` (${years[c.document_id] || "z.j."})` : "";
  return [c.document_title + year, c.section, c.page ? `p. ${c.page}` : null].filter(Boolean).join(" — ");
}

// Verbatim words between “ ”; their own double quotes become single ones so the marks pair up.
function quoted(text) {
  let opening = true;
  const inner = text.replace(/\*\*/g, "").replace(/\s+/g, " ").trim()
    .replace(/[“„]/g, "‘").replace(/”/g, "’")
    .replace(/"/g, () => { const mark = opening ? "‘" : "’"; opening = !opening; return mark; });
  return `“${inner}” `;
}

function status(target, message, isError = false) {
  target.textContent = message;
  target.classList.toggle("error", isError);
}

// ---- pack ------------------------------------------------------------------------------------

let lastRequest = null;

function agendaTable(agenda) {
  const body = el("tbody");
  let clock = 0;
  for (const item of agenda.items) {
    body.append(el("tr", {}, el("td", { text: `${clock}–${clock + item.minutes} min` }),
      el("td", { text: item.title }), el("td", { text: item.what })));
    clock += item.minutes;
  }
  return el("table", { class: "agenda", testid: "agenda" },
    el("thead", {}, el("tr", {}, el("th", { text: "Tijd" }), el("th", { text: "Onderdeel" }), el("th", { text: "Wat" }))), body);
}

function pointItem(p, testid) {
  return el("li", { testid }, quoted(p.text), ref(p.citation.n), el("span", { class: "context", testid: "context", text: p.context }));
}

function renderPack(pack) {
  const root = $("#pack");
  root.replaceChildren();
  root.append(el("h2", { text: `Kennisbijeenkomst: ${pack.theme}` }));
  if (pack.notice) root.append(el("p", { class: "hint", testid: "pack-notice", text: pack.notice }));

  if (pack.agendas.length) {
    root.append(el("h3", { text: "Voorgestelde agenda" }));
    for (const agenda of pack.agendas) {
      root.append(el("h4", { text: `Sessie van ${agenda.minutes} minuten` }), agendaTable(agenda));
    }
  }

  if (pack.synthesis) {
    root.append(el("h3", {}, "Inleiding ", llmBadge(pack.synthesis)));
    const intro = el("p", { class: "synthesis", testid: "synthesis" });
    pack.synthesis.statements.forEach((s, i) => {
      if (i) intro.append(" ");
      intro.append(...withRefs(s.text, s.citations));
    });
    root.append(intro);
  }

  root.append(el("h3", { text: "Kernpunten" }));
  if (!pack.key_points.length) root.append(el("p", { class: "hint", text: "De publicaties zeggen weinig dat duidelijk over dit thema gaat; kies een ander of breder thema." }));
  for (const group of pack.subthemes) {
    root.append(el("h4", { class: "subtheme", testid: "subtheme", text: group.subtheme }));
    const list = el("ul");
    for (const p of group.points) list.append(pointItem(p, "key-point"));
    root.append(list);
  }

  if (pack.examples.length) {
    root.append(el("h3", { text: "Praktijkvoorbeelden" }));
    for (const e of pack.examples) {
      const list = el("ul");
      for (const p of e.statements) list.append(el("li", {}, quoted(p.text), ref(p.citation.n)));
      root.append(el("div", { class: "example", testid: "example" },
        el("h4", { text: e.case.name }), el("div", { class: "pub", text: e.context }), list));
    }
  }

  if (pack.discussion.length) {
    root.append(el("h3", { text: "Discussievragen" }));
    const list = el("ol");
    for (const q of pack.discussion) {
      const body = q.refined_by === "llm" ? withRefs(q.text, q.citations) : [q.text];
      list.append(el("li", { testid: "discussion" }, ...body, llmBadge(q)));
    }
    root.append(list);
  }

  if (pack.quiz.length) {
    root.append(el("h3", { text: "Quiz" }));
    const list = el("ol");
    for (const q of pack.quiz) {
      const options = q.options.length ? el("ol", { class: "options" }, ...q.options.map((o) => el("li", { testid: "option", text: o }))) : null;
      const key = el("details", { class: "answers", testid: "answer-key" }, el("summary", { text: "Antwoord" }),
        el("strong", { text: q.answer_letter ? `${q.answer_letter}: ${q.answer}` : q.answer }), " — ",
        quoted(q.explanation), ref(q.citation.n, q.refined_by === "llm" ? q.citation.quote : null));
      list.append(el("li", { testid: "quiz" }, q.question, llmBadge(q), options, key));
    }
    root.append(list);
  }

  root.append(el("h3", { text: "Bronnen" }));
  const sources = el("ol", { class: "sources" });
  for (const c of pack.citations) sources.append(el("li", { id: `bron-${c.n}`, value: String(c.n), testid: "source", text: where(c, pack.years) }));
  root.append(sources);
  root.hidden = false;
}

function selectedDocuments() {
  const ids = [...document.querySelectorAll("#documents input:checked")].map((i) => i.value);
  return ids.length ? ids : null;
}

async function buildPack(event) {
  event.preventDefault();
  const theme = $("#theme").value.trim();
  const button = $("#pack-form button");
  if (!theme) { status($("#pack-status"), "Vul een thema in.", true); return; }
  button.disabled = true;
  // Downloads belong to the pack on screen: hidden until the new one exists.
  $("#downloads").hidden = true;
  lastRequest = null;
  status($("#pack-status"), "Pakket wordt samengesteld…");
  try {
    const request = { theme, documents: selectedDocuments() };
    const pack = await api("/api/briefing", request);
    renderPack(pack);
    lastRequest = request;
    $("#downloads").hidden = false;
    status($("#pack-status"), `${pack.key_points.length} kernpunten, ${pack.quiz.length} quizvragen, ${pack.citations.length} bronnen — samengesteld in ${pack.meta.seconds} s.`);
  } catch (err) {
    status($("#pack-status"), err.message, true);
  } finally {
    button.disabled = false;
  }
}

/** POST ``body`` to ``path`` and let the browser save the file, under the server's name if it gives one. */
async function save(path, body, fallbackName) {
  const response = await api(path, body, { raw: true });
  const blob = await response.blob();
  const match = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
  const link = el("a", { href: URL.createObjectURL(blob), download: match ? match[1] : fallbackName });
  document.body.append(link);
  link.click();
  link.remove();
}

async function download(event) {
  const button = event.target.closest("button");
  if (!button || !lastRequest) return;
  const { format, audience } = button.dataset;
  try {
    await save(`/api/briefing?format=${format}&audience=${audience}`, lastRequest, `kennisbijeenkomst-${audience}.${format}`);
  } catch (err) {
    status($("#pack-status"), err.message, true);
  }
}

// ---- comparison ------------------------------------------------------------------------------

// Cases as columns, aspects as rows: a trainer reads one aspect across the cases side by side.
function compareTable(comparison) {
  const head = el("tr", {}, el("th", { text: "Aspect" }));
  for (const row of comparison.rows) {
    head.append(el("th", { testid: "compare-case" }, row.case.name, el("div", { class: "pub", text: row.case.document_title })));
  }
  const body = el("tbody");
  comparison.aspects.forEach((aspect, a) => {
    const tr = el("tr", { testid: "compare-row" }, el("th", { text: aspect.label }));
    for (const row of comparison.rows) {
      const cell = row.cells[a];
      tr.append(cell.citation
        ? el("td", { testid: "cell" }, quoted(cell.text), ref(cell.citation.n))
        : el("td", { class: "missing", testid: "cell", text: "niet beschreven" }));
    }
    body.append(tr);
  });
  return el("table", { testid: "compare-table" }, el("thead", {}, head), body);
}

let lastComparison = null;

async function downloadComparison(event) {
  const button = event.target.closest("button");
  if (!button || !lastComparison) return;
  const { format } = button.dataset;
  if (format === "print") { window.print(); return; }
  try {
    await save(`/api/compare?format=${format}`, lastComparison, `vergelijking.${format}`);
  } catch (err) {
    status($("#compare-status"), err.message, true);
  }
}

async function runCompare(event) {
  event.preventDefault();
  const cases = [...document.querySelectorAll("#case-list input:checked")].map((i) => i.value);
  const aspects = [...document.querySelectorAll("#aspects input:checked")].map((i) => i.value);
  if (!cases.length) { status($("#compare-status"), "Kies minstens één casus.", true); return; }
  if (cases.length > 6) { status($("#compare-status"), "Kies hoogstens zes casussen: meer kolommen zijn niet te lezen.", true); return; }
  status($("#compare-status"), "Bezig…");
  $("#compare-downloads").hidden = true;
  try {
    const request = { cases, aspects: aspects.length ? aspects : null };
    const result = await api("/api/compare", request);
    lastComparison = request;
    $("#compare-downloads").hidden = false;
    const sources = el("ol", { class: "sources" });
    for (const c of result.citations) sources.append(el("li", { id: `bron-${c.n}`, value: String(c.n), text: where(c) }));
    $("#compare-result").replaceChildren(compareTable(result), el("h3", { text: "Bronnen" }), sources);
    status($("#compare-status"), "");
  } catch (err) {
    status($("#compare-status"), err.message, true);
  }
}

// ---- start -----------------------------------------------------------------------------------

async function start() {
  $("#pack-form").addEventListener("submit", buildPack);
  $("#compare-form").addEventListener("submit", runCompare);
  $("#downloads").addEventListener("click", download);
  $("#compare-downloads").addEventListener("click", downloadComparison);
  try {
    const [docs, cases] = await Promise.all([api("/api/documents"), api("/api/cases")]);
    for (const d of docs.documents) {
      $("#documents").append(el("label", {}, el("input", { type: "checkbox", value: d.id }), ` ${d.title}`));
    }
    let current = null;
    for (const c of cases.cases) {
      if (c.document_id !== current) {
        current = c.document_id;
        $("#case-list").append(el("h4", { text: c.document_title }));
      }
      $("#case-list").append(el("label", { title: c.title }, el("input", { type: "checkbox", value: c.id, testid: "case-option" }), ` ${c.name}`));
    }
    for (const a of cases.aspects) {
      $("#aspects").append(el("label", {}, el("input", { type: "checkbox", value: a.key }), ` ${a.label}`));
    }
  } catch (err) {
    status($("#pack-status"), err.message, true);
  }
}

start();
