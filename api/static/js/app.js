// Werkwijzer chat page: wires the composer, the streamed answers, conversations and sources.

import { api, ApiError, apiKey, setApiKey, streamChat } from "./api.js";
import { clear, h } from "./dom.js";
import { initConversations, refreshConversations, renderList } from "./conversations.js";
import { conversationMarkdown, slug } from "./format.js";
import { initFilter, loadDocuments, renderEmptyState } from "./library.js";
import { answerNode, questionNode } from "./message.js";
import { plainText } from "./richtext.js";
import { closePanel, isOpen, openPassage } from "./sources.js";
import { state } from "./state.js";
import { announce, toast } from "./ui.js";

const $ = (id) => document.getElementById(id);
const MAX_TEXTAREA_PX = 200;
const HASH_PREFIX = "#gesprek=";
const PASSAGE_HASH_PREFIX = "#passage="; // links from the search widget and other pages

// ---------------------------------------------------------------- conversation view

function showEmpty(show) {
  $("empty-state").hidden = !show;
  $("export-md").disabled = show;
}

function setTitle(title) {
  $("chat-title").textContent = title || "Nieuw gesprek";
  document.title = title ? `${title} · Werkwijzer` : "Werkwijzer";
}

function setHash(id) {
  const target = id ? `${HASH_PREFIX}${encodeURIComponent(id)}` : " ";
  if (location.hash !== target) history.replaceState(null, "", id ? target : location.pathname);
}

function clearMessages() {
  const box = $("messages");
  for (const node of [...box.children]) if (node.id !== "empty-state") node.remove();
}

/** Start a new, empty conversation. */
function newConversation() {
  stopStreaming();
  closePanel();
  state.conversationId = null;
  state.turns = [];
  clearMessages();
  showEmpty(true);
  setTitle(null);
  setHash(null);
  renderList();
  closeNav();
  $("question").focus();
}

/** Turn the server's message list into question/answer turns. */
function turnsOf(messages) {
  const turns = [];
  let pending = null;
  for (const m of messages || []) {
    if (m.role === "user") {
      pending = { question: m.content, answer: "", status: "answered", citations: [], passages: [] };
      turns.push(pending);
    } else if (m.role === "assistant") {
      const turn = pending || { question: "", citations: [], passages: [] };
      if (!pending) turns.push(turn);
      Object.assign(turn, {
        answer: m.content || "",
        status: m.status || "answered",
        citations: m.citations || [],
        passages: m.passages || [],
        turnId: m.turn_id || null,
      });
      pending = null;
    }
  }
  return turns;
}

/** Open a stored conversation. */
async function openConversation(id, { quiet = false } = {}) {
  stopStreaming();
  closePanel();
  closeNav();
  let conv;
  try {
    conv = await api(`/api/conversations/${encodeURIComponent(id)}`);
  } catch (err) {
    if (!quiet) toast(`Gesprek niet gevonden: ${err.message}`);
    if (err instanceof ApiError && err.status === 404) newConversation();
    return;
  }
  state.conversationId = conv.id || id;
  state.turns = turnsOf(conv.messages);
  await loadFeedback(state.conversationId);
  clearMessages();
  showEmpty(state.turns.length === 0);
  for (const turn of state.turns) {
    $("messages").append(questionNode(turn.question));
    const view = answerNode(turn);
    $("messages").append(view.article);
    view.done();
  }
  setTitle(conv.title);
  setHash(state.conversationId);
  renderList();
  scrollToBottom();
}

async function loadFeedback(conversationId) {
  try {
    const data = await api(`/api/feedback?conversation_id=${encodeURIComponent(conversationId)}`);
    const byTurn = new Map((data?.feedback || []).map((f) => [f.turn_id, f]));
    for (const turn of state.turns) turn.feedback = byTurn.get(turn.turnId) || null;
  } catch {
    // feedback state is a nicety; the conversation itself is shown regardless
  }
}

function scrollToBottom() {
  const box = $("messages");
  box.scrollTop = box.scrollHeight;
}

function nearBottom() {
  const box = $("messages");
  return box.scrollHeight - box.scrollTop - box.clientHeight < 120;
}

// ---------------------------------------------------------------- asking

function setBusy(busy) {
  $("send").hidden = busy;
  $("stop").hidden = !busy;
  document.body.classList.toggle("is-busy", busy);
}

/** Marks the page as working (answering, then refreshing the list) for tests and styling. */
function setWorking(working) {
  if (working) document.body.dataset.working = "true";
  else delete document.body.dataset.working;
}

function stopStreaming() {
  if (state.streaming) state.streaming.controller.abort();
}

/** Ask a question in the open conversation and stream the answer into the page. */
async function ask(question) {
  const text = question.trim();
  if (!text || state.streaming) return;
  closePanel();
  showEmpty(false);
  const turn = { question: text, answer: "", status: "answered", citations: [], passages: [], turnId: null };
  state.turns.push(turn);
  $("messages").append(questionNode(text));
  const view = answerNode(turn);
  $("messages").append(view.article);
  scrollToBottom();
  const controller = new AbortController();
  state.streaming = { controller, turn };
  setBusy(true);
  setWorking(true);
  announce("Bezig met antwoorden…");

  const body = { message: text, conversation_id: state.conversationId };
  if (state.selectedDocuments.size) body.documents = [...state.selectedDocuments];
  let frame = 0;
  const paint = () => {
    frame = 0;
    const stick = nearBottom();
    view.text(turn.answer);
    if (stick) scrollToBottom();
  };
  let finished = false;
  const finish = (data) => {
    finished = true;
    Object.assign(turn, {
      answer: data.answer ?? turn.answer,
      status: data.status || "answered",
      citations: data.citations || turn.citations,
      passages: data.passages || turn.passages,
      turnId: data.turn_id || turn.turnId,
      notice: data.notice || null,
      standalone: data.standalone_question || null,
    });
    if (data.conversation_id) state.conversationId = data.conversation_id;
    view.done();
  };

  try {
    await streamChat(body, {
      signal: controller.signal,
      onEvent(name, data) {
        if (name === "meta") {
          if (data.conversation_id) state.conversationId = data.conversation_id;
          if (data.turn_id) turn.turnId = data.turn_id;
          setHash(state.conversationId);
        } else if (name === "passages") {
          turn.passages = data.passages || [];
          view.passages(turn.passages.length);
        } else if (name === "delta") {
          turn.answer += data.text || "";
          if (!frame) frame = requestAnimationFrame(paint);
        } else if (name === "citations") {
          turn.citations = data.citations || [];
        } else if (name === "done") {
          if (frame) cancelAnimationFrame(frame);
          finish(data);
        } else if (name === "error") {
          throw new ApiError(500, data?.error?.type || "error", data?.error?.message || "onbekende fout");
        }
      },
    });
    if (!finished) {
      if (frame) cancelAnimationFrame(frame);
      if (turn.answer) finish({}); // the stream ended without `done`: keep what arrived
      else throw new ApiError(502, "stream", "de verbinding werd verbroken voordat er een antwoord was");
    }
    announce(`Antwoord ${turn.status === "not_found" ? "(niet gevonden in de publicaties)" : ""}: ${plainText(turn.answer).replace(/\[\d+\]/g, "")}`);
  } catch (err) {
    if (frame) cancelAnimationFrame(frame);
    if (err.name === "AbortError") {
      view.stopped();
      announce("Gestopt.");
    } else if (err instanceof ApiError && (err.status === 404 || err.status === 405) && !turn.answer) {
      // No streaming endpoint on this server: fall back to the plain JSON answer.
      try {
        finish(await api("/api/chat", { method: "POST", body, signal: controller.signal }));
      } catch (inner) {
        view.failed(inner.message);
      }
    } else {
      view.failed(err.message);
      announce(`Er ging iets mis: ${err.message}`);
    }
  } finally {
    state.streaming = null;
    setBusy(false);
  }
  if (state.conversationId) {
    setHash(state.conversationId);
    await refreshConversations();
    const conv = state.conversations.find((c) => c.id === state.conversationId);
    setTitle(conv?.title || state.turns[0]?.question);
  }
  setWorking(false);
}

// ---------------------------------------------------------------- export

function exportMarkdown() {
  if (!state.turns.length) return;
  const title = $("chat-title").textContent;
  const md = conversationMarkdown(title, state.turns);
  const url = URL.createObjectURL(new Blob([md], { type: "text/markdown;charset=utf-8" }));
  const link = h("a", { href: url, download: `werkwijzer-${slug(title)}.md`, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  toast("Gesprek geëxporteerd als Markdown");
}

// ---------------------------------------------------------------- navigation drawer (phone)

function openNav() {
  document.body.classList.add("nav-open");
  $("menu-toggle").setAttribute("aria-expanded", "true");
  $("scrim").hidden = false;
  $("new-chat").focus();
}

function closeNav() {
  if (!document.body.classList.contains("nav-open")) return;
  document.body.classList.remove("nav-open");
  $("menu-toggle").setAttribute("aria-expanded", "false");
  $("scrim").hidden = !document.body.classList.contains("panel-open");
}

// ---------------------------------------------------------------- API key (servers that ask for one)

function askForKey(message) {
  const dialog = $("key-dialog");
  if (dialog.open) return;
  $("key-error").textContent = apiKey() ? message : "";
  $("api-key").value = "";
  dialog.showModal();
  $("api-key").focus();
}

function wireKeyDialog() {
  document.addEventListener("werkwijzer:key-needed", (e) => askForKey(e.detail.message));
  $("key-dialog").addEventListener("close", () => {
    const key = $("api-key").value.trim();
    if ($("key-dialog").returnValue !== "ok" || !key) return;
    setApiKey(key, { remember: $("key-remember").checked });
    location.reload(); // start over with the key: documents, conversations, the open conversation
  });
}

// ---------------------------------------------------------------- start

function autosize() {
  const area = $("question");
  area.style.height = "auto";
  area.style.height = `${Math.min(area.scrollHeight, MAX_TEXTAREA_PX)}px`;
}

function wire() {
  wireKeyDialog();
  const area = $("question");
  $("composer").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = area.value;
    if (!text.trim() || state.streaming) return;
    area.value = "";
    autosize();
    ask(text);
  });
  area.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      $("composer").requestSubmit();
    }
  });
  area.addEventListener("input", autosize);
  $("stop").addEventListener("click", () => { stopStreaming(); area.focus(); });
  $("new-chat").addEventListener("click", newConversation);
  $("export-md").addEventListener("click", exportMarkdown);
  $("source-close").addEventListener("click", closePanel);
  $("menu-toggle").addEventListener("click", () => (document.body.classList.contains("nav-open") ? closeNav() : openNav()));
  $("scrim").addEventListener("click", () => { closeNav(); closePanel(); });
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    if (isOpen()) closePanel();
    else if (document.body.classList.contains("nav-open")) { closeNav(); $("menu-toggle").focus(); }
  });
  document.addEventListener("werkwijzer:ask", (e) => ask(e.detail.question));
  window.addEventListener("hashchange", () => {
    const passage = passageFromHash();
    if (passage) { openPassage(null, passage); return; }
    const id = conversationFromHash();
    if (id && id !== state.conversationId) openConversation(id);
  });
  initConversations({
    open: (id) => openConversation(id),
    deleted: (id) => { if (id === state.conversationId) newConversation(); },
    renamed: (id, title) => { if (id === state.conversationId) setTitle(title); },
  });
}

function passageFromHash() {
  return location.hash.startsWith(PASSAGE_HASH_PREFIX) ? decodeURIComponent(location.hash.slice(PASSAGE_HASH_PREFIX.length)) : null;
}

function conversationFromHash() {
  return location.hash.startsWith(HASH_PREFIX) ? decodeURIComponent(location.hash.slice(HASH_PREFIX.length)) : null;
}

/** Say so at the top when the server cannot answer yet (no index, or one built with another model). */
async function checkHealth() {
  try {
    const response = await fetch("/healthz", { headers: { Accept: "application/json" } });
    if (response.ok) return;
    const body = await response.json().catch(() => null);
    const banner = $("health-banner");
    banner.textContent = `Werkwijzer kan nu geen vragen beantwoorden: ${body?.error?.message || `status ${response.status}`}`;
    banner.hidden = false;
  } catch {
    // the server is unreachable; every other call will say so too
  }
}

async function start() {
  wire();
  checkHealth();
  await loadDocuments();
  initFilter();
  await renderEmptyState((q) => ask(q));
  await refreshConversations();
  const id = conversationFromHash();
  if (id) await openConversation(id, { quiet: true });
  else showEmpty(true);
  const passage = passageFromHash();
  if (passage) await openPassage(null, passage);
  document.body.classList.add("ready");
  document.body.dataset.ready = "true";
}

start().catch((err) => {
  clear($("messages")).append(h("p", { class: "error", role: "alert" }, `Werkwijzer kon niet starten: ${err.message}`));
});
