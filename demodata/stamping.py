"""Set-based writing for the synthetic academy: small tables of plans go in from Python, and the
database stamps them onto the cadets with INSERT ... SELECT.

A million cadets make some twenty million rows. Formatting each one in Python and parsing it
again in COPY cost most of the seeding time, while the rows repeat a few thousand plans: the
plans (`synthetic.Profile`) and one short row per cadet (identity, cell, plan) are loaded into
temporary tables, and one statement per table joins them into the product's rows. The SQL here
is the plain kind both PostgreSQL and SQLite run (joins, CASE, window functions); whatever a rule
decides (dates, derived fields, the cap on "xuất sắc") was decided in Python by the rules' own
functions before it got here.
"""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, models

from spreadsheets.bulk import default_row
from spreadsheets.pgcopy import copy_column

# Rows of a temporary table handed to COPY at a time.
COPY_ROWS = 50_000


@dataclass(frozen=True)
class Param:
    """A value sent as a query parameter instead of read from the joined tables."""

    value: object


def temp_table(name: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Create temporary table `name` ("column type" definitions) holding `rows`; how many.

    Values are ints, strings (dates spelled YYYY-MM-DD), booleans or None."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {name} ({', '.join(columns)})")
    count = 0
    batch: list[Sequence] = []
    for row in rows:
        batch.append(row)
        if len(batch) == COPY_ROWS:
            count += _load(name, len(columns), batch)
            batch = []
    count += _load(name, len(columns), batch)
    with connection.cursor() as cursor:
        # Temporary tables are never analysed on their own: the joins need their sizes.
        cursor.execute(f"ANALYZE {name}")
    return count


def _load(name: str, width: int, rows: list[Sequence]) -> int:
    if not rows:
        return 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            texts = [copy_column([row[index] for row in rows]) for index in range(width)]
            data = "\n".join(map("\t".join, zip(*texts, strict=True))) + "\n"
            cursor.copy_expert(f"COPY {name} FROM STDIN", io.StringIO(data))
        else:
            cursor.executemany(f"INSERT INTO {name} VALUES ({', '.join(['%s'] * width)})", rows)
    return len(rows)


def drop_temp_tables(names: Iterable[str]) -> None:
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"DROP TABLE {name}")


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys of `model`, drawn as its inserts would draw them."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s) "
                "ORDER BY 1",
                [connection.ops.quote_name(table), model._meta.pk.column, count],
            )
            return [pk for (pk,) in cursor.fetchall()]
        # SQLite's AUTOINCREMENT never gives an id again: start above the highest it gave.
        cursor.execute(
            f"SELECT MAX(id) FROM (SELECT MAX({model._meta.pk.column}) AS id FROM {table} "
            "UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)",
            [table],
        )
        top = cursor.fetchone()[0] or 0
    return list(range(top + 1, top + 1 + count))


def insert_select(
    model: type[models.Model],
    select: dict[str, str | tuple[str, list] | Param],
    source: str,
    params: Sequence = (),
) -> int:
    """INSERT INTO `model`'s table SELECT `select` (attname -> SQL expression, or an expression
    with its parameters, or a Param) FROM `source`; every other column at its default. The
    number of rows written."""
    defaults = default_row(model)
    columns, expressions, values = [], [], []
    for field in model._meta.concrete_fields:
        given = select.get(field.attname)
        if given is None:
            if field.primary_key:
                continue
            given = Param(defaults[field.attname])
        columns.append(connection.ops.quote_name(field.column))
        if isinstance(given, Param):
            expressions.append("%s")
            values.append(field.get_db_prep_save(given.value, connection))
        elif isinstance(given, tuple):
            expressions.append(given[0])
            values += given[1]
        else:
            expressions.append(given)
    unknown = set(select) - {field.attname for field in model._meta.concrete_fields}
    if unknown:
        raise ValueError(f"No such columns in {model.__name__}: {sorted(unknown)}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
            f"({', '.join(columns)}) SELECT {', '.join(expressions)} FROM {source}",
            [*values, *params],
        )
        return cursor.rowcount
