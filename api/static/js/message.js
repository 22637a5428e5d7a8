// One exchange in the chat: the question, and the answer with citations, the not-found state,
// copy and feedback controls. Built with DOM nodes only (no HTML parsing of any text).

import { api } from "./api.js";
import { clear, h, icon, whereText } from "./dom.js";
import { answerWithSources } from "./format.js";
import { renderBlocks } from "./richtext.js";
import { openPassage } from "./sources.js";
import { state } from "./state.js";
import { announce, toast } from "./ui.js";

const SNIPPET_CHARS = 220;

/** The user's question as a chat bubble. */
export function questionNode(text) {
  return h(
    "article",
    { class: "msg msg-user", "aria-label": "Jouw vraag" },
    h("div", { class: "bubble", "data-testid": "user-message" }, text),
  );
}

/** A citation marker: the visible number, with the brackets kept in the text for copying. */
function marker(turn, n) {
  const c = (turn.citations || []).find((x) => x.n === n);
  const label = c ? `Bron ${n}: ${whereText(c)}` : `Bron ${n}`;
  const button = h(
    "button",
    { type: "button", class: "cite", "data-testid": "citation", "data-n": String(n), "aria-label": label, title: c ? whereText(c) : null },
    h("span", { class: "visually-hidden" }, "["),
    String(n),
    h("span", { class: "visually-hidden" }, "]"),
  );
  if (!c) button.classList.add("pending");
  button.addEventListener("click", () => {
    const cite = (turn.citations || []).find((x) => x.n === n);
    if (cite) openPassage(turn, cite.passage_id, { primaryN: n, from: button });
  });
  return button;
}

/** Create the DOM for an assistant turn; returns a controller to update it while streaming. */
export function answerNode(turn) {
  const body = h("div", { class: "answer-body", "aria-busy": "true" });
  const busy = h(
    "div",
    { class: "busy", "data-testid": "busy" },
    h("span", { class: "dots", "aria-hidden": "true" }, h("i"), h("i"), h("i")),
    h("span", { class: "busy-text" }, "Bezig… zoeken in de publicaties"),
  );
  const extras = h("div", { class: "answer-extras" });
  const actions = h("div", { class: "msg-actions" });
  const article = h(
    "article",
    { class: "msg msg-assistant", "aria-label": "Antwoord van Werkwijzer" },
    h("div", { class: "avatar", "aria-hidden": "true" }, "W"),
    h("div", { class: "msg-main" }, busy, body, extras, actions),
  );
  turn.node = article;

  const view = {
    article,
    /** Passages arrived: say so in the busy line. */
    passages(count) {
      busy.querySelector(".busy-text").textContent = count
        ? `Bezig… ${count} passages gevonden, antwoord wordt opgesteld`
        : "Bezig… antwoord wordt opgesteld";
    },
    /** Show the text streamed so far. */
    text(text) {
      clear(body).append(renderBlocks(text, (n) => marker(turn, n)));
    },
    /** Final state: full text, clickable citations, status, actions. */
    done() {
      busy.remove();
      body.removeAttribute("aria-busy");
      clear(body).append(renderBlocks(turn.answer || "", (n) => marker(turn, n)));
      body.dataset.testid = "answer";
      body.dataset.status = turn.status;
      if (turn.turnId) article.dataset.turnId = turn.turnId;
      article.classList.toggle("not-found", turn.status === "not_found");
      article.querySelector(".nf-banner")?.remove();
      if (turn.status === "not_found") {
        body.before(h("p", { class: "nf-banner" }, icon("search"), "Niet gevonden in de publicaties"));
      }
      clear(extras);
      if (turn.status === "not_found") extras.append(notFoundCard(turn));
      else if (turn.citations?.length) extras.append(sourceChips(turn));
      if (turn.notice) extras.prepend(h("p", { class: "notice" }, icon("alert"), turn.notice));
      // A follow-up is searched as a question of its own: show how, so a wrong subject is seen.
      if (turn.standalone && turn.standalone.trim() !== (turn.question || "").trim()) {
        extras.prepend(h("p", { class: "standalone muted", "data-testid": "standalone-question" }, `Gezocht als: ${turn.standalone}`));
      }
      clear(actions).append(...actionButtons(turn));
    },
    /** The stream was stopped by the user. */
    stopped() {
      busy.remove();
      body.removeAttribute("aria-busy");
      article.classList.add("stopped");
      if (!body.textContent.trim()) body.append(h("p", { class: "muted" }, "Geen antwoord: je hebt het stoppen gevraagd."));
      extras.append(h("p", { class: "notice" }, "Gestopt. Het antwoord is niet afgemaakt."));
      clear(actions).append(retryButton(turn));
    },
    /** The server or the network failed. */
    failed(message) {
      busy.remove();
      body.removeAttribute("aria-busy");
      article.classList.add("failed");
      extras.append(h("p", { class: "error", role: "alert" }, icon("alert"), `Er ging iets mis: ${message}`));
      clear(actions).append(retryButton(turn));
    },
  };
  return view;
}

function retryButton(turn) {
  return h(
    "button",
    {
      type: "button",
      class: "btn btn-ghost btn-sm",
      onclick: () => document.dispatchEvent(new CustomEvent("werkwijzer:ask", { detail: { question: turn.question } })),
    },
    icon("retry"),
    "Opnieuw vragen",
  );
}

/** Chips under an answer, one per cited passage. */
function sourceChips(turn) {
  const seen = new Map();
  for (const c of turn.citations) {
    if (!seen.has(c.passage_id)) seen.set(c.passage_id, { c, ns: [] });
    seen.get(c.passage_id).ns.push(c.n);
  }
  const list = h("ul", { class: "source-chips", "aria-label": "Bronnen van dit antwoord" });
  for (const { c, ns } of seen.values()) {
    const place = [c.section ? c.section.split(" › ").pop() : null, c.page ? `p. ${c.page}` : null].filter(Boolean).join(", ");
    const button = h(
      "button",
      { type: "button", class: "source-chip", title: whereText(c) },
      h("span", { class: "chip-num" }, ns.join(", ")),
      h("span", { class: "chip-title" }, c.document_title),
      place ? h("span", { class: "chip-page" }, place) : null,
    );
    button.setAttribute("aria-label", `Bron ${ns.join(", ")}: ${whereText(c)}`);
    button.addEventListener("click", () => openPassage(turn, c.passage_id, { primaryN: ns[0], from: button }));
    list.append(h("li", {}, button));
  }
  return list;
}

/** The honest "not found" state: closest passages and what the publications do cover. */
function notFoundCard(turn) {
  const card = h(
    "section",
    { class: "notfound", "data-testid": "not-found", "aria-label": "Niet gevonden in de publicaties" },
    h("p", { class: "nf-lead" }, "Werkwijzer antwoordt alleen met wat er in de publicaties staat. Dit komt er het dichtst bij:"),
  );
  const closest = (turn.passages || []).slice(0, 3);
  if (closest.length) {
    const list = h("ul", { class: "nf-passages", "data-testid": "closest-passages" });
    for (const p of closest) {
      const snippet = p.text.length > SNIPPET_CHARS ? `${p.text.slice(0, SNIPPET_CHARS).trimEnd()}…` : p.text;
      const button = h(
        "button",
        { type: "button", class: "nf-passage" },
        h("span", { class: "nf-where" }, whereText(p)),
        h("span", { class: "nf-snippet" }, snippet.replace(/<\/?i>/g, "")),
      );
      button.addEventListener("click", () => openPassage(turn, p.id, { from: button }));
      list.append(h("li", {}, button));
    }
    card.append(h("h3", {}, "Dichtstbijzijnde passages"), list);
  }
  if (state.documents.length) {
    const covered = h("ul", { class: "nf-docs", "data-testid": "covered" });
    for (const d of state.documents) {
      covered.append(h("li", {}, h("strong", {}, d.title), d.kind ? ` — ${d.kind}` : null));
    }
    card.append(h("h3", {}, "Wat de publicaties wel behandelen"), covered);
  }
  return card;
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API refused (e.g. no permission): fall back to a hidden text area.
    const area = h("textarea", { class: "visually-hidden", "aria-hidden": "true" });
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

function actionButtons(turn) {
  const copy = h("button", { type: "button", class: "act", "data-testid": "copy-answer", title: "Kopieer antwoord met bronnen" }, icon("copy"), h("span", {}, "Kopiëren"));
  copy.addEventListener("click", async () => {
    const text = answerWithSources(turn);
    copy.dataset.copied = text;
    toast((await copyText(text)) ? "Antwoord met bronnen gekopieerd" : "Kopiëren lukte niet");
  });
  if (!turn.turnId) return [copy];

  const up = h("button", { type: "button", class: "act thumb", "data-testid": "feedback-up", "aria-pressed": "false", "aria-label": "Goed antwoord" }, icon("up"));
  const down = h("button", { type: "button", class: "act thumb", "data-testid": "feedback-down", "aria-pressed": "false", "aria-label": "Slecht antwoord" }, icon("down"));
  const form = feedbackForm(turn);
  const sync = () => {
    up.setAttribute("aria-pressed", String(turn.feedback?.rating === "up"));
    down.setAttribute("aria-pressed", String(turn.feedback?.rating === "down"));
  };
  const rate = async (rating) => {
    try {
      turn.feedback = await api("/api/feedback", { method: "POST", body: { turn_id: turn.turnId, rating, comment: turn.feedback?.comment || null } });
      sync();
      form.show(rating);
      announce(rating === "up" ? "Bedankt voor je beoordeling." : "Bedankt. Vertel eventueel wat er beter kan.");
    } catch (err) {
      toast(`Beoordeling niet opgeslagen: ${err.message}`);
    }
  };
  up.addEventListener("click", () => rate("up"));
  down.addEventListener("click", () => rate("down"));
  sync();
  return [copy, h("span", { class: "act-sep", "aria-hidden": "true" }), up, down, form.node];
}

function feedbackForm(turn) {
  const id = `fb-${turn.turnId}`;
  const area = h("textarea", { id, rows: "2", maxlength: "2000", "data-testid": "feedback-comment", placeholder: "Bijvoorbeeld: het juiste antwoord staat in hoofdstuk 4." });
  const label = h("label", { for: id }, "Wat kan er beter? (optioneel)");
  const send = h("button", { type: "submit", class: "btn btn-primary btn-sm", "data-testid": "feedback-send" }, "Versturen");
  const close = h("button", { type: "button", class: "btn btn-ghost btn-sm" }, "Sluiten");
  const node = h("form", { class: "feedback-form", hidden: true, "data-testid": "feedback-form" }, label, area, h("div", { class: "fb-actions" }, close, send));
  close.addEventListener("click", () => { node.hidden = true; });
  node.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      turn.feedback = await api("/api/feedback", {
        method: "POST",
        body: { turn_id: turn.turnId, rating: turn.feedback?.rating || "down", comment: area.value.trim() || null },
      });
      node.hidden = true;
      toast("Bedankt, je opmerking is opgeslagen");
    } catch (err) {
      toast(`Opmerking niet opgeslagen: ${err.message}`);
    }
  });
  return {
    node,
    show(rating) {
      label.textContent = rating === "up" ? "Wat was goed? (optioneel)" : "Wat kan er beter? (optioneel)";
      area.value = turn.feedback?.comment || "";
      node.hidden = false;
      area.focus();
    },
  };
}
