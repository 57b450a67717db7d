import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { analyze, ConfigError, defaultConfig, parseConfig } from '../server/src/core/index.js';

const plan = '# Plan: x\n\n## Stage 1: Build\n\n- [ ] Build it\n\n## Stage 2: Ship\n\n- [ ] Ship it\n';

function configError(text: string): ConfigError {
  try {
    parseConfig(text, '/repo/.planlintrc.json');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('accepts comments, trailing commas, severities and [severity, options]', () => {
    const config = parseConfig(
      `{
        // plans here have no owners yet
        "extends": "planlint:recommended",
        "rules": { "missing-dod": "error", "plan-too-long": ["warning", { "maxTokens": 500 }], "missing-owner": "off", },
      }`,
      '/repo/.planlintrc.json',
    );
    expect(config.rules.get('missing-dod')).toEqual({ severity: 'error', options: { exemptKinds: ['review', 'verification', 'rollback'] } });
    expect(config.rules.get('plan-too-long')).toEqual({ severity: 'warning', options: { maxTokens: 500 } });
    expect(config.rules.get('missing-owner')?.severity).toBe('off');
    const findings = analyze(plan, config).findings;
    expect(findings.filter((f) => f.ruleId === 'missing-dod').every((f) => f.severity === 'error')).toBe(true);
  });

  it('planlint:strict raises info rules to warning and the core rules to error', () => {
    const strict = parseConfig('{ "extends": ["planlint:strict"] }', 'x');
    expect(strict.rules.get('empty-section')?.severity).toBe('warning');
    expect(strict.rules.get('missing-dod')?.severity).toBe('error');
    expect(defaultConfig().rules.get('missing-dod')?.severity).toBe('warning');
  });

  it('extends the vocabulary instead of replacing it', () => {
    const config = parseConfig('{ "vocabulary": { "dod": ["Ready when"], "stage": ["Increment"] } }', 'x');
    expect(config.vocabulary.dod).toContain('definition of done');
    const text = '# Plan: y\n\n## Increment 1: Build\n\n**Ready when:** `make check` passes\n\n## Increment 2: Ship\n\n**DoD:** deployed\n';
    const result = analyze(text, config, { only: ['missing-dod'] });
    expect(result.plan?.stages.map((s) => s.title)).toEqual(['Increment 1: Build', 'Increment 2: Ship']);
    expect(result.findings).toEqual([]);
  });

  it('names the file, key path, line and what was expected for a bad option', () => {
    const error = configError('{\n  "rules": {\n    "plan-too-long": ["warning", { "maxTokens": "many" }]\n  }\n}');
    expect(error.message).toContain('/repo/.planlintrc.json');
    expect(error.issues).toHaveLength(1);
    // The innermost key that is wrong, with the expected type, not the whole rule entry.
    expect(error.issues[0]).toMatchObject({ path: 'rules.plan-too-long[1].maxTokens', line: 3, message: 'expected number, received string' });
  });

  it('reports unknown keys and unknown rules with their line', () => {
    const error = configError('{\n  "rulez": {},\n  "rules": { "missing-dodd": "warning" }\n}');
    const messages = error.issues.map((i) => `${i.line}:${i.path}:${i.message}`);
    // On the unknown key's own line, naming the keys that are valid there.
    expect(messages).toContain('2::unknown key "rulez"; did you mean "rules"? Expected "$schema", "extends", "rules", "vocabulary", "ignorePatterns", "profile" or "sets"');
    expect(messages.some((m) => m.includes('"missing-dodd"'))).toBe(true);
  });

  it('says what a rule entry may be instead of "too many items", and names the valid values of an enum', () => {
    expect(configError('{ "rules": { "plan-too-long": ["warning", { "maxTokens": 1 }, 3] } }').issues[0]).toMatchObject({
      path: 'rules.plan-too-long',
      message: 'too many items for rule "plan-too-long"; expected [severity] or [severity, options]',
    });
    expect(configError('{ "rules": { "undefined-tests": ["error", { "exemptKinds": ["doc"] }] } }').issues[0]).toMatchObject({
      path: 'rules.undefined-tests[1].exemptKinds[0]',
      message: expect.stringMatching(/^expected one of "build", "setup", "docs", .* or "rollback"$/),
    });
    expect(configError('{ "rules": { "plan-too-long": ["warning", { "maxToken": 1 }] } }').issues[0]!.message).toBe('unknown key "maxToken"; did you mean "maxTokens"? Expected "maxTokens"');
    expect(configError('{ "rules": { "missing-dod": ["warn"] } }').issues[0]).toMatchObject({ path: 'rules.missing-dod[0]', message: 'expected one of "off", "info", "warning" or "error"' });
  });

  it('gives editors one array shape per rule entry, so that JSON Schema validation explains a bad option rather than "too many items"', () => {
    const schema = JSON.parse(readFileSync(path.join(__dirname, '..', 'schemas', 'planlintrc.schema.json'), 'utf8')) as { properties: { rules: { properties: Record<string, { anyOf: Array<{ type: string; minItems?: number; maxItems?: number }> }> } } };
    const entry = schema.properties.rules.properties['plan-too-long']!;
    expect(entry.anyOf.map((b) => [b.type, b.minItems, b.maxItems])).toEqual([
      ['string', undefined, undefined],
      ['array', 1, 2],
    ]);
  });

  it('gives VS Code a schema for completion and hovers that validates nothing, so that a config mistake is one problem (planlint\'s), not two', () => {
    const read = (name: string) => JSON.parse(readFileSync(path.join(__dirname, '..', 'schemas', name), 'utf8')) as Record<string, unknown>;
    const full = read('planlintrc.schema.json');
    const editor = read('planlintrc.editor.schema.json');
    const manifest = read('../package.json') as { contributes: { jsonValidation: Array<{ url: string }> } };
    expect(manifest.contributes.jsonValidation.map((j) => j.url)).toEqual(['./schemas/planlintrc.editor.schema.json']);
    const ajv = new Ajv({ strict: false });
    const bad = { rules: { 'undefined-tests': 'fatal', 'missing-dod': ['warning', { exempt: 'docs' }, 3] }, extends: 7, unknown: true };
    expect(ajv.validate(full, bad)).toBe(false);
    expect(ajv.validate(editor, bad), JSON.stringify(ajv.errors)).toBe(true);
    // Completion still offers the values: each enum of the full schema is in the editor schema's examples.
    const values = (node: unknown, key: 'enum' | 'examples', out: string[] = []): string[] => {
      if (Array.isArray(node)) for (const n of node) values(n, key, out);
      else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) (k === key && Array.isArray(v) ? out.push(JSON.stringify(v)) : values(v, key, out));
      return out;
    };
    expect(values(full, 'enum').length).toBeGreaterThan(20);
    expect(values(editor, 'examples')).toEqual(expect.arrayContaining(values(full, 'enum')));
    expect(JSON.stringify(editor)).not.toMatch(/"(?:type|enum|minItems|maxItems|required|oneOf)":|"additionalProperties":false/);
  });

  it('reports a bad severity and a bad preset', () => {
    expect(configError('{ "rules": { "missing-dod": "warn" } }').issues[0]!.message).toMatch(/expected "off", "info", "warning", "error"/);
    expect(configError('{ "extends": "eslint:recommended" }').issues[0]!.path).toBe('extends');
  });

  it('reports JSON syntax errors with the line', () => {
    const error = configError('{\n  "rules": {\n    "missing-dod": "warning"\n  \n');
    expect(error.issues[0]!.message).toMatch(/JSON syntax error/);
    expect(error.issues[0]!.line).toBeGreaterThanOrEqual(4);
  });

  it('names the line and column of a JSON syntax error, in words', () => {
    const error = configError('{\n  "rules": { "missing-dod": "warning" }\n}\n{');
    expect(error.issues[0]).toMatchObject({ line: 4, column: 1, message: 'JSON syntax error: unexpected text after the end of the JSON value' });
    expect(error.message).toContain('line 4, column 1: (root): JSON syntax error');
    expect(configError('{ "rules": { "missing-dod" "warning" } }').issues[0]).toMatchObject({ line: 1, column: 28, message: 'JSON syntax error: expected ":"' });
  });

  it('lists the valid keys and suggests the nearest rule id or key', () => {
    const rule = configError('{ "rules": { "missing-dd": "warning" } }').issues[0]!;
    expect(rule.message).toMatch(/^unknown rule "missing-dd"; did you mean "missing-dod"\? Expected "missing-rollback", "undefined-tests", /);
    const key = configError('{ "ignorePattern": [] }').issues[0]!;
    expect(key.message).toBe('unknown key "ignorePattern"; did you mean "ignorePatterns"? Expected "$schema", "extends", "rules", "vocabulary", "ignorePatterns", "profile" or "sets"');
    const far = configError('{ "colour": 1 }').issues[0]!;
    expect(far.message).toBe('unknown key "colour"; expected "$schema", "extends", "rules", "vocabulary", "ignorePatterns", "profile" or "sets"');
    expect(configError('{ "vocabulary": { "stages": ["x"] } }').issues[0]!.message).toMatch(/did you mean "stage"\? Expected "planTitle", /);
    expect(configError('{ "profile": "kiroo" }').issues[0]!.message).toBe('expected one of "auto", "generic", "spec-kit", "kiro" or "kep"');
  });
});
