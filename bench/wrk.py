"""wrk, the HTTP load generator: installed from Debian's packages when missing, run on one
address, its result read from the line bench/report.lua prints."""

import json
import shutil
import subprocess
from pathlib import Path

from bench import debian

REPORT = Path(__file__).with_name("report.lua")
MARKER = "BENCH-RESULT "


def ensure():
    """The wrk program, installed with apt-get when it is not on the PATH."""
    found = shutil.which("wrk")
    if found:
        return found
    debian.install("wrk")
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is not installed and could not be installed.")
    return found


def run(program, url, *, seconds, threads, connections, timeout, headers=(), paths_file=None):
    """One wrk run: requests per second, latency percentiles (ms) and errors, as a dict.
    wrk takes whole seconds. With `paths_file` (one address per line), each request asks for
    one of those addresses at random on the server of `url`."""
    command = [program, "--threads", str(threads), "--connections", str(connections)]
    command += ["--duration", f"{int(seconds)}s", "--timeout", f"{int(timeout)}s"]
    command += ["--script", str(REPORT), "--latency"]
    for header in headers:
        command += ["--header", header]
    command.append(url)
    if paths_file:
        command += ["--", str(paths_file)]
    finished = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + timeout + 60
    )
    lines = [line for line in finished.stdout.splitlines() if line.startswith(MARKER)]
    if finished.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed on {url}:\n{finished.stdout}{finished.stderr}")
    result = json.loads(lines[-1][len(MARKER) :])
    result["requests_per_second"] = result["requests"] / result["seconds"]
    result["errors"] = sum(
        result[name]
        for name in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
    )
    return result
