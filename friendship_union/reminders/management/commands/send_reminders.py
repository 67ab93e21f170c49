"""Send the reminders that are due (run daily by deploy/friendship-union-reminders.timer)."""

from django.core.management.base import BaseCommand

from friendship_union.reminders import services, tasks


class Command(BaseCommand):
    help = "Gửi các nhắc việc đến hạn qua thư điện tử (mỗi mục một lần). Send the reminders that are due."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what is due; send nothing.")
        parser.add_argument("--enqueue", action="store_true", help="Hand the run to the task worker.")

    def handle(self, *args, dry_run=False, enqueue=False, **options):
        if dry_run:
            for notice in services.due():
                self.stdout.write(f"{notice.subject} → {', '.join(notice.role_names)}")
                for item in notice.items:
                    self.stdout.write(f"  - {item.text}")
            return
        if enqueue:
            result = tasks.send_reminders.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        result = services.send_due()
        self.stdout.write(
            f"sent {result['sent']} e-mails, {result['items']} items; {result['waiting']} items without recipient"
        )
