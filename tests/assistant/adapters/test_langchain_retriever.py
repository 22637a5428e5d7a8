"""Werkwijzer's retrieval as a LangChain retriever, inside a small chain with a fake chat model."""

from __future__ import annotations

from langchain_core.documents import Document
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompt_values import PromptValue
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import RunnableLambda, RunnablePassthrough

from assistant.adapters.langchain_retriever import WerkwijzerRetriever

QUESTION = "Hoeveel deelnemers zijn dagelijks actief bij Werkbedrijf Lelystad?"


def _format(docs: list[Document]) -> str:
    return "\n\n".join(
        f"[{i}] {d.metadata['document_title']} › {d.metadata['section'] or '-'}\n{d.page_content}"
        for i, d in enumerate(docs, 1)
    )


def test_documents_carry_passage_metadata(corpus_core) -> None:  # noqa: ANN001
    retriever = WerkwijzerRetriever(search=corpus_core.retriever, k=3)
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke(QUESTION)
    assert len(docs) == 3
    hits = corpus_core.retriever.search(QUESTION, k=3)
    assert [d.id for d in docs] == [h.passage.id for h in hits]
    assert docs[0].page_content == hits[0].passage.text
    assert set(docs[0].metadata) == {
        "id",
        "document_id",
        "document_title",
        "section",
        "page",
        "score",
    }
    assert any("Lelystad" in d.page_content for d in docs)


def test_document_filter(corpus_core) -> None:  # noqa: ANN001
    only = "simpel-switchen-dagbesteding-naar-werk"
    retriever = WerkwijzerRetriever(search=corpus_core.retriever, k=4, document_ids=[only])
    assert {d.metadata["document_id"] for d in retriever.invoke("werk")} == {only}


def test_in_a_chain_with_a_fake_chat_model(corpus_core) -> None:  # noqa: ANN001
    seen: list[str] = []

    def record(prompt: PromptValue) -> PromptValue:
        seen.append(prompt.to_string())
        return prompt

    fake_llm = FakeListChatModel(
        responses=["Ongeveer 600 deelnemers per dag [1]."]
    )  # a fake, no LLM here
    prompt = ChatPromptTemplate.from_messages(
        [("system", "Antwoord alleen uit de bronnen.\n\n{context}"), ("human", "{question}")]
    )
    retriever = WerkwijzerRetriever(search=corpus_core.retriever, k=4)
    chain = (
        {"context": retriever | _format, "question": RunnablePassthrough()}
        | prompt
        | RunnableLambda(record)
        | fake_llm
        | StrOutputParser()
    )
    assert chain.invoke(QUESTION) == "Ongeveer 600 deelnemers per dag [1]."
    assert len(seen) == 1
    assert "[1] " in seen[0] and QUESTION in seen[0]
    assert hits_text(corpus_core) in seen[0]  # the retrieved passages reached the model


def hits_text(core) -> str:  # noqa: ANN001
    """The text of the best passage for the question."""
    return core.retriever.search(QUESTION, k=1)[0].passage.text
