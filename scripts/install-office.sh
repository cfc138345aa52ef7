#!/usr/bin/env bash
# Install LibreOffice Writer (headless, no GUI) and Times-compatible fonts with Vietnamese glyphs,
# used to turn the DOCX reports into PDF (tuyengiao/reports/documents_out.py). Debian packages only:
# nothing is downloaded from outside the package registries. Needs root (as on CI machines) or sudo.
set -euo pipefail
if command -v soffice >/dev/null 2>&1; then exit 0; fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  libreoffice-writer-nogui fonts-liberation2 >/dev/null
soffice --version
