#!/usr/bin/env bash
# Install Debian's Chromium (and fonts with Vietnamese glyphs) for the browser tests.
# Playwright's own browser download is not used: it needs the internet beyond the
# package registries. Needs root (as on CI machines) or sudo.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation2 >/dev/null
chromium --version
