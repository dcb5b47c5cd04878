"""Hand-built UPDATEs for the statements run on every quiet check.

Most checks find nothing new, and for them the ORM was the cost: it
compiles each query afresh, 0.3-0.5 ms of CPU a statement here, as much as
fetching the page (bench/recheck_cost.py). These statements are the same
every time, so they are built from the models' own table and column names,
and the values go through each field's own preparation for the database.
"""

import datetime
import functools

from django.db import DEFAULT_DB_ALIAS, connection, connections


@functools.cache
def _quoted_column(vendor, model, name):
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _column(model, name):
    return _quoted_column(connection.vendor, model, name)


# The Python types a field of each kind takes to the database unchanged (its
# get_db_prep_value returns them as they are, or wraps an int in a type tag
# that server-side binding does without): for these the preparation, a
# dozen calls a value, is skipped. Other values take the field's own path.
_AS_IS = {
    "AutoField": (int,),
    "BigAutoField": (int,),
    "IntegerField": (int,),
    "BigIntegerField": (int,),
    "SmallIntegerField": (int,),
    "PositiveIntegerField": (int,),
    "PositiveBigIntegerField": (int,),
    "PositiveSmallIntegerField": (int,),
    "CharField": (str,),
    "TextField": (str,),
    "BooleanField": (bool,),
}


@functools.cache
def _preparation(vendor, model, name):
    field = model._meta.get_field(name)
    as_is = _AS_IS.get(field.get_internal_type(), ())
    if vendor == "postgresql" and field.get_internal_type() == "DateTimeField":
        as_is = (datetime.datetime,)  # aware: a naive one goes the field's way, and warns
    return field, as_is


def _prepared(model, name, value, db=None):
    db = db or connection
    field, as_is = _preparation(db.vendor, model, name)
    if value is None or (type(value) in as_is and _is_plain(value)):
        return value
    return field.get_db_prep_value(value, db)


def _is_plain(value):
    return not isinstance(value, datetime.datetime) or value.utcoffset() is not None


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


def _update_parts(db, model, names, where_names, extra_set, extra_where, pk_count=None):
    """(table, SET list, WHERE conditions); the pk is one value, or `pk_count` of an IN."""
    vendor = db.vendor
    sets = [f"{_quoted_column(vendor, model, name)} = %s" for name in names]
    sets += [sql for sql, _ in extra_set]
    pk_column = _quoted_column(vendor, model, model._meta.pk.name)
    pk_values = "= %s" if pk_count is None else f"IN ({', '.join(['%s'] * pk_count)})"
    conditions = [f"{pk_column} {pk_values}"]
    conditions += [f"{_quoted_column(vendor, model, name)} = %s" for name in where_names]
    conditions += [sql for sql, _ in extra_where]
    return db.ops.quote_name(model._meta.db_table), ", ".join(sets), " AND ".join(conditions)


def _update_statement(db, model, names, where_names, extra_set, extra_where):
    table, sets, conditions = _update_parts(db, model, names, where_names, extra_set, extra_where)
    # Only quoted names and the callers' own SQL fragments: values are parameters.
    return f"UPDATE {table} SET {sets} WHERE {conditions}"  # noqa: S608


def _from_rows(sql, start):
    """`sql` with its placeholders, in order, read from v.p<start>, v.p<start+1>, ..."""
    pieces = sql.split("%s")
    out = [pieces[0]]
    for offset, piece in enumerate(pieces[1:]):
        out.append(f"v.p{start + offset}{piece}")
    return "".join(out), start + len(pieces) - 1


def _rows_statement(db, model, rows_for_types, values, where, extra_set, extra_where):
    """One UPDATE of `count` rows; the k-th parameter of each row is column pk of a
    derived table v. With the parameters: (statement, rows -> its parameters).

    UPDATE ... FROM, which PostgreSQL and SQLite (3.33+) both know. On
    PostgreSQL v is unnest() of one array a column, so the statement has a
    parameter a column whatever the rows: psycopg caches its parsing only up
    to 50 parameters, and parsing a statement of hundreds cost more than the
    rows' writes. On SQLite v is a UNION ALL of SELECTs (a VALUES list cannot
    name its columns there).
    """
    table, sets, conditions = _update_parts(db, model, values, where, extra_set, extra_where)
    sets, width = _from_rows(sets, 0)
    conditions, width = _from_rows(conditions, width)
    names = [f"p{i}" for i in range(width)]
    if db.vendor == "postgresql":
        fields = [model._meta.get_field(name) for name in values] + [None] * len(_flat(extra_set))
        fields += [model._meta.pk] + [model._meta.get_field(name) for name in where]
        fields += [None] * (width - len(fields))

        def parameters(rows):
            return [list(column) for column in zip(*rows, strict=True)]

        # An extra parameter has no field: its array takes the type of its values.
        columns = parameters(rows_for_types)
        types = [
            field.cast_db_type(db) if field else _sql_type(column)
            for field, column in zip(fields, columns, strict=True)
        ]
        arrays = ", ".join(f"CAST(%s AS {sql_type}[])" for sql_type in types)
        source = f"unnest({arrays}) AS v({', '.join(names)})"

    else:
        first = ", ".join(f"%s AS {name}" for name in names)
        other = ", ".join(["%s"] * width)
        selects = [f"SELECT {first}"] + [f"SELECT {other}"] * (len(rows_for_types) - 1)
        source = f"({' UNION ALL '.join(selects)}) v"

        def parameters(rows):
            return [param for row in rows for param in row]

    # Only quoted names and the callers' own SQL fragments: values are parameters.
    return f"UPDATE {table} SET {sets} FROM {source} WHERE {conditions}", parameters  # noqa: S608


_SQL_TYPES = {
    bool: "boolean",
    int: "bigint",
    float: "double precision",
    str: "text",
    datetime.datetime: "timestamp with time zone",
}


def _sql_type(values):
    """PostgreSQL's type for a column of parameters, from the first that is not None."""
    for value in values:
        if value is not None:
            for python_type, sql_type in _SQL_TYPES.items():
                if type(value) is python_type:
                    return sql_type
            raise TypeError(f"no SQL type known for a parameter of type {type(value).__name__}")
    return "text"


def _update_params(db, model, pk, values, where, set_params, where_params):
    params = [_prepared(model, name, value, db) for name, value in values.items()]
    params += set_params
    params.append(pk)
    params += [_prepared(model, name, value, db) for name, value in where.items()]
    params += where_params
    return params


def _flat(pairs):
    return [param for _, params in pairs for param in params]


def update_row(model, pk, values, where=None, extra_set=(), extra_where=()):
    """UPDATE one row of `model` by primary key; the number of rows it matched (0 or 1).

    `values` and `where` map field names to values (where: equality);
    `extra_set` and `extra_where` are (sql, params) pairs for what is not a
    plain value, written with column names from `column()`.
    """
    # The connection itself, looked up once: each use of the `connection`
    # proxy is a thread-local lookup, and a statement makes dozens.
    db = connections[DEFAULT_DB_ALIAS]
    where = where or {}
    statement = _update_statement(db, model, values, where, extra_set, extra_where)
    params = _update_params(db, model, pk, values, where, _flat(extra_set), _flat(extra_where))
    with _cursor(db) as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def update_in(model, pks, values, where=None, extra_where=()):
    """UPDATE the rows of `model` among `pks` that match `where` (and
    `extra_where`) to the same `values`; the number of rows matched.

    A job's claim on its batch of articles: one statement, where the ORM
    compiled its IN list and subquery afresh each time (1 ms of CPU).
    """
    db = connections[DEFAULT_DB_ALIAS]
    where = where or {}
    table, sets, conditions = _update_parts(db, model, values, where, (), extra_where, len(pks))
    params = [_prepared(model, name, value, db) for name, value in values.items()]
    params += list(pks)
    params += [_prepared(model, name, value, db) for name, value in where.items()]
    params += _flat(extra_where)
    # Only quoted names and the callers' own SQL fragments: values are parameters.
    statement = f"UPDATE {table} SET {sets} WHERE {conditions}"  # noqa: S608
    with _cursor(db) as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


# Rows a statement of update_rows holds at most (SQLite's compound SELECT
# allows 500 terms).
_ROWS_A_STATEMENT = 200


def update_rows(model, updates):
    """update_row for each (pk, values, where, extra_set, extra_where) of
    `updates`, as one statement; the total of rows matched.

    Every update names the same fields and the same extra SQL (its
    parameters may differ), and no pk comes twice. One UPDATE ... FROM for
    them all: a batch of checks writes its rows for the CPU of a few.
    """
    if not updates:
        return 0
    db = connections[DEFAULT_DB_ALIAS]
    _, values, where, extra_set, extra_where = updates[0]
    matched = 0
    for start in range(0, len(updates), _ROWS_A_STATEMENT):
        chunk = updates[start : start + _ROWS_A_STATEMENT]
        rows = [
            _update_params(
                db, model, pk, row_values, row_where, _flat(row_set), _flat(row_extra_where)
            )
            for pk, row_values, row_where, row_set, row_extra_where in chunk
        ]
        statement, parameters = _rows_statement(
            db, model, rows, values, where, extra_set, extra_where
        )
        with _cursor(db) as cursor:
            cursor.execute(statement, parameters(rows))
            matched += cursor.rowcount
    return matched


def column(model, name):
    """A field's quoted column name, for `extra_set` and `extra_where`."""
    return _column(model, name)


def prepared(model, name, value):
    """A value as the field hands it to the database, for extra parameters."""
    return _prepared(model, name, value)


@functools.cache
def _read_plan(vendor, model, fields, related, related_fields):
    """The SELECT of read_rows (up to its list of pks) and what turns a row
    into instances; built once."""
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
        f" WHERE t.{quote(model._meta.pk.column)} IN "
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


def read_rows(model, pks, fields, related, related_fields, where=None):
    """The rows of `model` with these pks (those that exist and match `where`,
    equality of fields to values; in no set order), with only `fields`, and
    each with the row its foreign key `related` points at with only
    `related_fields`; the other fields load when first read. Each instance
    keeps what was read, `_values_read` (attname -> value), for writing back
    only what changed.

    The values go through the fields' own conversions from the database;
    what is skipped is the ORM compiling the same join afresh every time.
    """
    pks = list(pks)
    if not pks:
        return []
    db = connections[DEFAULT_DB_ALIAS]
    plan = _read_plan(db.vendor, model, tuple(fields), related, tuple(related_fields))
    statement = plan[0] + "(" + ", ".join(["%s"] * len(pks)) + ")"
    params = list(pks)
    for name, value in (where or {}).items():
        statement += f" AND t.{_quoted_column(db.vendor, model, name)} = %s"
        params.append(_prepared(model, name, value, db))
    with _cursor(db) as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    return [_instance(db, row, plan) for row in rows]


def _instance(db, row, plan):
    _, converters, foreign_key, other, own, theirs = plan
    model = foreign_key.model
    values = list(_converted(db, row, converters))
    mine = {field.attname: value for field, value in zip(own, values, strict=False)}
    instance = model.from_db(db.alias, *_in_field_order(model, mine))
    related_values = {
        field.attname: value for field, value in zip(theirs, values[len(own) :], strict=True)
    }
    related_values[other._meta.pk.attname] = mine[foreign_key.attname]
    # The key is set already: the related instance goes straight to the cache.
    foreign_key.set_cached_value(
        instance, other.from_db(db.alias, *_in_field_order(other, related_values))
    )
    instance._values_read = mine
    return instance


@functools.cache
def _values_plan(vendor, model, fields):
    db = connections[DEFAULT_DB_ALIAS]
    quote = db.ops.quote_name
    own = [model._meta.get_field(name) for name in fields]
    statement = (
        f"SELECT {', '.join(quote(field.column) for field in own)}"  # noqa: S608
        f" FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} IN "
    )
    converters = []
    for field in own:
        column = field.get_col(model._meta.db_table)
        converters.append((column, db.ops.get_db_converters(column) + column.get_db_converters(db)))
    return statement, converters


def read_values(model, pks, fields):
    """The values of `fields` of the rows of `model` with these pks, as
    tuples (those that exist, in no set order), converted as the ORM would."""
    pks = list(pks)
    if not pks:
        return []
    db = connections[DEFAULT_DB_ALIAS]
    statement, converters = _values_plan(db.vendor, model, tuple(fields))
    with _cursor(db) as cursor:
        cursor.execute(statement + "(" + ", ".join(["%s"] * len(pks)) + ")", pks)
        rows = cursor.fetchall()
    return [tuple(_converted(db, row, converters)) for row in rows]


def _converted(db, row, converters):
    for value, (column, column_converters) in zip(row, converters, strict=True):
        for convert in column_converters:
            value = convert(value, column, db)
        yield value


def read_row(model, pk, fields, related, related_fields):
    """read_rows for one pk: its instance, or DoesNotExist if there is no such row."""
    rows = read_rows(model, [pk], fields, related, related_fields)
    if not rows:
        raise model.DoesNotExist(f"No {model._meta.model_name} with id {pk}")
    return rows[0]


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
