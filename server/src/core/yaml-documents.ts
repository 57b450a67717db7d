// YAML front matter, parsed once however many readers it has. Pure.
//
// One analysis reads a file's front matter up to four times: for a plan-set declaration, for a
// named profile, for the plan model's metadata, and for placeholders in its values. Each reader
// gets its own value, but the source is parsed once: the last few sources are kept with their
// parsed documents.
import { parseDocument, type Document } from 'yaml';

/** How many recent sources are kept: the front matter of the file being analyzed, and a few more for a server's open documents. */
const KEPT = 8;

/** Parsed documents by source, oldest first. */
const recent = new Map<string, Document.Parsed>();

/**
 * The YAML document of `source`, as `parseDocument(source, { logLevel: 'silent' })` gives it
 * (errors are in its `errors`, not thrown). Shared between callers: read it, never change it.
 *
 * @throws what yaml's `parseDocument` throws (nothing for bad YAML: that is in `errors`)
 */
export function yamlDocument(source: string): Document.Parsed {
  let document = recent.get(source);
  if (document) return document;
  document = parseDocument(source, { logLevel: 'silent' });
  if (recent.size >= KEPT) recent.delete(recent.keys().next().value!);
  recent.set(source, document);
  return document;
}

/**
 * The value of the YAML in `source`, a fresh copy for each call: what yaml's
 * `parse(source, { logLevel: 'silent' })` gives (which drops the errors of bad YAML and returns
 * what could be read).
 *
 * @throws what yaml's `toJS` throws (more aliases than it expands)
 */
export function yamlValue(source: string): unknown {
  return yamlDocument(source).toJS();
}

/**
 * The YAML in `source` as a mapping (a fresh copy, see {@link yamlValue}): an empty object when
 * it is not a mapping (a list, a scalar, nothing) or when it cannot be read at all.
 */
export function yamlMapping(source: string): Record<string, unknown> {
  try {
    const value = yamlValue(source);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
