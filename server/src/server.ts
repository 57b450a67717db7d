/**
 * Entry point of `planlint-language-server`. Transport from the command line, as
 * vscode-languageserver reads it: `--stdio`, `--node-ipc` or `--socket=<port>`.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server.js';

if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket=') || a.startsWith('--pipe='))) {
  process.argv.push('--stdio');
}
startServer(createConnection(ProposedFeatures.all));
