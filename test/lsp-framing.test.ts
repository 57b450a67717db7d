import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SERVER } from './helpers/server.js';

/**
 * Starts the server, writes `bytes` to its stdin (after `first` is answered, when given) and
 * resolves when the process exits.
 */
function run(bytes: string, options: { end?: boolean; first?: string } = {}): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr, stdout })));
  child.stdin.on('error', () => undefined);
  const rest = () => {
    child.stdin.write(bytes);
    if (options.end) child.stdin.end();
  };
  if (options.first === undefined) rest();
  else {
    child.stdin.write(options.first);
    child.stdout.once('data', rest);
  }
  return exited;
}

const message = (body: object) => {
  const json = JSON.stringify(body);
  return `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
};
const INITIALIZE = message({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });

describe('language server framing', () => {
  it.each([
    ['a non-numeric Content-Length', 'Content-Length: abc\r\n\r\n{}', 'Content-Length value must be a number. Got abc'],
    ['a missing Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}', 'Header must provide a Content-Length property'],
    ['a header line without a colon', 'hello\r\n\r\n', "Message header must separate key and value using ':'"],
    ['a body that is not JSON', 'Content-Length: 5\r\n\r\n{{{{{', 'JSON'],
  ])('exits with status 1 and says why on %s, instead of reading on from the middle of the stream', async (_name, bytes, reason) => {
    const { code, stderr } = await run(bytes);
    expect(code).toBe(1);
    expect(stderr).toContain('planlint-language-server: unreadable JSON-RPC input, exiting so that the client restarts the server:');
    expect(stderr).toContain(reason);
  });

  it('answers well-framed messages before the bad one, then exits', async () => {
    const { code, stdout, stderr } = await run('Content-Length: twelve\r\n\r\n', { first: INITIALIZE });
    expect(stdout).toContain('"serverInfo":{"name":"planlint"');
    expect(code).toBe(1);
    expect(stderr).toContain('Content-Length value must be a number. Got twelve');
  });

  it('exits with status 1 when the input closes without shutdown, and 0 after shutdown and exit', async () => {
    expect((await run('', { first: INITIALIZE, end: true })).code).toBe(1);
    const shutdown = message({ jsonrpc: '2.0', id: 2, method: 'shutdown' });
    const exit = message({ jsonrpc: '2.0', method: 'exit' });
    expect((await run(`${shutdown}${exit}`, { first: INITIALIZE })).code).toBe(0);
  });
});
