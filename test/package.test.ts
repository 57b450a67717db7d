import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LspSession } from '../server/src/tools/lsp-session.js';

// The npm package as a user gets it: `npm pack` of this checkout (after the build), installed
// globally into an empty prefix, its bins run from an empty folder. The package bundles every
// runtime library, so the install fetches nothing.

const root = path.join(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let prefix: string;
let work: string;
let packed: string[];

const binDir = () => (process.platform === 'win32' ? prefix : path.join(prefix, 'bin'));
const installed = () => (process.platform === 'win32' ? path.join(prefix, 'node_modules', 'planlint') : path.join(prefix, 'lib', 'node_modules', 'planlint'));

beforeAll(() => {
  const base = mkdtempSync(path.join(tmpdir(), 'planlint-package-'));
  prefix = path.join(base, 'prefix');
  work = path.join(base, 'work');
  // --ignore-scripts: the test runs after `npm run build`; rebuilding here would race the other tests.
  const out = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', base], { cwd: root, encoding: 'utf8' });
  const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packed = info!.files.map((f) => f.path);
  execFileSync(npm, ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', path.join(base, info!.filename)], { cwd: base, encoding: 'utf8' });
  mkdirSync(work);
}, 300_000);

describe('the npm package', () => {
  it('ships the bins, the bundles and the CLI\'s code cache, the schema and the rule docs, and nothing of the sources or tests', () => {
    for (const f of ['bin/planlint.js', 'bin/planlint-language-server.js', 'dist/cli.js', 'dist/cli.js.cache', 'dist/code-cache.js', 'dist/server.js', 'schemas/planlintrc.schema.json', 'docs/rules/missing-dod.md', 'README.md', 'LICENSE', 'package.json']) {
      expect(packed).toContain(f);
    }
    expect(packed.filter((f) => /^(?:server|client|test|scripts|examples)\//.test(f) || f.endsWith('.map') || f.endsWith('.vsix'))).toEqual([]);
    // Self-contained: an installed package has no node_modules of its own.
    expect(readdirSync(installed())).not.toContain('node_modules');
  });

  it('installs a `planlint` bin that lints a plan in an empty folder', () => {
    const plan = path.join(work, 'plan.md');
    writeFileSync(plan, readFileSync(path.join(root, 'examples', 'weak-plan.md')));
    const version = spawnSync(path.join(binDir(), 'planlint'), ['--version'], { cwd: work, encoding: 'utf8' });
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version);
    const lint = spawnSync(path.join(binDir(), 'planlint'), ['lint', '--format', 'json', 'plan.md'], { cwd: work, encoding: 'utf8' });
    expect(lint.stderr).toBe('');
    const report = JSON.parse(lint.stdout) as { files: Array<{ path: string; kind: string; findings: unknown[] }> };
    expect(report.files).toHaveLength(1);
    expect(report.files[0]!.kind).toBe('plan');
    expect(report.files[0]!.findings.length).toBeGreaterThan(0);
  });

  it.skipIf(process.platform === 'win32')('lints a plan piped to `planlint lint - --stdin-filename plan.md`', () => {
    writeFileSync(path.join(work, 'plan.md'), readFileSync(path.join(root, 'examples', 'weak-plan.md')));
    // Exactly the command a user types, through a shell, with the installed bin first on PATH.
    const env = { ...process.env, PATH: `${binDir()}${path.delimiter}${process.env.PATH ?? ''}`, NO_COLOR: '1' };
    const piped = spawnSync('sh', ['-c', 'cat plan.md | planlint lint - --stdin-filename plan.md'], { cwd: work, encoding: 'utf8', env });
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toMatch(/^plan\.md {2}score \d+\/100$/m);
    expect(piped.stdout).toMatch(/^✖ \d+ problems \(0 errors, \d+ warnings, \d+ infos?\) in 1 file$/m);
    expect(piped.status).toBe(0);
    const file = spawnSync(path.join(binDir(), 'planlint'), ['lint', 'plan.md'], { cwd: work, encoding: 'utf8', env });
    expect(piped.stdout).toBe(file.stdout);
  });

  it('installs a `planlint-language-server` bin that answers over stdio', async () => {
    const session = new LspSession(path.join(installed(), 'bin', 'planlint-language-server.js'));
    try {
      const init = await session.initialize({});
      expect(init.capabilities.textDocumentSync).toBeDefined();
      await session.open('untitled:plan.md', readFileSync(path.join(root, 'examples', 'weak-plan.md'), 'utf8'));
      const published = await session.diagnostics((p) => p.uri === 'untitled:plan.md');
      expect(published.diagnostics.length).toBeGreaterThan(0);
    } finally {
      await session.dispose();
    }
  });
});
