import type { Root } from 'mdast';
import { yamlMapping } from '../yaml-documents.js';

/**
 * The YAML front matter as a mapping: an empty object when there is none, when it is not a
 * mapping, or when it is not valid YAML (the document is still linted).
 */
export function parseFrontmatter(root: Root): Record<string, unknown> {
  const yamlNode = root.children.find((n) => n.type === 'yaml');
  // Invalid YAML front matter is treated as absent; the document is still linted.
  return yamlNode && yamlNode.type === 'yaml' ? yamlMapping(yamlNode.value) : {};
}

/** The plan-level owner: front matter `owner:`, else the first of `owners:`. */
export function frontmatterOwner(frontmatter: Record<string, unknown>): string | undefined {
  return typeof frontmatter.owner === 'string' ? frontmatter.owner : Array.isArray(frontmatter.owners) ? String(frontmatter.owners[0] ?? '') || undefined : undefined;
}
