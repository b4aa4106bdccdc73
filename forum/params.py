"""Numbers read from what a visitor sends: query strings, and form fields read by hand.

``str.isdigit()`` is true of "²" and "①", which ``int()`` refuses (a 500), while ``int()``
takes " 7", "+7", "1_000" and "٧" (an Arabic-Indic seven), none of which a link of ours writes,
and refuses more than 4300 digits. Every number a request carries is read here, by one rule:
ASCII digits only, and few enough to fit the database's 64-bit integers.
"""

# 18 digits stay below 2**63 - 1, the largest id PostgreSQL's bigint holds.
MAX_DIGITS = 18


def positive_int(raw):
    """``raw`` (a string) as a whole number of 1 or more, or ``None`` if it is anything else."""
    if not isinstance(raw, str) or not 0 < len(raw) <= MAX_DIGITS:
        return None
    if not (raw.isascii() and raw.isdigit()):
        return None
    return int(raw) or None


def positive_ints(raws, *, limit):
    """The first ``limit`` of ``raws`` that are numbers by ``positive_int``; others are left out."""
    numbers = (positive_int(raw) for raw in raws)
    return [number for number in numbers if number is not None][:limit]
