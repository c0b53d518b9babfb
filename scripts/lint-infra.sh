#!/usr/bin/env bash
# Compiles and lints infra/main.bicep and fails on any warning or error. Uses the Bicep CLI in
# BICEP_PATH, or finds it with scripts/bicep-path.sh.
#
# --no-restore keeps the CLI offline: every module is a local file, and without the flag the CLI
# also downloads the public module index on each run.
set -euo pipefail
cd "$(dirname "$0")/.."

bicep=${BICEP_PATH:-$(scripts/bicep-path.sh)}
compiled=$(mktemp)
trap 'rm -f "$compiled"' EXIT

status=0
for command in build lint; do
  arguments=("$command" infra/main.bicep --no-restore)
  [ "$command" = build ] && arguments+=(--outfile "$compiled")
  if ! output=$("$bicep" "${arguments[@]}" 2>&1) || [ -n "$output" ]; then
    echo "bicep $command infra/main.bicep failed or reported diagnostics:" >&2
    echo "$output" >&2
    status=1
  fi
done

[ "$status" -eq 0 ] && echo "bicep build and lint of infra/main.bicep: no warnings or errors."
exit "$status"
