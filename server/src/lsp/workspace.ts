/**
 * Plan sets in the language server: the {@link WorkspaceIndex} of the workspace's Markdown
 * files, the {@link SetViews} of its plan sets, and what follows from a change: the other
 * members of the changed file's set get new diagnostics (published to a push client, a
 * diagnostics refresh for a pull client) and LSP 3.17 workspace diagnostics report every
 * indexed file, opened or not.
 *
 * An open document's text wins over its file on disk: its state is the server's analysis of
 * the open document; a closed file's is the index's analysis of the file.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  DocumentDiagnosticReportKind,
  FileChangeType,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type FileEvent,
  type WorkspaceDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { detectPlanSets } from '../core/index.js';
import { MARKDOWN_NAME } from '../node/walk.js';
import type { DocumentState } from './requests.js';
import { SetViews, type MemberState, type ViewState } from './set-view.js';
import { WorkspaceIndex, type IndexHost } from './workspace-index.js';

/** What the plan-set workspace needs from the server. */
export interface WorkspaceHost extends IndexHost {
  connection: Connection;
  /** True when the document is open in the client. */
  isOpen(uri: string): boolean;
  /** The current single-file state of an open document (its last one when it changed meanwhile); undefined when it is not open or not analyzed yet. */
  own(uri: string): Promise<MemberState | undefined>;
  /** True for a client that pulls diagnostics. */
  pull(): boolean;
  /** True when the client takes `workspace/diagnostic/refresh`. */
  refreshSupport(): boolean;
  /** The document version of an open document. */
  versionOf(uri: string): number | undefined;
  /** Lints open document `uri` again and publishes its diagnostics (push clients). */
  republish(uri: string): void;
}


/** A 53-bit hash of a string (cyrb53), for short result IDs. */
function hash(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The workspace index, the views of its plan sets and the diagnostics that follow from a change; see the module comment. */
export class PlanWorkspace {
  readonly index: WorkspaceIndex;
  private readonly views = new SetViews<MemberState>();
  /** The diagnostics last given to the client per open document (JSON), to send only changes. */
  private readonly reported = new Map<string, string>();
  /** Bumped on every rebuild: result IDs of an older configuration never match. */
  private generation = 0;

  constructor(private readonly host: WorkspaceHost) {
    this.index = new WorkspaceIndex(host);
  }

  /**
   * Indexes `roots` again (first build, workspace folders or the configuration changed); then the
   * open documents of sets are published again (push) or a refresh is asked for (pull).
   */
  async rebuild(roots: string[]): Promise<void> {
    this.generation++;
    this.views.clear();
    const inSets = () => this.index.uris().filter((uri) => this.host.isOpen(uri) && this.index.setOf(uri));
    const before = inSets();
    const build = this.index.rebuild(roots);
    await build;
    if (this.index.ready !== build) return;
    this.views.clear();
    // Only open documents that are (or were) in a plan set have new diagnostics: a refresh
    // for any other would make the client cancel and repeat the pulls under way (at start,
    // the pull of the plan being opened). Workspace diagnostics wait for the build anyway.
    const touched = [...new Set([...before, ...inSets()])];
    if (touched.length === 0) return;
    if (this.host.pull()) await this.refresh();
    else for (const uri of touched) if (this.host.isOpen(uri)) this.host.republish(uri);
  }

  /** Records diagnostics given to the client for `uri` (published, or answered to a pull). */
  reportedTo(uri: string, diagnostics: Diagnostic[]): void {
    this.reported.set(uri, JSON.stringify(diagnostics));
  }

  /** An open document closed: it falls back to its file on disk, if indexed. */
  async closed(uri: string): Promise<void> {
    this.reported.delete(uri);
    this.index.closed(uri);
    const disk = this.index.diskFile(uri);
    if (disk) await this.index.read(uri, disk.path);
    await this.propagate(uri);
  }

  /**
   * A document opened: it joins the index. A `file:` document brings the files of its plan set
   * in its folder that the index does not have along (read from disk): outside the workspace
   * folders, or written since the index read the folder.
   */
  async opened(uri: string): Promise<void> {
    this.index.opened(uri);
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return;
    // In a workspace folder the index usually has the set already; a file written since (no file
    // event yet) is read here, so that opening one file of a new feature folder finds its set.
    if (this.index.inRoots(parsed.fsPath)) await this.index.ready;
    const dir = path.dirname(parsed.fsPath);
    let names: string[];
    try {
      names = (await fs.readdir(dir)).filter((n) => MARKDOWN_NAME.test(n));
    } catch {
      return;
    }
    const paths = names.map((n) => path.join(dir, n));
    const set = detectPlanSets(paths).find((s) => s.files.some((f) => f.path === parsed.fsPath));
    let read = false;
    for (const f of set?.files ?? []) {
      const other = URI.file(f.path).toString();
      if (other === uri || this.host.isOpen(other) || this.index.diskFile(other)) continue;
      read = (await this.index.read(other, f.path)) || read;
    }
    if (!read) return;
    if (this.host.pull()) await this.refresh();
    else this.host.republish(uri);
  }

  /** Files changed on disk: each is read again, dropped, or (created in a workspace folder) added when the walk lists it. */
  async filesChanged(events: readonly FileEvent[]): Promise<void> {
    const touched = new Set<string>();
    const created: string[] = [];
    for (const e of events) {
      const parsed = URI.parse(e.uri);
      if (parsed.scheme !== 'file' || !MARKDOWN_NAME.test(parsed.fsPath)) continue;
      const uri = parsed.toString();
      const before = this.index.setOf(uri);
      if (e.type === FileChangeType.Deleted) {
        this.index.remove(uri);
        for (const m of before ?? []) if (m.uri !== uri) touched.add(m.uri);
      } else if (this.index.diskFile(uri)) {
        await this.index.read(uri, parsed.fsPath);
        touched.add(uri);
      } else if (e.type === FileChangeType.Created) created.push(parsed.fsPath);
    }
    for (const root of new Set(created.map((f) => this.index.rootOf(f)))) {
      if (root === undefined) continue;
      const listed = new Set(await this.host.listFiles(root).catch(() => []));
      for (const file of created) {
        if (!listed.has(file)) continue;
        const uri = URI.file(file).toString();
        if (await this.index.read(uri, file)) touched.add(uri);
      }
    }
    for (const uri of touched) await this.propagate(uri);
  }

  /** The current single-file state of `uri`: the open document's, else the file on disk's. */
  private async memberState(uri: string): Promise<MemberState | undefined> {
    if (this.host.isOpen(uri)) return this.host.own(uri);
    const disk = this.index.diskFile(uri);
    if (!disk) return undefined;
    return { uri, version: 0, analysis: disk.analysis, diagnostics: disk.diagnostics, config: disk.config, problem: disk.problem, stamp: `d${disk.stamp}` };
  }

  /** The states of the members of `uri`'s set, or undefined when it is in no set (or fewer than two members are available). */
  private async memberStates(uri: string): Promise<MemberState[] | undefined> {
    const members = this.index.setOf(uri);
    if (!members) return undefined;
    const states = (await Promise.all(members.map((m) => (m.uri === uri ? undefined : this.memberState(m.uri))))).filter((s): s is MemberState => s !== undefined);
    return states.length ? states : undefined;
  }

  /**
   * `own` (the single-file state of `uri`) within its plan set: the set-wide analysis and
   * diagnostics, with the other members in `set`; `own` itself when `uri` is in no set.
   */
  async withSet<T extends MemberState>(own: T): Promise<T | ViewState<T>> {
    const members = this.index.setOf(own.uri);
    if (!members) return own;
    const others = await this.memberStates(own.uri);
    if (!others) return own;
    const byUri = new Map([...others, own].map((s) => [s.uri, s]));
    const ordered = members.map((m) => byUri.get(m.uri)).filter((s): s is MemberState => s !== undefined);
    try {
      return (this.views.view(ordered).get(own.uri) as ViewState<T> | undefined) ?? own;
    } catch (error) {
      // The file alone is still linted when the cross-file pass fails.
      this.host.log(`planlint: the plan set pass failed for ${own.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return own;
    }
  }

  /** The state of any indexed `uri`, open or not, within its set. */
  async stateOf(uri: string): Promise<DocumentState | undefined> {
    const own = await this.memberState(uri);
    return own && this.withSet(own);
  }

  /**
   * After `uri` changed (edited, opened, closed, changed on disk): the other open members of
   * its set whose diagnostics changed get them (push) or the client is asked to pull again.
   */
  async propagate(uri: string): Promise<void> {
    const members = this.index.setOf(uri);
    let changed = false;
    for (const m of members ?? []) {
      if (m.uri === uri || !this.host.isOpen(m.uri)) continue;
      const state = await this.stateOf(m.uri);
      if (!state || this.host.versionOf(m.uri) !== state.version) continue;
      const json = JSON.stringify(state.diagnostics);
      if (this.reported.get(m.uri) === json) continue;
      changed = true;
      if (this.host.pull()) continue;
      this.reported.set(m.uri, json);
      await this.host.connection.sendDiagnostics({ uri: m.uri, version: state.version, diagnostics: state.diagnostics });
    }
    if (changed && this.host.pull()) await this.refresh();
  }

  private async refresh(): Promise<void> {
    if (this.host.refreshSupport()) await this.host.connection.languages.diagnostics.refresh().catch(() => undefined);
  }

  /**
   * `workspace/diagnostic`: one report per indexed file, `unchanged` when its result ID (the
   * stamps of the file, or of every member of its set) is the one the client sent.
   */
  async workspaceDiagnostics(previous: ReadonlyArray<{ uri: string; value: string }>, token?: CancellationToken): Promise<WorkspaceDiagnosticReport> {
    await this.index.ready;
    const known = new Map(previous.map((p) => [p.uri, p.value]));
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    for (const [i, uri] of this.index.uris().sort().entries()) {
      // Edits that arrive meanwhile are read between chunks of files.
      if (i % 200 === 199) await new Promise<void>((resolve) => setImmediate(resolve));
      // A cancelled request's answer is dropped by the client: stop early.
      if (token?.isCancellationRequested) break;
      const own = await this.memberState(uri);
      if (!own) continue;
      const others = (await this.memberStates(uri)) ?? [];
      const resultId = `${this.generation}.${hash(SetViews.stampOf([own, ...others].sort((a, b) => (a.uri < b.uri ? -1 : 1))))}`;
      const version = this.host.isOpen(uri) ? own.version : null;
      if (known.get(uri) === resultId) {
        items.push({ kind: DocumentDiagnosticReportKind.Unchanged, uri, version, resultId });
        continue;
      }
      const state = await this.withSet(own);
      items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version, resultId, items: state.diagnostics });
    }
    return { items };
  }
}
