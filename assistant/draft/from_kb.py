"""Section 五 and its .docx as every surface drafts them (the command line and the page give the
same text and the same file, byte for byte, for the same notes): the body's last section 五 for
its form, the real embeddings for telling problems from measures, the suggested measures
highlighted in the document."""

from __future__ import annotations

from typing import Any

from .section5 import LastYear, Section5Draft, draft_section5


def real_embeddings(settings: Any) -> object | None:
    """The embedding model for telling problems from measures (never the fake one of the tests)."""
    from ..models import make_embeddings

    return None if getattr(settings, "embedding_backend", "fake") == "fake" else make_embeddings(settings)


def draft_section5_from_kb(kb: Any, notes: str, agency: str | None, year: int | None, model: Any, form: str | None = None) -> Section5Draft:
    """Section 五 from the notes, in the form of the body's last report, with last year's measures
    from it for the 上年度改进情况 paragraph."""
    from .report import last_section5

    last5 = last_section5(kb, agency, year)
    return draft_section5(notes, agency, year, kb.retriever, model, form=form,  # type: ignore[arg-type]
                          embeddings=real_embeddings(kb.settings), last_section5=last5, last_year=LastYear(last5) if agency else None,
                          reader=notes_reader(kb.settings, model))


def notes_reader(settings: Any, model: Any) -> Any:
    """The chat model that reads the notes first (DISCLOSURE_LLM_READS_NOTES), when one is configured."""
    return model if model is not None and getattr(settings, "llm_reads_notes", False) else None


def docx_title(agency: str | None, year: int | None) -> str | None:
    return f"{agency or ''}{year or ''}{'年' if year else ''}政府信息公开工作年度报告" if agency or year else None


def suggested_measures(draft: Section5Draft | None) -> list[str]:
    """The measures the library suggested (highlighted in the .docx for the clerk to confirm)."""
    return [m.text for m in draft.measures if m.suggested] if draft else []
