"""Demo exchange rates: one plausible annual rate per currency, 2003–2026, dated 1 January.

These are rounded, approximate yearly levels for demonstration only, labelled as such in `source`;
they are not official rates. Idempotent: existing (currency, date) rows are left as they are."""

import datetime
from decimal import Decimal

from friendship_union.core.services import record_save

from .models import Currency, ExchangeRate

DEMO_SOURCE = "Dữ liệu minh họa (demo) – không phải tỷ giá chính thức"
YEARS = range(2003, 2027)

# VND per USD, and each other currency per USD (EUR, AUD, GBP as USD per unit; JPY, KRW as units per USD).
USD_VND = [
    15510,
    15740,
    15860,
    16000,
    16100,
    16500,
    17800,
    18600,
    20500,
    20830,
    21000,
    21200,
    21900,
    22300,
    22700,
    22900,
    23200,
    23200,
    23000,
    23500,
    24000,
    25000,
    26000,
    26300,
]
USD_PER = {
    "EUR": [
        1.13,
        1.24,
        1.24,
        1.26,
        1.37,
        1.47,
        1.39,
        1.33,
        1.39,
        1.29,
        1.33,
        1.33,
        1.11,
        1.11,
        1.13,
        1.18,
        1.12,
        1.14,
        1.18,
        1.05,
        1.08,
        1.08,
        1.13,
        1.16,
    ],
    "AUD": [
        0.65,
        0.74,
        0.76,
        0.75,
        0.84,
        0.85,
        0.79,
        0.92,
        1.03,
        1.04,
        0.97,
        0.90,
        0.75,
        0.74,
        0.77,
        0.75,
        0.70,
        0.69,
        0.75,
        0.69,
        0.66,
        0.66,
        0.64,
        0.66,
    ],
    "GBP": [
        1.63,
        1.83,
        1.82,
        1.84,
        2.00,
        1.85,
        1.57,
        1.55,
        1.60,
        1.59,
        1.56,
        1.65,
        1.53,
        1.36,
        1.29,
        1.33,
        1.28,
        1.28,
        1.38,
        1.24,
        1.24,
        1.28,
        1.30,
        1.33,
    ],
}
PER_USD = {
    "JPY": [
        116,
        108,
        110,
        116,
        118,
        103,
        94,
        88,
        80,
        80,
        98,
        106,
        121,
        109,
        112,
        110,
        109,
        107,
        110,
        131,
        140,
        151,
        150,
        150,
    ],
    "KRW": [
        1192,
        1145,
        1024,
        955,
        929,
        1102,
        1277,
        1156,
        1108,
        1127,
        1095,
        1053,
        1131,
        1160,
        1131,
        1100,
        1166,
        1180,
        1144,
        1292,
        1306,
        1364,
        1420,
        1400,
    ],
}


def demo_rates() -> list[tuple[str, datetime.date, Decimal]]:
    rows = []
    for i, year in enumerate(YEARS):
        day = datetime.date(year, 1, 1)
        usd = Decimal(USD_VND[i])
        rows.append(("USD", day, usd))
        for code, values in USD_PER.items():
            rows.append((code, day, (usd * Decimal(str(values[i]))).quantize(Decimal("1"))))
        for code, values in PER_USD.items():
            rows.append((code, day, (usd / Decimal(values[i])).quantize(Decimal("0.0001"))))
    return rows


def load(stdout=None) -> int:
    """Create the demo rates that are missing; return how many were created."""
    existing = set(ExchangeRate.objects.values_list("currency_id", "date"))
    known = set(Currency.objects.values_list("code", flat=True))
    demo = [(code, day, rate) for code, day, rate in demo_rates() if code in known]
    new = [
        ExchangeRate(currency_id=code, date=day, rate=rate, source=DEMO_SOURCE)
        for code, day, rate in demo
        if (code, day) not in existing
    ]
    for rate in new:
        record_save(rate)  # validated, with history, as staff edits are
    if stdout is not None:
        # Only demo rates count as "đã có": a rate staff entered by hand is not a demo figure.
        stdout.write(f"Tỷ giá minh họa 2003–2026: {len(new)} mới, {len(demo) - len(new)} đã có.")
    return len(new)
