# Sourced by scripts/test.sh: browser tests drive Debian's Chromium through playwright-core
# (a test tool's own browser download cannot work here). Installs it when missing and we are root.
if [ -z "${CHROMIUM_PATH:-}" ]; then
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
    [ -x "$candidate" ] && CHROMIUM_PATH=$candidate && break
  done
fi
if [ -z "${CHROMIUM_PATH:-}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> installing Chromium (apt-get install chromium)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    CHROMIUM_PATH=/usr/bin/chromium
  else
    echo "Chromium not found: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH" >&2
    exit 1
  fi
fi
export CHROMIUM_PATH
