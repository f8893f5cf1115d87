#!/usr/bin/env bash
# Refresh vendored front-end assets in static/vendor/ from the npm registry.
# Uses `npm pack` only (no node_modules, no CDN). Bump the pinned versions below and re-run.
set -euo pipefail

BOOTSTRAP_VERSION="5.3.9"
HTMX_VERSION="2.0.11"
CHARTJS_VERSION="4.6.1"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/static/vendor"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

command -v npm >/dev/null || { echo "npm is required" >&2; exit 1; }
command -v node >/dev/null || { echo "node is required" >&2; exit 1; }

# fetch <pkg> <version>: download + extract tarball to $TMP/<pkg>/, check its version
fetch() {
  local pkg="$1" ver="$2" tgz got
  tgz="$(cd "$TMP" && npm pack --ignore-scripts --silent "$pkg@$ver" | tail -n1)"
  mkdir -p "$TMP/$pkg"
  tar -xzf "$TMP/$tgz" -C "$TMP/$pkg" --strip-components=1
  got="$(node -p 'require(process.argv[1]).version' "$TMP/$pkg/package.json")"
  [ "$got" = "$ver" ] || { echo "$pkg: expected $ver, got $got" >&2; exit 1; }
}

license_of() { node -p 'require(process.argv[1]).license' "$TMP/$1/package.json"; }

# copy_min <src> <dest>: copy, dropping sourceMappingURL comment lines (.map files are not vendored)
copy_min() {
  mkdir -p "$(dirname "$2")"
  sed -E '/^[[:space:]]*(\/\*# sourceMappingURL=.*\*\/|\/\/# sourceMappingURL=.*)[[:space:]]*$/d' "$1" > "$2"
  if grep -q 'sourceMappingURL=' "$2"; then echo "sourceMappingURL left in $2" >&2; exit 1; fi
}

copy_file() { mkdir -p "$(dirname "$2")"; cp "$1" "$2"; }

fetch bootstrap "$BOOTSTRAP_VERSION"
fetch htmx.org "$HTMX_VERSION"
fetch chart.js "$CHARTJS_VERSION"

rm -rf "$VENDOR/bootstrap" "$VENDOR/htmx" "$VENDOR/chartjs"

B="$TMP/bootstrap"
copy_min  "$B/dist/css/bootstrap.min.css"        "$VENDOR/bootstrap/css/bootstrap.min.css"
copy_min  "$B/dist/js/bootstrap.bundle.min.js"   "$VENDOR/bootstrap/js/bootstrap.bundle.min.js"
copy_file "$B/LICENSE"                           "$VENDOR/bootstrap/LICENSE"
if grep -q '@import' "$VENDOR/bootstrap/css/bootstrap.min.css"; then
  echo "bootstrap.min.css contains @import (web fonts?)" >&2; exit 1
fi

H="$TMP/htmx.org"
copy_min  "$H/dist/htmx.min.js"                  "$VENDOR/htmx/htmx.min.js"
copy_file "$H/LICENSE"                           "$VENDOR/htmx/LICENSE"

C="$TMP/chart.js"
if [ -f "$C/dist/chart.umd.min.js" ]; then CHART_FILE="chart.umd.min.js"; else CHART_FILE="chart.umd.js"; fi
copy_min  "$C/dist/$CHART_FILE"                  "$VENDOR/chartjs/$CHART_FILE"
copy_file "$C/LICENSE.md"                        "$VENDOR/chartjs/LICENSE.md"

# VERSIONS.md
row() { # row <pkg> <version> <relpath>
  local sum
  sum="$(cd "$VENDOR" && sha256sum "$3" | cut -d' ' -f1)"
  printf '| %s | %s | %s | `%s` | `%s` |\n' "$1" "$2" "$(license_of "$1")" "$3" "$sum"
}
{
  echo "# Vendored front-end assets"
  echo
  echo "These files come from the npm registry via \`scripts/vendor_assets.sh\` (\`npm pack\`); nothing is loaded from a CDN."
  echo "Source maps are not vendored; \`sourceMappingURL\` comments are stripped from the minified files."
  echo
  echo "| Package | Version | Licence | File (under static/vendor/) | sha256 |"
  echo "|---|---|---|---|---|"
  row bootstrap "$BOOTSTRAP_VERSION" bootstrap/css/bootstrap.min.css
  row bootstrap "$BOOTSTRAP_VERSION" bootstrap/js/bootstrap.bundle.min.js
  row bootstrap "$BOOTSTRAP_VERSION" bootstrap/LICENSE
  row htmx.org  "$HTMX_VERSION"      htmx/htmx.min.js
  row htmx.org  "$HTMX_VERSION"      htmx/LICENSE
  row chart.js  "$CHARTJS_VERSION"   "chartjs/$CHART_FILE"
  row chart.js  "$CHARTJS_VERSION"   chartjs/LICENSE.md
} > "$VENDOR/VERSIONS.md"

echo "Vendored bootstrap $BOOTSTRAP_VERSION, htmx.org $HTMX_VERSION, chart.js $CHARTJS_VERSION ($CHART_FILE) into $VENDOR"
