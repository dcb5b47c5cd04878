"""The statements a batch of checks begins with: the claim and the read.

They run for every article checked, so they are built with hotsql, not
compiled by the ORM each time (bench/recheck_cost.py).
"""

from django.db import connection

from articles import hotsql

# What a check reads of the article's source: its schedule.
SOURCE_FIELDS = ("stop_after_days", "min_check_interval_minutes")


class CheckQueries:
    """Article queryset methods for the check path (mixed into ArticleQuerySet)."""

    def claim_for_check(self, pks, claimed_until, held_until):
        """Move the articles among `pks` that the tick claimed until `claimed_until`,
        and that are still checked (not stopped, their source not paused since),
        to a running check's lease until `held_until`; how many."""
        article = self.model
        source = article._meta.get_field("source").related_model
        states = [state.value for state in article.CHECKED_STATES]
        in_states = f"{hotsql.column(article, 'state')} IN ({', '.join(['%s'] * len(states))})"
        paused = (
            f"SELECT {hotsql.column(source, 'id')}"  # noqa: S608
            f" FROM {connection.ops.quote_name(source._meta.db_table)}"
            f" WHERE NOT {hotsql.column(source, 'is_active')}"
        )
        return hotsql.update_in(
            article,
            pks,
            {"next_check_at": held_until},
            where={"next_check_at": claimed_until},
            extra_where=[
                (in_states, states),
                (f"{hotsql.column(article, 'source')} NOT IN ({paused})", []),
            ],
        )

    def for_check(self, pk):
        """The article as a check begins: what it fetches with and a quiet check
        writes, and its source's schedule; other fields load when first read.

        Most checks end quiet, and this read was their largest cost in the ORM.
        """
        return hotsql.read_row(self.model, pk, self.model.CHECK_FIELDS, "source", SOURCE_FIELDS)

    def for_checks(self, pks, held_until=None):
        """for_check of several articles in one read: those that exist (with
        `held_until`, those a job's lease holds), in no set order."""
        where = {"next_check_at": held_until} if held_until else None
        fields = self.model.CHECK_FIELDS
        return hotsql.read_rows(self.model, pks, fields, "source", SOURCE_FIELDS, where=where)
