/**
 * Entry point of `planlint-language-server`. Transport from the command line, as
 * vscode-languageserver reads it: `--stdio` (the default), `--node-ipc`, `--socket=<port>` or
 * `--pipe=<name>`. Input the server cannot read ends the process (see lsp/transport.ts). The
 * same bundle runs the server's analysis workers (see lsp/analysis-worker.ts).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { isAnalysisWorker, runAnalysisWorker } from './lsp/analysis-worker.js';
import { startServer } from './lsp/server.js';
import { consoleToClient, exitOnBrokenInput, openTransport } from './lsp/transport.js';

if (isAnalysisWorker()) {
  runAnalysisWorker();
} else {
  const { reader, writer, stdio } = openTransport(process.argv);
  let shutdownReceived = false;
  exitOnBrokenInput(reader, () => shutdownReceived);
  const connection = createConnection(ProposedFeatures.all, reader, writer);
  if (stdio) consoleToClient(connection);
  connection.onShutdown(() => {
    shutdownReceived = true;
  });
  // A promise nobody awaits must not end the server (Node's default for unhandled rejections).
  process.on('unhandledRejection', (reason) => connection.console.error(`planlint: unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));
  startServer(connection);
}
