#!/usr/bin/env bash
# Runs before `npm test`: the browser test drives Debian's chromium and the PDF tests read notices
# with pdftotext (poppler-utils). Neither comes from npm, so on a Debian machine where we are root
# they are installed here; elsewhere we say what is missing and those tests fail with their reason.
if { command -v chromium && command -v pdftotext; } >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian's chromium and poppler-utils for the browser and PDF tests…"
  { apt-get update -qq -o DPkg::Lock::Timeout=120 \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=120 chromium poppler-utils >/dev/null; } \
    || echo "apt-get failed: the browser and PDF text tests will fail"
else
  echo "chromium and/or pdftotext missing: install Debian's chromium and poppler-utils (or set SKIP_BROWSER_TESTS=1 to skip the browser test)"
fi
exit 0
