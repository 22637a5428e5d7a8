// Text forms of answers: clipboard text with sources, and a conversation as Markdown.

import { plainText } from "./richtext.js";
import { whereText } from "./dom.js";

/** One line per citation: "[1] Titel › Sectie, p. 4 — “quote”". */
function sourceLines(turn) {
  return (turn.citations || []).map((c) => `[${c.n}] ${whereText(c)} — “${plainText(c.quote).trim()}”`);
}

/** An answer with its sources, as plain text for the clipboard. */
export function answerWithSources(turn) {
  const lines = [plainText(turn.answer || "").trim()];
  const sources = sourceLines(turn);
  if (sources.length) lines.push("", "Bronnen:", ...sources);
  else if (turn.status === "not_found" && turn.passages?.length) {
    lines.push("", "Dichtstbijzijnde passages:", ...turn.passages.slice(0, 3).map((p) => `- ${whereText(p)}`));
  }
  return lines.join("\n");
}

function quoteBlock(text) {
  return text.split("\n").map((l) => `> ${l}`).join("\n");
}

/** Markdown with no HTML in it: a "<" from a title or text becomes "&lt;" (Markdown renders HTML). */
function withoutHtml(markdown) {
  return markdown.replace(/</g, "&lt;");
}

/** A whole conversation as a Markdown document (titles and texts escaped, never live HTML). */
export function conversationMarkdown(title, turns, { date = new Date() } = {}) {
  const out = [`# ${title || "Gesprek"}`, "", `_Geëxporteerd uit Werkwijzer op ${date.toLocaleString("nl-NL")}._`, ""];
  turns.forEach((turn, i) => {
    out.push(`## Vraag ${i + 1}`, "", quoteBlock(turn.question || ""), "");
    const label = turn.status === "not_found" ? "Antwoord (niet gevonden in de publicaties)" : "Antwoord";
    out.push(`### ${label}`, "", plainText(turn.answer || "").trim(), "");
    if (turn.citations?.length) {
      out.push("**Bronnen**", "");
      for (const c of turn.citations) {
        out.push(`${c.n}. ${whereText(c)}  `, `   “${plainText(c.quote).trim()}”`);
      }
      out.push("");
    } else if (turn.status === "not_found" && turn.passages?.length) {
      out.push("**Dichtstbijzijnde passages**", "", ...turn.passages.slice(0, 5).map((p) => `- ${whereText(p)}`), "");
    }
  });
  return withoutHtml(out.join("\n"));
}

/** A file-name-safe slug of a title. */
export function slug(text) {
  const s = (text || "gesprek")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return s || "gesprek";
}
