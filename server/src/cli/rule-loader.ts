import * as path from 'node:path';
import { withRuleOverrides, type ResolvedConfig } from '../core/index.js';
import { ConfigLoader } from '../node/files.js';

/** A {@link ConfigLoader} whose configs carry the `--rule` settings (one config object per loaded config). */
export class RuleLoader {
  private readonly withRules = new WeakMap<ResolvedConfig, ResolvedConfig>();
  constructor(
    private readonly loader: ConfigLoader,
    private readonly rules: Record<string, unknown>,
  ) {}

  /** The loader of a command's `--config` (relative to `cwd`) and `--rule` options. */
  static from(options: { config?: string; rule?: Record<string, unknown> }, cwd: string): RuleLoader {
    return new RuleLoader(new ConfigLoader(options.config ? path.resolve(cwd, options.config) : undefined), options.rule ?? {});
  }

  /** @throws {ConfigError} for an invalid config file or `--rule` */
  async forFile(file: string): Promise<ResolvedConfig> {
    const base = await this.loader.forFile(file);
    let config = this.withRules.get(base);
    if (!config) {
      config = withRuleOverrides(base, this.rules, '--rule');
      this.withRules.set(base, config);
    }
    return config;
  }
}
