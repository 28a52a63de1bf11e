"""Applies the pending schema migrations to a database. When run from a terminal it shows the plan
and asks for confirmation before touching anything; in scripts, pass --yes.

Usage: db_migrate.py [--yes] DATABASE MIGRATIONS_DIR
"""

import argparse
import logging
import os
import sqlite3
import sys

log = logging.getLogger("migrate")


def pending_migrations(db, migrations_dir):
    db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY)")
    applied = {row[0] for row in db.execute("SELECT name FROM schema_migrations")}
    return [name for name in sorted(os.listdir(migrations_dir)) if name.endswith(".sql") and name not in applied]


def confirm(plan, database):
    print(f"{len(plan)} migrations will be applied to {database}:")
    for name in plan:
        print(f"  {name}")
    answer = input("Apply them? [y/N] ")
    return answer.strip().lower() in ("y", "yes")


def migrate(database, migrations_dir, assume_yes):
    db = sqlite3.connect(database)
    plan = pending_migrations(db, migrations_dir)
    log.info("%d migrations pending", len(plan))
    if not plan:
        return 0
    if not assume_yes and sys.stdin.isatty() and not confirm(plan, database):
        log.info("nothing applied")
        return 1
    for name in plan:
        with open(os.path.join(migrations_dir, name)) as f:
            db.executescript(f.read())
        db.execute("INSERT INTO schema_migrations (name) VALUES (?)", (name,))
        db.commit()
        log.info("applied %s", name)
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--yes", action="store_true")
    parser.add_argument("database")
    parser.add_argument("migrations_dir")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    return migrate(args.database, args.migrations_dir, args.yes)


if __name__ == "__main__":
    sys.exit(main())
