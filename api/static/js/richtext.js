// Turns answer and passage text into DOM nodes without ever parsing HTML.
// Only a tiny whitelist is interpreted: [n] citation markers, **bold**, list lines, and
// matched <i>…</i> pairs (the corpus contains them); everything else stays literal text.

import { h } from "./dom.js";

const CITE_RE = /\[(\d+(?:\s*[,;]\s*\d+)*)\]/g;
const ITALIC_PAIR_RE = /<i>([\s\S]*?)<\/i>/g;
const BULLET_RE = /^\s*(?:[-*•–]|\u2022)\s+(.*)$/;
const NUMBERED_RE = /^\s*(\d+)[.)]\s+(.*)$/;

/**
 * Character-level styling of a text: which characters are hidden tag characters, which are italic.
 * Returns {hidden: Uint8Array, italic: Uint8Array}.
 */
function italicMask(text) {
  const hidden = new Uint8Array(text.length);
  const italic = new Uint8Array(text.length);
  for (const m of text.matchAll(ITALIC_PAIR_RE)) {
    const start = m.index;
    const inner = start + 3;
    const close = inner + m[1].length;
    hidden.fill(1, start, inner);
    hidden.fill(1, close, close + 4);
    italic.fill(1, inner, close);
  }
  return { hidden, italic };
}

/**
 * Render plain text into nodes with italics and highlighted ranges.
 * `ranges`: [{start, end, primary}] character ranges to wrap in <mark>.
 */
export function renderMarked(text, ranges = []) {
  const { hidden, italic } = italicMask(text);
  const hl = new Uint8Array(text.length); // 0 none, 1 secondary, 2 primary
  for (const r of ranges) {
    const level = r.primary ? 2 : 1;
    for (let i = Math.max(0, r.start); i < Math.min(text.length, r.end); i++) hl[i] = Math.max(hl[i], level);
  }
  const frag = document.createDocumentFragment();
  let i = 0;
  while (i < text.length) {
    if (hidden[i]) { i++; continue; }
    let j = i + 1;
    while (j < text.length && !hidden[j] && italic[j] === italic[i] && hl[j] === hl[i]) j++;
    let node = document.createTextNode(text.slice(i, j));
    if (italic[i]) node = h("em", {}, node);
    if (hl[i] === 2) node = h("mark", { "data-testid": "highlight", class: "hl" }, node);
    else if (hl[i] === 1) node = h("mark", { class: "hl-secondary" }, node);
    frag.append(node);
    i = j;
  }
  return frag;
}

/** Collapse white space, keeping a map from each collapsed index back to the original index. */
function collapse(text) {
  let out = "";
  const map = [];
  let space = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (/\s/.test(c)) {
      if (!space && out.length) { out += " "; map.push(i); }
      space = true;
    } else {
      out += c.toLowerCase();
      map.push(i);
      space = false;
    }
  }
  return { out, map };
}

/** Where `quote` stands in `text`: exact first, then ignoring case and white space. */
export function findQuote(text, quote) {
  if (!quote) return null;
  const exact = text.indexOf(quote);
  if (exact >= 0) return { start: exact, end: exact + quote.length };
  const t = collapse(text);
  const q = collapse(quote.trim()).out;
  const at = q ? t.out.indexOf(q) : -1;
  if (at < 0) return null;
  return { start: t.map[at], end: t.map[at + q.length - 1] + 1 };
}

/**
 * Inline text of an answer: [n] markers become buttons made by `makeMarker(n)`, **bold** and
 * <i>…</i> are styled, everything else is text.
 */
export function renderInline(text, makeMarker) {
  const frag = document.createDocumentFragment();
  let last = 0;
  for (const m of text.matchAll(CITE_RE)) {
    frag.append(renderEmphasis(text.slice(last, m.index)));
    for (const n of m[1].split(/[,;]/).map((s) => Number.parseInt(s.trim(), 10))) {
      frag.append(makeMarker(n));
    }
    last = m.index + m[0].length;
  }
  frag.append(renderEmphasis(text.slice(last)));
  return frag;
}

function renderEmphasis(text) {
  const frag = document.createDocumentFragment();
  const parts = text.split(/\*\*(.+?)\*\*/g);
  parts.forEach((part, idx) => {
    if (!part) return;
    if (idx % 2 === 1) frag.append(h("strong", {}, renderMarked(part)));
    else frag.append(renderMarked(part));
  });
  return frag;
}

/** Block structure of an answer: paragraphs, bullet lists and numbered lists. */
export function renderBlocks(text, makeMarker) {
  const frag = document.createDocumentFragment();
  let list = null;
  let listKind = "";
  let para = [];
  const flushPara = () => {
    if (para.length) frag.append(h("p", {}, renderInline(para.join(" "), makeMarker)));
    para = [];
  };
  const flushList = () => {
    if (list) frag.append(list);
    list = null;
    listKind = "";
  };
  for (const raw of text.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.trimEnd();
    const bullet = line.match(BULLET_RE);
    const numbered = bullet ? null : line.match(NUMBERED_RE);
    if (bullet || numbered) {
      flushPara();
      const kind = bullet ? "ul" : "ol";
      if (listKind !== kind) {
        flushList();
        list = h(kind, {});
        listKind = kind;
        if (numbered) list.setAttribute("start", numbered[1]);
      }
      list.append(h("li", {}, renderInline(bullet ? bullet[1] : numbered[2], makeMarker)));
    } else if (!line.trim()) {
      flushPara();
      flushList();
    } else {
      flushList();
      const heading = line.match(/^#{1,6}\s+(.*)$/);
      if (heading) {
        flushPara();
        frag.append(h("p", { class: "answer-heading" }, renderInline(heading[1], makeMarker)));
      } else {
        para.push(line.trim());
      }
    }
  }
  flushPara();
  flushList();
  return frag;
}

/** Plain text for copying: strips the whitelisted markup but keeps [n] markers. */
export function plainText(text) {
  return text.replace(ITALIC_PAIR_RE, "$1").replace(/\*\*(.+?)\*\*/g, "$1");
}
