"""Load demo data: each app's demo records (the loaders the apps declare, in INSTALLED_APPS order:
the Cà Mau identity first, the demo albums last) and, in development only, one account per role."""

from django.conf import settings
from django.core.management.base import BaseCommand

from friendship_union.core.contributions import demo_loaders
from friendship_union.core.demo import create_demo_accounts
from friendship_union.core.versioning import bump_records_version, bumps_deferred


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa (chạy lại nhiều lần không thay đổi gì)."

    def handle(self, *args, **options):
        with bumps_deferred():  # each version bumped once at the end, not once per record written
            for load in demo_loaders():
                load(stdout=self.stdout)
        bump_records_version()  # cached figures and pages follow the new records (bulk ones included)

        if not settings.DEMO_MODE:
            self.stdout.write("DEBUG tắt: không tạo tài khoản minh họa.")
            return
        accounts = create_demo_accounts()
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
