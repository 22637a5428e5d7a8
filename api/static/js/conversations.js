// The list of conversations kept on the server: switch, rename, delete.

import { api } from "./api.js";
import { clear, h, icon } from "./dom.js";
import { state } from "./state.js";
import { toast } from "./ui.js";

let handlers = { open: () => {}, deleted: () => {}, renamed: () => {} };

/** Wire the list to the page: `open(id)`, `deleted(id)`, `renamed(id, title)`. */
export function initConversations(callbacks) {
  handlers = { ...handlers, ...callbacks };
}

/** Fetch the conversations and redraw the list. */
export async function refreshConversations() {
  try {
    const data = await api("/api/conversations");
    state.conversations = Array.isArray(data) ? data : data?.conversations || [];
  } catch (err) {
    state.conversations = [];
    if (err.status !== 404 && err.status !== 401) toast(`Gesprekken konden niet worden geladen: ${err.message}`);
  }
  state.conversations.sort((a, b) => String(b.updated || b.created || "").localeCompare(String(a.updated || a.created || "")));
  renderList();
}

const dateFormat = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

function when(value) {
  if (!value) return "";
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? "" : dateFormat.format(d);
}

/** Redraw the list from state. */
export function renderList() {
  const list = clear(document.getElementById("conv-list"));
  document.getElementById("conv-empty").hidden = state.conversations.length > 0;
  for (const conv of state.conversations) list.append(item(conv));
}

function titleOf(conv) {
  return conv.title || "Naamloos gesprek";
}

function item(conv) {
  const active = conv.id === state.conversationId;
  const turns = conv.turns ?? null;
  const open = h(
    "button",
    { type: "button", class: "conv-open", "aria-current": active ? "true" : null, "data-testid": "conversation" },
    h("span", { class: "conv-title" }, titleOf(conv)),
    h("span", { class: "conv-meta" }, [when(conv.updated || conv.created), turns !== null ? `${turns} ${turns === 1 ? "vraag" : "vragen"}` : ""].filter(Boolean).join(" · ")),
  );
  open.addEventListener("click", () => handlers.open(conv.id));
  const rename = h("button", { type: "button", class: "icon-btn sm", "aria-label": `Naam wijzigen: ${titleOf(conv)}`, "data-testid": "rename-conversation" }, icon("edit"));
  const remove = h("button", { type: "button", class: "icon-btn sm danger", "aria-label": `Verwijderen: ${titleOf(conv)}`, "data-testid": "delete-conversation" }, icon("trash"));
  const li = h("li", { class: active ? "conv active" : "conv", dataset: { id: conv.id } }, open, h("span", { class: "conv-tools" }, rename, remove));
  rename.addEventListener("click", () => startRename(li, conv));
  remove.addEventListener("click", () => confirmDelete(conv, remove));
  return li;
}

function startRename(li, conv) {
  const input = h("input", { type: "text", class: "conv-input", value: titleOf(conv), maxlength: "200", "aria-label": "Nieuwe naam van het gesprek", "data-testid": "rename-input" });
  const form = h("form", { class: "conv-rename" }, input);
  clear(li).append(form);
  input.focus();
  input.select();
  let finished = false;
  const finish = async (save) => {
    if (finished) return;
    finished = true;
    const title = input.value.trim();
    if (save && title && title !== conv.title) {
      try {
        const updated = await api(`/api/conversations/${encodeURIComponent(conv.id)}`, { method: "PATCH", body: { title } });
        conv.title = updated?.title ?? title;
        handlers.renamed(conv.id, conv.title);
      } catch (err) {
        toast(`Naam niet gewijzigd: ${err.message}`);
      }
    }
    renderList();
    document.querySelector(`.conv[data-id="${CSS.escape(conv.id)}"] .conv-open`)?.focus();
  };
  form.addEventListener("submit", (e) => { e.preventDefault(); finish(true); });
  input.addEventListener("keydown", (e) => { if (e.key === "Escape") { e.preventDefault(); finish(false); } });
  input.addEventListener("blur", () => finish(true));
}

function confirmDelete(conv, from) {
  const dialog = document.getElementById("confirm-dialog");
  document.getElementById("confirm-text").textContent = `“${titleOf(conv)}” en alle vragen en antwoorden erin worden verwijderd.`;
  dialog.returnValue = "";
  dialog.addEventListener("close", async function onClose() {
    dialog.removeEventListener("close", onClose);
    if (dialog.returnValue !== "ok") { from.focus(); return; }
    try {
      await api(`/api/conversations/${encodeURIComponent(conv.id)}`, { method: "DELETE" });
      state.conversations = state.conversations.filter((c) => c.id !== conv.id);
      renderList();
      handlers.deleted(conv.id);
      toast("Gesprek verwijderd");
    } catch (err) {
      toast(`Niet verwijderd: ${err.message}`);
    }
  });
  dialog.showModal();
  dialog.querySelector("button[value=cancel]").focus();
}
