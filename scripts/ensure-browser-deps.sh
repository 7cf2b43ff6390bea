# Sourced by scripts/test.sh. The browser tests drive Debian's Chromium through playwright-core (a
# test tool's own browser download cannot work here), want a CJK font so screenshots of the Chinese
# UI are legible, and move the clock of the simulator and BFF processes with libfaketime (the
# pre-sign expiry scenario). Installs what is missing when we are root.
# (grep without -q: under pipefail an early exit would SIGPIPE fc-list and read as "missing".)
missing=""
if [ -z "${CHROMIUM_PATH:-}" ]; then
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
    [ -x "$candidate" ] && CHROMIUM_PATH=$candidate && break
  done
fi
[ -n "${CHROMIUM_PATH:-}" ] || missing="chromium"
fc-list 2>/dev/null | grep -iE 'wqy|cjk' >/dev/null || missing="$missing fonts-wqy-zenhei"
LIBFAKETIME=${LIBFAKETIME:-/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1}
[ -f "$LIBFAKETIME" ] || missing="$missing libfaketime"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> apt-get install$missing"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
  elif [ -z "${CHROMIUM_PATH:-}" ]; then
    echo "Chromium not found: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH" >&2
    exit 1
  fi
fi
export CHROMIUM_PATH LIBFAKETIME
