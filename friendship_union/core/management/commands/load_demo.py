"""Load demo data: the Cà Mau identity, role accounts (development only) and each app's demo records."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand

from friendship_union.core import demo


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa (chạy lại nhiều lần không thay đổi gì)."

    def handle(self, *args, **options):
        created = demo.load_identity()
        self.stdout.write("Thông tin đơn vị: " + ("đã tạo (Cà Mau)." if created else "đã có, giữ nguyên."))

        # Each app may ship a `demo.py` with a `load(stdout)` function; they run in INSTALLED_APPS order.
        for app_config in apps.get_app_configs():
            if not app_config.name.startswith("friendship_union.") or app_config.label == "core":
                continue
            try:
                module = import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app_config.name}.demo":
                    raise
                continue
            module.load(stdout=self.stdout)

        from friendship_union.gallery import demo_photos

        demo_photos.load(stdout=self.stdout)  # development only: after the records it attaches to

        from friendship_union.core.versioning import bump_records_version

        bump_records_version()  # demo loaders bulk-create without signals

        if not settings.DEMO_MODE:
            self.stdout.write("DEBUG tắt: không tạo tài khoản minh họa.")
            return
        accounts = demo.create_demo_accounts()
        if not accounts:
            self.stdout.write("Tài khoản minh họa: đã có, mật khẩu giữ nguyên (đổi trong trang quản trị).")
            return
        self.stdout.write("")
        self.stdout.write("Tài khoản minh họa (mật khẩu chỉ hiện MỘT lần — hãy ghi lại):")
        self.stdout.write(f"  {'Vai trò':<20} {'Tên đăng nhập':<14} Mật khẩu")
        for role, username, password in accounts:
            self.stdout.write(f"  {role:<20} {username:<14} {password}")
        self.stdout.write("Đăng nhập tại /admin/")
        self.stdout.write("")
