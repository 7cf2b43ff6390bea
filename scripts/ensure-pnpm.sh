# Sourced by the other scripts: puts pnpm (the version pinned in package.json) on PATH without
# needing a global install, and points node-gyp at the local Node headers when the machine has them
# (better-sqlite3 compiles from source; node-gyp would otherwise try to download headers).
PNPM_VERSION=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  if [ "$(.tools/node_modules/.bin/pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
    echo "==> installing pnpm $PNPM_VERSION into .tools/"
    npm install --silent --no-save --no-package-lock --prefix .tools "pnpm@$PNPM_VERSION" >/dev/null
  fi
  export PATH="$PWD/.tools/node_modules/.bin:$PATH"
fi
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi
