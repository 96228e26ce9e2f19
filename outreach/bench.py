"""Throughput of the public pages, as ratios to a static file served in the same run.

    make bench                      # SQLite, 300 published notes
    DATABASE_URL=postgres://... make bench

The machine is shared and noisy, so absolute numbers mean little: each page is reported as
requests per second and as a fraction of what the same server does for a static file,
measured in the same run. It builds its own database, starts gunicorn with production
settings on a free port, and stops it at the end.
"""

import argparse
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = "/static/css/outreach.css"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url):
    return os.environ | {
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-5d2f8a1c9e7b3046a8d1f2e9c7b5a3d1e0f9c8b7a6d5e4f3c2b1a0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url,
        "EMAIL_URL": "dummy://",
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def hammer(port, path, seconds, threads):
    """Requests per second for one path, from `threads` keep-alive clients."""
    counts, stop = [0] * threads, time.monotonic() + seconds

    def client(slot):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{path} answered {response.status}")
            counts[slot] += 1

    workers = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(counts) / seconds


def wait_for(port):
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=4)
    parser.add_argument("--threads", type=int, default=4)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        env = production_env(url)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        paths = subprocess.run(
            [sys.executable, "manage.py", "bench_data", str(options.notes)],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        ).stdout.split()  # fmt: skip
        run(env, options, paths)


def run(env, options, paths):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "outreach.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port)
        report(port, options, paths)
    finally:
        server.terminate()
        server.wait()


def report(port, options, paths):
    baseline = hammer(port, STATIC, options.seconds, options.threads)
    print(f"{'path':<48}{'req/s':>8}{'ratio to static':>17}")
    print(f"{STATIC:<48}{baseline:>8.0f}{1:>17.2f}")
    for path in paths:
        rate = hammer(port, path, options.seconds, options.threads)
        print(f"{path[:47]:<48}{rate:>8.0f}{rate / baseline:>17.2f}")


if __name__ == "__main__":
    main()
