import { Command, CommanderError, Option } from 'commander';
import { VERSION } from './core/index.js';
import { defaultIo, EXIT, intArg, sizeArg, type Io } from './cli/io.js';
import { lint, type LintOptions } from './cli/lint.js';
import { serveIfWorker } from './cli/pool.js';
import { score, type ScoreOptions } from './cli/score.js';
import { trace, type TraceOptions } from './cli/trace.js';

export { EXIT, type Io } from './cli/io.js';

/**
 * Runs the CLI with `argv` (without `node` and the script) and resolves to the exit code.
 * Never throws: failures print a message and resolve to 2.
 */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command()
    .name('planlint')
    .description('Lint software implementation plans written in Markdown.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();

  program
    .command('lint', { isDefault: true })
    .description('lint plan files, directories (markdown files, honoring .gitignore) or globs')
    .argument('[paths...]', 'files, directories or globs', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['stylish', 'json', 'sarif']).default('stylish'))
    .option('--fix', 'apply complete mechanical fixes (never placeholder text; section skeletons are editor suggestions); never deletes text')
    .option('--force', 'lint files even when they are not recognized as plans')
    .option('-c, --config <file>', 'use this config file instead of searching for .planlintrc.json')
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings', intArg('--max-warnings', 0))
    .option('--min-score <n>', 'exit 1 when a plan scores below n (0-100)', intArg('--min-score', 0, 100))
    .option('-q, --quiet', 'report errors only')
    .option('--max-file-size-mb <n>', 'skip (and report) files larger than n megabytes', sizeArg, 5)
    .option('--color', 'force colored output')
    .option('--no-color', 'disable colored output')
    .action(async (paths: string[], options: LintOptions) => {
      exitCode = await lint(paths, options, io, __filename);
    });

  program
    .command('score')
    .description('print the completeness score of a plan, with each component and the counts behind it; of every plan under a directory, plan sets scored together')
    .argument('<path>', 'a plan file, or a directory')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--force', 'score the file even when it is not recognized as a plan')
    .option('-c, --config <file>', 'use this config file')
    .option('--min-score <n>', 'exit 1 when the score is below n', intArg('--min-score', 0, 100))
    .option('--max-file-size-mb <n>', 'refuse a file larger than n megabytes', sizeArg, 5)
    .option('--color', 'force colored output')
    .option('--no-color', 'disable colored output')
    .action(async (file: string, options: ScoreOptions) => {
      exitCode = await score(file, options, io, __filename);
    });

  program
    .command('trace')
    .description('print the requirement → task → test matrix of each plan set under the paths (docs/plan-sets.md)')
    .argument('[paths...]', 'directories or files', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['markdown', 'json']).default('markdown'))
    .option('-c, --config <file>', 'use this config file')
    .option('--max-file-size-mb <n>', 'skip (and report) files larger than n megabytes', sizeArg, 5)
    .action(async (paths: string[], options: TraceOptions) => {
      exitCode = await trace(paths, options, io, __filename);
    });

  program
    .command('mcp')
    .description('serve the planlint tools (lint_plan, score_plan, plan_suggestions) to coding agents over stdio (Model Context Protocol; docs/integrations.md)')
    .action(async () => {
      // Loaded on demand: the MCP SDK would add tens of milliseconds to every other command's start.
      const { serveMcp } = await import('./mcp/server.js');
      await serveMcp(io.cwd, __filename);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? EXIT.ok : EXIT.failure;
    }
    io.stderr(`planlint: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
  return exitCode;
}

serveIfWorker();
