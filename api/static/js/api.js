// The HTTP API as the page uses it: JSON calls and the server-sent event stream of a chat answer.

const KEY_NAME = "werkwijzer.apiKey";

/** The API key this browser uses, if the server asked for one (session first, then remembered). */
export function apiKey() {
  try {
    return sessionStorage.getItem(KEY_NAME) || localStorage.getItem(KEY_NAME);
  } catch {
    return null; // storage blocked: no key
  }
}

/** Keep an API key for this tab, or on this device when `remember` is set. */
export function setApiKey(key, { remember = false } = {}) {
  sessionStorage.setItem(KEY_NAME, key);
  if (remember) localStorage.setItem(KEY_NAME, key);
  else localStorage.removeItem(KEY_NAME);
}

function withKey(headers) {
  const key = apiKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  return headers;
}

export class ApiError extends Error {
  constructor(status, type, message) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

async function errorOf(response) {
  let type = "http_error";
  let message = `De server antwoordde met status ${response.status}.`;
  try {
    const body = await response.json();
    if (body && body.error) {
      type = body.error.type || type;
      message = body.error.message || message;
    }
  } catch {
    // not JSON: keep the generic message
  }
  if (response.status === 401) {
    // The server wants an API key (it is bound to a non-local address): let the page ask for one.
    document.dispatchEvent(new CustomEvent("werkwijzer:key-needed", { detail: { message } }));
  }
  return new ApiError(response.status, type, message);
}

/** Call a JSON endpoint; throws ApiError with the server's message on 4xx/5xx. */
export async function api(path, { method = "GET", body, signal } = {}) {
  const init = { method, signal, headers: withKey({ Accept: "application/json" }) };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** Split an SSE buffer into complete events; returns [events, rest]. */
export function parseSse(buffer) {
  const events = [];
  const blocks = buffer.replace(/\r\n?/g, "\n").split("\n\n");
  const rest = blocks.pop();
  for (const block of blocks) {
    let name = "message";
    const data = [];
    for (const line of block.split("\n")) {
      if (!line || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "event") name = value;
      else if (field === "data") data.push(value);
    }
    if (!data.length) continue;
    let payload;
    try {
      payload = JSON.parse(data.join("\n"));
    } catch {
      payload = { text: data.join("\n") };
    }
    events.push({ name, data: payload });
  }
  return [events, rest];
}

/**
 * POST /api/chat/stream and call `onEvent(name, data)` for each server-sent event.
 * Resolves when the stream ends; rejects with AbortError when `signal` aborts.
 */
export async function streamChat(body, { signal, onEvent }) {
  const response = await fetch("/api/chat/stream", {
    method: "POST",
    headers: withKey({ "Content-Type": "application/json", Accept: "text/event-stream" }),
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok) throw await errorOf(response);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const stopIfAborted = () => {
    if (signal?.aborted) throw new DOMException("Het antwoord is gestopt.", "AbortError");
  };
  // Stop at once, even when the rest of the answer already sits in the browser's buffer.
  signal?.addEventListener("abort", () => reader.cancel().catch(() => {}), { once: true });
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    stopIfAborted();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    const [events, rest] = parseSse(buffer);
    buffer = rest;
    for (const event of events) {
      stopIfAborted();
      onEvent(event.name, event.data);
    }
  }
  buffer += decoder.decode();
  const [events] = parseSse(`${buffer}\n\n`);
  for (const event of events) onEvent(event.name, event.data);
}
