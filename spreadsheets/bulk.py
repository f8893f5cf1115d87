"""Fast inserts for the import: rows of ready values, each with its history row.

Django's bulk_create and simple_history's bulk_history_create prepare every value of every row
through the field API; 10,000 cadets make 120,000 rows (records and history) and two million
values, which took over half a minute. The import's values are already clean (the plan
validated them), so rows go to the database as they are: through COPY on PostgreSQL
(`spreadsheets.pgcopy`), as multi-row INSERT ... RETURNING statements elsewhere (SQLite); the
database then copies them into the history tables (INSERT ... SELECT). Each history row is the
one simple_history writes on a save: every tracked field, history type "+", the importing user,
the change reason.

Model.save() is bypassed, so callers pass rows whose derived fields are already set.
"""

import datetime
import functools
from collections.abc import Callable
from operator import attrgetter

from django.db import NotSupportedError, connection, models

from .pgcopy import copy_rows

# Rows per statement where the database sets no lower limit on parameters.
ROWS_PER_STATEMENT = 1000


def model_row(instance: models.Model) -> dict[str, object]:
    """The instance's column values (by attname), without the primary key."""
    names, values = _row_getter(type(instance))
    return dict(zip(names, values(instance), strict=True))


@functools.cache
def _row_getter(model: type[models.Model]) -> tuple[list[str], Callable]:
    """A model's column names but the primary key, and a function reading them all at once
    (attrgetter: ten thousand people's forty columns without a Python loop per value)."""
    names = [field.attname for field in model._meta.concrete_fields if not field.primary_key]
    if len(names) == 1:
        return names, lambda instance: (getattr(instance, names[0]),)
    return names, attrgetter(*names)


def default_row(model: type[models.Model]) -> dict[str, object]:
    """Every column of `model` at its default, so that new rows miss no column."""
    return {
        field.attname: field.get_default()
        for field in model._meta.concrete_fields
        if not field.primary_key
    }


def insert_with_history(
    model: type[models.Model],
    rows: list[dict[str, object]],
    *,
    user,
    reason: str,
    when: datetime.datetime,
) -> list[int]:
    """Insert `rows` into `model` and their creation into its history; the new ids, in order."""
    if not rows:
        return []
    ids = store_rows(model, rows)
    _copy_to_history(model, ids, user=user, reason=reason, when=when)
    return ids


def store_rows(model: type[models.Model], rows: list[dict[str, object]]) -> list[int]:
    """Store `rows` in `model`'s table the fastest way the database offers; the new ids.

    Rows are column values by attname, all with the same keys (start from `default_row`)."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return copy_rows(model, rows)
    return _insert(model, rows)


def _copy_to_history(model, ids: list[int], *, user, reason: str, when) -> None:
    """History rows copied by the database from the rows just stored: the same values exactly."""
    history_model = model.history.model
    quote = connection.ops.quote_name
    source = {field.attname: field.column for field in model._meta.concrete_fields}
    target = {field.attname: field.column for field in history_model._meta.concrete_fields}
    tracked = [field.attname for field in history_model.tracked_fields]
    columns = [target[name] for name in tracked]
    columns += ["history_date", "history_change_reason", "history_type", "history_user_id"]
    selected = ", ".join(quote(source[name]) for name in tracked)
    sql = (
        f"INSERT INTO {quote(history_model._meta.db_table)} "
        f"({', '.join(quote(column) for column in columns)}) "
        f"SELECT {selected}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
        f"WHERE {quote(model._meta.pk.column)} IN "
    )
    extra = [
        connection.ops.adapt_datetimefield_value(when),
        reason,
        "+",
        user.pk if user is not None else None,
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array parameter: a list of 10,000 literals costs more to parse than to copy.
            cursor.execute(sql.removesuffix(" IN ") + " = ANY(%s)", [*extra, ids])
            return
        per_statement = (connection.features.max_query_params or 10_000) - len(extra)
        for start in range(0, len(ids), per_statement):
            chunk = ids[start : start + per_statement]
            cursor.execute(sql + f"({', '.join(['%s'] * len(chunk))})", [*extra, *chunk])


def _adapter(field: models.Field) -> Callable | None:
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return None


def _insert(model: type[models.Model], rows: list[dict]) -> list[int]:
    fields = {field.attname: field for field in model._meta.concrete_fields}
    names = list(rows[0])
    adapters = [(index, _adapter(fields[name])) for index, name in enumerate(names)]
    adapters = [(index, adapt) for index, adapt in adapters if adapt is not None]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(fields[name].column) for name in names)
    placeholders = "(" + ", ".join(["%s"] * len(names)) + ")"
    returning = f" RETURNING {quote(model._meta.pk.column)}"
    max_params = connection.features.max_query_params
    per_statement = ROWS_PER_STATEMENT
    if max_params:
        per_statement = max(1, min(per_statement, max_params // len(names)))
    if not connection.features.can_return_rows_from_bulk_insert:
        raise NotSupportedError("The import needs INSERT ... RETURNING (SQLite 3.35 or later).")
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = []
            for row in chunk:
                values = [row[name] for name in names]
                for index, adapt in adapters:
                    if values[index] is not None:
                        values[index] = adapt(values[index])
                params.extend(values)
            values_sql = ", ".join([placeholders] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values_sql}{returning}", params
            )
            ids.extend(row[0] for row in cursor.fetchall())
    return ids
