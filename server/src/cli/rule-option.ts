import { InvalidArgumentError } from 'commander';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';

/**
 * The commander parser of a repeatable `--rule`, collecting into `previous`. As ESLint's
 * `--rule`, each value sets rules: `'missing-dod: error'`, `missing-dod=error`,
 * `'plan-too-long: [warning, {"maxTokens": 500}]'` (a JSON value, bare words taken as strings),
 * or a JSON object `'{"missing-dod": "error"}'`. Rule ids and settings are validated later,
 * against the config schema.
 *
 * @throws {InvalidArgumentError} when the value has neither form
 */
export function ruleArg(value: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const trimmed = value.trim();
  if (trimmed.startsWith('{')) {
    const parsed = json(trimmed);
    if (parsed === undefined || typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidArgumentError(`${value} is not a JSON object of rule settings; expected for example '{"missing-dod": "error"}'`);
    return { ...previous, ...(parsed as Record<string, unknown>) };
  }
  const match = /^([^:=\s]+)\s*[:=]\s*(.+)$/s.exec(trimmed);
  if (!match) throw new InvalidArgumentError(`"${value}" is not a rule setting; expected "rule-id: severity" or rule-id=severity, for example "missing-dod: error"`);
  const [, id, setting] = match as unknown as [string, string, string];
  const parsed = setting.startsWith('[') ? json(setting.replace(/(?<=[[,]\s*)(off|info|warning|error)(?=\s*[\],])/g, '"$1"')) : setting.replace(/^["']|["']$/g, '');
  if (parsed === undefined) throw new InvalidArgumentError(`${value}: the setting is not valid JSON; expected a severity or [severity, {options}]`);
  return { ...previous, [id]: parsed };
}

function json(text: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  return errors.length ? undefined : value;
}
