import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseConfig, rules } from '../server/src/core/index.js';
import { jsonFiles, planlint, WEAK_PLAN as WEAK, writeUnder } from './helpers/cli.js';

// The habits of ESLint and markdownlint-cli2 users: stdin, -o, one-line and CI formats,
// --print-config, init, rules, --rule, --max-warnings -1, --no-error-on-unmatched-pattern,
// --cache and an unknown subcommand.


let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'planlint-habits-'));
});

const write = (rel: string, text = WEAK): string => writeUnder(dir, rel, text);

describe('standard input', () => {
  it('lints `-` under --stdin-filename: its config, its template detection and its path', async () => {
    write('docs/.planlintrc.json', '{ "rules": { "missing-dod": "error" } }');
    const r = await planlint(['lint', '-', '--stdin-filename', 'docs/plan.md', '-f', 'json'], dir, undefined, WEAK);
    const [file] = jsonFiles(r) as Array<{ path: string; kind: string; findings: Array<{ ruleId: string; severity: string }> }>;
    expect(file!.path).toBe('docs/plan.md');
    expect(file!.findings.find((f) => f.ruleId === 'missing-dod')?.severity).toBe('error');
    expect(r.code).toBe(1);
    const template = await planlint(['lint', '-', '--stdin-filename', 'templates/plan.md', '-f', 'json'], dir, undefined, WEAK);
    expect(jsonFiles(template)[0]).toMatchObject({ path: 'templates/plan.md', kind: 'template' });
    const bare = await planlint(['lint', '-'], dir, undefined, WEAK);
    expect(bare.stdout).toMatch(/^<stdin> {2}score \d+\/100$/m);
    expect(bare.code).toBe(0);
  });

  it('--stdin-filename alone reads stdin; `-` with other paths or --fix is refused', async () => {
    const alone = await planlint(['lint', '--stdin-filename', 'plan.md', '-f', 'compact'], dir, undefined, WEAK);
    expect(alone.stdout).toMatch(/^plan\.md:3:1: warning .*\[missing-dod\]$/m);
    const mixed = await planlint(['lint', '-', 'other.md'], dir, undefined, WEAK);
    expect(mixed.stderr).toContain("standard input ('-') is linted alone");
    expect(mixed.code).toBe(2);
    expect((await planlint(['lint', '-', '--fix'], dir, undefined, WEAK)).code).toBe(2);
  });
});

describe('output formats and -o', () => {
  it('compact: one line per finding, file:line:col: severity message [rule]', async () => {
    write('plan.md');
    const r = await planlint(['lint', '-f', 'compact', 'plan.md'], dir);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).toMatch(/^plan\.md:\d+:\d+: (?:error|warning|info) .+ \[[a-z-]+\]$/);
    expect(lines).toContain(lines.find((l) => l.startsWith('plan.md:3:1: warning Stage "Stage 1: Build the index" has no Definition of Done')));
  });

  it('github: workflow commands with escaped properties and messages', async () => {
    write('a, b: 100%.md', '# Plan: x\n\n## Stage 1: Build\n\n- [ ] Build\n\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> other\n');
    const r = await planlint(['lint', '-f', 'github', '.'], dir);
    const lines = r.stdout.trimEnd().split('\n');
    const conflict = lines.find((l) => l.includes('merge-conflict-marker'))!;
    expect(conflict).toMatch(/^::error file=a%2C b%3A 100%25\.md,line=7,col=1,endLine=7,endColumn=\d+,title=planlint \(merge-conflict-marker\)::/);
    for (const line of lines) expect(line).toMatch(/^::(?:error|warning|notice) file=[^:,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^:,]+::[^\r\n]+$/);
    expect(r.code).toBe(1);
  });

  it('junit: well-formed XML with a failure per finding and escaped text', async () => {
    write('<&"plan">.md');
    write('notes.md', '# Notes\n\nHello.\n');
    const r = await planlint(['lint', '-f', 'junit', '.'], dir);
    const xml = r.stdout;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="planlint"')).toBe(true);
    expect(xml).toContain('<testsuite name="&lt;&amp;&quot;plan&quot;&gt;.md"');
    expect(xml).toContain('<testcase classname="notes.md" name="not a plan, not linted" file="notes.md" />');
    const failures = xml.match(/<failure type="[a-z-]+" message="[^"<]*">[^<]*<\/failure>/g) ?? [];
    expect(failures.length).toBe(Number(/<testsuites [^>]*failures="(\d+)"/.exec(xml)![1]));
    expect(failures.length).toBeGreaterThan(0);
    // Every tag opened is closed, in order (well-formed element nesting).
    const stack: string[] = [];
    for (const [, close, name, self] of xml.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
      if (self) continue;
      if (close) expect(stack.pop()).toBe(name);
      else stack.push(name!);
    }
    expect(stack).toEqual([]);
  });

  it('-o writes the report to a file (folders created) and nothing to stdout', async () => {
    write('plan.md');
    const r = await planlint(['lint', '-f', 'sarif', '-o', 'reports/planlint.sarif', 'plan.md'], dir);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(path.join(dir, 'reports', 'planlint.sarif'), 'utf8')).version).toBe('2.1.0');
    const stylish = await planlint(['lint', '--output-file', 'out.txt', 'plan.md'], dir);
    expect(stylish.stdout).toBe('');
    expect(readFileSync(path.join(dir, 'out.txt'), 'utf8')).toMatch(/✖ \d+ problems/);
  });
});

describe('configuration from the command line', () => {
  it('--print-config prints the resolved config of a file, --rule included', async () => {
    write('docs/.planlintrc.json', '{ "rules": { "missing-owner": "off" }, "ignorePatterns": ["old/**"] }');
    const r = await planlint(['lint', '--print-config', 'docs/any.md', '--rule', 'missing-dod: error'], dir);
    const config = JSON.parse(r.stdout);
    expect(config.file).toBe(path.join(dir, 'docs', '.planlintrc.json'));
    expect(config.rules['missing-owner'][0]).toBe('off');
    expect(config.rules['missing-dod'][0]).toBe('error');
    expect(config.ignorePatterns).toEqual(['old/**']);
    expect(Object.keys(config.rules)).toHaveLength(rules.length);
  });

  it('--rule sets rules as ESLint does, and an unknown id suggests the nearest', async () => {
    write('plan.md');
    const colon = JSON.parse((await planlint(['lint', '-f', 'json', '--rule', 'missing-dod: error', '--rule', 'undefined-tests=off', 'plan.md'], dir)).stdout);
    const findings = colon.files[0].findings as Array<{ ruleId: string; severity: string }>;
    expect(findings.filter((f) => f.ruleId === 'missing-dod').every((f) => f.severity === 'error')).toBe(true);
    expect(findings.some((f) => f.ruleId === 'undefined-tests')).toBe(false);
    const options = await planlint(['lint', '-f', 'json', '--rule', 'plan-too-long: [warning, {"maxTokens": 5}]', 'plan.md'], dir);
    expect(JSON.parse(options.stdout).files[0].findings.some((f: { ruleId: string }) => f.ruleId === 'plan-too-long')).toBe(true);
    const typo = await planlint(['lint', '--rule', 'missing-dd: error', 'plan.md'], dir);
    expect(typo.stderr).toContain('unknown rule "missing-dd"; did you mean "missing-dod"?');
    expect(typo.code).toBe(2);
    const severity = await planlint(['lint', '--rule', 'missing-dod: warn', 'plan.md'], dir);
    expect(severity.stderr).toMatch(/expected "off", "info", "warning", "error"/);
    expect(severity.code).toBe(2);
  });

  it('init writes a commented .planlintrc.json with $schema that parses, and never overwrites', async () => {
    const r = await planlint(['init'], dir);
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(dir, '.planlintrc.json'), 'utf8');
    expect(text).toMatch(/^\s*\/\/ /m);
    expect(text).toMatch(/"\$schema": "[^"]*planlintrc\.schema\.json"/);
    expect(parseConfig(text, '.planlintrc.json').rules.get('missing-dod')?.severity).toBe('warning');
    writeFileSync(path.join(dir, '.planlintrc.json'), '{}');
    const again = await planlint(['init'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('.planlintrc.json: already exists; not overwritten');
    expect(readFileSync(path.join(dir, '.planlintrc.json'), 'utf8')).toBe('{}');
  });

  it('rules lists every rule with its severity and docs link, as text and JSON', async () => {
    write('.planlintrc.json', '{ "rules": { "missing-owner": "off" } }');
    const text = await planlint(['rules'], dir);
    expect(text.stdout).toMatch(/^missing-owner +off \(default info\) +.*$/m);
    expect(text.stdout).toContain('https://github.com/planlint/planlint/blob/main/docs/rules/missing-dod.md');
    const json = JSON.parse((await planlint(['rules', '--format', 'json'], dir)).stdout);
    expect(json.rules).toHaveLength(rules.length);
    expect(json.rules.find((r: { id: string }) => r.id === 'missing-owner')).toMatchObject({ severity: 'off', defaultSeverity: 'info', docsUrl: expect.stringMatching(/missing-owner\.md$/) });
  });
});

describe('exit codes and unmatched paths', () => {
  it('--max-warnings -1 is no limit; below -1 is refused', async () => {
    write('plan.md');
    expect((await planlint(['lint', '--max-warnings', '-1', 'plan.md'], dir)).code).toBe(0);
    expect((await planlint(['lint', '--max-warnings', '0', 'plan.md'], dir)).code).toBe(1);
    const bad = await planlint(['lint', '--max-warnings', '-2', 'plan.md'], dir);
    expect(bad.stderr).toContain('-1: no limit');
    expect(bad.code).toBe(2);
  });

  it('--no-error-on-unmatched-pattern: a path or glob matching nothing is not an error', async () => {
    write('plan.md');
    const strict = await planlint(['lint', 'plan.md', 'missing/*.md'], dir);
    expect(strict.code).toBe(2);
    const lenient = await planlint(['lint', '--no-error-on-unmatched-pattern', 'plan.md', 'missing/*.md', 'gone.md'], dir);
    expect(lenient.stderr).toBe('');
    expect(lenient.code).toBe(0);
    const nothing = await planlint(['lint', '--no-error-on-unmatched-pattern', 'gone.md'], dir);
    expect(nothing.stdout).toBe('no files linted\n');
    expect(nothing.code).toBe(0);
  });

  it('an unknown subcommand is an error with the nearest command; a path still lints', async () => {
    const r = await planlint(['lnt', 'plan.md'], dir);
    expect(r.stderr).toContain("error: unknown command 'lnt'");
    expect(r.stderr).toContain('Did you mean lint?');
    expect(r.code).toBe(2);
    const scoer = await planlint(['scoer', 'plan.md'], dir);
    expect(scoer.stderr).toContain('Did you mean score?');
    // A word like no command is a path that does not exist.
    const word = await planlint(['nothing'], dir);
    expect(word.stderr).toBe('planlint: nothing: no such file or directory\n');
    expect(word.code).toBe(2);
    write('docs/plan.md');
    const folder = await planlint(['docs'], dir);
    expect(folder.stdout).toMatch(/^docs\/plan\.md {2}score/m);
    expect((await planlint(['-f', 'json', 'docs'], dir)).code).toBe(0);
  });
});

describe('--cache', () => {
  it('reuses a result while content, config and version are the same', async () => {
    const plan = write('plan.md');
    const first = await planlint(['lint', '--cache', '-f', 'json', 'plan.md'], dir);
    const cacheFile = path.join(dir, 'node_modules', '.cache', 'planlint', 'lint-cache.json');
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
    expect(cache.version).toBe('0.1.0');
    expect(Object.keys(cache.entries)).toEqual([plan]);
    // A result read from the cache is printed as stored: mark it to see that it was used.
    cache.entries[plan].result.findings[0].message = 'from the cache';
    writeFileSync(cacheFile, JSON.stringify(cache));
    const second = await planlint(['lint', '--cache', '-f', 'json', 'plan.md'], dir);
    expect(JSON.parse(second.stdout).files[0].findings[0].message).toBe('from the cache');
    // Another config: the entry does not apply.
    write('.planlintrc.json', '{ "rules": { "missing-owner": "off" } }');
    const third = await planlint(['lint', '--cache', '-f', 'json', 'plan.md'], dir);
    expect(third.stdout).toBe(first.stdout);
    // Other content: neither.
    writeFileSync(plan, `${WEAK}\n`);
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8'));
    cached.entries[plan].result.findings[0].message = 'from the cache';
    writeFileSync(cacheFile, JSON.stringify(cached));
    expect(JSON.parse((await planlint(['lint', '--cache', '-f', 'json', 'plan.md'], dir)).stdout).files[0].findings[0].message).not.toBe('from the cache');
    // Another version: the whole file is discarded.
    writeFileSync(cacheFile, JSON.stringify({ ...cached, version: '0.0.1' }));
    expect(JSON.parse((await planlint(['lint', '--cache', '-f', 'json', 'plan.md'], dir)).stdout).files[0].findings[0].message).not.toBe('from the cache');
  });

  it('--cache-location names the cache file or folder', async () => {
    write('plan.md');
    await planlint(['lint', '--cache', '--cache-location', '.cache/lint.json', 'plan.md'], dir);
    expect(Object.keys(JSON.parse(readFileSync(path.join(dir, '.cache', 'lint.json'), 'utf8')).entries)).toHaveLength(1);
    await planlint(['lint', '--cache', '--cache-location', 'tmp/', 'plan.md'], dir);
    expect(Object.keys(JSON.parse(readFileSync(path.join(dir, 'tmp', 'lint-cache.json'), 'utf8')).entries)).toHaveLength(1);
  });
});
