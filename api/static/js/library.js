// What the corpus covers: publication cards and example questions on the empty screen,
// and the publication filter of the composer.

import { api } from "./api.js";
import { clear, h, icon } from "./dom.js";
import { state } from "./state.js";

const MAX_EXAMPLES = 6;

/** Load the publications (GET /api/documents). */
export async function loadDocuments() {
  try {
    const data = await api("/api/documents");
    state.documents = data?.documents || [];
  } catch {
    state.documents = [];
  }
  return state.documents;
}

/**
 * Example questions: the curated ones in data/examples.json for publications that are in the
 * index (one per publication in turn), then a generic question for any other publication.
 */
async function exampleQuestions() {
  let curated = [];
  try {
    const response = await fetch("data/examples.json");
    if (response.ok) curated = (await response.json()).examples || [];
  } catch {
    curated = [];
  }
  const perDoc = new Map(state.documents.map((d) => [d.id, []]));
  for (const ex of curated) perDoc.get(ex.document)?.push(ex.question);
  const picked = [];
  // Curated questions first, one publication at a time, so the examples cover the corpus.
  for (let round = 0; picked.length < MAX_EXAMPLES; round++) {
    let any = false;
    for (const d of state.documents) {
      const q = perDoc.get(d.id)[round];
      if (q && picked.length < MAX_EXAMPLES) { picked.push({ question: q, doc: d }); any = true; }
    }
    if (!any) break;
  }
  // Publications without curated questions (e.g. uploads) get a generic one when there is room.
  for (const d of state.documents) {
    if (picked.length >= MAX_EXAMPLES) break;
    if (!perDoc.get(d.id).length) picked.push({ question: `Waar gaat “${d.title}” over?`, doc: d });
  }
  return picked;
}

/** Fill the empty screen: example questions and publication cards. */
export async function renderEmptyState(ask) {
  const examples = clear(document.getElementById("examples"));
  for (const { question, doc } of await exampleQuestions()) {
    const button = h("button", { type: "button", class: "example", "data-testid": "example-question" },
      h("span", { class: "example-q" }, question),
      h("span", { class: "example-doc" }, doc.title));
    button.addEventListener("click", () => ask(question));
    examples.append(h("li", {}, button));
  }
  document.getElementById("examples-title").hidden = !examples.childElementCount;
  const cards = clear(document.getElementById("doc-cards"));
  for (const d of state.documents) {
    const meta = [d.publisher, d.year].filter(Boolean).join(", ");
    cards.append(h("li", { class: "doc-card" },
      h("span", { class: "doc-icon", "aria-hidden": "true" }, icon("doc")),
      h("span", { class: "doc-text" },
        h("span", { class: "doc-title" }, d.title),
        meta ? h("span", { class: "doc-meta" }, meta) : null,
        d.kind ? h("span", { class: "doc-kind" }, d.kind) : null)));
  }
  document.getElementById("docs-title").hidden = !cards.childElementCount;
}

/** The publication filter: a pop-over with one checkbox per publication. */
export function initFilter() {
  const toggle = document.getElementById("filter-toggle");
  const panel = document.getElementById("filter-panel");
  const options = clear(document.getElementById("filter-options"));
  for (const d of state.documents) {
    const id = `doc-${d.id}`;
    const box = h("input", { type: "checkbox", id, value: d.id, "data-testid": "filter-option" });
    box.checked = state.selectedDocuments.has(d.id);
    box.addEventListener("change", () => {
      if (box.checked) state.selectedDocuments.add(d.id);
      else state.selectedDocuments.delete(d.id);
      updateLabel();
    });
    options.append(h("div", { class: "filter-option" }, box, h("label", { for: id }, d.title)));
  }
  const setOpen = (open) => {
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open) panel.querySelector("input")?.focus();
  };
  toggle.addEventListener("click", () => setOpen(panel.hidden));
  document.getElementById("filter-done").addEventListener("click", () => { setOpen(false); toggle.focus(); });
  document.getElementById("filter-all").addEventListener("click", () => {
    state.selectedDocuments.clear();
    for (const box of options.querySelectorAll("input")) box.checked = false;
    updateLabel();
  });
  panel.addEventListener("keydown", (e) => {
    if (e.key === "Escape") { e.stopPropagation(); setOpen(false); toggle.focus(); }
  });
  document.addEventListener("click", (e) => {
    if (!panel.hidden && !panel.contains(e.target) && !toggle.contains(e.target)) setOpen(false);
  });
  updateLabel();
}

function updateLabel() {
  const n = state.selectedDocuments.size;
  const label = document.getElementById("filter-label");
  const toggle = document.getElementById("filter-toggle");
  if (!n) label.textContent = "Alle publicaties";
  else if (n === 1) {
    const id = [...state.selectedDocuments][0];
    label.textContent = `Alleen: ${state.documents.find((d) => d.id === id)?.title || id}`;
  } else label.textContent = `${n} publicaties`;
  toggle.classList.toggle("active", n > 0);
}
