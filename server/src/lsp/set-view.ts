/**
 * The plan-set view of the language server: the cross-file pass ({@link applySetPass}) over
 * the current single-file analyses of a set's members (open documents and files on disk), with
 * each member's diagnostics recomputed where the pass changed its findings. A view is cached
 * per set and reused while no member changed (members carry a stamp that changes with their
 * content), so an edit costs the pass over one set, never over the workspace.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { applySetPass, type ResolvedConfig } from '../core/index.js';
import type { AnalyzedDocument } from './features.js';
import { toDiagnostics } from './lint.js';
import type { DocumentState } from './requests.js';

/** A member of a set as the view reads it: its own analysis and diagnostics, and a stamp. */
export interface MemberState extends DocumentState {
  /** Changes whenever the member's content or configuration changes. */
  stamp: string;
  /** The configuration the member was analyzed with (severities of the cross-file rules). */
  config: ResolvedConfig | undefined;
  /** The config file problem shown first on a plan. */
  problem: Diagnostic | undefined;
}

/** A member's state in a set view: the set-wide analysis and diagnostics, and the other members. */
export type ViewState<T extends MemberState = MemberState> = T & { set: readonly AnalyzedDocument[] };

/**
 * Runs the cross-file pass over `members` (in the set's order) and returns each member's
 * state: the same object fields as its input, with `analysis` and `diagnostics` replaced by
 * the set's, and `set` holding the other members. A member whose analysis the pass leaves as
 * it is keeps its diagnostics (including those of an analysis that did not run: size limit,
 * budget).
 */
export function computeView<T extends MemberState>(members: readonly T[]): Array<ViewState<T>> {
  const analyses = applySetPass(members.map((m) => ({ path: pathOf(m.uri), analysis: m.analysis, ...(m.config ? { config: m.config } : {}) })));
  const states = members.map((m, i) => {
    const analysis = analyses[i]!;
    const diagnostics = analysis === m.analysis ? m.diagnostics : toDiagnostics(m.uri, m.version, analysis, m.problem);
    return { ...m, analysis, diagnostics, index: undefined, set: [] as AnalyzedDocument[] } as ViewState<T>;
  });
  for (const s of states) s.set = states.filter((o) => o !== s);
  return states;
}

/** The path part of a URI, as the set pass names files in its messages (`spec.md`). */
function pathOf(uri: string): string {
  const q = uri.search(/[?#]/);
  return decodeURIComponent(q === -1 ? uri : uri.slice(0, q));
}

/** Views cached per set (keyed by its first member), each valid for one combination of member stamps. */
export class SetViews<T extends MemberState = MemberState> {
  private readonly views = new Map<string, { stamps: string; states: Map<string, ViewState<T>> }>();

  /**
   * The view of the set whose members are `members`: cached when every stamp is the same as
   * last time, computed otherwise.
   */
  view(members: readonly T[]): Map<string, ViewState<T>> {
    const key = members[0]!.uri;
    const stamps = SetViews.stampOf(members);
    const cached = this.views.get(key);
    if (cached && cached.stamps === stamps) return cached.states;
    const states = new Map(computeView(members).map((s) => [s.uri, s]));
    this.views.set(key, { stamps, states });
    return states;
  }

  /** The combined stamp of a set's members, as {@link view} keys it. */
  static stampOf(members: ReadonlyArray<{ uri: string; stamp: string }>): string {
    return members.map((m) => `${m.uri}@${m.stamp}`).join('|');
  }

  /** Forgets every view (configuration changed). */
  clear(): void {
    this.views.clear();
  }
}
