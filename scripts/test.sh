#!/usr/bin/env bash
# Runs the test suite against Azurite. Starts a private, in-memory Azurite on free ports of
# 127.0.0.1 and stops it afterwards, unless AZURITE_CONNECTION_STRING names a running one.
# Extra arguments go to `dotnet test`, for example: scripts/test.sh --filter EventIds
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${AZURITE_CONNECTION_STRING:-}" ]; then
  [ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund
  read -r blob_port queue_port table_port < <(node scripts/free-ports.js 3)
  log=$(mktemp)
  node_modules/.bin/azurite --inMemoryPersistence --skipApiVersionCheck --disableTelemetry --loose \
    --blobHost 127.0.0.1 --blobPort "$blob_port" --queueHost 127.0.0.1 --queuePort "$queue_port" \
    --tableHost 127.0.0.1 --tablePort "$table_port" >"$log" 2>&1 &
  azurite_pid=$!
  trap 'kill "$azurite_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do
    grep -q "Azurite Table service is successfully listening" "$log" 2>/dev/null && break
    kill -0 "$azurite_pid" 2>/dev/null || { cat "$log"; echo "Azurite failed to start." >&2; exit 1; }
    sleep 0.2
  done
  # The well-known development account of Azurite; it is not a secret.
  key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  export AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"
  echo "Azurite is listening on 127.0.0.1 ports $blob_port (blob), $queue_port (queue), $table_port (table)."
fi

export BICEP_PATH; BICEP_PATH=${BICEP_PATH:-$(scripts/bicep-path.sh)}
dotnet test VambeFunctions.sln --logger "trx;LogFileName=results.trx" --results-directory TestResults "$@"
