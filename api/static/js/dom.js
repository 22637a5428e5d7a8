// Safe DOM building: every string becomes a text node; nothing here ever parses HTML.

/**
 * Create an element. `attrs`: attributes (strings), `on*` functions become listeners,
 * `dataset` an object, `class` a string. Children: nodes, strings (as text) or arrays; null skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "dataset") {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(key, "");
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

/** Append children (nodes, text, arrays) to a parent. */
export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Remove every child of an element. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";
const ICONS = {
  up: "M7 11v9H4v-9h3zm2 9h8.3a2 2 0 0 0 2-1.6l1.3-6.5A2 2 0 0 0 18.6 10H14l.8-4.1A1.7 1.7 0 0 0 13.1 4L9 10v10z",
  down: "M17 13V4h3v9h-3zm-2-9H6.7a2 2 0 0 0-2 1.6l-1.3 6.5A2 2 0 0 0 5.4 14H10l-.8 4.1a1.7 1.7 0 0 0 1.7 1.9L15 14V4z",
  copy: "M9 9h10v11H9zM5 15V4h10",
  doc: "M7 3h7l5 5v13H7zM14 3v5h5",
  chevronLeft: "M15 6l-6 6 6 6",
  chevronRight: "M9 6l6 6-6 6",
  edit: "M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4",
  trash: "M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13",
  search: "M11 18a7 7 0 1 1 0-14 7 7 0 0 1 0 14zM16 16l4 4",
  alert: "M12 4l9 16H3zM12 10v4M12 17v.5",
  check: "M5 12l5 5 9-10",
  retry: "M4 12a8 8 0 1 0 3-6.2M4 4v5h5",
};

/** A decorative inline SVG icon from the small set above. */
export function icon(name, cls = "") {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  if (cls) svg.setAttribute("class", cls);
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("d", ICONS[name]);
  svg.append(path);
  return svg;
}

/** Where a passage stands: "Titel › Sectie, p. 4". */
export function whereText(item, { withTitle = true } = {}) {
  const parts = [];
  if (withTitle && item.document_title) parts.push(item.document_title);
  if (item.section) parts.push(item.section);
  let text = parts.join(" › ");
  if (item.page) text += `${text ? ", " : ""}p. ${item.page}`;
  return text;
}
