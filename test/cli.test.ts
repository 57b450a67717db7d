import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { AnalysisPool } from '../server/src/cli/pool.js';
import { analyze, defaultConfig } from '../server/src/core/index.js';
import { generatePlan } from '../server/src/tools/plan-generator.js';
import { planlint } from './helpers/cli.js';
import { onlyInserted } from './helpers/fixtures.js';

const WEAK = '# Plan: ship search\n\n## Stage 1: Build the index\n\n- [ ] Index documents\n\n## Stage 2: Deploy to production\n\n- [ ] Deploy\n';
const CLEAN = [
  '# Plan: refactor the parser',
  '',
  '## Stage 1: Extract the tokenizer',
  '',
  '- [ ] Move tokenizing into `tokenizer.ts`',
  '',
  '**Done when:** `npm test` passes with the tokenizer tests moved.',
  '',
  '**Tests:** unit tests for every token kind.',
  '',
].join('\n');
const CONFLICT = '# Plan: x\n\n## Stage 1: Build\n\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> other\n';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'planlint-cli-'));
});

describe('planlint lint', () => {
  it('prints stylish findings with a summary line and exits 0 on warnings only', async () => {
    writeFileSync(path.join(dir, 'plan.md'), WEAK);
    const r = await planlint(['lint', 'plan.md'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^plan\.md {2}score \d+\/100$/m);
    expect(r.stdout).toMatch(/^ {2}3:1 {2}warning {2}Stage "Build the index"|^ {2}3:1 {2}warning/m);
    expect(r.stdout).toMatch(/✖ \d+ problems \(0 errors, \d+ warnings, \d+ infos?\) in 1 file$/m);
  });

  it('exits 1 on error findings and 0 on a clean plan', async () => {
    writeFileSync(path.join(dir, 'conflict.md'), CONFLICT);
    writeFileSync(path.join(dir, 'clean.md'), CLEAN);
    expect((await planlint(['lint', 'conflict.md'], dir)).code).toBe(1);
    const clean = await planlint(['lint', 'clean.md'], dir);
    expect(clean.stdout).toContain('✔ no problems in 1 file');
    expect(clean.code).toBe(0);
  });

  it('--format json follows the output contract', async () => {
    writeFileSync(path.join(dir, 'plan.md'), WEAK);
    writeFileSync(path.join(dir, 'notes.md'), '# Meeting notes\n\nWe talked.\n');
    const r = await planlint(['lint', '--format', 'json', '.'], dir);
    const json = JSON.parse(r.stdout);
    expect(json.version).toBe('0.1.0');
    expect(json.files.map((f: { path: string }) => f.path)).toEqual(['notes.md', 'plan.md']);
    const [notes, plan] = json.files;
    expect(notes).toEqual({ path: 'notes.md', isPlan: false, kind: 'not-a-plan', score: null, findings: [] });
    expect(plan.kind).toBe('plan');
    expect(plan.isPlan).toBe(true);
    expect(plan.score.total).toBeGreaterThanOrEqual(0);
    expect(Object.keys(plan.score.components).sort()).toEqual(['clarity', 'done', 'gates', 'owners', 'requirements', 'risks', 'rollback', 'tests']);
    expect(plan.score.components.done).toMatchObject({ applicable: true, value: 0, covered: 0, total: 2, weight: 15 });
    expect(plan.score.components.gates).toEqual({ applicable: false, reason: 'no CI gates declared', weight: 10 });
    expect(plan.score.applicableWeight).toBe(65);
    const dod = plan.findings.find((f: { ruleId: string }) => f.ruleId === 'missing-dod');
    expect(dod).toMatchObject({ severity: 'warning', line: 3, column: 1, endLine: 3, docsUrl: expect.stringMatching(/docs\/rules\/missing-dod\.md$/) });
    // A suggestion, not a fix: inserted after the whole last line of the stage (line 5), at the
    // start of line 6, with its slots as snippet tab stops.
    expect(dod.fix).toBeUndefined();
    expect(dod.suggestions[0].edits[0]).toMatchObject({ line: 6, column: 1, endLine: 6, endColumn: 1, text: expect.stringContaining('### Definition of Done'), snippet: expect.stringContaining('${1:') });
  });

  it('--format json gives a summary finding its stages as related locations', async () => {
    const stages = [1, 2, 3].map((n) => `## Stage ${n}: Part ${n}\n\n- [ ] Build part ${n}\n`).join('\n');
    writeFileSync(path.join(dir, 'plan.md'), `# Plan: parts\n\n${stages}`);
    const json = JSON.parse((await planlint(['lint', '--format', 'json', 'plan.md'], dir)).stdout);
    const summary = json.files[0].findings.find((f: { ruleId: string }) => f.ruleId === 'missing-dod');
    expect(summary).toMatchObject({ line: 1, message: expect.stringContaining('3 of 3') });
    expect(summary.related.map((r: { line: number }) => r.line)).toEqual([3, 7, 11]);
  });

  it('--format sarif prints SARIF 2.1.0 with one reportingDescriptor per rule', async () => {
    writeFileSync(path.join(dir, 'plan.md'), WEAK);
    const sarif = JSON.parse((await planlint(['lint', '-f', 'sarif', 'plan.md'], dir)).stdout);
    expect(sarif.version).toBe('2.1.0');
    const run0 = sarif.runs[0];
    expect(run0.tool.driver.rules.length).toBe(21);
    for (const d of run0.tool.driver.rules) expect(d).toMatchObject({ id: expect.any(String), shortDescription: { text: expect.any(String) }, helpUri: expect.stringContaining(d.id) });
    const result = run0.results.find((x: { ruleId: string }) => x.ruleId === 'missing-dod');
    expect(run0.tool.driver.rules[result.ruleIndex].id).toBe('missing-dod');
    expect(result.locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: 'plan.md' }, region: { startLine: 3, startColumn: 1 } });
  });

  it('--max-warnings, --min-score and --quiet', async () => {
    writeFileSync(path.join(dir, 'plan.md'), WEAK);
    expect((await planlint(['lint', '--max-warnings', '0', 'plan.md'], dir)).code).toBe(1);
    expect((await planlint(['lint', '--max-warnings', '100', 'plan.md'], dir)).code).toBe(0);
    const low = await planlint(['lint', '--min-score', '90', 'plan.md'], dir);
    expect(low.code).toBe(1);
    expect(low.stderr).toMatch(/plan\.md scores 15, below --min-score 90/);
    // The v2 total: components that do not apply (requirements, rollback, gates, risks, owners) are left out, not scored 0.
    writeFileSync(path.join(dir, 'clean.md'), CLEAN);
    expect((await planlint(['lint', '--min-score', '100', 'clean.md'], dir)).code).toBe(0);
    const quiet = await planlint(['lint', '--quiet', 'plan.md'], dir);
    expect(quiet.stdout).not.toContain('warning');
  });

  it('exits 2 with a clear message for a bad config, a missing path and bad usage', async () => {
    writeFileSync(path.join(dir, 'plan.md'), WEAK);
    writeFileSync(path.join(dir, '.planlintrc.json'), '{\n  "rules": { "missing-dod": "sometimes" }\n}\n');
    const bad = await planlint(['lint', 'plan.md'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('.planlintrc.json');
    expect(bad.stderr).toMatch(/line 2: rules\.missing-dod: .*expected/);
    const missing = await planlint(['lint', 'nope.md', '--config', path.join(dir, 'none.json')], dir);
    expect(missing.code).toBe(2);
    expect((await planlint(['lint', '--format', 'xml', 'plan.md'], dir)).code).toBe(2);
    expect((await planlint(['lint', '--max-warnings', '-1', 'plan.md'], dir)).code).toBe(2);
  });

  it('says where a document ran into a limit, as information that does not change the exit code', async () => {
    writeFileSync(path.join(dir, 'plan.md'), `${CLEAN}\n${'- '.repeat(10_000)}deep\n`);
    const stylish = await planlint(['lint', 'plan.md'], dir);
    expect(stylish.code).toBe(0);
    expect(stylish.stdout).toMatch(/^ {2}info {2}Part of the document was not analyzed: nesting deeper than 100 levels on line 11 was read as plain text$/m);
    const json = await planlint(['lint', '--format', 'json', 'plan.md'], dir);
    const [file] = (JSON.parse(json.stdout) as { files: Array<{ notices?: string[]; errors?: string[] }> }).files;
    expect(file!.errors).toBeUndefined();
    expect(file!.notices).toEqual(['Part of the document was not analyzed: nesting deeper than 100 levels on line 11 was read as plain text']);
  });

  it('prints nothing on stderr for front matter the YAML parser warns about (found by fuzzing)', async () => {
    writeFileSync(path.join(dir, 'plan.md'), `---\ntitle: x\nlist:\n- **NFR-000**: [https://example.com]\n---\n\n${CLEAN}`);
    const r = await planlint(['lint', 'plan.md'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('finds .planlintrc.json by walking up from the linted file', async () => {
    mkdirSync(path.join(dir, 'docs', 'plans'), { recursive: true });
    writeFileSync(path.join(dir, '.planlintrc.json'), '{ "rules": { "missing-dod": "error" } }');
    writeFileSync(path.join(dir, 'docs', 'plans', 'plan.md'), WEAK);
    const r = await planlint(['lint', 'docs'], dir);
    expect(r.stdout).toMatch(/3:1 {2}error/);
    expect(r.code).toBe(1);
  });

  it('expands directories to markdown files honoring .gitignore; explicit files are always read', async () => {
    mkdirSync(path.join(dir, 'build'));
    mkdirSync(path.join(dir, 'node_modules', 'pkg'), { recursive: true });
    writeFileSync(path.join(dir, '.gitignore'), 'build/\n');
    writeFileSync(path.join(dir, 'plan.md'), WEAK);
    writeFileSync(path.join(dir, 'build', 'plan.md'), WEAK);
    writeFileSync(path.join(dir, 'node_modules', 'pkg', 'plan.md'), WEAK);
    writeFileSync(path.join(dir, 'notes.txt'), WEAK);
    const json = JSON.parse((await planlint(['lint', '-f', 'json', '.'], dir)).stdout);
    expect(json.files.map((f: { path: string }) => f.path)).toEqual(['plan.md']);
    const explicit = JSON.parse((await planlint(['lint', '-f', 'json', 'build/plan.md', 'notes.txt'], dir)).stdout);
    expect(explicit.files.map((f: { path: string }) => f.path)).toEqual(['build/plan.md', 'notes.txt']);
  });

  it('analyzes many files (in worker threads when cores are free) with the same results as in process, in file order', async () => {
    const texts = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? WEAK : generatePlan(60 + i * 7, i + 1)));
    texts.forEach((t, i) => writeFileSync(path.join(dir, `plan-${String(i).padStart(2, '0')}.md`), t));
    const json = JSON.parse((await planlint(['lint', '-f', 'json', '.'], dir)).stdout);
    expect(json.files.map((f: { path: string }) => f.path)).toEqual(texts.map((_, i) => `plan-${String(i).padStart(2, '0')}.md`));
    json.files.forEach((f: { findings: Array<{ ruleId: string; line: number; message: string }>; score: { total: number } }, i: number) => {
      const expected = analyze(texts[i]!);
      expect(f.findings.map((x) => `${x.line}:${x.ruleId}:${x.message}`)).toEqual(expected.findings.map((x) => `${x.span.start.line}:${x.ruleId}:${x.message}`));
      expect(f.score.total).toBe(expected.score!.total);
    });
  });

  it('shares the analyses between a worker thread and the main thread, with the results of analyze', async () => {
    // The built bundle serves tasks in a worker; the main thread takes queued tasks while it waits.
    const pool = new AnalysisPool(path.join(__dirname, '..', 'dist', 'cli.js'), 1, 0);
    const texts = Array.from({ length: 24 }, (_, i) => (i % 4 === 0 ? '# Notes\n\nNothing to plan.\n' : generatePlan(60 + i * 11, i + 1)));
    const config = defaultConfig();
    try {
      const results = await Promise.all(texts.map((t, i) => pool.analyze(t, config, false, `/p/plan-${i}.md`)));
      results.forEach((r, i) => {
        const expected = analyze(texts[i]!, config, { path: `/p/plan-${i}.md` });
        expect(r.kind).toBe(expected.kind);
        expect(r.findings.map((x) => `${x.span.start.line}:${x.ruleId}:${x.message}`)).toEqual(expected.findings.map((x) => `${x.span.start.line}:${x.ruleId}:${x.message}`));
        expect(r.score?.total).toBe(expected.score?.total);
      });
    } finally {
      await pool.close();
    }
  });

  it('starts no worker for a few files', () => {
    expect(AnalysisPool.sizeFor(3)).toBe(0);
  });

  it('--fix inserts no section skeleton (they are editor suggestions): the file and its findings stay as they were', async () => {
    const file = path.join(dir, 'plan.md');
    writeFileSync(file, WEAK);
    const plain = await planlint(['lint', 'plan.md'], dir);
    const fixed = await planlint(['lint', '--fix', 'plan.md'], dir);
    expect(readFileSync(file, 'utf8')).toBe(WEAK);
    expect(fixed.stdout).toBe(plain.stdout);
    expect(fixed.stdout).toContain('missing-dod');
    expect(onlyInserted(WEAK, readFileSync(file, 'utf8'))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('planlint-tmp'))).toEqual([]);
  });

  it('--fix never touches a non-plan unless forced', async () => {
    const file = path.join(dir, 'notes.md');
    writeFileSync(file, '# Meeting notes\n\nWe will deploy to production on Friday.\n');
    await planlint(['lint', '--fix', 'notes.md'], dir);
    expect(readFileSync(file, 'utf8')).toBe('# Meeting notes\n\nWe will deploy to production on Friday.\n');
  });
});

describe('planlint score', () => {
  it('prints each component with its weight and counts', async () => {
    writeFileSync(path.join(dir, 'plan.md'), WEAK);
    const r = await planlint(['score', 'plan.md'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^plan\.md: 15\/100 {2}\(renormalised over the 65 weight points that apply\)$/m);
    for (const name of ['done', 'tests', 'rollback', 'risks', 'clarity']) expect(r.stdout).toMatch(new RegExp(`^ {2}${name} +\\d+% +weight +\\d+`, 'm'));
    for (const name of ['requirements', 'gates', 'owners']) expect(r.stdout).toMatch(new RegExp(`^ {2}${name} +n/a +weight +\\d+ +not applicable: `, 'm'));
    expect(r.stdout).toMatch(/done +0% +weight 15 +0 of 2 stages with a filled Definition of Done/);
    expect(r.stdout).toMatch(/gates +n\/a +weight 10 +not applicable: no CI gates declared/);
    const json = JSON.parse((await planlint(['score', '-f', 'json', 'plan.md'], dir)).stdout);
    expect(json.score.components.tests.weight).toBe(15);
  });

  it('refuses a non-plan with exit 2 unless forced', async () => {
    writeFileSync(path.join(dir, 'notes.md'), '# Notes\n\nHello.\n');
    expect((await planlint(['score', 'notes.md'], dir)).code).toBe(2);
    expect((await planlint(['score', '--force', 'notes.md'], dir)).code).toBe(0);
  });
});
