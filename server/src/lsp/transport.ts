/**
 * The server's end of the connection, chosen from the command line as vscode-languageserver
 * does (`--stdio`, the default; `--node-ipc`; `--socket=<port>`; `--pipe=<name>`), with one
 * difference: input the server cannot read ends the process instead of leaving it deaf.
 *
 * vscode-jsonrpc reports a header without a numeric `Content-Length`, a header line without
 * `:`, or a body that is not JSON through the reader's `onError` and then keeps reading from
 * the middle of the stream: every later message is misframed, so the server neither answers
 * nor exits. Whatever the lost message was (a `didChange` among them), the documents the
 * server holds can no longer be trusted, so it writes the reason to stderr and exits with
 * status 1; the client sees the process end and restarts it with the documents' full text.
 */
import { format } from 'node:util';
import {
  createServerPipeTransport,
  createServerSocketTransport,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type Connection,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';

/** Exit status after unreadable input or a client that went away without `shutdown`. */
export const EXIT_BROKEN_INPUT = 1;

/** The reader and writer named by `argv` (`process.argv`); stdio when it names none. */
export function openTransport(argv: string[]): { reader: MessageReader; writer: MessageWriter; stdio: boolean } {
  const args = argv.slice(2);
  const value = (name: string): string | undefined => {
    const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
    if (i < 0) return undefined;
    return args[i] === name ? args[i + 1] : args[i]!.slice(name.length + 1);
  };
  if (args.includes('--node-ipc')) return { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process), stdio: false };
  const port = value('--socket');
  if (port !== undefined) {
    const [reader, writer] = createServerSocketTransport(Number.parseInt(port, 10));
    return { reader, writer, stdio: false };
  }
  const pipe = value('--pipe');
  if (pipe !== undefined) {
    const [reader, writer] = createServerPipeTransport(pipe);
    return { reader, writer, stdio: false };
  }
  return { reader: new StreamMessageReader(process.stdin), writer: new StreamMessageWriter(process.stdout), stdio: true };
}

/**
 * Ends the process when `reader` reports input it cannot read (exit status
 * {@link EXIT_BROKEN_INPUT}, the reason on stderr) or when the input closes (status 0 after a
 * `shutdown` request, else 1, as vscode-languageserver does).
 *
 * @param shutdownReceived whether the client asked for `shutdown` before the input closed
 */
export function exitOnBrokenInput(reader: MessageReader, shutdownReceived: () => boolean): void {
  reader.onError((error) => {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`planlint-language-server: unreadable JSON-RPC input, exiting so that the client restarts the server: ${reason.replace(/\s+/g, ' ').trim()}\n`);
    process.exit(EXIT_BROKEN_INPUT);
  });
  reader.onClose(() => process.exit(shutdownReceived() ? 0 : EXIT_BROKEN_INPUT));
}

/**
 * Sends `console.*` output to the client's log instead of stdout, where it would corrupt the
 * stdio stream (what vscode-languageserver does for its own stdio transport).
 */
export function consoleToClient(connection: Connection): void {
  const log = (...args: unknown[]) => connection.console.log(format(...args));
  const error = (...args: unknown[]) => connection.console.error(format(...args));
  console.log = log;
  console.info = log;
  console.debug = log;
  console.trace = log;
  console.dir = log;
  console.table = log;
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = error;
}
