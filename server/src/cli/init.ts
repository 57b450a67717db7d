import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, VERSION } from '../core/index.js';
import { EXIT, relative, type Io } from './io.js';

/** The `$schema` of a written config: the installed package's schema when there is one, else the published one. */
async function schemaRef(dir: string): Promise<string> {
  const local = path.join('node_modules', 'planlint', 'schemas', 'planlintrc.schema.json');
  const found = await fs.stat(path.join(dir, local)).then((s) => s.isFile(), () => false);
  return found ? `./${local.split(path.sep).join('/')}` : `https://unpkg.com/planlint@${VERSION}/schemas/planlintrc.schema.json`;
}

/** The commented `.planlintrc.json` that `planlint init` writes: the defaults, spelled out. */
export function initialConfig(schema: string): string {
  return `{
  // Completion and checks in editors (the VS Code extension also knows this file).
  "$schema": ${JSON.stringify(schema)},
  // planlint:recommended (the default) or planlint:strict
  // (info → warning; missing-dod, undefined-tests, missing-rollback, uncovered-requirement → error).
  "extends": "planlint:recommended",
  // Per rule: "off" | "info" | "warning" | "error", or [severity, { options }].
  // \`planlint rules\` lists the rules with their severity and docs.
  "rules": {
    // "missing-owner": "off",
    // "plan-too-long": ["warning", { "maxTokens": 20000 }]
  },
  // Extra plan vocabulary, added to the built-in terms, e.g. "stage": ["increment"].
  "vocabulary": {},
  // Globs, relative to this file's folder, of files skipped when a directory is linted
  // (.gitignore is always honored).
  "ignorePatterns": [],
  // auto (detected from layout and headings) | generic | spec-kit | kiro | kep
  "profile": "auto"
}
`;
}

/**
 * `planlint init`: writes a commented `.planlintrc.json` in the working directory and resolves
 * to the exit code; refuses (exit 2) when the file exists.
 */
export async function init(io: Io): Promise<number> {
  const file = path.join(io.cwd, CONFIG_FILE_NAME);
  try {
    await fs.writeFile(file, initialConfig(await schemaRef(io.cwd)), { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr(`planlint: ${relative(io, file)}: ${code === 'EEXIST' ? 'already exists; not overwritten (edit it, or delete it and run planlint init again)' : `cannot write: ${String(error)}`}\n`);
    return EXIT.failure;
  }
  io.stdout(`Wrote ${relative(io, file)}\n`);
  return EXIT.ok;
}
