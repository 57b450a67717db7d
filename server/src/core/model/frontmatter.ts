import type { Root } from 'mdast';
import { yamlValue } from '../yaml-documents.js';

/**
 * The YAML front matter as a mapping: an empty object when there is none, when it is not a
 * mapping, or when it is not valid YAML (the document is still linted).
 */
export function parseFrontmatter(root: Root): Record<string, unknown> {
  let frontmatter: Record<string, unknown> = {};
  const yamlNode = root.children.find((n) => n.type === 'yaml');
  if (yamlNode && yamlNode.type === 'yaml') {
    try {
      const value = yamlValue(yamlNode.value);
      if (value && typeof value === 'object' && !Array.isArray(value)) frontmatter = value as Record<string, unknown>;
    } catch {
      // Invalid YAML front matter is treated as absent; the document is still linted.
    }
  }
  return frontmatter;
}

/** The plan-level owner: front matter `owner:`, else the first of `owners:`. */
export function frontmatterOwner(frontmatter: Record<string, unknown>): string | undefined {
  return typeof frontmatter.owner === 'string' ? frontmatter.owner : Array.isArray(frontmatter.owners) ? String(frontmatter.owners[0] ?? '') || undefined : undefined;
}
