"""Comparison of a text with the approved message (/crisis check)."""

from __future__ import annotations

from bot.statements.compare import Comparison, Difference, compare_to_approved

APPROVED = (
    "Yesterday between 09:00 and 11:00 CET our payment service was down. "
    "We are sorry: this was our mistake. "
    "We will refund every duplicate charge within 5 days. "
    "Next update at 15:00 CET on Monday."
)


def kinds(comparison: Comparison) -> list[str]:
    return [d.kind for d in comparison.differences]


def of_kind(comparison: Comparison, kind: str) -> list[Difference]:
    return [d for d in comparison.differences if d.kind == kind]


def test_identical_text() -> None:
    result = compare_to_approved(APPROVED, APPROVED)
    assert result.identical
    assert result.similarity == 1.0
    assert result.differences == []


def test_whitespace_and_case_changes_are_identical() -> None:
    text = (
        "  yesterday between 09:00 and 11:00 CET our payment   service was down.\n\n"
        + APPROVED.split(". ", 1)[1]
    )
    result = compare_to_approved(APPROVED, text)
    assert result.identical
    assert result.differences == []


def test_changed_number_is_reported() -> None:
    result = compare_to_approved("We will refund within 5 days.", "We will refund within 3 days.")
    assert not result.identical
    assert result.similarity > 0.9
    assert result.differences == [Difference("number", "5", "3", "We will refund within 5 days.")]


def test_number_change_in_a_long_statement_is_reported() -> None:
    text = APPROVED.replace("within 5 days", "within 3 days")
    result = compare_to_approved(APPROVED, text)
    assert result.similarity > 0.95
    assert result.differences == [
        Difference("number", "5", "3", "We will refund every duplicate charge within 5 days.")
    ]


def test_number_written_as_a_word_is_the_same_number() -> None:
    result = compare_to_approved("We will refund within 5 days.", "We will refund within five days.")
    assert of_kind(result, "number") == []


def test_money_and_percentages() -> None:
    result = compare_to_approved(
        "Affected customers get $50 and 10% off.", "Affected customers get €50 and 15% off."
    )
    assert [(d.approved, d.text) for d in of_kind(result, "number")] == [("$50", "€50"), ("10%", "15%")]


def test_dropped_sentence_is_missing() -> None:
    sentences = APPROVED.split(". ")
    text = ". ".join([sentences[0], sentences[1], sentences[3]])
    result = compare_to_approved(APPROVED, text)
    dropped = "We will refund every duplicate charge within 5 days."
    assert of_kind(result, "missing_sentence") == [Difference("missing_sentence", dropped, None, dropped)]
    assert [d.approved for d in of_kind(result, "promise")] == ["will refund every duplicate"]
    assert of_kind(result, "added_sentence") == []


def test_added_sentence_with_a_promise() -> None:
    text = APPROVED + " We guarantee that this will never happen again."
    result = compare_to_approved(APPROVED, text)
    assert of_kind(result, "added_sentence") == [
        Difference("added_sentence", None, "We guarantee that this will never happen again.", None)
    ]
    promises = of_kind(result, "promise")
    assert promises and all(d.approved is None for d in promises)
    assert any("guarantee" in (d.text or "") for d in promises)


def test_promise_added_to_an_aligned_sentence() -> None:
    result = compare_to_approved(
        "We are sorry for the delay.", "We are sorry for the delay and we will refund every order."
    )
    assert of_kind(result, "missing_sentence") == []
    assert [(d.approved, d.text) for d in of_kind(result, "promise")] == [(None, "will refund every order")]


def test_negated_promise() -> None:
    result = compare_to_approved("We will refund all orders.", "We will not refund all orders.")
    assert [(d.approved, d.text) for d in of_kind(result, "promise")] == [
        ("will refund all orders", "will not refund all orders")
    ]
    result = compare_to_approved("We will refund all orders.", "We won't refund all orders.")
    assert len(of_kind(result, "promise")) == 1


def test_changed_date_and_time() -> None:
    result = compare_to_approved(
        "We will restore service on Monday, March 3 at 10:00.",
        "We will restore service on Tuesday, March 4 at 11:30.",
    )
    assert [(d.approved, d.text) for d in of_kind(result, "date")] == [
        ("Monday", "Tuesday"),
        ("March 3", "March 4"),
        ("10:00", "11:30"),
    ]
    assert of_kind(result, "number") == []


def test_relative_day_and_iso_date() -> None:
    result = compare_to_approved(
        "The fix ships tomorrow; the audit ends on 2025-03-10.",
        "The fix ships today; the audit ends on 2025-03-17.",
    )
    assert [(d.approved, d.text) for d in of_kind(result, "date")] == [
        ("tomorrow", "today"),
        ("2025-03-10", "2025-03-17"),
    ]


def test_changed_name_handle_and_url() -> None:
    result = compare_to_approved(
        "Press questions go to Jane Smith at @acme_press or https://acme.example/press.",
        "Press questions go to John Doe at @acme_help or https://acme.example/help.",
    )
    assert [(d.approved, d.text) for d in of_kind(result, "name")] == [
        ("Jane Smith", "John Doe"),
        ("@acme_press", "@acme_help"),
        ("https://acme.example/press", "https://acme.example/help"),
    ]


def test_company_name_at_sentence_start() -> None:
    result = compare_to_approved("Acme apologises to all customers.", "Globex apologises to all customers.")
    assert [(d.approved, d.text) for d in of_kind(result, "name")] == [("Acme", "Globex")]


def test_ordinary_sentence_start_is_not_a_name() -> None:
    result = compare_to_approved("We apologise to all customers.", "Our team apologises to all customers.")
    assert of_kind(result, "name") == []


def test_spanish() -> None:
    approved = (
        "¿Qué pasó? Ayer nuestro servicio de pagos falló. "
        "Vamos a reembolsar todos los pedidos en 5 días. "
        "La próxima actualización será el lunes a las 10:00."
    )
    text = (
        "¿Qué pasó? Ayer nuestro servicio de pagos falló. "
        "Vamos a reembolsar todos los pedidos en 7 días. "
        "La próxima actualización será el martes a las 10:00."
    )
    result = compare_to_approved(approved, text)
    assert [(d.kind, d.approved, d.text) for d in result.differences] == [
        ("number", "5", "7"),
        ("date", "lunes", "martes"),
    ]


def test_spanish_negated_promise() -> None:
    result = compare_to_approved(
        "¡Reembolsaremos todos los pedidos!", "¡No reembolsaremos todos los pedidos!"
    )
    assert len(of_kind(result, "promise")) == 1


def test_chinese() -> None:
    approved = "昨天我们的支付服务出现故障。我们将在5天内退款。下一次更新在明天18:00。"
    text = "昨天我们的支付服务出现故障。我们将在三天内退款。下一次更新在后天18:00。"
    result = compare_to_approved(approved, text)
    assert [(d.kind, d.approved, d.text) for d in result.differences] == [
        ("number", "5", "三"),
        ("date", "明天", "后天"),
    ]
    assert result.differences[0].sentence == "我们将在5天内退款。"


def test_chinese_same_number_in_words_and_dropped_sentence() -> None:
    approved = "我们将在5天内退款。我们已经修复了漏洞。"
    text = "我们将在五天内退款。"
    result = compare_to_approved(approved, text)
    assert kinds(result) == ["missing_sentence"]
    assert result.differences[0].approved == "我们已经修复了漏洞。"


def test_chinese_negated_promise() -> None:
    result = compare_to_approved("我们会全额退款。", "我们不会全额退款。")
    assert [(d.approved, d.text) for d in of_kind(result, "promise")] == [("会全额退款", "不会全额退款")]


def test_similarity_orders_small_edits_above_rewrites() -> None:
    small = compare_to_approved(APPROVED, APPROVED.replace("15:00", "16:00"))
    medium = compare_to_approved(APPROVED, APPROVED.replace("We are sorry: this was our mistake. ", ""))
    rewrite = compare_to_approved(
        APPROVED, "Some customers saw issues. We are looking into it and will share more soon."
    )
    assert 1.0 > small.similarity > medium.similarity > rewrite.similarity >= 0.0
    assert len(of_kind(rewrite, "missing_sentence")) >= 3


def test_empty_texts() -> None:
    assert compare_to_approved("", "").identical
    result = compare_to_approved(APPROVED, "")
    assert result.similarity == 0.0
    assert len(of_kind(result, "missing_sentence")) == 4
