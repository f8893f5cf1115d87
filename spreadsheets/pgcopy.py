"""PostgreSQL's COPY for the import's bulk inserts.

A multi-row INSERT of thousands of rows is one huge statement that PostgreSQL must parse and
type literal by literal, and that psycopg2 must first build by quoting every value; COPY streams
the rows in PostgreSQL's own text format and skips both. COPY returns no ids, so the new rows'
ids are drawn from the table's sequence first, in one query, and sent with the rows: the caller
gets them in row order, as INSERT ... RETURNING gives them.
"""

import datetime
from operator import itemgetter

from django.db import connection, models

NULL = "\\N"
# Inside a value, COPY's text format reads a backslash as an escape and a tab or a line break
# as the end of the column or row.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
# Rows handed to the server per round trip.
CHUNK_ROWS = 2000


def copy_value(value) -> str:
    """`value` as COPY's text format spells it; TypeError for a type the import never writes."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    # An aware datetime keeps its UTC offset, so the server's time zone does not matter.
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    raise TypeError(f"No COPY text for {type(value).__name__}")


def copy_rows(model: type[models.Model], rows: list[dict[str, object]]) -> list[int]:
    """Store `rows` (column values by attname, all with the same keys); their new ids, in order."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk_column = model._meta.pk.column
    # A column of one value (a default, the importing user: most of a step's twenty-seven) is
    # spelt once, at the end of every line. One type too: True and 1 are one set's element.
    constant, varying = {}, []
    for name in rows[0]:
        values = list(map(itemgetter(name), rows))
        if len(set(values)) == 1 and len(set(map(type, values))) == 1:
            constant[name] = copy_value(values[0])
        else:
            varying.append(name)
    suffix = "".join("\t" + text for text in constant.values()) + "\n"
    names = [pk_column, *(fields[name].column for name in [*varying, *constant])]
    with connection.cursor() as cursor:
        # The sequence named once: pg_get_serial_sequence in the select list is looked up
        # again for every row drawn (a quarter of a second for 40,000 steps).
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk_column])
        (sequence,) = cursor.fetchone()
        cursor.execute(
            "SELECT nextval(%s::regclass) FROM generate_series(1, %s) ORDER BY 1",
            [sequence, len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        # COPY goes to psycopg2 directly: its errors (a code saved meanwhile by someone else)
        # become Django's, such as IntegrityError, as for any other query.
        with connection.wrap_database_errors:
            cursor.copy_expert(
                f"COPY {table} ({', '.join(map(quote, names))}) FROM STDIN",
                _Chunks(rows, ids, varying, suffix),
            )
    return ids


class _Chunks:
    """COPY's input, `CHUNK_ROWS` rows at a time: the server stores a chunk while the next is
    spelt, rather than waiting for the whole text."""

    def __init__(self, rows: list[dict], ids: list[int], names: list[str], suffix: str):
        self.rows, self.ids, self.names, self.suffix = rows, ids, names, suffix
        self.start = 0

    def read(self, _size: int = -1) -> str:
        start, end = self.start, self.start + CHUNK_ROWS
        chunk = self.rows[start:end]
        if not chunk:
            return ""
        self.start = end
        texts = [copy_column(list(map(itemgetter(name), chunk))) for name in self.names]
        lines = map("\t".join, zip(map(str, self.ids[start:end]), *texts, strict=True))
        return self.suffix.join(lines) + self.suffix


def copy_column(values: list) -> list[str]:
    """One column's values as COPY text, each distinct value worked out once.

    Columns repeat their values (cells, dates, flags, the importing user), so this is a
    lookup per row; a column mixing types (True and 1 are equal keys) is spelled value by value.
    """
    if len(set(map(type, values)) - {type(None)}) > 1:
        return list(map(copy_value, values))
    spelled = {value: copy_value(value) for value in set(values)}
    return list(map(spelled.__getitem__, values))
