"""Django's PostgreSQL backend with one step before each commit (settings.DATABASES when the database
is PostgreSQL): when the transaction bumped a records version (core.versioning), the figures declared
to be computed at commit (AppConfig.figures_at_commit) are computed first, inside it. The new versions
and the data are still visible to this transaction only, so the figures are filed under the versions
the commit then makes visible: the first reader after it finds them kept, however soon it comes. A
commit that fails after them leaves them under versions nobody will ever read (the versions come from
a sequence, never given twice)."""

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    # Set by core.versioning when this transaction bumps a version; cleared by its commit or rollback.
    figures_pending = False
    # The version keys this transaction bumped (core.versioning.bumped_here), until its commit or
    # rollback.
    bumped_here = frozenset()

    def commit(self):
        if self.figures_pending:
            self.figures_pending = False
            from ..versioning import compute_at_commit

            try:
                compute_at_commit(self.alias)
            finally:
                self.bumped_here = frozenset()
        super().commit()

    def rollback(self):
        self.figures_pending = False
        self.bumped_here = frozenset()
        super().rollback()
