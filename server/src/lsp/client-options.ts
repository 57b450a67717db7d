/**
 * The client's `initializationOptions` ({@link InitializationOptions}), read leniently: a field
 * of the wrong type is ignored (with its default), never an initialize failure.
 */
import type { InitializationOptions } from '../protocol.js';

/** The options the server acts on, with their defaults filled in. */
export interface ClientOptions {
  /** `planlint.*` settings sent at initialize (undefined when none). */
  settings: unknown;
  /** Offer `textDocument/documentSymbol` (false when the client has its own Markdown symbols). */
  documentSymbols: boolean;
  /** The client command that opens a rule's documentation, when the client has one. */
  ruleDocsCommand: string | undefined;
}

/** Reads `initializationOptions` of `initialize`; anything but an object gives the defaults. */
export function clientOptions(raw: unknown): ClientOptions {
  const o = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<keyof InitializationOptions, unknown>;
  return {
    settings: o.settings,
    documentSymbols: o.documentSymbols !== false,
    ruleDocsCommand: typeof o.ruleDocsCommand === 'string' && o.ruleDocsCommand.length > 0 ? o.ruleDocsCommand : undefined,
  };
}
