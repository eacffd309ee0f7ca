#!/usr/bin/env bash
# Share of comment lines in the TypeScript under a folder (default src/): a line whose first
# non-blank characters are //, /* or * counts as comment; blank lines count for neither side.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-src}
git ls-files "$dir" | grep '\.ts$' | xargs awk '
  { line = $0; sub(/^[ \t]+/, "", line) }
  line == "" { next }
  line ~ /^(\/\/|\/\*|\*)/ { comments++ }
  { lines++ }
  END { printf "%s: %d comment lines of %d non-blank lines = %.1f %%\n", "'"$dir"'", comments, lines, 100 * comments / lines }'
