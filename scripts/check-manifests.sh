#!/usr/bin/env bash
# Validates every Kubernetes manifest in deploy/kubernetes offline, against the Kubernetes API schemas shipped
# in the PyPI package kubernetes-validate (installed quietly into a venv under /tmp on first use), in strict
# mode (unknown fields are errors), for the oldest and the newest Kubernetes versions it checks.
# With a margin-stress binary (argument, or .build/release/margin-stress when it exists) it also checks every
# scenario file held in a ConfigMap with `margin-stress validate`. Exits non-zero on any invalid manifest.
#   bash scripts/check-manifests.sh [BINARY]
set -euo pipefail
# A binary given as an argument is relative to the caller's directory; the default to the repository's.
binary="${1:-}"
if [ -n "$binary" ] && [ -e "$binary" ]; then binary="$(realpath "$binary")"; fi
cd "$(dirname "$0")/.."
binary="${binary:-.build/release/margin-stress}"

venv="${MARGINSTRESS_VALIDATE_VENV:-/tmp/marginstress-kubernetes-validate}"
versions=(1.29.0 1.37.0)   # Indexed Jobs are GA from 1.24; 1.29 is kept as the oldest one checked

if [ ! -x "$venv/bin/kubernetes-validate" ]; then
    echo "check-manifests: installing kubernetes-validate into $venv ..." >&2
    if ! python3 -m venv "$venv" >/dev/null 2>&1; then
        echo "check-manifests: python3 -m venv failed; install the venv module (apt-get install python3-venv)." >&2
        exit 1
    fi
    if ! "$venv/bin/pip" install -q --disable-pip-version-check kubernetes-validate; then
        echo "check-manifests: pip install kubernetes-validate failed; is PyPI reachable?" >&2
        exit 1
    fi
fi

shopt -s nullglob
manifests=(deploy/kubernetes/*.yaml deploy/kubernetes/*.yml deploy/kubernetes/*.json)
if [ "${#manifests[@]}" -eq 0 ]; then
    echo "check-manifests: no manifests found in deploy/kubernetes." >&2
    exit 1
fi

failed=0
for version in "${versions[@]}"; do
    rc=0
    report="$("$venv/bin/kubernetes-validate" --strict --quiet -k "$version" "${manifests[@]}" 2>&1)" || rc=$?
    [ -z "$report" ] || echo "$report" >&2
    if [ "$rc" -ne 0 ]; then
        echo "check-manifests: invalid for Kubernetes $version (errors above)" >&2
        failed=1
    elif grep -q "Couldn't find schema" <<<"$report"; then
        # kubernetes-validate only warns about a kind it has no schema for; here every kind is a built-in one,
        # so an unknown kind is a typo.
        echo "check-manifests: unknown kind or apiVersion for Kubernetes $version (warning above)" >&2
        failed=1
    fi
done

if [ -x "$binary" ]; then
    scenarios="$(mktemp -d)"
    trap 'rm -rf "$scenarios"' EXIT
    # Each ConfigMap data entry named *.yaml / *.yml is written out as a scenario file.
    "$venv/bin/python" - "$scenarios" "${manifests[@]}" <<'PY'
import os, sys, yaml
out = sys.argv[1]
for path in sys.argv[2:]:
    try:
        with open(path) as f:
            docs = list(yaml.safe_load_all(f))
    except yaml.YAMLError:
        continue   # reported by kubernetes-validate above
    for doc in docs:
        if not isinstance(doc, dict) or doc.get("kind") != "ConfigMap":
            continue
        for key, text in (doc.get("data") or {}).items():
            if key.endswith((".yaml", ".yml")):
                name = f"{os.path.basename(path)}--{doc['metadata']['name']}--{key}"
                with open(os.path.join(out, name), "w") as g:
                    g.write(text)
PY
    for scenario in "$scenarios"/*; do
        if ! problems="$("$binary" validate "$scenario" 2>&1)"; then
            echo "check-manifests: the scenario $(basename "$scenario") is invalid:" >&2
            echo "$problems" >&2
            failed=1
        fi
    done
else
    echo "check-manifests: $binary not found; the scenarios in ConfigMaps were not checked." >&2
fi

if [ "$failed" -ne 0 ]; then
    echo "check-manifests: FAILED" >&2
    exit 1
fi
echo "check-manifests: ${#manifests[@]} manifest file(s) valid for Kubernetes ${versions[*]}"
