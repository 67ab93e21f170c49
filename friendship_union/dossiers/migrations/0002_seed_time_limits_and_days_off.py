"""The time limits per decree and the government's added days off / make-up days, 2025–2026, as data
staff keep in the admin (README, *Approval dossiers*, says where each number comes from). A number not
confirmed against the decree's text is seeded unconfirmed, with a note asking staff to check it."""

import datetime

from django.db import migrations

UNCHECKED = "Chưa đối chiếu được với văn bản gốc: cán bộ kiểm tra lại con số và ghi điều, khoản."
LIMITS = [
    # decree, stage, working days, article, confirmed, note
    ("80/2020", "completeness", 3, "Điều 10", False, UNCHECKED),
    ("80/2020", "opinion", 10, "Điều 10", False, UNCHECKED),
    (
        "80/2020",
        "appraisal",
        20,
        "Điều 10",
        False,
        "Tóm tắt văn bản (LuatVietnam): thời hạn thẩm định 20 ngày kể từ ngày nhận đủ hồ sơ hợp lệ. "
        "Cán bộ đối chiếu là ngày hay ngày làm việc.",
    ),
    ("80/2020", "decision", 5, "Điều 10", False, UNCHECKED),
    ("313/2025", "completeness", 3, "", False, "Nghị định 313/2025/NĐ-CP thay Nghị định 80/2020/NĐ-CP. " + UNCHECKED),
    ("313/2025", "opinion", 10, "", False, UNCHECKED),
    ("313/2025", "appraisal", 20, "", False, UNCHECKED),
    ("313/2025", "decision", 5, "", False, UNCHECKED),
    ("58/2022", "completeness", 3, "", False, "Tỉnh góp ý hồ sơ cấp giấy đăng ký của tổ chức phi chính phủ nước ngoài. " + UNCHECKED),
    ("58/2022", "opinion", 10, "", False, UNCHECKED),
    ("58/2022", "appraisal", 15, "", False, UNCHECKED),
    ("58/2022", "decision", 5, "", False, UNCHECKED),
]
# Tết 2025 (27–31/01) and Tết 2026 (16–20/02) are in holidays.VN as the government set them; these are
# the days it added or swapped that the package does not have.
DAYS = [
    (
        datetime.date(2025, 4, 26),
        True,
        "Làm bù cho ngày nghỉ thứ Sáu 02/05/2025 (dịp 30/4 – 1/5)",
        "Công văn 8726/VPCP-KGVX ngày 26/11/2024; Thông báo 6150/TB-BLĐTBXH",
    ),
    (
        datetime.date(2026, 1, 2),
        False,
        "Nghỉ Tết Dương lịch 2026: 4 ngày, 01–04/01/2026 (hoán đổi ngày làm việc)",
        "Văn bản của Văn phòng Chính phủ ngày 25/12/2025 (cán bộ bổ sung số văn bản và ngày làm bù)",
    ),
    (
        datetime.date(2026, 8, 22),
        True,
        "Làm bù cho ngày nghỉ thứ Hai 31/08/2026 (dịp Quốc khánh)",
        "Như gói holidays ghi nhận (31/08 thay cho 22/08/2026); cán bộ bổ sung số văn bản",
    ),
]


def seed(apps, schema_editor):
    TimeLimit = apps.get_model("dossiers", "TimeLimit")
    DayAdjustment = apps.get_model("dossiers", "DayAdjustment")
    for decree, stage, days, article, confirmed, note in LIMITS:
        TimeLimit.objects.get_or_create(
            decree=decree,
            stage=stage,
            defaults={"working_days": days, "article": article, "confirmed": confirmed, "note": note},
        )
    for date, working, reason, source in DAYS:
        DayAdjustment.objects.get_or_create(
            date=date, defaults={"is_working_day": working, "reason": reason, "source": source}
        )


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_dossiers_time_limits_and_working_days")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
