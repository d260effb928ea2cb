"""The consistency check (bot/statements/compare.py) against the guide, docs/LABELS.md section 3."""

from __future__ import annotations

import pytest

from bot.statements.compare import KINDS, compare_to_approved, guess_language, number_value, to_digits

APPROVED_EN = (
    "On 12 June our payment service was down from 09:30 to 11:00 and 4,500 customers were charged twice. "
    "This was our mistake and we are sorry. We will refund €250 to all affected customers automatically "
    "by 20 June. Our supplier Stripe has confirmed the fix. Next update at 20:00."
)


def kinds(approved: str, spoken: str, language: str | None = None) -> list[str]:
    return [d.kind for d in compare_to_approved(approved, spoken, language).differences]


# --- wording only: not material -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("approved", "spoken", "language"),
    [
        (
            APPROVED_EN,
            "Hi everyone! 👋 On June 12th our payment service was down from 9.30 am to 11 am, and 4500 "
            "customers were charged twice. We're sorry, this was our mistake. We'll refund 250 euros to all "
            "affected customers automatically by June 20th. Our supplier Stripe has confirmed the fix. "
            "Next update at 8 pm.",
            "en",
        ),
        ("We refunded seven customers.", "We refunded 7 customers.", "en"),
        ("Le devolveremos 300 € el 3 de mayo.", "Te devolveremos 300 euros el 3 de mayo.", "es"),
        ("Hemos reembolsado 4.500 pedidos.", "Se han reembolsado 4500 pedidos.", "es"),
        ("我们将退还300元，下一次更新在20:00。", "我们将退还三百元，下一次更新在晚上8点。", "zh"),
        ("请您在6月12日前联系我们。", "请你在6月12日前联系我们。", "zh"),
    ],
)
def test_rewording_is_not_material(approved: str, spoken: str, language: str) -> None:
    comparison = compare_to_approved(approved, spoken, language)
    assert not comparison.material, comparison.differences


def test_identical_text_is_the_same_message() -> None:
    comparison = compare_to_approved(APPROVED_EN, "  " + APPROVED_EN.upper().lower() + "\n")
    assert comparison.identical is False or comparison.material is False
    assert compare_to_approved(APPROVED_EN, APPROVED_EN).identical


def test_empty_texts() -> None:
    assert not compare_to_approved("", "").material
    assert compare_to_approved("", "").identical


# --- material changes, one kind each --------------------------------------------------------------


@pytest.mark.parametrize(
    ("spoken", "kind"),
    [
        (APPROVED_EN.replace("4,500", "3,500"), "number"),
        (APPROVED_EN.replace("€250", "€205"), "amount"),
        (APPROVED_EN.replace("by 20 June", "by 27 June"), "date_time"),
        (APPROVED_EN.replace("Next update at 20:00", "Next update at 22:00"), "next_update"),
        (APPROVED_EN.replace("4,500 customers", "a handful of customers"), "vague_figure"),
        (APPROVED_EN.replace("Stripe", "Adyen"), "named_party"),
        (APPROVED_EN.replace("We will refund", "We may refund"), "promise"),
        (APPROVED_EN.replace("to all affected customers automatically", "to customers who ask"), "promise"),
        (APPROVED_EN + " Everyone also gets a free month of premium.", "promise"),
        (APPROVED_EN.replace("This was our mistake and we are sorry.", "We are sorry."), "admission"),
        (
            APPROVED_EN.replace("This was our mistake and we are sorry.", "This was caused by our supplier."),
            "admission",
        ),
    ],
)
def test_material_change_is_named(spoken: str, kind: str) -> None:
    comparison = compare_to_approved(APPROVED_EN, spoken, "en")
    assert comparison.material
    assert kind in [d.kind for d in comparison.differences]


def test_change_quotes_both_sides() -> None:
    spoken = APPROVED_EN.replace("€250", "€205")
    (difference,) = [d for d in compare_to_approved(APPROVED_EN, spoken).differences if d.kind == "amount"]
    assert "€250" in (difference.approved or "")
    assert "€205" in (difference.spoken or "")


@pytest.mark.parametrize(
    ("approved", "spoken", "language", "kind"),
    [
        ("Devolveremos 39,90 € a 4.120 socios antes del 5 de septiembre.",
         "Devolveremos 39,90 € a 4.210 socios antes del 5 de septiembre.", "es", "number"),
        ("Devolveremos el cargo a todos los socios de forma automática.",
         "Devolveremos el cargo a los socios que lo soliciten.", "es", "promise"),
        ("La culpa es nuestra: fallamos al planificar.",
         "El motivo es un error de la empresa de trabajo temporal.", "es", "admission"),
        ("我们已新增45名查勘员。", "我们已新增54名查勘员。", "zh", "number"),
        ("共4.8万瓶受影响。", "有好几万瓶受影响。", "zh", "vague_figure"),
        ("备份存放在云服务商云栖科技。", "备份存放在云服务商云帆科技。", "zh", "named_party"),
        ("我们超售了客房，这是我们的过错。所有客人将获得全额退款。", "所有客人将获得全额退款。", "zh", "admission"),  # noqa: E501
    ],
)  # fmt: skip
def test_material_changes_in_spanish_and_chinese(
    approved: str, spoken: str, language: str, kind: str
) -> None:
    assert kind in kinds(approved, spoken, language)


def test_every_kind_is_a_guide_name() -> None:
    assert set(KINDS) == {
        "number", "date_time", "amount", "named_party", "promise", "admission", "next_update", "vague_figure",
    }  # fmt: skip
    spoken = APPROVED_EN.replace("4,500", "3,500").replace("Stripe", "Adyen").replace("will", "may")
    assert set(kinds(APPROVED_EN, spoken)) <= set(KINDS)


# --- normalisation helpers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"), [("4,500", 4500.0), ("4.500", 4500.0), ("4500", 4500.0), ("2,5", 2.5), ("39.90", 39.9)]
)
def test_number_value(raw: str, value: float) -> None:
    assert number_value(raw) == value


def test_to_digits_uses_number_words_and_chinese_numerals() -> None:
    assert "7" in to_digits("seven customers", "en")
    assert "12000" in to_digits("doce mil clientes", "es")
    assert "300元" in to_digits("三百元", "zh")
    assert to_digits("零件和一次", "zh") == "零件和一次"  # a word and an article are not counts


def test_language_is_guessed() -> None:
    assert guess_language("我们深表歉意。") == "zh"
    assert guess_language("Lo sentimos: el servicio de pagos estuvo caído.") == "es"
    assert guess_language("We are sorry: the payment service was down.") == "en"
