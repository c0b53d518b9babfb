#!/usr/bin/env bash
# Prints the path of the Bicep CLI that infra/Bicep.proj brings in from NuGet, restoring the
# package first. scripts/lint-infra.sh and the tests run this binary.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet restore infra/Bicep.proj --verbosity quiet >&2
path=$(dotnet msbuild infra/Bicep.proj -getProperty:BicepPath)
if [ ! -x "$path" ]; then
  echo "The Bicep CLI is missing at '$path' after restoring infra/Bicep.proj." >&2
  exit 1
fi
echo "$path"
