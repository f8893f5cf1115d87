"""The ranges that every date, year, count and text of the records falls in.

A value outside them is a typing slip or an attack, never a record.
"""

# The Party was founded in 1930: nothing this product records is older. The last year leaves
# room for planned graduations while refusing the year 9999.
FIRST_YEAR = 1930
LAST_YEAR = 2100

# The ids a 64-bit integer column holds (SQLite, PostgreSQL bigint).
MIN_ID = -(2**63)
MAX_ID = 2**63 - 1


def is_storable_id(value) -> bool:
    """False for a number past the id column's range (SQLite raises OverflowError on looking it
    up); anything else, a well-formed id or not, is left to the field that reads it."""
    try:
        number = int(str(value).strip())
    except ValueError:
        return True
    return MIN_ID <= number <= MAX_ID
