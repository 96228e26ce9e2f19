"""Debian packages the benchmark needs and may install itself (as CI installs Chromium)."""

import os
import subprocess


def install(package):
    """apt-get install `package`, through sudo unless running as root."""
    print(f"Installing {package} (Debian's package)", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        [*sudo, "apt-get", "install", "-y", "-qq", package],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
