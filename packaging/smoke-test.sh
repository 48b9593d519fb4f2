#!/usr/bin/env bash
# Smoke test of one Borte installation, from outside the source tree, on a temporary data folder:
# --version, recording trips and permits, status, the PDF report, shell completion, the menu
# entry, and the window (offscreen) until it says it opened.
#   packaging/smoke-test.sh COMMAND...     e.g. dist/borte/borte, or .venv-lowest/bin/borte
# Used by packaging/lowest-versions.sh and by the bundle test (tests/packaging/test_bundle.py).
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND..." >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export BORTE_DATA_DIR=$tmp/data XDG_STATE_HOME=$tmp/state XDG_DATA_HOME=$tmp/share
export XDG_CONFIG_HOME=$tmp/config QT_QPA_PLATFORM=offscreen BORTE_TODAY=2025-06-30
cd "$tmp"  # nothing may depend on the current folder
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }
step() { echo "smoke: $*"; }
cmd=("$@")

step "--version"
version=$("${cmd[@]}" --version) || fail "--version exited $?"
[[ $version =~ ^borte\ [0-9]+\.[0-9]+ ]] || fail "--version printed '$version'"

step "recording a permit, a key date and trips"
"${cmd[@]}" permits add --kind work --from 2023-01-15 --to 2026-01-14 >/dev/null
"${cmd[@]}" dates set arrival 2023-01-10 >/dev/null
"${cmd[@]}" trips add --departure 2025-03-05 --return 2025-03-09 --destination SE --note "Gøteborg" >/dev/null
"${cmd[@]}" trips add --departure 2025-05-01 --return 2025-05-20 --destination US >/dev/null

step "status"
status=$("${cmd[@]}" status) || fail "status exited $?"
grep -q "Temporary permit" <<<"$status" || fail "status lacks the temporary-permit rule: $status"
grep -q "udi.no is the authority" <<<"$status" || fail "status lacks the disclaimer"
json=$("${cmd[@]}" status --json) || fail "status --json exited $?"
grep -q '"as_of": "2025-06-30"' <<<"$json" || fail "status --json lacks as_of"

step "report"
"${cmd[@]}" report "$tmp/report.pdf" >/dev/null || fail "report exited $?"
[ "$(head -c 5 "$tmp/report.pdf")" = "%PDF-" ] || fail "report.pdf is not a PDF"
[ "$(stat -c %s "$tmp/report.pdf")" -gt 20000 ] || fail "report.pdf is suspiciously small"

step "completion"
completion=$("${cmd[@]}" --print-completion bash) || fail "--print-completion exited $?"
grep -q "trips" <<<"$completion" || fail "bash completion lacks the commands"

step "--install-desktop"
"${cmd[@]}" --install-desktop >/dev/null || fail "--install-desktop exited $?"
for f in applications/no.borte.Borte.desktop metainfo/no.borte.Borte.metainfo.xml \
         icons/hicolor/scalable/apps/no.borte.Borte.svg icons/hicolor/512x512/apps/no.borte.Borte.png; do
  [ -s "$XDG_DATA_HOME/$f" ] || fail "--install-desktop did not write $f"
done

step "window (offscreen)"
log=$XDG_STATE_HOME/borte/log/borte.log
"${cmd[@]}" >"$tmp/window.out" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  grep -qs "Window opened" "$log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/window.out" >&2; fail "the window exited early"; }
  sleep 0.5
done
grep -qs "Window opened" "$log" || { kill "$pid"; fail "the window did not open within 60 s"; }
sleep 1
kill -0 "$pid" 2>/dev/null || { cat "$tmp/window.out" >&2; fail "the window died after opening"; }
kill "$pid"
wait "$pid" 2>/dev/null || true
if grep -q "Traceback\|ERROR\|CRITICAL" "$log"; then
  cat "$log" >&2
  fail "the log has errors"
fi
step "all passed: ${cmd[*]}"
