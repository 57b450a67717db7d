/**
 * Entry point of `planlint-language-server`. Transport from the command line, as
 * vscode-languageserver reads it: `--stdio` (the default), `--node-ipc`, `--socket=<port>` or
 * `--pipe=<name>`. Input the server cannot read ends the process (see lsp/transport.ts).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server.js';
import { consoleToClient, exitOnBrokenInput, openTransport } from './lsp/transport.js';

const { reader, writer, stdio } = openTransport(process.argv);
let shutdownReceived = false;
exitOnBrokenInput(reader, () => shutdownReceived);
const connection = createConnection(ProposedFeatures.all, reader, writer);
if (stdio) consoleToClient(connection);
connection.onShutdown(() => {
  shutdownReceived = true;
});
startServer(connection);
