// Small page-wide helpers: screen-reader announcements and a toast.

let toastTimer = null;
const TOAST_MS = 2600;

/** Say something to screen readers through the polite live region. */
export function announce(text) {
  const region = document.getElementById("live-status");
  region.textContent = "";
  // A fresh text node after clearing makes screen readers read repeated messages too.
  window.setTimeout(() => { region.textContent = text; }, 30);
}

/** A short visible message at the bottom of the screen (also read by screen readers). */
export function toast(text) {
  const el = document.getElementById("toast");
  el.textContent = text;
  el.hidden = false;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => { el.hidden = true; }, TOAST_MS);
}
