"""Import keys for records with no business key of their own (visits, donations, positions, awards)."""

import hashlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..text import clean_text, fold
from .base import is_blank


class RowKeyMixin:
    """For records with no business key of their own (visits, donations, awards...): the key is the
    file's "Mã" when it has one, else the key an export wrote in its "Khóa nhập liệu" column (so an
    exported record imports back onto itself, even when the cells it is recognised by were edited),
    else a fingerprint of the row's `key_columns` (folded), stored in the model's `import_key`.
    Re-importing the same rows therefore changes nothing."""

    key_columns: tuple[str, ...] = ()
    KEY_HEADER = "Khóa nhập liệu"

    def get_user_visible_headers(self) -> list[str]:
        """The key is computed, never typed: templates and previews leave it out."""
        return [f.column_name for f in self.get_import_fields() if f.column_name != self.KEY_HEADER]

    def get_user_visible_fields(self):
        """The columns the admin's import page asks for: not the computed key."""
        return [f for f in super().get_user_visible_fields() if f.column_name != self.KEY_HEADER]

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        headers = list(dataset.headers)
        code_index = headers.index("Mã") if "Mã" in headers else None
        exported_index = headers.index(self.KEY_HEADER) if self.KEY_HEADER in headers else None
        indexes = [headers.index(c) for c in self.key_columns if c in headers]
        keys = []
        for row in dataset:
            if is_blank([v for i, v in enumerate(row) if i != exported_index]):
                keys.append("")  # a blank (or example) row stays blank: no row at all
                continue
            if code_index is not None and row[code_index] not in (None, ""):
                keys.append(clean_text(row[code_index]))
                continue
            if exported_index is not None and row[exported_index] not in (None, ""):
                keys.append(clean_text(row[exported_index]))
                continue
            parts = []
            for i in indexes:
                value = row[i]
                parts.append(
                    value.isoformat() if hasattr(value, "isoformat") else fold(str(value if value is not None else ""))
                )
            digest = hashlib.sha1("|".join(parts).encode()).hexdigest()[:20]
            keys.append(f"auto-{digest}")
        if self.KEY_HEADER in headers:
            del dataset[self.KEY_HEADER]
        dataset.append_col(keys, header=self.KEY_HEADER)
        seen: dict[str, int] = {}
        problems = []
        for number, key in enumerate(keys, start=2):
            if not key:
                continue
            if key in seen:
                problems.append(
                    _(
                        "Dòng %(row)s trùng hoàn toàn với dòng %(first)s "
                        "(nếu là hai bản ghi khác nhau, ghi Mã riêng cho mỗi dòng)."
                    )
                    % {"row": number, "first": seen[key]}
                )
            seen.setdefault(key, number)
        if problems:
            raise ValidationError(problems)
