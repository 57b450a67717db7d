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
import { SHIPPED } from './vsix-files.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'planlint.vsix'));


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
  // The Marketplace and Open VSX page is the user README; its relative links resolve in the repository.
  const page = ['--readme-path', 'docs/marketplace.md', '--baseContentUrl', 'https://github.com/planlint/planlint/blob/HEAD/docs/', '--baseImagesUrl', 'https://raw.githubusercontent.com/planlint/planlint/HEAD/docs/'];
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', ...page, '-o', out], { cwd: stage, stdio: 'inherit' });
} finally {
  rmSync(stage, { recursive: true, force: true });
}
