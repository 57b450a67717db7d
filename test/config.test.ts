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
    expect(error.issues[0]).toMatchObject({ path: 'rules.plan-too-long', line: 3 });
    expect(error.issues[0]!.message).toMatch(/expected/);
  });

  it('reports unknown keys and unknown rules with their line', () => {
    const error = configError('{\n  "rulez": {},\n  "rules": { "missing-dodd": "warning" }\n}');
    const messages = error.issues.map((i) => `${i.line}:${i.path}:${i.message}`);
    expect(messages.some((m) => m.startsWith('1::') && m.includes('"rulez"'))).toBe(true);
    expect(messages.some((m) => m.includes('"missing-dodd"'))).toBe(true);
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
    expect(rule.message).toMatch(/^unknown rule "missing-dd"; did you mean "missing-dod"\? Expected one of: missing-rollback, undefined-tests, /);
    const key = configError('{ "ignorePattern": [] }').issues[0]!;
    expect(key.message).toBe('unknown key "ignorePattern"; did you mean "ignorePatterns"? Expected one of: $schema, extends, rules, vocabulary, ignorePatterns, profile, sets');
    const far = configError('{ "colour": 1 }').issues[0]!;
    expect(far.message).toBe('unknown key "colour"; expected one of: $schema, extends, rules, vocabulary, ignorePatterns, profile, sets');
    expect(configError('{ "vocabulary": { "stages": ["x"] } }').issues[0]!.message).toMatch(/did you mean "stage"\? Expected one of: planTitle, /);
    expect(configError('{ "profile": "kiroo" }').issues[0]!.message).toMatch(/expected one of "auto"\|"generic"\|"spec-kit"\|"kiro"\|"kep"/);
  });
});
