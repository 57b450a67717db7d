import * as path from 'node:path';
import { ConfigError, docsUrl, rules, VERSION } from '../core/index.js';
import { RuleLoader } from './rule-loader.js';
import { EXIT, palette, useColor, type Io } from './io.js';

/** Options of `planlint rules`, as commander parses them. */
export interface RulesOptions {
  format: 'text' | 'json';
  config?: string;
  rule?: Record<string, unknown>;
  color?: boolean;
}

/**
 * `planlint rules`: lists every rule with its severity in the config that applies to the working
 * directory (`--config`, `--rule` included), its default, whether `--fix` fixes it, its title and
 * its docs link. JSON: `{ version, rules: [{ id, severity, defaultSeverity, fixable, title, docsUrl }] }`.
 */
export async function listRules(options: RulesOptions, io: Io): Promise<number> {
  let config;
  try {
    config = await RuleLoader.from(options, io.cwd).forFile(path.join(io.cwd, 'plan.md'));
  } catch (error) {
    io.stderr(`planlint: ${error instanceof ConfigError ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
  const rows = rules.map((r) => ({ id: r.id, severity: config.rules.get(r.id)!.severity, defaultSeverity: r.defaultSeverity, fixable: r.fixable, title: r.title, docsUrl: docsUrl(r.id) }));
  if (options.format === 'json') {
    io.stdout(`${JSON.stringify({ version: VERSION, ...(config.file ? { config: config.file } : {}), rules: rows }, null, 2)}\n`);
    return EXIT.ok;
  }
  const c = palette(useColor(io, options.color));
  const w = Math.max(...rows.map((r) => r.id.length));
  const sevs = rows.map((r) => (r.severity === r.defaultSeverity ? r.severity : `${r.severity} (default ${r.defaultSeverity})`));
  const ws = Math.max(...sevs.map((x) => x.length));
  // The fixable column only when a rule has fixes.
  const fixable = (r: (typeof rows)[number]) => (rows.some((x) => x.fixable) ? `${r.fixable ? 'fixable' : '       '}  ` : '');
  const out = rows.map((r, i) => `${c.bold(r.id.padEnd(w))}  ${sevs[i]!.padEnd(ws)}  ${fixable(r)}${r.title}\n${' '.repeat(w + 2)}${c.dim(r.docsUrl)}`);
  io.stdout(`${out.join('\n')}\n${c.dim(config.file ? `severities from ${config.file}` : 'default severities (no .planlintrc.json found)')}\n`);
  return EXIT.ok;
}
