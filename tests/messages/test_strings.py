"""Every user-facing string exists in English, Spanish and Chinese, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from messages.i18n import FALLBACK, LANGUAGES, catalog


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != FALLBACK])
def test_every_string_is_translated_with_the_same_placeholders(language: str) -> None:
    english, other = catalog(FALLBACK), catalog(language)
    assert sorted(english.keys() - other.keys()) == [], "missing translations"
    assert sorted(other.keys() - english.keys()) == [], "strings English does not have"
    different = {
        key: (sorted(_placeholders(english[key])), sorted(_placeholders(other[key])))
        for key in english
        if _placeholders(english[key]) != _placeholders(other[key])
    }
    assert different == {}
