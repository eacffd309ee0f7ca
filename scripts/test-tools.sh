#!/usr/bin/env bash
# Runs before `npm test`: the browser test drives Debian's chromium, the PDF tests read notices with
# pdftotext/pdffonts (poppler-utils) and qpdf, and the xlsx tests read our files back with Debian's
# python3-openpyxl. None comes from npm, so on a Debian machine where we are root they are installed
# here; elsewhere we say what is missing and those tests fail with their reason.
if { command -v chromium && command -v pdftotext && command -v qpdf && /usr/bin/python3 -c 'import openpyxl'; } \
  >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian's chromium, poppler-utils, qpdf and python3-openpyxl for the browser, PDF and xlsx tests…"
  { apt-get update -qq -o DPkg::Lock::Timeout=120 \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=120 \
      chromium poppler-utils qpdf python3-openpyxl >/dev/null; } \
    || echo "apt-get failed: the browser, PDF and xlsx tests will fail"
else
  echo "missing: Debian's chromium poppler-utils qpdf python3-openpyxl (SKIP_BROWSER_TESTS=1 skips the browser test)"
fi
exit 0
