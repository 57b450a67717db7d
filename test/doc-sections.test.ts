import { describe, expect, it } from 'vitest';
import { keepSections } from '../server/src/tools/doc-sections.js';

const section = ['## Opening a plan in VS Code', '', 'VS Code / raw server: 1.10×.', ''];

describe('docs/performance.md sections written by the UI timing script', () => {
  it('a full bench run keeps them, in place or before the CLI section', () => {
    const previous = ['# Performance', '', '## Requests', 'old', ...section, '## CLI on many plans', 'old cli', ''].join('\n');
    const fresh = ['# Performance', '', '## Requests', 'new', '## CLI on many plans', 'new cli', ''].join('\n');
    expect(keepSections(fresh, previous)).toBe(['# Performance', '', '## Requests', 'new', ...section, '## CLI on many plans', 'new cli', ''].join('\n'));
    const withStale = ['# Performance', '## Opening a plan in VS Code', 'stale', '## CLI on many plans', ''].join('\n');
    expect(keepSections(withStale, previous)).toBe(['# Performance', ...section, '## CLI on many plans', ''].join('\n'));
    expect(keepSections(fresh, undefined)).toBe(fresh);
    expect(keepSections(fresh, '# Performance\n')).toBe(fresh);
  });
});
