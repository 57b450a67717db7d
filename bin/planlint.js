#!/usr/bin/env node
'use strict';
// The CLI bundle, with the code cache the build made for it (server/src/node/code-cache.ts).
const path = require('node:path');
const { requireBundle } = require('../dist/code-cache.js');
requireBundle(path.join(__dirname, '..', 'dist', 'cli.js')).main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
