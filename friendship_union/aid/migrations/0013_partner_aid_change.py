"""The partners whose aid rows change, written by PostgreSQL (aid.models.PartnerAidChange): after
every INSERT, UPDATE and DELETE statement on an aid table a partner page's aid figures read, one row
per partner concerned — the partners providing to each aid item the changed rows belong to (before
and after the change), to the items of a changed program (their sums read its amount), and for
provider rows the partner named. Statement triggers with transition tables: a bulk import of 10.000
items writes a row per partner, not per item. Other databases (SQLite) keep no changes."""

from django.db import migrations, models

# Each table whose rows a partner's aid figures read, with how a changed row `r` names its aid item and
# what else it names: "program" (an item: the items of a program it is), "partner" (a provider row).
TABLES = {
    "aid_aiditem": ("r.id", "program"),
    "aid_aidprovider": ("r.aid_item_id", "partner"),
    "aid_aidlocation": ("r.aid_item_id", ""),
    "aid_aidsector": ("r.aid_item_id", ""),
    "aid_result": ("r.aid_item_id", ""),
    "aid_resultperiod": ("(SELECT res.aid_item_id FROM aid_result res WHERE res.id = r.result_id)", ""),
    "aid_disbursement": ("r.aid_item_id", ""),
}

FUNCTION = r"""
CREATE OR REPLACE FUNCTION aid_partner_change() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
    item_of text := TG_ARGV[0];
    names text := TG_ARGV[1];
    changed text;
    items text := '';
    partners text := '';
BEGIN
    FOREACH changed IN ARRAY CASE TG_OP
        WHEN 'INSERT' THEN ARRAY['new_rows'] WHEN 'DELETE' THEN ARRAY['old_rows'] ELSE ARRAY['new_rows', 'old_rows'] END
    LOOP
        items := items || CASE WHEN items = '' THEN '' ELSE ' UNION ' END || format('SELECT %s FROM %I r', item_of, changed);
        IF names = 'program' THEN
            items := items || format(' UNION SELECT i.id FROM aid_aiditem i WHERE i.program_id IN (SELECT r.id FROM %I r)', changed);
        ELSIF names = 'partner' THEN
            partners := partners || format(' UNION SELECT r.partner_id FROM %I r', changed);
        END IF;
    END LOOP;
    EXECUTE format(
        'INSERT INTO aid_partneraidchange (partner_id, version, txid) '
        'SELECT partner_id, nextval(''core_dataversion_version_seq''), txid_current() FROM ('
        'SELECT p.partner_id FROM aid_aidprovider p WHERE p.aid_item_id IN (%s)%s) s',
        items, partners
    );
    RETURN NULL;
END
$body$;
"""

EVENTS = {
    "insert": "NEW TABLE AS new_rows",
    "update": "NEW TABLE AS new_rows OLD TABLE AS old_rows",
    "delete": "OLD TABLE AS old_rows",
}


def quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)  # no parameters: its % are format()'s
    for table, (item_of, names) in TABLES.items():
        for event, clause in EVENTS.items():
            schema_editor.execute(
                f"CREATE TRIGGER aid_partner_change_{event} AFTER {event.upper()} ON {table} REFERENCING {clause}"
                " FOR EACH STATEMENT"
                f" EXECUTE FUNCTION aid_partner_change({quoted(item_of)}, {quoted(names)})",
                params=None,
            )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        for event in EVENTS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS aid_partner_change_{event} ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS aid_partner_change()")


class Migration(migrations.Migration):
    dependencies = [
        ("aid", "0012_stored_search_document"),
        ("core", "0015_version_sequence"),
    ]

    operations = [
        migrations.CreateModel(
            name="PartnerAidChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("partner_id", models.BigIntegerField(verbose_name="đối tác")),
                ("version", models.BigIntegerField(verbose_name="phiên bản")),
                ("txid", models.BigIntegerField(verbose_name="giao dịch")),
            ],
            options={
                "verbose_name": "thay đổi viện trợ của đối tác",
                "verbose_name_plural": "thay đổi viện trợ của đối tác",
                "indexes": [
                    models.Index(fields=["partner_id", "version"], name="aid_partnerchange_latest"),
                    models.Index(fields=["txid"], name="aid_partnerchange_txid"),
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
