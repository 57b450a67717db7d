import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { nearest, VERSION } from './core/index.js';
import { init } from './cli/init.js';
import { defaultIo, EXIT, intArg, sizeArg, type Io } from './cli/io.js';
import { lint, type LintOptions } from './cli/lint.js';
import { LINT_FORMATS } from './cli/output.js';
import { ruleArg } from './cli/rule-option.js';
import { listRules, type RulesOptions } from './cli/rules-command.js';
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
    .showHelpAfterError()
    .showSuggestionAfterError();

  program
    .command('lint')
    .description('lint plan files, directories (markdown files, honoring .gitignore) or globs; - reads standard input')
    .argument('[paths...]', 'files, directories or globs (default "."); - for standard input')
    .addOption(new Option('-f, --format <format>', 'output format').choices(LINT_FORMATS).default('stylish'))
    .option('-o, --output-file <file>', 'write the report to this file instead of stdout')
    .option('--fix', 'apply complete mechanical fixes (never placeholder text; section skeletons are editor suggestions); never deletes text')
    .option('--force', 'lint files even when they are not recognized as plans')
    .option('-c, --config <file>', 'use this config file instead of searching for .planlintrc.json')
    .option('--rule <setting>', 'set a rule, over the config: "id: severity", id=severity or "id: [severity, {options}]" (repeatable)', ruleArg)
    .option('--print-config <file>', 'print the configuration that applies to <file> as JSON, and lint nothing')
    .option('--stdin', 'lint standard input (as the path -)')
    .option('--stdin-filename <path>', 'the path standard input stands for: finds its config, detects templates, names it in the report')
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings (-1: no limit)', intArg('--max-warnings', -1, Number.MAX_SAFE_INTEGER, ' (-1: no limit)'))
    .option('--min-score <n>', 'exit 1 when a plan scores below n (0-100)', intArg('--min-score', 0, 100))
    .option('-q, --quiet', 'report errors only')
    .option('--verbose', 'list each file that is not a plan or is a template')
    .option('--cache', 'reuse the results of files whose content, config and planlint version did not change')
    .option('--cache-location <path>', 'the cache file or directory', 'node_modules/.cache/planlint/')
    .option('--no-error-on-unmatched-pattern', 'a path or glob that matches no file is not an error')
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
    .command('rules')
    .description('list the rules with their severity, whether --fix fixes them, and their docs')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-c, --config <file>', 'use this config file instead of searching for .planlintrc.json from the working directory')
    .option('--rule <setting>', 'set a rule, as in planlint lint (repeatable)', ruleArg)
    .option('--color', 'force colored output')
    .option('--no-color', 'disable colored output')
    .action(async (options: RulesOptions) => {
      exitCode = await listRules(options, io);
    });

  program
    .command('init')
    .description('write a commented .planlintrc.json with its $schema in the working directory (never overwrites)')
    .action(async () => {
      exitCode = await init(io);
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
    await program.parseAsync(withDefaultCommand(argv, program, io.cwd), { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? EXIT.ok : EXIT.failure;
    }
    io.stderr(`planlint: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
  return exitCode;
}

/**
 * `argv` with `lint` inserted when it names no command: `planlint docs`, `planlint -f json .`,
 * `planlint -` and `planlint` alone lint. A bare word close to a command name that is not an
 * existing path stays in command position, so that commander reports an unknown command with
 * the nearest one ("Did you mean lint?"); any other word is a path (`planlint nope`: "nope: no
 * such file or directory").
 */
function withDefaultCommand(argv: string[], program: Command, cwd: string): string[] {
  const first = argv[0];
  if (first === undefined) return ['lint'];
  const commands = new Set(program.commands.flatMap((c) => [c.name(), ...c.aliases()]));
  if (commands.has(first) || first === 'help' || ['-h', '--help', '-V', '--version'].includes(first)) return argv;
  if (/^[a-z][a-z-]*$/i.test(first) && nearest(first, [...commands]) !== undefined && !existsSync(path.resolve(cwd, first))) return argv;
  return ['lint', ...argv];
}

serveIfWorker();
