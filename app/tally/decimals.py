"""Exact conversion between decimal text (``1555905.71``, ``12,5``) and ``Fraction``."""

from __future__ import annotations

import re
from fractions import Fraction

_NUMBER = re.compile(r"\s*\+?(\d+(?:[.,]\d*)?|[.,]\d+)\s*\Z")


def parse_decimal(text: str) -> Fraction | None:
    """The exact value of a non-negative decimal (``.`` or ``,`` as the mark), else ``None``."""
    m = _NUMBER.match(text)
    return Fraction(m.group(1).replace(",", ".")) if m else None


def is_decimal(value: Fraction) -> bool:
    """Whether ``value`` has a finite decimal expansion (its denominator is 2^a * 5^b)."""
    den = value.denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    return den == 1


def format_decimal(value: Fraction | int) -> str:
    """Exact decimal text: ``5``, ``1555905.71``, ``0.125``; never scientific notation.

    Raises ``ValueError`` for a value without a finite decimal expansion (such as 1/3).
    """
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    if not is_decimal(value):
        raise ValueError(f"{value} has no exact decimal representation")
    digits = 0
    while (value * 10**digits).denominator != 1:
        digits += 1
    sign = "-" if value < 0 else ""
    whole, frac = divmod(int(abs(value) * 10**digits), 10**digits)
    return f"{sign}{whole}.{frac:0{digits}d}".rstrip("0")
