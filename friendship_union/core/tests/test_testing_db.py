"""The test template database (friendship_union/testing_db.py) is named by what it was made from: a
changed migration, app declaration or reference file gives another name, so a template is never used
for files it was not made by."""

from friendship_union import testing_db


def test_the_template_is_named_by_the_migrations_apps_and_reference_files():
    names = {path.relative_to(testing_db.ROOT).as_posix() for path in testing_db.inputs()}
    assert "friendship_union/aid/migrations/0001_initial.py" in names
    assert "friendship_union/core/apps.py" in names and "friendship_union/core/roles.py" in names
    assert "friendship_union/reference/loaders.py" in names and "requirements.txt" in names
    assert not any("/tests/" in name for name in names)


def test_a_changed_input_file_gives_another_template(tmp_path, monkeypatch):
    migration = tmp_path / "0001_initial.py"
    migration.write_text("operations = []\n")
    monkeypatch.setattr(testing_db, "ROOT", tmp_path)
    monkeypatch.setattr(testing_db, "inputs", lambda: [migration])
    first = testing_db.template_name()
    assert first == testing_db.template_name() and first.startswith(testing_db.PREFIX)
    migration.write_text("operations = ['AddField']\n")
    assert testing_db.template_name() != first
