"""`python -m friendship_union.core.dbcheck`: one clear sentence (not a stack trace) when the test
database server cannot be reached. Exit status 0 when it can."""

import sys

import environ
import psycopg2


def main() -> int:
    config = environ.Env().db("DATABASE_URL")
    if "postgresql" not in config["ENGINE"]:
        sys.stderr.write("make test needs PostgreSQL: DATABASE_URL must be a postgres:// URL.\n")
        return 1
    try:
        psycopg2.connect(
            dbname="postgres",
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            connect_timeout=5,
        ).close()
    except psycopg2.Error as exc:
        where = f"{config.get('HOST') or 'local socket'}:{config.get('PORT') or 5432}"
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        sys.stderr.write(
            f"Không kết nối được PostgreSQL tại {where} / PostgreSQL is unreachable at {where} "
            f"({reason}): start it, or set DATABASE_URL to a server you can reach.\n"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
