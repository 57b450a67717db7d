import type * as z from 'zod';
import { nearest } from './nearest.js';

/** What each jsonc-parser error code means, as a config error says it. */
export const SYNTAX_ERRORS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

/**
 * The message of unknown keys: `unknown rule "missing-dd"; did you mean "missing-dod"? Expected
 * one of: …`, the nearest known key suggested when one is close.
 *
 * @param known the keys the object accepts (rule ids under `rules`)
 */
export function unknownKeys(issue: z.core.$ZodIssue & { code: 'unrecognized_keys' }, known: readonly string[]): string {
  const what = issue.path.length === 1 && issue.path[0] === 'rules' ? 'rule' : 'key';
  const names = issue.keys.map((k) => `"${k}"`).join(', ');
  const guesses = issue.keys.map((k) => nearest(k, known)).filter((k): k is string => k !== undefined);
  const expected = known.length ? `one of: ${known.join(', ')}` : 'one of the documented keys';
  const unknown = `unknown ${what}${issue.keys.length > 1 ? 's' : ''} ${names}`;
  return guesses.length ? `${unknown}; did you mean ${guesses.map((k) => `"${k}"`).join(', ')}? Expected ${expected}` : `${unknown}; expected ${expected}`;
}
