/*
 * Werkwijzer search widget: <script src="https://werkwijzer.example/widget.js"></script>
 * then <werkwijzer-search></werkwijzer-search> anywhere on the page.
 *
 * Attributes (all optional):
 *   base-url     where Werkwijzer runs (default: where this script came from)
 *   api-key      a key with the "search" scope, when the server requires keys
 *   k            how many results (default 5, at most 50)
 *   placeholder  text in the empty search box
 *   passage-url  link for a result, "{id}" is replaced by the passage id
 *                (default: <base-url>/#passage={id})
 *   query        search for this at once
 * Theme with CSS custom properties on the element: --ww-accent, --ww-font, --ww-muted, --ww-border.
 * Emits "werkwijzer-results" (detail: the /api/search response) after each search.
 * All text from the server is inserted as text, never as HTML.
 */
(() => {
  "use strict";

  const TAG = "werkwijzer-search";
  const DEFAULT_K = 5;
  const MAX_K = 50;
  const SNIPPET_CHARS = 240;
  const MIN_TERM_CHARS = 3;
  const script = document.currentScript;
  const SCRIPT_BASE = script && script.src ? new URL(".", script.src).href.replace(/\/$/, "") : location.origin;

  const STYLE = `
    :host { display: block; font-family: var(--ww-font, system-ui, sans-serif); color: inherit; }
    form { display: flex; gap: .5rem; }
    input { flex: 1; min-width: 0; padding: .5rem .6rem; font: inherit; border: 1px solid var(--ww-border, #bbb); border-radius: .3rem; }
    button { padding: .5rem .9rem; font: inherit; border: 0; border-radius: .3rem; cursor: pointer;
             background: var(--ww-accent, #0b5cad); color: #fff; }
    button:disabled { opacity: .6; cursor: progress; }
    .status { margin: .5rem 0; color: var(--ww-muted, #555); font-size: .9em; min-height: 1.2em; }
    .status.error { color: #a00; }
    ol { list-style: none; margin: 0; padding: 0; }
    li { padding: .6rem 0; border-top: 1px solid var(--ww-border, #ddd); }
    a { color: var(--ww-accent, #0b5cad); font-weight: 600; text-decoration: none; }
    a:hover, a:focus { text-decoration: underline; }
    .section { color: var(--ww-muted, #555); font-size: .85em; margin: .15rem 0; }
    .snippet { margin: .25rem 0 0; line-height: 1.4; }
    mark { background: #fff3b0; color: inherit; }
  `;

  /** Build an element with text content (never HTML) and attributes. */
  function el(name, attrs = {}, text = null) {
    const node = document.createElement(name);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
    if (text !== null) node.textContent = text;
    return node;
  }

  /** Query words worth highlighting, longest first so "werkfit" wins over "werk". */
  function terms(query) {
    return [...new Set(query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t.length >= MIN_TERM_CHARS))]
      .sort((a, b) => b.length - a.length);
  }

  /** A window of the passage around the first query word, with ellipses where it was cut. */
  function snippetText(text, words) {
    const flat = text.replace(/\s+/g, " ").trim();
    if (flat.length <= SNIPPET_CHARS) return flat;
    const lower = flat.toLowerCase();
    const hits = words.map((w) => lower.indexOf(w)).filter((i) => i >= 0);
    const first = hits.length ? Math.min(...hits) : 0;
    let start = Math.max(0, Math.min(first - SNIPPET_CHARS / 4, flat.length - SNIPPET_CHARS));
    let end = Math.min(flat.length, start + SNIPPET_CHARS);
    // Cut between words, never through one: start after a space, end before one.
    if (start > 0) {
      const space = flat.indexOf(" ", start - 1);
      start = space >= 0 && space < first ? space + 1 : start;
    }
    if (end < flat.length) {
      const space = flat.lastIndexOf(" ", end);
      end = space > start ? space : end;
    }
    const cut = flat.slice(start, end).replace(/[\s,;:]+$/, "");
    return (start > 0 ? "…" : "") + cut + (end < flat.length ? "…" : "");
  }

  /** What went wrong, in Dutch, with what to do about it. */
  function problemText(status, body, baseUrl) {
    const here = location.origin;
    const cors = `zet WERKWIJZER_CORS_ORIGINS='["${here}"]' op de Werkwijzer-server (${baseUrl}) en start hem opnieuw`;
    if (status === 0) {
      return `De zoekdienst is niet bereikbaar vanaf deze pagina. Draait de server, en mag ${here} hem gebruiken? Zo niet: ${cors}.`;
    }
    if (status === 401) return "De zoekdienst vraagt een API-sleutel: geef het element een attribuut api-key met een sleutel met het recht 'search'.";
    if (status === 403 && body?.error?.type === "cross_site") return `Deze pagina mag de zoekdienst niet gebruiken: ${cors}.`;
    if (status === 403) return "Deze API-sleutel mag niet zoeken: vraag een sleutel met het recht 'search'.";
    if (status === 429) return "Er wordt te veel gezocht; probeer het over een minuut opnieuw.";
    if (status >= 500) return `De zoekdienst heeft een storing (status ${status}); probeer het later opnieuw.`;
    return body?.error?.message ? `De zoekvraag werd geweigerd: ${body.error.message}` : `De zoekdienst gaf status ${status}.`;
  }

  /** Append ``text`` to ``parent`` with the query words wrapped in <mark>, as text nodes only. */
  function appendHighlighted(parent, text, words) {
    if (!words.length) { parent.append(text); return; }
    const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const pattern = new RegExp(`(${escaped.join("|")})`, "giu");
    text.split(pattern).forEach((part, i) => {
      parent.append(i % 2 === 1 ? el("mark", {}, part) : document.createTextNode(part));
    });
  }

  class WerkwijzerSearch extends HTMLElement {
    static get observedAttributes() { return ["placeholder", "query"]; }

    constructor() {
      super();
      this._controller = null;
      const root = this.attachShadow({ mode: "open" });
      const style = el("style");
      style.textContent = STYLE;
      this._form = el("form", { role: "search", part: "form" });
      this._input = el("input", { type: "search", part: "input", "aria-label": "Zoek in de publicaties", autocomplete: "off" });
      this._button = el("button", { type: "submit", part: "button" }, "Zoeken");
      this._status = el("p", { class: "status", role: "status", "aria-live": "polite", part: "status" });
      this._list = el("ol", { class: "results", part: "results" });
      this._form.append(this._input, this._button);
      root.append(style, this._form, this._status, this._list);
      this._form.addEventListener("submit", (event) => {
        event.preventDefault();
        this.search(this._input.value);
      });
    }

    connectedCallback() {
      this._input.placeholder = this.getAttribute("placeholder") || "Zoek in de publicaties…";
      const initial = this.getAttribute("query");
      if (initial) { this._input.value = initial; this.search(initial); }
    }

    attributeChangedCallback(name, _old, value) {
      if (name === "placeholder") this._input.placeholder = value || "";
      if (name === "query" && value && this.isConnected) { this._input.value = value; this.search(value); }
    }

    get baseUrl() { return (this.getAttribute("base-url") || SCRIPT_BASE).replace(/\/$/, ""); }

    get k() {
      const k = parseInt(this.getAttribute("k") || "", 10);
      return Number.isFinite(k) ? Math.min(Math.max(k, 1), MAX_K) : DEFAULT_K;
    }

    passageUrl(id) {
      const template = this.getAttribute("passage-url");
      if (template) return template.replace("{id}", encodeURIComponent(id));
      return `${this.baseUrl}/#passage=${encodeURIComponent(id)}`;
    }

    /** Search and show the results; a newer search cancels an older one. */
    async search(query) {
      query = (query || "").trim();
      if (!query) { this._setStatus("Typ een paar woorden om te zoeken."); return; }
      if (this._controller) this._controller.abort();
      const controller = (this._controller = new AbortController());
      const headers = { "Content-Type": "application/json" };
      const key = this.getAttribute("api-key");
      if (key) headers["X-API-Key"] = key;
      this._button.disabled = true;
      this._setStatus("Zoeken…");
      try {
        let response;
        try {
          response = await fetch(`${this.baseUrl}/api/search`, {
            method: "POST", headers, body: JSON.stringify({ query, k: this.k }), signal: controller.signal,
          });
        } catch (error) {
          // The browser says only "Failed to fetch": the server is down, or refuses this origin (CORS).
          if (error.name === "AbortError") throw error;
          throw new Error(problemText(0, null, this.baseUrl));
        }
        const body = await response.json().catch(() => null);
        if (!response.ok) throw new Error(problemText(response.status, body, this.baseUrl));
        this._render(body, query);
        this.dispatchEvent(new CustomEvent("werkwijzer-results", { detail: body, bubbles: true, composed: true }));
      } catch (error) {
        if (error.name === "AbortError") return;
        this._list.replaceChildren();
        this._setStatus(`Zoeken lukte niet. ${error.message}`, true);
      } finally {
        if (this._controller === controller) { this._controller = null; this._button.disabled = false; }
      }
    }

    _setStatus(text, isError = false) {
      this._status.textContent = text;
      this._status.classList.toggle("error", isError);
    }

    _render(body, query) {
      const words = terms(query);
      const items = (body.results || []).map((passage) => {
        const item = el("li", { part: "result", "data-passage-id": passage.id });
        const link = el("a", { href: this.passageUrl(passage.id), part: "title", target: "_blank", rel: "noopener" }, passage.document_title);
        const where = [passage.section, passage.page ? `p. ${passage.page}` : null].filter(Boolean).join(" · ");
        const section = el("div", { class: "section", part: "section" }, where);
        const snippet = el("p", { class: "snippet", part: "snippet" });
        appendHighlighted(snippet, snippetText(passage.text, words), words);
        item.append(link, section, snippet);
        return item;
      });
      this._list.replaceChildren(...items);
      this._setStatus(items.length ? `${items.length} passages gevonden.` : "Niets gevonden; probeer andere woorden.");
    }
  }

  if (!customElements.get(TAG)) customElements.define(TAG, WerkwijzerSearch);
})();
