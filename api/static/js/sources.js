// The source panel (a bottom sheet on a phone): one passage with the cited words highlighted,
// where it stands in its publication, its neighbours, and every passage the answer used.

import { api } from "./api.js";
import { clear, h, icon, whereText } from "./dom.js";
import { findQuote, renderMarked } from "./richtext.js";

const panel = () => document.getElementById("source-panel");
const body = () => document.getElementById("source-body");

let current = null; // {turn, passageId, primaryN}
let opener = null; // element to give focus back to
let requestSeq = 0;

/** Is the panel open? */
export function isOpen() {
  return !panel().hidden;
}

/** Close the panel and give focus back to what opened it. */
export function closePanel() {
  const el = panel();
  if (el.hidden) return;
  el.hidden = true;
  document.body.classList.remove("panel-open");
  document.getElementById("scrim").hidden = !document.body.classList.contains("nav-open");
  for (const m of document.querySelectorAll(".cite.active")) m.classList.remove("active");
  current = null;
  if (opener && document.contains(opener)) opener.focus();
  opener = null;
}

/**
 * Open the panel on a passage of a turn. `primaryN`: the citation number that was clicked
 * (its quote is the primary highlight), or null.
 */
export async function openPassage(turn, passageId, { primaryN = null, from = null } = {}) {
  if (from) opener = from;
  current = { turn, passageId, primaryN };
  const el = panel();
  const wasHidden = el.hidden;
  el.hidden = false;
  document.body.classList.add("panel-open");
  if (window.matchMedia("(max-width: 760px)").matches) document.getElementById("scrim").hidden = false;
  for (const m of document.querySelectorAll(".cite.active")) m.classList.remove("active");
  if (from?.classList.contains("cite")) from.classList.add("active");

  const seq = ++requestSeq;
  const known = (turn?.passages || []).find((p) => p.id === passageId);
  renderPassage(known ? { ...known, previous_id: undefined, next_id: undefined } : null, { loading: true });
  try {
    const passage = await api(`/api/passages/${encodeURIComponent(passageId)}`);
    if (seq !== requestSeq) return; // a newer request won
    renderPassage(passage, { loading: false });
  } catch (err) {
    if (seq !== requestSeq) return;
    if (known) renderPassage(known, { loading: false, note: "De buren van deze passage konden niet worden geladen." });
    else renderError(err);
  }
  if (wasHidden) document.getElementById("source-heading").focus({ preventScroll: true });
}

function renderError(err) {
  clear(body()).append(
    h("p", { class: "panel-error", role: "alert" }, icon("alert"), `De passage kon niet worden geladen: ${err.message}`),
  );
}

/** Citations of the current turn that point at this passage. */
function citationsOf(passageId) {
  return (current?.turn?.citations || []).filter((c) => c.passage_id === passageId);
}

function highlightRanges(passage) {
  const cites = citationsOf(passage.id);
  const primaryN = current.primaryN ?? cites[0]?.n ?? null;
  const ranges = [];
  for (const c of cites) {
    const at = findQuote(passage.text, c.quote);
    if (at) ranges.push({ ...at, primary: c.n === primaryN });
  }
  return ranges;
}

function renderPassage(passage, { loading, note = null }) {
  const root = clear(body());
  if (!passage) {
    root.append(h("p", { class: "panel-loading" }, "Passage laden…"));
    return;
  }
  const cites = citationsOf(passage.id);
  const numbers = cites.map((c) => c.n);
  document.getElementById("source-heading").textContent = numbers.length
    ? `Bron ${numbers.map((n) => `[${n}]`).join(" ")}`
    : "Passage";

  const meta = h(
    "div",
    { class: "source-meta" },
    h("p", { class: "source-doc", "data-testid": "source-title" }, icon("doc"), passage.document_title),
    passage.section ? h("p", { class: "source-section", "data-testid": "source-section" }, passage.section) : null,
    passage.page ? h("p", { class: "source-page", "data-testid": "source-page" }, `Pagina ${passage.page}`) : null,
  );

  const text = h("div", { class: "passage-text", "data-testid": "passage-text", tabindex: "0", "aria-label": "Tekst van de passage" });
  const ranges = highlightRanges(passage);
  text.append(renderMarked(softBreaks(passage.text), ranges));

  const nav = h(
    "div",
    { class: "source-nav" },
    navButton("Vorige passage", "chevronLeft", passage.previous_id, "source-prev"),
    navButton("Volgende passage", "chevronRight", passage.next_id, "source-next"),
  );

  root.append(meta);
  if (!cites.length && current.turn) root.append(h("p", { class: "source-note" }, uncitedNote(passage.id)));
  if (note) root.append(h("p", { class: "source-note" }, note));
  root.append(text, nav);
  if (loading) nav.setAttribute("aria-busy", "true");
  root.append(usedList(passage.id));

  const mark = text.querySelector("mark.hl") || text.querySelector("mark");
  if (mark) requestAnimationFrame(() => mark.scrollIntoView({ block: "center", behavior: "auto" }));
  else text.scrollTop = 0;
}

/**
 * Source line breaks inside a paragraph become spaces (same length, so quote offsets still hold);
 * blank lines and lines that start a list item stay breaks.
 */
export function softBreaks(text) {
  return text.replace(/([^\n])\n(?![\n\s]|[-•*–]\s|\d+[.)]\s)/g, "$1 ");
}

function navButton(label, iconName, targetId, testid) {
  const [word, rest] = label.split(" ");
  const button = h(
    "button",
    { type: "button", class: "btn btn-ghost btn-sm", "data-testid": testid, "aria-label": label, disabled: targetId ? null : true },
    iconName === "chevronLeft" ? icon(iconName) : null,
    h("span", {}, word, h("span", { class: "wide-only" }, ` ${rest}`)),
    iconName === "chevronRight" ? icon(iconName) : null,
  );
  button.addEventListener("click", () => {
    if (targetId) openPassage(current.turn, targetId, { primaryN: null });
  });
  return button;
}

function uncitedNote(passageId) {
  const turn = current.turn;
  if (!(turn.passages || []).some((p) => p.id === passageId)) return "Een passage naast de bron, in dezelfde publicatie.";
  if (turn.status === "not_found") return "Een van de dichtstbijzijnde passages; ze beantwoordt de vraag niet.";
  return "Gevonden bij het zoeken, maar niet geciteerd in het antwoord.";
}

function usedItem(turn, p, activeId) {
  const numbers = (turn.citations || []).filter((c) => c.passage_id === p.id).map((c) => c.n);
  const button = h(
    "button",
    { type: "button", class: numbers.length ? "used-item" : "used-item uncited", "aria-current": p.id === activeId ? "true" : null },
    numbers.length ? h("span", { class: "used-num", "aria-label": `Bron ${numbers.join(", ")}` }, numbers.join(", ")) : h("span", { class: "used-num" }, icon("doc")),
    h("span", { class: "used-text" }, h("span", { class: "used-title" }, p.document_title || ""), h("span", { class: "used-where" }, whereText(p, { withTitle: false }) || "")),
  );
  button.addEventListener("click", () => openPassage(turn, p.id, { primaryN: numbers[0] ?? null }));
  return h("li", {}, button);
}

function usedList(activeId) {
  const turn = current?.turn;
  if (!turn) return null;
  const byId = new Map((turn.passages || []).map((p) => [p.id, p]));
  const cited = [];
  for (const c of turn.citations || []) {
    if (cited.includes(c.passage_id)) continue;
    cited.push(c.passage_id);
    if (!byId.has(c.passage_id)) byId.set(c.passage_id, { id: c.passage_id, document_title: c.document_title, section: c.section, page: c.page });
  }
  const others = (turn.passages || []).map((p) => p.id).filter((id) => !cited.includes(id));
  const section = h("section", { class: "used", "data-testid": "used-passages" });
  if (cited.length) {
    section.append(h("h3", {}, "Geciteerd in dit antwoord"), h("ol", { class: "used-list" }, cited.map((id) => usedItem(turn, byId.get(id), activeId))));
  }
  if (others.length) {
    const title = turn.status === "not_found" ? "Dichtstbijzijnde passages" : "Ook gevonden, niet geciteerd";
    section.append(h("h3", {}, title), h("ol", { class: "used-list" }, others.map((id) => usedItem(turn, byId.get(id), activeId))));
  }
  return section.childNodes.length ? section : null;
}
