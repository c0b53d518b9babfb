#!/usr/bin/env bash
# Runs the function app locally: Azurite on its default ports (data kept in .azurite/) and the
# Functions host through Azure Functions Core Tools (`func`), which must be installed.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v func >/dev/null || {
  echo "Azure Functions Core Tools v4 (func) is not installed; see https://learn.microsoft.com/azure/azure-functions/functions-run-local" >&2
  exit 1
}
[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund
[ -f local.settings.json ] || cp local.settings.sample.json local.settings.json
# Core Tools reads local.settings.json from the project folder; the file itself stays at the root.
[ -e FunctionApp/local.settings.json ] || ln -s ../local.settings.json FunctionApp/local.settings.json

mkdir -p .azurite
node_modules/.bin/azurite --silent --location .azurite --skipApiVersionCheck --disableTelemetry \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
azurite_pid=$!
trap 'kill "$azurite_pid" 2>/dev/null || true' EXIT
sleep 2
kill -0 "$azurite_pid" 2>/dev/null || {
  echo "Azurite exited at start; are ports 10000-10002 of 127.0.0.1 taken by another Azurite?" >&2
  exit 1
}

cd FunctionApp
func start
