"""Hand-built UPDATEs for the statements run on every quiet check.

Most checks find nothing new, and for them the ORM was the cost: it
compiles each query afresh, 0.3-0.5 ms of CPU a statement here, as much as
fetching the page (bench/recheck_cost.py). These statements are the same
every time, so they are built from the models' own table and column names,
and the values go through each field's own preparation for the database.
"""

import functools

from django.db import connection


@functools.cache
def _quoted_column(vendor, model, name):
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _column(model, name):
    return _quoted_column(connection.vendor, model, name)


def _prepared(model, name, value):
    return model._meta.get_field(name).get_db_prep_value(value, connection)


def update_row(model, pk, values, where=None, extra_set=(), extra_where=()):
    """UPDATE one row of `model` by primary key; the number of rows it matched (0 or 1).

    `values` and `where` map field names to values (where: equality);
    `extra_set` and `extra_where` are (sql, params) pairs for what is not a
    plain value, written with column names from `column()`.
    """
    sets, params = [], []
    for name, value in values.items():
        sets.append(f"{_column(model, name)} = %s")
        params.append(_prepared(model, name, value))
    for sql, sql_params in extra_set:
        sets.append(sql)
        params.extend(sql_params)
    conditions = [f"{_column(model, model._meta.pk.name)} = %s"]
    params.append(pk)
    for name, value in (where or {}).items():
        conditions.append(f"{_column(model, name)} = %s")
        params.append(_prepared(model, name, value))
    for sql, sql_params in extra_where:
        conditions.append(sql)
        params.extend(sql_params)
    table = connection.ops.quote_name(model._meta.db_table)
    # Only quoted names and the callers' own SQL fragments: values are parameters.
    statement = f"UPDATE {table} SET {', '.join(sets)} WHERE {' AND '.join(conditions)}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def column(model, name):
    """A field's quoted column name, for `extra_set` and `extra_where`."""
    return _column(model, name)


def prepared(model, name, value):
    """A value as the field hands it to the database, for extra parameters."""
    return _prepared(model, name, value)


def read_row(model, pk, fields, related, related_fields):
    """One row of `model` with only `fields`, and of the row its foreign key
    `related` points at with only `related_fields`; the other fields load
    when first read. DoesNotExist if there is no such row.

    A raw SELECT still goes through the fields' own conversions from the
    database; it skips the ORM's compiling of a join it would do afresh.
    """
    quote = connection.ops.quote_name
    foreign_key = model._meta.get_field(related)
    other = foreign_key.related_model
    columns = [f"t.{_column(model, name)}" for name in fields]
    # Aliased so they cannot clash with the model's own columns.
    columns += [
        f"r.{_column(other, name)} AS {quote('related_' + name)}" for name in related_fields
    ]
    statement = (
        f"SELECT {', '.join(columns)} FROM {quote(model._meta.db_table)} t"  # noqa: S608
        f" JOIN {quote(other._meta.db_table)} r"
        f" ON r.{_column(other, other._meta.pk.name)} = t.{quote(foreign_key.column)}"
        f" WHERE t.{_column(model, model._meta.pk.name)} = %s"
    )
    found = list(model.objects.raw(statement, [pk]))
    if not found:
        raise model.DoesNotExist(f"No {model._meta.model_name} with id {pk}")
    row = found[0]
    loaded = {name: getattr(row, "related_" + name) for name in related_fields}
    loaded[other._meta.pk.attname] = getattr(row, foreign_key.attname)
    # from_db takes the values in the model's own field order.
    names = [field.attname for field in other._meta.concrete_fields if field.attname in loaded]
    values = [loaded[name] for name in names]
    setattr(row, related, other.from_db(row._state.db, names, values))
    return row


def insert_rows(model, rows):
    """INSERT several rows of `model` in one statement; their primary keys, in order.

    Each row maps every field to write (names, as in `values` above) to its
    value; all rows name the same fields. For a statement run under a lock
    (the outbox's rows, stored with a new version), where the ORM's
    bulk_create spent ~0.3 ms of CPU a row preparing what this sends as is.
    """
    if not rows:
        return []
    names = list(rows[0])
    columns = ", ".join(_column(model, name) for name in names)
    placeholders = "(" + ", ".join(["%s"] * len(names)) + ")"
    params = [_prepared(model, name, row[name]) for row in rows for name in names]
    table = connection.ops.quote_name(model._meta.db_table)
    pk = _column(model, model._meta.pk.name)
    values = ", ".join([placeholders] * len(rows))
    statement = f"INSERT INTO {table} ({columns}) VALUES {values} RETURNING {pk}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return [row[0] for row in cursor.fetchall()]
