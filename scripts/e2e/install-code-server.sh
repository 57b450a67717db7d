#!/usr/bin/env bash
# Offline install of code-server 4.100.3 (VS Code 1.100.3: the web workbench and the node
# extension host) from the npm registry, with Debian's Chromium for Playwright. It is the newest
# code-server that runs on Node 20. Idempotent: does nothing when DEST already has it.
# Usage: scripts/e2e/install-code-server.sh [DEST]   (default .e2e/code-server)
set -euo pipefail
DEST=${1:-$(cd "$(dirname "$0")/../.." && pwd)/.e2e/code-server}
CS_VERSION=${CS_VERSION:-4.100.3}
ENTRY="$DEST/node_modules/code-server/out/node/entry.js"
if [ -f "$ENTRY" ] && [ -x /usr/bin/chromium ]; then
  echo "code-server already installed: $ENTRY"
  exit 0
fi

# Native build deps (kerberos needs libkrb5-dev), Debian ripgrep (the @vscode/ripgrep postinstall
# downloads from GitHub) and Chromium.
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep chromium >/dev/null

mkdir -p "$DEST" && cd "$DEST"
[ -f package.json ] || echo '{"name":"code-server-host","private":true}' > package.json
# code-server's postinstall refuses to run as root under npm >= 7 and downloads ripgrep; its
# steps are replayed below instead.
npm install "code-server@${CS_VERSION}" --ignore-scripts --no-audit --no-fund
npm rebuild argon2

cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts --no-audit --no-fund
mkdir -p node_modules/@vscode/ripgrep/bin
cp /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
# node-pty's postinstall runs `npx node-gyp`; npm_config_yes keeps npx from asking.
npm_config_yes=true npm rebuild
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --no-audit --no-fund)
node "$ENTRY" --config /dev/null --version
