// The page's state, shared by the modules (one page, one user: a plain object is enough).

export const state = {
  /** id of the open conversation, null for a new one */
  conversationId: null,
  /** conversations as listed by GET /api/conversations */
  conversations: [],
  /** publications from GET /api/documents */
  documents: [],
  /** document ids the user limited the search to (empty: all) */
  selectedDocuments: new Set(),
  /** turns of the open conversation: {question, answer, status, citations, passages, turnId, feedback} */
  turns: [],
  /** the running stream: {controller, turn} or null */
  streaming: null,
};

/** The publication with this id, if known. */
export function documentById(id) {
  return state.documents.find((d) => d.id === id) || null;
}
