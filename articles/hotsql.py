"""Hand-built UPDATEs for the statements run on every quiet check.

Most checks find nothing new, and for them the ORM was the cost: it
compiles each query afresh, 0.3-0.5 ms of CPU a statement here, as much as
fetching the page (bench/recheck_cost.py). These statements are the same
every time, so they are built from the models' own table and column names,
and the values go through each field's own preparation for the database.
"""

import functools

from django.db import DEFAULT_DB_ALIAS, connection, connections


@functools.cache
def _quoted_column(vendor, model, name):
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _column(model, name):
    return _quoted_column(connection.vendor, model, name)


def _prepared(model, name, value, db=None):
    return model._meta.get_field(name).get_db_prep_value(value, db or connection)


def _cursor(db):
    """A cursor for these statements; on PostgreSQL, one that binds on the server.

    Django's psycopg cursors bind client-side by default, quoting each value into the
    SQL text, since not all the ORM's SQL can be prepared (Django ticket
    #20516). These statements can: bound on the server, their values go as
    they are and psycopg prepares each statement after a few runs, which
    about halves the CPU of a quiet check's three statements (0.3 ms each to
    0.15-0.2 ms). The cursor is wrapped, and logged, as db.cursor() would be.
    """
    if db.vendor != "postgresql":
        return db.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor  # needs psycopg

    db.close_if_health_check_failed()
    db.ensure_connection()
    db.validate_thread_sharing()
    with db.wrap_database_errors:
        raw = ServerBindingCursor(db.connection)
    return db.make_debug_cursor(raw) if db.queries_logged else db.make_cursor(raw)


def update_row(model, pk, values, where=None, extra_set=(), extra_where=()):
    """UPDATE one row of `model` by primary key; the number of rows it matched (0 or 1).

    `values` and `where` map field names to values (where: equality);
    `extra_set` and `extra_where` are (sql, params) pairs for what is not a
    plain value, written with column names from `column()`.
    """
    # The connection itself, looked up once: each use of the `connection`
    # proxy is a thread-local lookup, and a statement makes dozens.
    db = connections[DEFAULT_DB_ALIAS]
    vendor = db.vendor
    sets, params = [], []
    for name, value in values.items():
        sets.append(f"{_quoted_column(vendor, model, name)} = %s")
        params.append(_prepared(model, name, value, db))
    for sql, sql_params in extra_set:
        sets.append(sql)
        params.extend(sql_params)
    conditions = [f"{_quoted_column(vendor, model, model._meta.pk.name)} = %s"]
    params.append(pk)
    for name, value in (where or {}).items():
        conditions.append(f"{_quoted_column(vendor, model, name)} = %s")
        params.append(_prepared(model, name, value, db))
    for sql, sql_params in extra_where:
        conditions.append(sql)
        params.extend(sql_params)
    table = db.ops.quote_name(model._meta.db_table)
    # Only quoted names and the callers' own SQL fragments: values are parameters.
    statement = f"UPDATE {table} SET {', '.join(sets)} WHERE {' AND '.join(conditions)}"  # noqa: S608
    with _cursor(db) as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def column(model, name):
    """A field's quoted column name, for `extra_set` and `extra_where`."""
    return _column(model, name)


def prepared(model, name, value):
    """A value as the field hands it to the database, for extra parameters."""
    return _prepared(model, name, value)


@functools.cache
def _read_plan(vendor, model, fields, related, related_fields):
    """The SELECT of read_row and what turns its row into instances; built once."""
    db = connections[DEFAULT_DB_ALIAS]
    quote = db.ops.quote_name
    foreign_key = model._meta.get_field(related)
    other = foreign_key.related_model
    own = [model._meta.get_field(name) for name in fields]
    theirs = [other._meta.get_field(name) for name in related_fields]
    columns = [f"t.{quote(field.column)}" for field in own]
    columns += [f"r.{quote(field.column)}" for field in theirs]
    statement = (
        f"SELECT {', '.join(columns)} FROM {quote(model._meta.db_table)} t"  # noqa: S608
        f" JOIN {quote(other._meta.db_table)} r"
        f" ON r.{quote(other._meta.pk.column)} = t.{quote(foreign_key.column)}"
        f" WHERE t.{quote(model._meta.pk.column)} = %s"
    )
    # The conversions the ORM applies to these columns (a SQLite datetime
    # made aware, for one), looked up the way its compiler does.
    converters = []
    for field in own + theirs:
        column = field.get_col(field.model._meta.db_table)
        found = db.ops.get_db_converters(column) + column.get_db_converters(db)
        converters.append((column, found))
    return statement, converters, foreign_key, other, own, theirs


def _in_field_order(model, loaded):
    # from_db takes the values in the model's own field order.
    names = [field.attname for field in model._meta.concrete_fields if field.attname in loaded]
    return names, [loaded[name] for name in names]


def read_row(model, pk, fields, related, related_fields):
    """One row of `model` with only `fields`, and of the row its foreign key
    `related` points at with only `related_fields`; the other fields load
    when first read. DoesNotExist if there is no such row.

    The values go through the fields' own conversions from the database;
    what is skipped is the ORM compiling the same join afresh every time.
    """
    db = connections[DEFAULT_DB_ALIAS]
    plan = _read_plan(db.vendor, model, tuple(fields), related, tuple(related_fields))
    statement, converters, foreign_key, other, own, theirs = plan
    with _cursor(db) as cursor:
        cursor.execute(statement, [pk])
        row = cursor.fetchone()
    if row is None:
        raise model.DoesNotExist(f"No {model._meta.model_name} with id {pk}")
    values = []
    for value, (column, column_converters) in zip(row, converters, strict=True):
        for convert in column_converters:
            value = convert(value, column, db)
        values.append(value)
    mine = {field.attname: value for field, value in zip(own, values, strict=False)}
    instance = model.from_db(db.alias, *_in_field_order(model, mine))
    related_values = {
        field.attname: value for field, value in zip(theirs, values[len(own) :], strict=True)
    }
    related_values[other._meta.pk.attname] = mine[foreign_key.attname]
    setattr(instance, related, other.from_db(db.alias, *_in_field_order(other, related_values)))
    return instance


def insert_rows(model, rows):
    """INSERT several rows of `model` in one statement; their primary keys, in order.

    Each row maps every field to write (names, as in `values` above) to its
    value; all rows name the same fields. For a statement run under a lock
    (the outbox's rows, stored with a new version), where the ORM's
    bulk_create spent ~0.3 ms of CPU a row preparing what this sends as is.
    """
    if not rows:
        return []
    db = connections[DEFAULT_DB_ALIAS]
    names = list(rows[0])
    columns = ", ".join(_quoted_column(db.vendor, model, name) for name in names)
    placeholders = "(" + ", ".join(["%s"] * len(names)) + ")"
    params = [_prepared(model, name, row[name], db) for row in rows for name in names]
    table = db.ops.quote_name(model._meta.db_table)
    pk = _quoted_column(db.vendor, model, model._meta.pk.name)
    values = ", ".join([placeholders] * len(rows))
    statement = f"INSERT INTO {table} ({columns}) VALUES {values} RETURNING {pk}"  # noqa: S608
    with _cursor(db) as cursor:
        cursor.execute(statement, params)
        return [row[0] for row in cursor.fetchall()]
