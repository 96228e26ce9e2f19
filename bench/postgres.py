"""The PostgreSQL server and the database the benchmark uses.

When nothing answers at the server's address on this machine, a throwaway cluster is started
there for the run and removed after it, as CI does (.ci/run): Debian's PostgreSQL, installed when
missing, run as the postgres account when we are root.
"""

import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from bench import debian

LOCAL = {"127.0.0.1", "localhost"}


def answers(host, port):
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        return False
    return True


def as_postgres(command):
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _binaries():
    """The newest installed PostgreSQL's programs, as Debian lays them out."""

    def version(path):
        return tuple(int(part) for part in path.parent.name.split(".") if part.isdigit())

    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version)
    return versions[-1] if versions else None


@contextmanager
def server(url):
    """The server at `url` (postgres://user@host:port/dbname), started for the run if it is on
    this machine and nothing answers there."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 5432
    if answers(host, port):
        yield url
        return
    if host not in LOCAL:
        raise SystemExit(f"No PostgreSQL answers at {host}:{port}.")
    print(f"No PostgreSQL on {host}:{port}: starting a throwaway cluster", flush=True)
    binaries = _binaries()
    if binaries is None:
        debian.install("postgresql")
        binaries = _binaries()
    folder = Path(tempfile.mkdtemp(prefix="outreach-bench-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, log = folder / "data", folder / "log"
    subprocess.run(
        as_postgres([binaries / "initdb", "-D", data, "-U", "postgres", "--auth=trust"]),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
    subprocess.run(
        as_postgres([binaries / "pg_ctl", "-D", data, "-l", log, "-w", "-o", options, "start"]),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        yield url
    finally:
        subprocess.run(
            as_postgres([binaries / "pg_ctl", "-D", data, "-m", "fast", "stop"]),
            stdout=subprocess.DEVNULL,
        )
        shutil.rmtree(folder, ignore_errors=True)


def database_url(server_url, name):
    """The address of database `name` on the server of `server_url`."""
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


class Databases:
    """Create, drop and label databases on the server (through its maintenance database)."""

    def __init__(self, server_url):
        self.url = server_url

    def exists(self, name):
        with psycopg.connect(self.url, autocommit=True) as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return found.fetchone() is not None

    def label(self, name):
        """The comment on the database: what it was seeded with."""
        with psycopg.connect(self.url, autocommit=True) as conn:
            row = conn.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [name],
            ).fetchone()
            return row[0] if row else None

    def set_label(self, name, text):
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(name), sql.Literal(text)
                )
            )

    def tidy(self, name):
        """VACUUM ANALYZE the database, as autovacuum would in production: the bench's own
        writes (seeding, rendering the documents) leave dead rows and no planner statistics,
        and a server may run with autovacuum off."""
        with psycopg.connect(database_url(self.url, name), autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")

    def create(self, name):
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def drop(self, name):
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def version(self):
        with psycopg.connect(self.url, autocommit=True) as conn:
            return conn.execute("SHOW server_version").fetchone()[0]
