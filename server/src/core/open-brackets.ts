// A guard for a parse that would take quadratic time: remark-gfm's autolink literal extension
// (micromark-extension-gfm-autolink-literal 2.1) walks back over every event of a paragraph to
// the last unbalanced `[` or `![` at each word that could start a bare URL or e-mail address,
// so a `[` left open over a long stretch of words costs time quadratic in that stretch (1 MiB
// of words after `![` ran for hours). Pure and linear.

/** Characters a `[` may stay open in one paragraph before autolink literals are turned off. */
export const OPEN_BRACKET_LIMIT = 8_192;

/**
 * The 0-based offset in `text` of the first `[` that stays open (no `]` closes it, counting
 * nested pairs and skipping backslash escapes) for more than `limit` characters of one
 * paragraph (a blank line ends a paragraph and forgets open brackets), or -1 when there is none.
 */
export function longOpenBracket(text: string, limit = OPEN_BRACKET_LIMIT): number {
  let depth = 0;
  let openedAt = -1;
  let lineBlank = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (lineBlank) {
        depth = 0;
        openedAt = -1;
      }
      lineBlank = true;
      continue;
    }
    if (c !== 32 && c !== 9) lineBlank = false;
    if (c === 92) {
      i++;
    } else if (c === 91) {
      if (depth++ === 0) openedAt = i;
    } else if (c === 93 && depth > 0) {
      if (--depth === 0) openedAt = -1;
    }
    if (depth > 0 && i - openedAt > limit) return openedAt;
  }
  return -1;
}
