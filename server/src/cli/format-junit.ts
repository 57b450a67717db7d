import type { FileReport } from './report.js';

/**
 * Escapes text for XML 1.0 content and attribute values: the five markup characters as
 * entities, and characters XML 1.0 cannot hold at all (C0 controls but tab, LF and CR; lone
 * surrogates; U+FFFE, U+FFFF) replaced by U+FFFD. Line breaks in attributes become `&#10;` so
 * that parsers keep them.
 */
export function escapeXml(s: string): string {
  return s
    .replace(/[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;');
}

/**
 * The `junit` format (JUnit XML as CI servers read it): one `<testsuite>` per file, one
 * `<testcase>` per finding with a `<failure>` (its type the rule id, the severity and position
 * in the text), a passing `<testcase>` for a file without findings, and an `<error>` per failure
 * to read or analyze the file.
 */
export function toJunit(files: FileReport[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failures = files.reduce((n, f) => n + f.findings.length, 0);
  const errors = files.reduce((n, f) => n + f.errors.length, 0);
  const cases = files.reduce((n, f) => n + Math.max(1, f.findings.length + f.errors.length), 0);
  out.push(`<testsuites name="planlint" tests="${cases}" failures="${failures}" errors="${errors}">`);
  for (const f of files) {
    const file = escapeXml(f.path);
    const tests = Math.max(1, f.findings.length + f.errors.length);
    out.push(`  <testsuite name="${file}" tests="${tests}" failures="${f.findings.length}" errors="${f.errors.length}">`);
    for (const x of f.findings) {
      const where = `${x.span.start.line}:${x.span.start.column}`;
      out.push(`    <testcase classname="${file}" name="${escapeXml(`${where} ${x.ruleId}`)}" file="${file}" line="${x.span.start.line}">`);
      out.push(`      <failure type="${escapeXml(x.ruleId)}" message="${escapeXml(x.message)}">${escapeXml(`${x.severity} at ${f.path}:${where}: ${x.message} [${x.ruleId}]`)}</failure>`);
      out.push('    </testcase>');
    }
    for (const e of f.errors) {
      out.push(`    <testcase classname="${file}" name="${escapeXml(`${f.path}: not linted`)}" file="${file}">`);
      out.push(`      <error message="${escapeXml(e)}">${escapeXml(e)}</error>`);
      out.push('    </testcase>');
    }
    if (tests === 1 && f.findings.length + f.errors.length === 0) out.push(`    <testcase classname="${file}" name="${escapeXml(f.isPlan ? 'no findings' : f.kind === 'template' ? 'template, not linted' : 'not a plan, not linted')}" file="${file}" />`);
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
