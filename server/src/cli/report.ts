import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { automationDetails, ruleHelp } from './sarif-help.js';
import { docsUrl, INVALID_SUPPRESSION, LineIndex, rules, VERSION, type Analysis, type DocumentKind, type Finding, type Fix, type Score, type ScoreComponent, type Severity } from '../core/index.js';

/** One linted file, as the formatters see it. */
export interface FileReport {
  /** Path as printed: relative to the working directory, forward slashes. */
  path: string;
  /** True when the plan rules ran (a plan, or `--force`). */
  isPlan: boolean;
  kind: DocumentKind;
  score: Score | undefined;
  findings: Finding[];
  lines: LineIndex | undefined;
  /** Failures contained while analyzing (a rule that threw) or reading/writing the file. */
  errors: string[];
  /**
   * Limits the document ran into that did not stop its analysis (nesting read as plain text,
   * a section the parser could not read): said, but not failures (exit code unchanged).
   */
  notices?: string[];
  /** True when the file was not read at all (`errors` says why): it is neither plan nor non-plan. */
  unread?: boolean;
}

/**
 * Copies the results of `analysis` of `text` into `report`: kind, score and findings, and the line
 * index fixes and suggestions need (the cross-file pass replaces them this way).
 */
export function setResults(report: FileReport, analysis: Pick<Analysis, 'isPlan' | 'kind' | 'score' | 'findings'>, text: string): void {
  report.isPlan = analysis.isPlan;
  report.kind = analysis.kind;
  report.score = analysis.score;
  report.findings = analysis.findings;
  report.lines = analysis.findings.some((f) => f.fix || f.suggestions) ? new LineIndex(text) : undefined;
}

/**
 * Copies what `analysis` of `text` says into `report`: its results ({@link setResults}),
 * failures as errors and limits as notices.
 */
export function fillReport(report: FileReport, analysis: Pick<Analysis, 'isPlan' | 'kind' | 'score' | 'findings' | 'problems'>, text: string): FileReport {
  setResults(report, analysis, text);
  report.errors.push(...analysis.problems.filter((p) => p.severity !== 'info').map((p) => p.message));
  const notices = analysis.problems.filter((p) => p.severity === 'info').map((p) => p.message);
  if (notices.length) report.notices = notices;
  return report;
}

/** A fix as the JSON contract prints it: 1-based lines, 1-based UTF-16 columns. */
interface JsonFix {
  title: string;
  /** `snippet`: the edit as an LSP snippet, its tab stops the slots of a suggestion (absent on fixes). */
  edits: Array<{ line: number; column: number; endLine: number; endColumn: number; text: string; snippet?: string }>;
}

function jsonFix(fix: Fix, lines: LineIndex): JsonFix {
  return {
    title: fix.title,
    edits: fix.edits.map((e) => {
      const s = lines.point(e.start);
      const en = lines.point(e.end);
      return { line: s.line, column: s.column, endLine: en.line, endColumn: en.column, text: e.text, ...(e.snippet !== undefined ? { snippet: e.snippet } : {}) };
    }),
  };
}

/**
 * The `--format json` document of `spec/rules.md` ("CLI output contract"). `kind` is `plan`,
 * `template` or `not-a-plan`; templates and non-plans have `isPlan: false`, `score: null` and
 * no findings but conflict markers. `errors` is present only when
 * something failed for that file; `notices` only when the document ran into a limit (see
 * {@link FileReport.notices}).
 */
export function toJson(files: FileReport[], sets: readonly SetReport[] = []): unknown {
  return {
    version: VERSION,
    ...(sets.length ? { sets } : {}),
    files: files.map((f) => ({
      path: f.path,
      isPlan: f.isPlan,
      kind: f.kind,
      score: f.score ?? null,
      findings: f.findings.map((x) => ({
        ruleId: x.ruleId,
        severity: x.severity,
        message: x.message,
        line: x.span.start.line,
        column: x.span.start.column,
        endLine: x.span.end.line,
        endColumn: x.span.end.column,
        docsUrl: docsUrl(x.ruleId),
        ...(x.fix && f.lines ? { fix: jsonFix(x.fix, f.lines) } : {}),
        ...(x.suggestions && f.lines ? { suggestions: x.suggestions.map((s) => jsonFix(s, f.lines!)) } : {}),
        ...(x.related?.length ? { related: x.related.map((r) => ({ line: r.span.start.line, column: r.span.start.column, message: r.message })) } : {}),
      })),
      ...(f.errors.length ? { errors: f.errors } : {}),
      ...(f.notices?.length ? { notices: f.notices } : {}),
    })),
  };
}

/**
 * A plan set in the JSON output (`sets`, present when the linted files form any): how it was
 * found, its profile, its files as printed, and the set-wide requirements component (IDs
 * defined anywhere in the set and referenced anywhere in it).
 */
export interface SetReport {
  folder: string;
  layout: string;
  profile: string;
  name?: string;
  files: string[];
  requirements: ScoreComponent;
}

const SARIF_LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note' };

/** The base of relative artifact URIs: the directory the CLI ran in (`originalUriBaseIds`). */
const SRCROOT = '%SRCROOT%';

/**
 * Where a file is, as SARIF says it: a path under the working directory is a relative URI
 * reference against {@link SRCROOT}, each segment percent-encoded (spaces, `#`, `%`, non-ASCII);
 * any other path an absolute `file:` URI.
 */
function artifactLocation(file: string): Sarif.ArtifactLocation {
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/**
 * A fingerprint that follows a finding across commits: its rule, its file, its message and
 * which occurrence of that message in the file it is. Lines are left out (a line inserted above
 * must not make it a new finding); messages name the stage, requirement or phrase, not a line.
 */
function fingerprint(file: string, finding: Finding, occurrence: number): string {
  return createHash('sha256').update(`${finding.ruleId}\0${file}\0${finding.message}\0${occurrence}`).digest('hex').slice(0, 32);
}

/**
 * SARIF 2.1.0 with one `reportingDescriptor` per rule (id, descriptions, helpUri, `help` in text
 * and Markdown), the run's `automationDetails` (category `planlint/`, see {@link automationDetails}), results
 * that GitHub code scanning tracks across commits (`partialFingerprints`), and artifact URIs
 * relative to the working directory (`uriBaseId` `%SRCROOT%`) where they can be.
 *
 * @param cwd the directory relative paths of `files` are relative to (absolute path)
 */
export function toSarif(files: FileReport[], cwd: string = process.cwd()): Sarif.Log {
  const descriptors: Sarif.ReportingDescriptor[] = [
    ...rules.map((r) => ({
      id: r.id,
      name: r.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
      shortDescription: { text: r.title },
      fullDescription: { text: r.rationale },
      helpUri: docsUrl(r.id),
      help: ruleHelp(r),
      defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
    })),
    {
      id: INVALID_SUPPRESSION,
      name: 'InvalidSuppression',
      shortDescription: { text: 'Suppression comments name known rules' },
      helpUri: docsUrl(INVALID_SUPPRESSION),
      help: ruleHelp({
        id: INVALID_SUPPRESSION,
        title: 'Suppression comments name known rules',
        rationale: 'A suppression comment that names an unknown rule (a typo, a renamed rule) silences nothing and hides that from the reader.',
        defaultSeverity: 'warning',
        fixable: false,
        messages: { unknownRule: 'Suppression comment names unknown rule "{id}"; expected a rule id such as missing-dod' },
      }),
      defaultConfiguration: { level: 'warning' },
    },
  ];
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const results: Sarif.Result[] = [];
  const notifications: Sarif.Notification[] = [];
  for (const f of files) {
    const seen = new Map<string, number>();
    for (const x of f.findings) {
      const key = `${x.ruleId}\0${x.message}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      const result: Sarif.Result = {
        ruleId: x.ruleId,
        ruleIndex: index.get(x.ruleId) ?? -1,
        level: SARIF_LEVEL[x.severity],
        message: { text: x.message },
        partialFingerprints: { 'planlint/v1': fingerprint(f.path, x, occurrence) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifactLocation(f.path),
              region: { startLine: x.span.start.line, startColumn: x.span.start.column, endLine: x.span.end.line, endColumn: x.span.end.column },
            },
          },
        ],
      };
      if (x.fix && f.lines) {
        const lines = f.lines;
        result.fixes = [
          {
            description: { text: x.fix.title },
            artifactChanges: [
              {
                artifactLocation: artifactLocation(f.path),
                replacements: x.fix.edits.map((e) => {
                  const s = lines.point(e.start);
                  const en = lines.point(e.end);
                  return { deletedRegion: { startLine: s.line, startColumn: s.column, endLine: en.line, endColumn: en.column }, insertedContent: { text: e.text } };
                }),
              },
            ],
          },
        ];
      }
      results.push(result);
    }
    for (const e of f.errors) notifications.push({ level: 'error', message: { text: `${f.path}: ${e}` } });
    for (const n of f.notices ?? []) notifications.push({ level: 'note', message: { text: `${f.path}: ${n}` } });
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        automationDetails: automationDetails(),
        tool: { driver: { name: 'planlint', version: VERSION, semanticVersion: VERSION, informationUri: 'https://github.com/planlint/planlint', rules: descriptors } },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
      },
    ],
  };
}
