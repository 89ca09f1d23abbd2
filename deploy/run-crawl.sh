#!/usr/bin/env bash
# Run one Warta crawl for cron or a systemd timer: quiet when the run is good, loud and non-zero when not.
#
#   deploy/run-crawl.sh SPIDER [more `scrapy crawl` options, e.g. -a base_url=... -s NAME=VALUE]
#
# The whole Scrapy log goes to $WARTA_DATA_DIR/logs/SPIDER/SPIDER-<UTC time>.log (the newest
# $WARTA_KEEP_LOGS logs of each spider are kept). Nothing is printed on success, so cron mails only
# failures; on failure the exit code, the log's path and its last lines go to stderr.
#
# Exit codes: those of `scrapy crawl` (0 good run; 1 the crawl could not start: unknown spider, bad
# argument, broken setting; 2 bad command line; 3 the run finished badly: a monitor failed or it did
# not finish, see the run report beside the export), plus 75 when a run of the same spider still holds
# its lock (the new run did not start) and 64 when called without a spider name.
#
# Environment: WARTA_HOME (the checkout, default: this script's parent folder), WARTA_PYTHON (default
# $WARTA_HOME/.venv/bin/python), WARTA_DATA_DIR (default data; a relative one is taken from WARTA_HOME),
# WARTA_KEEP_LOGS (default 60).
set -uo pipefail

# A spider name is also a folder name here: letters, digits, _ and - only.
if [[ $# -lt 1 || ! "$1" =~ ^[A-Za-z0-9_-]+$ || "$1" == -* ]]; then
    echo "usage: $0 SPIDER [scrapy crawl options...]" >&2
    exit 64
fi
spider=$1
shift

home=${WARTA_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
cd "$home" || exit 1
python=${WARTA_PYTHON:-$home/.venv/bin/python}
# Relative to the checkout, as for a crawl started there by hand (cron starts in the user's home).
export WARTA_DATA_DIR=${WARTA_DATA_DIR:-data}
[[ $WARTA_DATA_DIR == /* ]] || WARTA_DATA_DIR=$home/$WARTA_DATA_DIR
keep=${WARTA_KEEP_LOGS:-60}
[[ $keep =~ ^[1-9][0-9]*$ ]] || keep=60

logs=$WARTA_DATA_DIR/logs/$spider
mkdir -p "$logs" || exit 1
log=$logs/$spider-$(date -u +%Y-%m-%dT%H-%M-%SZ).log

# Two runs of one spider would share its state and interleave its exports: the second one waits for the
# next tick instead. (A systemd timer never overlaps a oneshot service; cron needs this.)
if command -v flock >/dev/null 2>&1; then
    exec 9>"$logs/.lock"
    if ! flock -n 9; then
        echo "warta: $spider is still running from an earlier start; this run was skipped" >&2
        exit 75
    fi
fi

# systemd (stop, TimeoutStartSec) and Ctrl-C signal the whole group: Scrapy gets the signal itself and
# closes the run cleanly (exit 3, finish reason "shutdown"). The wrapper must outlive it to report, and
# must not forward the signal: a second SIGTERM makes Scrapy stop uncleanly.
trap ':' TERM INT HUP
"$python" -m scrapy crawl "$spider" "$@" >"$log" 2>&1
status=$?

# Keep the newest $keep logs of this spider (names sort by time).
mapfile -t old < <(ls -1 "$logs"/"$spider"-*.log 2>/dev/null | sort | head -n "-$keep")
((${#old[@]})) && rm -f -- "${old[@]}"

if ((status != 0)); then
    {
        echo "warta: crawl of $spider FAILED with exit code $status (host ${HOSTNAME:-$(uname -n)}, $(date -u +%FT%TZ))"
        echo "log: $log"
        # The run summary the monitors wrote (what failed and by how much), else the end of the log
        # (a crawl that never started has a traceback there instead).
        summary=$(awk '/\] (ERROR|INFO): run summary:$/ {on = 1; next} on && /^$/ {exit} on' "$log")
        if [[ -n "$summary" ]]; then
            echo "$summary"
        else
            echo "--- last lines of the log"
            tail -n 20 "$log"
        fi
        grep '^warta: ' "$log"
    } >&2
fi
exit "$status"
