import type * as z from 'zod';
import { nearest } from './nearest.js';

/** A validation issue in words: the key path it is about and what was expected there. */
export interface ReadableIssue {
  /** Key path from the root (`["rules", "plan-too-long", 1, "maxTokens"]`). */
  keys: Array<string | number>;
  message: string;
}

/** The documented keys of the object at a key path, when known (for unknown-key messages). */
export type KnownKeys = (keys: ReadonlyArray<string | number>) => readonly string[] | undefined;

const quoted = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v));

/** "a", "b" or "c". */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/**
 * The branch of a union that got furthest into the value: its issue with the longest path;
 * among equals, one that accepted the value's type (an `invalid_type` issue rejected it
 * outright), then the largest array bound (`[severity, options]` over `[severity]`).
 */
function furthest(branches: z.core.$ZodIssue[][]): z.core.$ZodIssue | undefined {
  let best: z.core.$ZodIssue | undefined;
  const rank = (i: z.core.$ZodIssue) => [i.path.length, i.code === 'invalid_type' ? 0 : 1, i.code === 'too_big' ? Number(i.maximum) : 0];
  for (const issues of branches) {
    for (const issue of issues) {
      if (!best) {
        best = issue;
        continue;
      }
      const [a, b] = [rank(issue), rank(best)];
      if (a[0]! > b[0]! || (a[0] === b[0] && (a[1]! > b[1]! || (a[1] === b[1] && a[2]! > b[2]!)))) best = issue;
    }
  }
  return best;
}

/**
 * A zod issue of the config or settings schema as a person reads it: a union (a rule's
 * `severity | [severity] | [severity, options]`, `extends`) is explained by the branch that
 * got furthest, with its own path; enums name their values; unknown keys name the documented
 * ones; a too-long array says which shapes fit instead of "too many items".
 */
export function readableIssue(issue: z.core.$ZodIssue, knownKeys: KnownKeys, prefix: Array<string | number> = []): ReadableIssue {
  const keys = [...prefix, ...issue.path.filter((k): k is string | number => typeof k !== 'symbol')];
  const severityRule = keys[0] === 'rules' && keys.length === 2;
  switch (issue.code) {
    case 'invalid_union': {
      const branch = furthest(issue.errors);
      if (!branch) return { keys, message: 'invalid value; expected a documented value' };
      const inner = readableIssue(branch, knownKeys, keys);
      // Wrong type for every branch of a rule entry: say every shape it may take.
      if (severityRule && inner.keys.length === 2 && branch.code !== 'too_big') {
        return { keys, message: `invalid setting for rule "${String(keys[1])}"; expected "off", "info", "warning", "error" or [severity, options] with valid options` };
      }
      return inner;
    }
    case 'invalid_value':
      return { keys, message: `expected one of ${orList(quoted(issue.values))}` };
    case 'unrecognized_keys': {
      const known = knownKeys(keys);
      const rule = keys.length === 1 && keys[0] === 'rules';
      const what = `unknown ${rule ? 'rule' : 'key'}${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
      // The nearest known name, when one is close: a typo of a rule id or a key.
      const guesses = known ? issue.keys.map((k) => nearest(k, known)).filter((k): k is string => k !== undefined) : [];
      const guess = guesses.length ? `; did you mean ${orList(quoted(guesses))}?` : '';
      return { keys, message: known?.length ? `${what}${guess}${guess ? ' Expected' : '; expected'} ${orList(quoted(known))}` : `${what}${guess}${guess ? ' Expected' : '; expected'} one of the documented keys` };
    }
    case 'too_big':
      if (issue.origin === 'array' && keys[0] === 'rules' && keys.length === 2) return { keys, message: `too many items for rule "${String(keys[1])}"; expected [severity] or [severity, options]` };
      if (issue.origin === 'array') return { keys, message: `too many items; expected at most ${String(issue.maximum)}` };
      return { keys, message: issue.message.replace(/^Too big: /, '') };
    case 'too_small':
      return { keys, message: issue.message.replace(/^Too small: /, '') };
    default:
      return { keys, message: issue.message.replace(/^Invalid input: /, '') };
  }
}
