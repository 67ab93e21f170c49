"""IATI organisation identifiers (org-id.guide): the Union's own, with a registered Vietnamese
prefix, and a partner's, in the org-id format. Both are checked on input with a message in
Vietnamese; the IATI export uses them as reporting-org, activity-identifier prefix and
participating-org/@ref."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# org-id.guide's Vietnamese lists for a public body: VN-COA (budget-relationship unit code, "mã
# số đơn vị có quan hệ với ngân sách", 7 digits) and VN-TIN (tax code, 10 digits, a branch adding
# -3 digits).
UNION_PREFIXES = ("VN-COA", "VN-TIN")
UNION_IDENTIFIER = re.compile(r"^(?:VN-COA-\d{7}|VN-TIN-\d{10}(?:-\d{3})?)$")
# Any organisation: COUNTRY (or XI/XM)-REGISTER-number, without spaces or the characters the IATI
# rules forbid in identifiers (/ & | ?).
ORG_IDENTIFIER = re.compile(r"^[A-Z]{2}-[A-Z0-9]{2,12}-[^\s/&|?]+$")


def validate_union_org_identifier(value: str) -> None:
    if value and not UNION_IDENTIFIER.match(value):
        raise ValidationError(
            _(
                "Mã tổ chức IATI của đơn vị phải có tiền tố đã đăng ký: VN-COA- và mã số đơn vị có quan hệ "
                "với ngân sách (7 chữ số), ví dụ VN-COA-1234567; hoặc VN-TIN- và mã số thuế (10 chữ số, "
                "chi nhánh thêm -3 chữ số), ví dụ VN-TIN-2000123456."
            ),
            code="union_org_identifier",
        )


def validate_org_identifier(value: str) -> None:
    if value and not ORG_IDENTIFIER.match(value):
        raise ValidationError(
            _(
                "Mã tổ chức IATI có dạng QUỐC GIA-CƠ QUAN ĐĂNG KÝ-SỐ theo org-id.guide, ví dụ "
                "GB-CHC-1234567 hoặc XM-DAC-41122 (chữ in hoa, không có dấu cách, /, &, |, ?)."
            ),
            code="org_identifier",
        )
