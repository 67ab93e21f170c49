"""Once created the news search indexes by hand; they are declared in news.Article's Meta now
(core.indexes.search_indexes). Kept, empty, for the databases that applied it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0006_vietnamese_search")]

    operations = []
