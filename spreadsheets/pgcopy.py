"""PostgreSQL's COPY for the import's bulk inserts.

A multi-row INSERT of thousands of rows is one huge statement that PostgreSQL must parse and
type literal by literal, and that psycopg2 must first build by quoting every value; COPY streams
the rows in PostgreSQL's own text format and skips both. COPY returns no ids, so the new rows'
ids are drawn from the table's sequence first, in one query, and sent with the rows: the caller
gets them in row order, as INSERT ... RETURNING gives them.
"""

import datetime
import io
from operator import itemgetter

from django.db import connection, models

NULL = "\\N"
# Inside a value, COPY's text format reads a backslash as an escape and a tab or a line break
# as the end of the column or row.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
# Bytes handed to the server per round trip.
CHUNK_BYTES = 1 << 20


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
    names = list(rows[0])
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk_column = model._meta.pk.column
    columns = ", ".join(quote(column) for column in [pk_column, *(fields[n].column for n in names)])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s) ORDER BY 1",
            [table, pk_column, len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        texts = [list(map(str, ids))]
        texts += [copy_column(list(map(itemgetter(name), rows))) for name in names]
        data = "\n".join(map("\t".join, zip(*texts, strict=True))) + "\n"
        # COPY goes to psycopg2 directly: its errors (a code saved meanwhile by someone else)
        # become Django's, such as IntegrityError, as for any other query.
        with connection.wrap_database_errors:
            cursor.copy_expert(
                f"COPY {table} ({columns}) FROM STDIN", io.StringIO(data), CHUNK_BYTES
            )
    return ids


def copy_column(values: list) -> list[str]:
    """One column's values as COPY text, each distinct value worked out once.

    Columns repeat their values (cells, dates, flags, the importing user), so this is a
    lookup per row; a column mixing types (True and 1 are equal keys) is spelled value by value.
    """
    if len(set(map(type, values)) - {type(None)}) > 1:
        return list(map(copy_value, values))
    spelled = {value: copy_value(value) for value in set(values)}
    return list(map(spelled.__getitem__, values))
