#!/usr/bin/env bash
# First install and every upgrade of friendship_union on one Debian machine, in one order:
#   system (first time, as root): packages, the `friendship` user, PostgreSQL user and database, .env,
#          log folder, systemd units, nginx site, logrotate;
#   app (every time): pip install, compile catalogs, migrate, collectstatic, check --deploy;
#   restart: web (graceful reload when running), worker, timers, nginx.
# Usage, from the checkout at $APP_DIR (default /srv/friendship_union), as root:
#   git pull && deploy/install.sh            # first install or upgrade
#   deploy/install.sh --app-only             # only the app steps, as the user running it (no root, no restart)
set -euo pipefail

APP_DIR=${APP_DIR:-/srv/friendship_union}
APP_USER=${APP_USER:-friendship}
PYTHON=${PYTHON:-python3}
MODE=${1:-all}
cd "$APP_DIR"

say() { printf '\n== %s\n' "$*"; }
as_app() { if [ "$(id -u)" = 0 ] && [ "$MODE" != --app-only ]; then runuser -u "$APP_USER" -- "$@"; else "$@"; fi; }

system_steps() {
  say "Packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends python3-venv postgresql redis-server nginx-light \
    postgresql-client logrotate
  say "User $APP_USER, folders"
  id "$APP_USER" >/dev/null 2>&1 || adduser --system --group --home "$APP_DIR" --no-create-home "$APP_USER"
  install -d -o "$APP_USER" -g "$APP_USER" -m 0750 "$APP_DIR/media" /var/log/friendship_union
  install -d -o "$APP_USER" -g "$APP_USER" -m 0700 /srv/backups/friendship_union
  chown -R "$APP_USER:$APP_USER" "$APP_DIR"
  if [ ! -f "$APP_DIR/.env" ]; then
    say "Database and .env"
    password=$($PYTHON -c 'import secrets; print(secrets.token_urlsafe(24))')
    secret=$($PYTHON -c 'import secrets; print(secrets.token_urlsafe(50))')
    runuser -u postgres -- psql -qc "CREATE ROLE $APP_USER LOGIN PASSWORD '$password'" 2>/dev/null || true
    runuser -u postgres -- createdb -O "$APP_USER" friendship_union 2>/dev/null || true
    sed -e "s|^DJANGO_SECRET_KEY=.*|DJANGO_SECRET_KEY=$secret|" \
        -e "s|friendship:FILL@|$APP_USER:$password@|" deploy/env.production > "$APP_DIR/.env"
    chown "$APP_USER:$APP_USER" "$APP_DIR/.env" && chmod 0600 "$APP_DIR/.env"
    echo "Wrote $APP_DIR/.env: set the host name, DJANGO_SITE_URL and EMAIL_URL in it, then run this again."
  fi
  if grep -q FILL "$APP_DIR/.env"; then
    echo "$APP_DIR/.env still has FILL values (e-mail server): fill them and run deploy/install.sh again." >&2
    exit 1
  fi
  say "systemd units, nginx site, logrotate"
  install -m 0644 deploy/systemd/*.service deploy/systemd/*.timer /etc/systemd/system/
  install -m 0644 deploy/nginx/friendship-union.conf /etc/nginx/sites-available/friendship-union.conf
  ln -sf /etc/nginx/sites-available/friendship-union.conf /etc/nginx/sites-enabled/friendship-union.conf
  install -m 0644 deploy/logrotate /etc/logrotate.d/friendship-union
  systemctl daemon-reload
}

app_steps() {
  say "Python packages"
  [ -x .venv/bin/python ] || as_app "$PYTHON" -m venv .venv
  as_app .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
  say "Catalogs, migrations, static files"
  as_app .venv/bin/python manage.py compile_catalogs
  as_app .venv/bin/python manage.py migrate --noinput
  as_app .venv/bin/python manage.py collectstatic --noinput
  as_app .venv/bin/python manage.py check --deploy --fail-level WARNING
}

restart_steps() {
  say "Restart"
  systemctl enable --now friendship-union-worker.service friendship-union-reminders.timer \
    friendship-union-healthcheck.timer
  if systemctl is-active --quiet friendship-union-web.service; then
    systemctl reload friendship-union-web.service   # gunicorn replaces its workers, no request dropped
  else
    systemctl enable --now friendship-union-web.service
  fi
  systemctl restart friendship-union-worker.service  # after the task in hand (SIGTERM)
  nginx -t && systemctl reload nginx
  as_app .venv/bin/python manage.py healthcheck
}

case "$MODE" in
  --app-only) app_steps ;;
  all) system_steps; app_steps; restart_steps ;;
  *) echo "usage: deploy/install.sh [--app-only]" >&2; exit 2 ;;
esac
