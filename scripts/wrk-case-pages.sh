#!/usr/bin/env bash
# Case pages under wrk (Debian's `wrk`): the issue-8 measurement with a load
# generator far lighter than the Rust load program, so that the server gets
# most of the two cores. Run on demand, never in the test suite.
#
#   cargo build --release -p tillit-cli --bin tillit
#   scripts/wrk-case-pages.sh [target/release/tillit] [connections] [seconds]
#   ROUTE=search scripts/wrk-case-pages.sh      # person search (/persons?q=Andersson)
#   ROUTE=worklist scripts/wrk-case-pages.sh    # the unit's worklist
#
# Starts `tillit serve --demo` on a fresh SQLite database (or DATABASE_URL,
# an empty PostgreSQL database), signs in as the unit manager `peter`,
# rotates over the unit's cases (every view writes its access-log rows),
# warms up 3 s, then measures. Prints wrk's figures, every status seen,
# and the server's CPU time and resident memory.
set -euo pipefail

BIN="${1:-target/release/tillit}"
CONN="${2:-64}"
SECS="${3:-10}"
PORT="${PORT:-18282}"
BASE="http://127.0.0.1:$PORT"
DIR="$(mktemp -d /tmp/tillit-wrk.XXXXXX)"
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 1; }

"$BIN" serve --demo --addr "127.0.0.1:$PORT" --data-dir "$DIR/data" >"$DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$DIR"' EXIT
for _ in $(seq 1 300); do curl -s -o /dev/null "$BASE/login" && break; sleep 1; done

csrf="$(curl -s -c "$DIR/cj" -b "$DIR/cj" "$BASE/login" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')"
curl -s -c "$DIR/cj" -b "$DIR/cj" -o /dev/null --data-urlencode "csrf=$csrf" \
    -d "username=peter&password=tillit-demo" "$BASE/login"
cookie="$(awk '$6 ~ /^tillit/ {print $6"="$7}' "$DIR/cj" | head -1)"
case "${ROUTE:-case}" in
    case) curl -s -b "$DIR/cj" "$BASE/?view=unit" | grep -o '/cases/[0-9a-f-]*' | sort -u >"$DIR/cases.txt" ;;
    search) echo "/persons?q=Andersson" >"$DIR/cases.txt" ;;
    worklist) echo "/?view=unit" >"$DIR/cases.txt" ;;
    *) echo "ROUTE is case, search or worklist" >&2; exit 2 ;;
esac
echo "$(wc -l <"$DIR/cases.txt") paths to rotate over (ROUTE=${ROUTE:-case})"

cat >"$DIR/case.lua" <<LUA
local paths = {}
for line in io.lines("$DIR/cases.txt") do paths[#paths+1] = line end
local i = 0
local threads = {}
wrk.headers["Cookie"] = "$cookie"
setup = function(thread) table.insert(threads, thread) end
init = function(args) statuses = {} end
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
done = function(summary, latency, requests)
  local all = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do all[k] = (all[k] or 0) + v end
  end
  for k, v in pairs(all) do io.write(string.format("HTTP %d: %d\n", k, v)) end
end
LUA

wrk -t2 -c"$CONN" -d3s -s "$DIR/case.lua" "$BASE" >/dev/null
cpu() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
before="$(cpu)"
wrk -t2 -c"$CONN" -d"${SECS}s" --latency -s "$DIR/case.lua" "$BASE"
after="$(cpu)"
echo "server CPU: $(( (after - before) * 10 )) ms in ${SECS} s; $(grep VmRSS "/proc/$SERVER/status"); $(grep RssAnon "/proc/$SERVER/status")"
