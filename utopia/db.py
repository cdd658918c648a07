"""An array of a subquery's rows that works on both databases the README supports.

`ARRAY(subquery)` is PostgreSQL's; `make run` and a plain `make test` use SQLite, where the same rows come back as
one JSON array (`json_group_array`). Either way the annotation reads as a Python list."""

import json

from django.contrib.postgres.expressions import ArraySubquery


class ArrayOf(ArraySubquery):
    def as_sqlite(self, compiler, connection, **extra_context):
        query = self.query
        # The one column the subquery selects: a name from the code (values()), quoted, never a value from outside.
        column = connection.ops.quote_name(next(iter([*query.values_select, *query.annotation_select])))
        template = "(SELECT json_group_array(json(_rows." + column + ")) FROM (%(subquery)s) _rows)"  # noqa: S608  # nosec B608
        return super().as_sql(compiler, connection, template=template, **extra_context)

    def get_db_converters(self, connection):
        if connection.vendor == "sqlite":
            return [_from_json]
        return super().get_db_converters(connection)


def _from_json(value, expression, connection):
    return json.loads(value) if value is not None else []
