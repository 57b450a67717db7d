#!/usr/bin/env node
'use strict';
// planlint language server; any LSP client can start it with `planlint-language-server --stdio`.
require('../dist/server.js');
