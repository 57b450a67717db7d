/**
 * fast-check arbitraries for property-based tests of the analysis: documents written in the
 * plan grammar (titles, stages, labels, checklists, tables, fences, comments, IDs, links, front
 * matter) and mutations of real plans (truncation, splices, line-ending mixes, BOM, NUL, lone
 * surrogates, deep nesting, long lines, unclosed blocks, ragged tables, autolink literals).
 */
import fc from 'fast-check';

const words = fc.constantFrom('deploy', 'the', 'service', 'schema', 'API', 'cache', 'users', 'production', 'migrate', 'verify', 'tests', 'rollback', 'owner', 'done', 'p95', 'latency', 'under', '200ms', 'error rate', 'TBD', 'TODO', '`npm test`', '**bold**', '_em_', 'FR-001', 'NFR-2', 'T001', 'R1', 'Stage 2', 'www.', 'www.example.com', 'a@b.co', '[https://example.com]', '[http://f.', 'https://x.io/a_b', '<https://a.b>', '&amp;', '\\[', '[link](http://x)', '[ref]', '[^1]', '<br>', '<fill in>', '[placeholder]', '…', 'é', '🚀', '\u0000', '\uD800', '\uDC00');
const phrase = fc.array(words, { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));

const stageHeading = fc
  .tuple(
    fc.constantFrom('#', '##', '###', '####'),
    fc.constantFrom('Stage', 'Phase', 'Step', 'Milestone', 'Task', ''),
    fc.integer({ min: 0, max: 12 }),
    fc.constantFrom(':', '.', ' —', ' -', ''),
    phrase,
    fc.constantFrom('', ' ✅', ' [done]', ' (in progress)', ' (owner: @alice)', ' (2d)', ' (~3 hours)', ' — DONE', ' [x]', '  ', ' #'),
  )
  .map(([h, kind, n, sep, name, deco]) => `${h} ${kind}${kind ? ` ${n}` : `${n}`}${sep} ${name}${deco}`);

const label = fc
  .tuple(
    fc.constantFrom('DoD', 'Definition of Done', 'Tests', 'Testing', 'Rollback', 'Rollback plan', 'Owner', 'Estimate', 'Status', 'Acceptance Criteria', 'Health check', 'Depends on', 'Requirements', 'Mitigation', 'Risk', 'Total', 'Verify', 'Expected'),
    fc.constantFrom('**{}:**', '{}:', '- **{}**:', '- {}:', '**{}**', '_{}:_', '### {}'),
    phrase,
  )
  .map(([name, shape, value]) => `${shape.replace('{}', name)} ${value}`);

const checkbox = fc
  .tuple(fc.constantFrom('', '  ', '    ', '\t'), fc.constantFrom('- [ ]', '- [x]', '* [X]', '1. [ ]', '-', '+', '2)'), phrase)
  .map(([indent, box, text]) => `${indent}${box} ${text}`);

const table = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.array(fc.array(phrase, { minLength: 0, maxLength: 6 }), { minLength: 0, maxLength: 4 }), fc.boolean())
  .map(([cols, rows, ragged]) => {
    const head = `| ${Array.from({ length: cols }, (_, i) => ['Stage', 'Owner', 'Risk', 'Mitigation', 'Estimate'][i]).join(' | ')} |`;
    const sep = `|${' --- |'.repeat(cols)}`;
    const body = rows.map((r) => `| ${(ragged ? r : Array.from({ length: cols }, (_, i) => r[i] ?? '')).join(' | ')}${ragged && r.length % 2 ? '' : ' |'}`);
    return [head, sep, ...body].join('\n');
  });

const fence = fc
  .tuple(fc.constantFrom('```', '~~~', '````'), fc.constantFrom('', 'bash', 'sql', 'yaml'), fc.array(phrase, { maxLength: 3 }), fc.boolean())
  .map(([f, lang, body, closed]) => [`${f}${lang}`, ...body, ...(closed ? [f] : [])].join('\n'));

const comment = fc.constantFrom('<!-- note -->', '<!--', '-->', '<!-- planlint-disable missing-dod -->', '<!-- planlint-disable-next-line -->', '<!-- planlint-enable -->', '<!-- TODO: fill -->', '<div>', '</div>', '<pre>', '<?php', '<![CDATA[');

const requirement = fc
  .tuple(fc.constantFrom('FR', 'NFR', 'REQ', 'US'), fc.integer({ min: 0, max: 20 }), phrase)
  .map(([p, n, text]) => `- **${p}-${String(n).padStart(3, '0')}**: ${text}`);

const misc = fc.constantFrom('', '', '', '---', '***', '> quote', '> **DoD:** done', '<<<<<<< HEAD', '=======', '>>>>>>> main', 'Total: 5d', '    indented code', 'line with hard break  ', 'See www.', '[x]: https://example.com', '[^1]: note', 'Setext', '===', '## Risks', '## Rollback', '## Tests', '# Plan');

const block = fc.oneof(
  { arbitrary: stageHeading, weight: 4000 },
  { arbitrary: label, weight: 4000 },
  { arbitrary: checkbox, weight: 4000 },
  { arbitrary: phrase, weight: 3000 },
  { arbitrary: table, weight: 1000 },
  { arbitrary: fence, weight: 1000 },
  { arbitrary: comment, weight: 1000 },
  { arbitrary: requirement, weight: 2000 },
  { arbitrary: misc, weight: 3000 },
);

const frontMatter = fc.constantFrom('', '', '', '---\ntitle: Plan\nowner: "@bob"\n---\n', '---\nplanlint: true\n---\n', '+++\ntitle = "x"\n+++\n', '---\ntitle: x\n');

/** A document in the plan grammar, LF line endings, ending with or without a newline. */
export const planDocument: fc.Arbitrary<string> = fc
  .tuple(frontMatter, fc.constantFrom('# Plan: rollout\n\n', '# Implementation plan\n', '', 'Plan\n====\n'), fc.array(block, { maxLength: 40 }), fc.constantFrom('\n', '', '\n\n', '  ', '\n  \n'))
  .map(([fm, title, blocks, end]) => `${fm}${title}${blocks.join('\n')}${end}`);

/** Line endings of `text` rewritten: all CRLF, all CR, or a random mix chosen per line by `pick`. */
function withLineEndings(text: string, mode: 'crlf' | 'cr' | 'mix', pick: number): string {
  const lines = text.split(/\r\n|\n|\r/);
  const eols = ['\n', '\r\n', '\r'];
  return lines.map((l, i) => (i === lines.length - 1 ? l : l + (mode === 'crlf' ? '\r\n' : mode === 'cr' ? '\r' : eols[(pick + i * 7) % 3]))).join('');
}

/** What a mutation does to a document, given random numbers in [0, 1) and a donor text. */
export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'splice'; at: number; from: number; length: number }
  | { kind: 'eol'; mode: 'crlf' | 'cr' | 'mix'; pick: number }
  | { kind: 'insert'; at: number; text: string; lineStart: boolean }
  | { kind: 'bom' }
  | { kind: 'append'; text: string };

const insertions = fc.constantFrom(
  '\u0000', '\uD800', '\uDC00', '\uFEFF', 'See www.\n', '[http://f.', '[https://example.com]', 'mail [a@b.co]\n', '```\n', '~~~', '<!--', '<!--\n', '-->', '| a | b |\n| --- |\n| 1 | 2 | 3 |\n', '|', '  \n', '\r', '\r\n', '\n',
  '## Stage 9: Deploy to production\n', '- [ ] deploy\n', '**DoD:** done\n', 'Rollback: revert\n', '<<<<<<< HEAD\n', '>>>>>>> x\n', 'Total', 'Total:', 'FR-001', '# ', '> ', '- ', '    ',
);

/** Rare, bounded large insertions: 10,000-deep lists and quotes, long lines. */
const bigInsertions = fc.constantFrom(
  `${'- '.repeat(10_000)}deep\n`,
  `${'>'.repeat(10_000)} deep\n`,
  `${'1. '.repeat(3_000)}deep\n`,
  `${'> - '.repeat(2_000)}deep\n`,
  `${'word '.repeat(20_000)}\n`,
  `${'x'.repeat(100_000)}\n`,
  `${'www.'.repeat(5_000)}\n`,
  `${'[http://f. '.repeat(5_000)}\n`,
);

/**
 * A 1 MB line, for the long runs only. (A 1 MB line of `- [ ] ` repeated is left out: the
 * Markdown parser takes time quadratic in its length, minutes for 1 MB.)
 */
const hugeInsertions = fc.constantFrom(`${'lorem ipsum '.repeat(87_382)}\n`, `${'x'.repeat(1_048_576)}\n`);

/**
 * One mutation; `large` adds (rarely) 10,000-deep nesting and 100 KB lines, and `huge` (more
 * rarely still) 1 MB lines.
 */
export function mutation(options: { large: boolean; huge: boolean }): fc.Arbitrary<Mutation> {
  const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
  const options_: Array<fc.WeightedArbitrary<Mutation>> = [
    { arbitrary: unit.map((at) => ({ kind: 'truncate' as const, at })), weight: 3000 },
    { arbitrary: fc.tuple(unit, unit, fc.integer({ min: 1, max: 400 })).map(([at, from, length]) => ({ kind: 'splice' as const, at, from, length })), weight: 3000 },
    { arbitrary: fc.tuple(fc.constantFrom('crlf' as const, 'cr' as const, 'mix' as const), fc.nat(2)).map(([mode, pick]) => ({ kind: 'eol' as const, mode, pick })), weight: 2000 },
    { arbitrary: fc.tuple(unit, insertions, fc.boolean()).map(([at, text, lineStart]) => ({ kind: 'insert' as const, at, text, lineStart })), weight: 6000 },
    { arbitrary: fc.constant({ kind: 'bom' as const }), weight: 1000 },
    { arbitrary: fc.constantFrom('\n```\ncode', '\n<!--\n', '\n<!-- x', '\n```', '\n~~~~\n', '\n<pre>\n', '  ', '\n| a |\n| - |\n| b | c | d', '\nwww.').map((text) => ({ kind: 'append' as const, text })), weight: 2000 },
  ];
  if (options.large) options_.push({ arbitrary: fc.tuple(unit, bigInsertions).map(([at, text]) => ({ kind: 'insert' as const, at, text, lineStart: true })), weight: 50 });
  if (options.huge) options_.push({ arbitrary: fc.tuple(unit, hugeInsertions).map(([at, text]) => ({ kind: 'insert' as const, at, text, lineStart: true })), weight: 2 });
  return fc.oneof(...options_);
}

/** Applies `m` to `text`; `donor` is the text a splice copies from. */
export function mutate(text: string, m: Mutation, donor: string): string {
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, Math.floor(m.at * (text.length + 1)));
    case 'splice': {
      const at = Math.floor(m.at * (text.length + 1));
      const from = Math.floor(m.from * donor.length);
      return text.slice(0, at) + donor.slice(from, from + m.length) + text.slice(at);
    }
    case 'eol':
      return withLineEndings(text, m.mode, m.pick);
    case 'insert': {
      let at = Math.floor(m.at * (text.length + 1));
      if (m.lineStart) {
        at = Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\r', at - 1)) + 1;
        if (text[at - 1] === '\r' && text[at] === '\n') at++;
      }
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'bom':
      return text.startsWith('\uFEFF') ? text : `\uFEFF${text}`;
    case 'append':
      return text + m.text;
  }
}
