import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { decode } from './encoding.js';
import { describeError, readFileBounded, ReadRefusal } from './read.js';
import { CONFIG_FILE_NAME, ConfigError, defaultConfig, parseConfig, type ResolvedConfig } from '../core/index.js';

/**
 * Finds and loads `.planlintrc.json` for files, walking up from each file's directory to the
 * filesystem root; the nearest file wins (no cascade). Results are cached per directory for
 * the life of the loader (one CLI run, or until the server invalidates it).
 */
export class ConfigLoader {
  private readonly byDir = new Map<string, Promise<ResolvedConfig>>();

  /**
   * @param explicit a config file given by the user (`--config`): used for every file
   */
  constructor(private readonly explicit?: string) {}

  /**
   * The config for `file`.
   *
   * @throws {ConfigError} when the config file that applies is invalid
   * @throws an I/O error when an explicit config file cannot be read
   */
  async forFile(file: string): Promise<ResolvedConfig> {
    if (this.explicit) return this.load(path.resolve(this.explicit), true);
    return this.forDir(path.dirname(path.resolve(file)));
  }

  private forDir(dir: string): Promise<ResolvedConfig> {
    let cached = this.byDir.get(dir);
    if (!cached) {
      cached = (async () => {
        const candidate = path.join(dir, CONFIG_FILE_NAME);
        if (await exists(candidate)) return this.load(candidate, false);
        const parent = path.dirname(dir);
        return parent === dir ? defaultConfig() : this.forDir(parent);
      })();
      this.byDir.set(dir, cached);
    }
    return cached;
  }

  private async load(file: string, explicit: boolean): Promise<ResolvedConfig> {
    let text: string;
    try {
      text = decode((await readFileBounded(file)).bytes).text;
    } catch (error) {
      const reason = error instanceof ReadRefusal ? error.reason : describeError(error);
      if (explicit) throw new ConfigError(file, [{ path: '', line: undefined, message: `cannot read the file (${reason}); expected a readable JSON file` }]);
      throw error;
    }
    return parseConfig(text, file);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}
