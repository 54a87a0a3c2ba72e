#!/usr/bin/env bash
# Builds the app as it is deployed with real Stripe keys and checks that no browser chunk carries the
# local Stripe's Stripe.js stand-in. A local-mode build is checked too, as the control that proves
# the marker strings would be found if they were there. The same real-mode build is then held to
# bundle-budget.json: each page's first-load JavaScript (gzip), see scripts/bundle-budget.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 NEXT_SKIP_TYPECHECK=1

markers='not supported by the local Stripe|local-stripe-element'
real_dir=.next-real-mode
local_dir=.next-local-mode

build() {
  NEXT_DIST_DIR="$1" npx next build >"/tmp/embedded-checkout-build-$1.log" 2>&1 || {
    cat "/tmp/embedded-checkout-build-$1.log" >&2
    exit 1
  }
}

NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY=pk_test_bundle_check build "$real_dir"
env -u NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY bash -c "$(declare -f build); build $local_dir"

if ! grep -rqE "$markers" "$local_dir/static"; then
  echo "check-real-mode-bundle: control failed: the local-mode build has no stand-in marker; update the markers" >&2
  exit 1
fi
if grep -rlE "$markers" "$real_dir/static"; then
  echo "check-real-mode-bundle: FAILED: the real-mode browser bundle above contains the local Stripe stand-in" >&2
  exit 1
fi
echo "check-real-mode-bundle: 1 passed, 0 failed (real-mode browser chunks carry no local Stripe code)"
npx tsx scripts/bundle-budget.ts "$real_dir"
