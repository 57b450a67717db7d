// Builds planlint.vsix from a staging folder holding only what the extension needs. The npm
// package and the VSIX ship different files from one package.json: npm reads its `files`
// list, and vsce refuses a package.json with `files` beside a .vscodeignore, so the VSIX is
// packed from a copy of package.json without `files` (and without `scripts`, which the
// extension does not run).
// Usage: node scripts/package-vsix.mjs [out.vsix]   (after `npm run build`)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'planlint.vsix'));

/** What the extension loads or contributes: its bundles, static contributions, rule docs and metadata. */
const SHIPPED = [
  'dist/extension.js',
  'dist/server.js',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'images/icon.png',
  'schemas/planlintrc.schema.json',
  'snippets/plan.code-snippets',
  'syntaxes/planlint.injection.tmLanguage.json',
  'docs/rules',
];

const stage = mkdtempSync(path.join(tmpdir(), 'planlint-vsix-'));
try {
  for (const file of SHIPPED) {
    const from = path.join(root, file);
    if (!existsSync(from)) throw new Error(`${file} is missing: run \`npm run build\` first`);
    cpSync(from, path.join(stage, file), { recursive: true });
  }
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  delete manifest.files;
  delete manifest.scripts;
  delete manifest.devDependencies;
  writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // The staging folder holds only shipped files; an ignore file says so to vsce.
  writeFileSync(path.join(stage, '.vscodeignore'), '**/*.map\n');
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '-o', out], { cwd: stage, stdio: 'inherit' });
} finally {
  rmSync(stage, { recursive: true, force: true });
}
