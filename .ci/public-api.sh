#!/usr/bin/env bash
# The public API check (our semver check): rustdoc's JSON of each library
# crate, reduced by public-api.py to one line per public item, compared with
# the snapshot in api/. A removed or changed line is a breaking change, an
# added one is not; either fails until the snapshot is updated on purpose:
#   .ci/public-api.sh           compare (CI)
#   .ci/public-api.sh --bless   rewrite api/*.txt after an intended change
# rustdoc's JSON output is unstable on the stable toolchain, hence
# RUSTC_BOOTSTRAP=1 for this one rustdoc call (the build itself is stable).
# cargo-semver-checks and cargo-public-api were not used: neither is
# prebuilt for this machine's registries, and building either from crates.io
# would take much of CI's time budget.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for crate in scorecard-core scorecard-compute scorecard-report scorecard-synth; do
    RUSTC_BOOTSTRAP=1 cargo rustdoc --locked -q -p "$crate" --lib -- \
        -Z unstable-options --output-format json
    json="${CARGO_TARGET_DIR:-target}/doc/${crate//-/_}.json"
    python3 .ci/public-api.py "$json" "api/$crate.txt" "$@" || status=1
done
exit $status
