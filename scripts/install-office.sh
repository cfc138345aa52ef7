#!/usr/bin/env bash
# Install the office tools the PDF exports and their tests use, from Debian's packages only
# (nothing is downloaded from outside the package registries). Needs root (as on CI machines) or sudo.
#   libreoffice-writer-nogui  DOCX -> PDF (tuyengiao/reports/documents_out.py)
#   poppler-utils             pdftotext / pdftoppm: the tests read and render the PDFs they produce
#   fonts-liberation2         Times-compatible metrics with Vietnamese glyphs
set -euo pipefail
if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  libreoffice-writer-nogui poppler-utils fonts-liberation2 >/dev/null
soffice --version
pdftotext -v 2>&1 | sed -n 1p
