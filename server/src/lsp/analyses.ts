/**
 * The analyses of the open documents: one per content revision, cached, and shared by the
 * requests that wait for it (a newer revision ends the one under way, and its worker). A large
 * plan analyzed in a worker is analyzed once more in process after its first diagnostics are
 * out (the seed), so that the edits after it are incremental in process.
 */
import { performance } from 'node:perf_hooks';
import type { Diagnostic, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { analyze, type ParsedDocument, type ResolvedConfig, type Settings } from '../core/index.js';
import { isConfigFile, configDiagnostics } from './config-file.js';
import type { EditSchedule } from './edit-schedule.js';
import type { EditTrace } from './edit-trace.js';
import { EMPTY, WORKER_MIN_CHARS, type Linted } from './lint.js';
import { MARKDOWN_NAME } from '../node/walk.js';
import type { MemberState } from './set-view.js';

/** An open document's analysis, as cached. */
export interface Cached extends MemberState {
  /** The content revision analyzed: it changes with every open and change of the document. */
  revision: number;
}

/** What the analyses need from the server. */
export interface AnalysesHost {
  documents: TextDocuments<TextDocument>;
  settingsFor(uri: string): Promise<Settings>;
  configFor(uri: URI, settings: Settings): Promise<{ config: ResolvedConfig; problem?: Diagnostic }>;
  /** Lints `text` as `uri` at `version` (see lintDocument), from `previous` where it has one. */
  lint(uri: string, version: number, text: string, settings: Settings, config: ResolvedConfig, problem: Diagnostic | undefined, previous?: ParsedDocument, signal?: AbortSignal, inProcess?: boolean): Promise<Linted | undefined>;
  /** Whether `planlint.include` forces plan rules on `uri`. */
  included(uri: URI, settings: Settings): boolean;
  edits: EditSchedule;
  trace: EditTrace;
  /** Whether the client pulls diagnostics. */
  pull(): boolean;
  error(message: string): void;
  debug?: (message: string) => void;
}

/** Whether `doc` is linted as Markdown: its language, or a Markdown file name. */
export function isMarkdown(doc: TextDocument): boolean {
  return doc.languageId === 'markdown' || MARKDOWN_NAME.test(doc.uri);
}

/** The analyses of the open documents, by URI (see the module comment). */
export class DocumentAnalyses {
  private readonly cache = new Map<string, Cached>();
  /** Content revision per open document; bumped on every open and change. */
  private readonly revisions = new Map<string, number>();
  private nextRevision = 1;
  /** The analysis under way per document: requests for the same revision share it. */
  private readonly running = new Map<string, { revision: number; controller: AbortController; result: Promise<Cached | undefined> }>();
  /** Per document, the seed waiting for the diagnostics of `revision` to be published. */
  private readonly seeds = new Map<string, { revision: number; run: () => void }>();
  /** Bumped when settings or a config file change: analyses started before are not cached. */
  private generation = 0;

  constructor(private readonly host: AnalysesHost) {}

  /** The document at `uri` was opened or changed: a new revision. */
  changed(uri: string): void {
    this.revisions.set(uri, this.nextRevision++);
  }

  /** Whether `revision` is still the current revision of `uri`. */
  isCurrent(uri: string, revision: number): boolean {
    return this.revisions.get(uri) === revision;
  }

  /** Whether an analysis of `uri` is under way. */
  isRunning(uri: string): boolean {
    return this.running.has(uri);
  }

  /** The last analysis kept for `uri`, current or not. */
  last(uri: string): Cached | undefined {
    return this.cache.get(uri);
  }

  /**
   * The analysis of the current revision of `uri`: cached, under way, or started now. Resolves
   * to undefined when the document closed or changed while the config was loading or a worker
   * analyzed it.
   */
  own(uri: string): Promise<Cached | undefined> {
    const doc = this.host.documents.get(uri);
    const revision = this.revisions.get(uri);
    if (!doc || revision === undefined) return Promise.resolve(undefined);
    const cached = this.cache.get(uri);
    if (cached && cached.revision === revision) return Promise.resolve(cached);
    const under = this.running.get(uri);
    if (under && under.revision === revision) return under.result;
    under?.controller.abort();
    const controller = new AbortController();
    const result = this.analyzeRevision(uri, doc.version, revision, controller.signal).finally(() => {
      if (this.running.get(uri)?.controller === controller) this.running.delete(uri);
    });
    this.running.set(uri, { revision, controller, result });
    return result;
  }

  /** The diagnostics of `uri` at `revision` were published: a seed waiting for them runs. */
  published(uri: string, revision: number): void {
    const seed = this.seeds.get(uri);
    if (seed?.revision === revision) {
      this.seeds.delete(uri);
      setImmediate(seed.run);
    }
  }

  /** Settings or a config file changed: every analysis is dropped, and those under way are not kept. */
  invalidate(): void {
    this.generation++;
    this.cache.clear();
    for (const under of this.running.values()) under.controller.abort();
    this.running.clear();
  }

  /** The document at `uri` was closed. */
  closed(uri: string): void {
    this.seeds.delete(uri);
    this.running.get(uri)?.controller.abort();
    this.revisions.delete(uri);
    this.cache.delete(uri);
  }

  private async analyzeRevision(uri: string, version: number, revision: number, signal: AbortSignal): Promise<Cached | undefined> {
    const { host } = this;
    host.trace.started(uri, revision);
    const started = this.generation;
    const begun = performance.now();
    const settings = await host.settingsFor(uri);
    const { config, problem } = await host.configFor(URI.parse(uri), settings);
    const configured = performance.now();
    const current = host.documents.get(uri);
    if (!current || !this.isCurrent(uri, revision)) return undefined;
    const again = this.cache.get(uri);
    if (again && again.revision === revision) return again;
    // Incremental: the previous revision's unchanged sections are reused, not parsed again.
    const previous = again?.analysis.document;
    if (again) again.analysis.document = undefined;
    const startedAt = performance.now();
    const text = current.getText();
    const large = text.length > WORKER_MIN_CHARS;
    const inProcess = large && host.edits.inProcess(uri);
    const linted = isConfigFile(uri)
      ? { analysis: EMPTY, diagnostics: configDiagnostics(current) }
      : isMarkdown(current)
        ? await host.lint(uri, version, text, settings, config, problem, previous, signal, inProcess)
        : { analysis: EMPTY, diagnostics: [] };
    if (!linted || !this.isCurrent(uri, revision)) return undefined;
    const { analysis, diagnostics } = linted;
    const took = performance.now() - startedAt;
    const ok = analysis !== EMPTY && !diagnostics.some((d) => d.code === 'analysis-budget');
    const seed = host.edits.analyzed(uri, took, { large: large && isMarkdown(current), incremental: Boolean(previous && analysis.document), ok, chars: text.length, cpuMs: linted.cpuMs });
    const result: Cached = { uri, version, revision, analysis, diagnostics, config, problem, stamp: `g${started}r${revision}` };
    host.debug?.(`analyzed ${uri} r${revision}: settings and config ${(configured - begun).toFixed(0)} ms, analysis ${took.toFixed(0)} ms${large && !inProcess ? ' (worker)' : ''}${started === this.generation ? '' : ', not kept (settings changed)'}`);
    // Settings or a config file changed meanwhile: answer, but do not keep it.
    if (started === this.generation) this.cache.set(uri, result);
    if (seed) {
      const run = () => {
        try {
          this.seed(uri, revision, settings);
        } catch (e) {
          host.error(String(e));
        }
      };
      // Pushed diagnostics go out first (see published); pulled ones are answered meanwhile.
      if (host.pull()) setImmediate(run);
      else this.seeds.set(uri, { revision, run });
    }
    return result;
  }

  /**
   * Gives the cached worker analysis of `uri` (at `revision`) the parse a worker does not send
   * back, once the diagnostics are out: the next edit's analysis is then incremental in process
   * instead of a full one while the user types.
   */
  private seed(uri: string, revision: number, settings: Settings): void {
    const current = () => {
      const cached = this.cache.get(uri);
      return this.host.documents.get(uri) && cached && cached.revision === revision && this.isCurrent(uri, revision) && !cached.analysis.document ? cached : undefined;
    };
    const cached = current();
    if (!cached) return;
    // A whole analysis, not only the parse: its sections carry the model's walks the next edit reuses.
    const parsed = URI.parse(uri);
    const seeded = analyze(this.host.documents.get(uri)!.getText(), cached.config, { path: parsed.path, force: this.host.included(parsed, settings) });
    if (current() === cached) cached.analysis.document = seeded.document;
  }
}
