#!/usr/bin/env bash
# jixiao's own per-project workbooks read back as inputs, at district size:
# N synthetic projects -> pack -> the pack's .xlsx as inputs -> 0 errors and the
# same .docx/.xlsx/.html byte for byte. Usage: scripts/round-trip.sh [N] (10000).
set -euo pipefail
cd "$(dirname "$0")/.."
JIXIAO_ROUND_TRIP="${1:-10000}" cargo test --release --locked --test pack_round_trip -- --nocapture
