import * as path from 'node:path';
import { ConfigError, type ResolvedConfig } from '../core/index.js';
import { RuleLoader } from './rule-loader.js';
import { EXIT, type Io } from './io.js';

/**
 * The resolved config as `--print-config` prints it: the file it came from (null for the
 * defaults), every rule as a severity or `[severity, options]` (options when the rule has any),
 * the full vocabulary, `ignorePatterns`, `profile` and `sets`.
 */
export function configJson(config: ResolvedConfig): unknown {
  const hasOptions = (o: unknown) => typeof o === 'object' && o !== null && Object.keys(o).length > 0;
  return {
    file: config.file ?? null,
    profile: config.profile ?? 'auto',
    rules: Object.fromEntries([...config.rules].map(([id, s]) => [id, hasOptions(s.options) ? [s.severity, s.options] : s.severity])),
    vocabulary: config.vocabulary,
    ignorePatterns: config.ignorePatterns,
    sets: config.sets ? (config.sets.entries.length ? config.sets.entries : config.sets.detect) : true,
  };
}

/**
 * `planlint lint --print-config FILE`: prints the config that applies to `file` (it need not
 * exist) as JSON, `--config` and `--rule` included, and resolves to the exit code.
 */
export async function printConfig(file: string, options: { config?: string; rule?: Record<string, unknown> }, io: Io): Promise<number> {
  try {
    const config = await RuleLoader.from(options, io.cwd).forFile(path.resolve(io.cwd, file));
    io.stdout(`${JSON.stringify(configJson(config), null, 2)}\n`);
    return EXIT.ok;
  } catch (error) {
    io.stderr(`planlint: ${error instanceof ConfigError ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
}
