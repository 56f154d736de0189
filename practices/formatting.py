"""Money and periods formatted the way each language writes them.

Django's localisation gives the number (decimal and grouping separators per language); the
place of the euro sign differs too: "1 884 101,06 €" in French, "€1,884,101.06" in English.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from django.utils.formats import number_format

#: Where the currency sign goes, per language ("{amount}" is the localised number).
CURRENCY_PATTERNS = {
    "en": "€{amount}",
}
DEFAULT_CURRENCY_PATTERN = "{amount}\u00a0€"


def format_money(amount, language: str | None = None) -> str:
    """An amount in euros, with two decimals only when it has cents."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    language = language or translation.get_language() or "en"
    decimals = 0 if amount == amount.to_integral_value() else 2
    with translation.override(language):
        number = number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    pattern = CURRENCY_PATTERNS.get(language.split("-")[0], DEFAULT_CURRENCY_PATTERN)
    return pattern.format(amount=number)


def format_share(share, language: str | None = None) -> str:
    if share is None:
        return ""
    share = Decimal(share)
    language = language or translation.get_language() or "en"
    decimals = 0 if share == share.to_integral_value() else 1
    with translation.override(language):
        number = number_format(share, decimal_pos=decimals, use_l10n=True)
    if language.split("-")[0] in {"fr", "de", "sl", "it"}:
        return f"{number}\u00a0%"
    return f"{number}%"
