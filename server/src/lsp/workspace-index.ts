/**
 * The language server's workspace index: the Markdown files of the workspace folders (as
 * `planlint lint FOLDER` walks them, plus the `planlint.include` globs), each read and analyzed
 * alone once, and grouped into plan sets by {@link detectPlanSets}. Open documents join the
 * index (their text wins over the file on disk, see server.ts); file events update one file,
 * or re-walk a folder when files appear or disappear. Membership is recomputed per folder, so
 * a change costs one file's analysis and one folder's set detection.
 */
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { detectPlanSets, type Analysis, type PlanSetRole, type ResolvedConfig } from '../core/index.js';

/** A file of the index as read from disk and analyzed alone. */
export interface DiskFile {
  uri: string;
  /** The file's path (platform separators). */
  path: string;
  text: string;
  /** The single-file analysis, without its parse tree (`document` is undefined). */
  analysis: Analysis;
  /** The single-file diagnostics (the config problem, the analysis problems). */
  diagnostics: Diagnostic[];
  config: ResolvedConfig | undefined;
  /** The config file problem shown first on a plan, if any. */
  problem: Diagnostic | undefined;
  /** Changes whenever the file is read again (unique across the index's life). */
  stamp: number;
}

/** One member of a plan set: its URI and role. */
export interface SetMemberRef {
  uri: string;
  role: PlanSetRole;
}

/** What the index needs from the server: listing, reading and linting files. */
export interface IndexHost {
  /** The files (absolute paths) of workspace folder `folder` to index. */
  listFiles(folder: string): Promise<string[]>;
  /** Reads and lints file `uri` alone; undefined when it cannot be read (it is then left out). */
  loadFile(uri: string, file: string): Promise<Omit<DiskFile, 'stamp'> | undefined>;
  log(message: string): void;
}

/** The folder of a path, with `/` separators, as {@link detectPlanSets} names folders. */
function folderOf(file: string): string {
  return path.dirname(file).split(path.sep).join('/');
}

/**
 * At most this many files are read from disk into the index (about 2.5 times the benchmarked
 * 2,000: some 25 s of analysis and 110 MiB of heap); the rest are left out, and the log says so.
 * `PLANLINT_INDEX_MAX_FILES` overrides it.
 */
export const MAX_INDEXED_FILES = Number(process.env.PLANLINT_INDEX_MAX_FILES ?? 5000);

/** Yields to the event loop, so that messages are read between files of a long build. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The files of the workspace (on disk and open) and their plan sets; see the module comment. */
export class WorkspaceIndex {
  /** Files read from disk, by URI. */
  private readonly disk = new Map<string, DiskFile>();
  /** URIs of open `file:` documents (their analysis is the server's). */
  private readonly open = new Set<string>();
  /** Folder (with `/`) → path → URI of the files known there: on disk or open. */
  private readonly folders = new Map<string, Map<string, string>>();
  /** URI → the members of its plan set (one array per set, shared by its members). */
  private readonly sets = new Map<string, SetMemberRef[]>();
  private roots: string[] = [];
  private stamp = 0;
  /** Resolves when the first build (and each rebuild) is done. */
  ready: Promise<void> = Promise.resolve();
  /** Bumped by {@link rebuild}: a build started before a newer one stops. */
  private build = 0;

  constructor(private readonly host: IndexHost) {}

  /** The files read from disk, in no particular order. */
  diskFiles(): IterableIterator<DiskFile> {
    return this.disk.values();
  }

  /** The file read from disk for `uri`, if it is indexed. */
  diskFile(uri: string): DiskFile | undefined {
    return this.disk.get(uri);
  }

  /** The members of the plan set of `uri` (itself included, in the set's order), or undefined. */
  setOf(uri: string): readonly SetMemberRef[] | undefined {
    return this.sets.get(uri);
  }

  /** Every indexed URI: files on disk and open documents. */
  uris(): string[] {
    return [...new Set([...this.disk.keys(), ...this.open])];
  }

  /**
   * Indexes workspace folders `roots` again (a build still running stops). Files already
   * indexed stay, with their old analysis, until they are read again, so that a rebuild (the
   * configuration changed) does not take them out of their sets meanwhile; files the new walk
   * does not list are dropped at the end. Open documents stay known. Resolves when every file
   * is read and analyzed.
   */
  rebuild(roots: string[]): Promise<void> {
    const build = ++this.build;
    this.roots = roots;
    this.ready = (async () => {
      const seen = new Set<string>();
      for (const root of roots) {
        let files: string[];
        try {
          files = await this.host.listFiles(root);
        } catch (error) {
          this.host.log(`planlint: could not list the files of ${root}: ${String(error)}`);
          continue;
        }
        if (seen.size + files.length > MAX_INDEXED_FILES) {
          this.host.log(`planlint: ${root} holds ${files.length} Markdown files; the workspace index reads at most ${MAX_INDEXED_FILES} in all (PLANLINT_INDEX_MAX_FILES), the others are linted only when opened`);
          files = files.slice(0, Math.max(0, MAX_INDEXED_FILES - seen.size));
        }
        for (const file of files) {
          if (build !== this.build) return;
          const uri = URI.file(file).toString();
          seen.add(uri);
          await this.read(uri, file, false);
          await yieldToLoop();
        }
      }
      if (build !== this.build) return;
      for (const [uri, f] of [...this.disk]) {
        if (seen.has(uri)) continue;
        this.disk.delete(uri);
        if (!this.open.has(uri)) this.folders.get(folderOf(f.path))?.delete(f.path);
      }
      this.regroup([...this.folders.keys()]);
    })();
    return this.ready;
  }

  /**
   * Reads and analyzes `file` again (created or changed on disk). With `regroup`, its folder's
   * sets are detected again at once. Returns false when it could not be read (it is then
   * dropped from the index).
   */
  async read(uri: string, file: string, regroup = true): Promise<boolean> {
    const loaded = await this.host.loadFile(uri, file);
    if (!loaded) {
      this.remove(uri);
      return false;
    }
    this.disk.set(uri, { ...loaded, stamp: ++this.stamp });
    this.know(uri, file);
    if (regroup) this.regroup([folderOf(file)]);
    return true;
  }

  /** Drops `uri` from disk (deleted); an open document stays known. */
  remove(uri: string): void {
    const file = this.disk.get(uri)?.path;
    if (!this.disk.delete(uri) || file === undefined) return;
    if (!this.open.has(uri)) this.folders.get(folderOf(file))?.delete(file);
    this.regroup([folderOf(file)]);
  }

  /** An open document joins the index (only `file:` URIs take part in sets). */
  opened(uri: string): void {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return;
    this.open.add(uri);
    this.know(uri, parsed.fsPath);
    this.regroup([folderOf(parsed.fsPath)]);
  }

  /** A document closed: it stays in the index when it is on disk. */
  closed(uri: string): void {
    if (!this.open.delete(uri)) return;
    const file = URI.parse(uri).fsPath;
    if (!this.disk.has(uri)) this.folders.get(folderOf(file))?.delete(file);
    this.regroup([folderOf(file)]);
  }

  /** True when `file` lies in a workspace folder of the index. */
  inRoots(file: string): boolean {
    return this.roots.some((root) => file === root || file.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
  }

  /** The workspace folder holding `file`, if any. */
  rootOf(file: string): string | undefined {
    return this.roots.find((root) => file.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
  }

  private know(uri: string, file: string): void {
    const folder = folderOf(file);
    let files = this.folders.get(folder);
    if (!files) this.folders.set(folder, (files = new Map()));
    files.set(file, uri);
  }

  /** Detects the plan sets of `folders` again from the files known there. */
  private regroup(folders: string[]): void {
    for (const folder of folders) {
      const files = this.folders.get(folder);
      for (const uri of files?.values() ?? []) this.sets.delete(uri);
      if (!files || files.size === 0) {
        this.folders.delete(folder);
        continue;
      }
      for (const set of detectPlanSets([...files.keys()])) {
        const members = set.files.map((f) => ({ uri: files.get(f.path)!, role: f.role }));
        for (const m of members) this.sets.set(m.uri, members);
      }
    }
  }
}
