"""Upload paths: files are stored under generated names, never the name the uploader chose."""

import os
import uuid

from django.utils import timezone
from django.utils.deconstruct import deconstructible


@deconstructible
class GeneratedName:
    """`upload_to=GeneratedName("aid")` → "aid/2026/5f0c…e1.pdf" (random name, original extension)."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        extension = os.path.splitext(filename)[1].lower()[:10]
        return f"{self.folder}/{timezone.now():%Y}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, GeneratedName) and other.folder == self.folder
