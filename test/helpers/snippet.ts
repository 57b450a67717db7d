/** A tab stop's place in an expanded snippet: 0-based UTF-16 offsets `[start, end)` of its default text. */
export interface TabStop {
  start: number;
  end: number;
}

/** A snippet as an editor inserts it: the text, and where each tab stop landed (its first occurrence). */
export interface ExpandedSnippet {
  text: string;
  stops: Map<number, TabStop>;
  /** The stop the cursor goes to first: the lowest numbered stop above 0, else `$0`, else undefined. */
  first: TabStop | undefined;
}

/**
 * Expands an LSP snippet (`$1`, `${1}`, `${1:default}` with nested stops, `${1|a,b|}`, `\$`,
 * `\}` and `\\` escapes) the way an editor inserts it, each slot holding its default.
 *
 * @throws Error for variables (`$NAME`, `${NAME}`), which planlint never emits, and for an unclosed `${`
 */
export function expandSnippet(snippet: string): ExpandedSnippet {
  let i = 0;
  let text = '';
  const stops = new Map<number, TabStop>();
  const parse = (inPlaceholder: boolean): void => {
    while (i < snippet.length) {
      const c = snippet[i]!;
      if (c === '\\' && i + 1 < snippet.length && '$}\\'.includes(snippet[i + 1]!)) {
        text += snippet[i + 1];
        i += 2;
        continue;
      }
      if (inPlaceholder && c === '}') return;
      if (c === '$') {
        const rest = snippet.slice(i);
        const simple = /^\$(\d+)/.exec(rest);
        const open = /^\$\{(\d+)([:}|])/.exec(rest);
        if (simple || open) {
          const n = Number((simple ?? open)![1]);
          const start = text.length;
          i += (simple ?? open)![0].length;
          if (open?.[2] === ':') {
            parse(true);
            if (snippet[i] !== '}') throw new Error(`unclosed placeholder \${${n}: in ${JSON.stringify(snippet)}`);
            i++;
          } else if (open?.[2] === '|') {
            const end = snippet.indexOf('|}', i);
            if (end < 0) throw new Error(`unclosed choice \${${n}| in ${JSON.stringify(snippet)}`);
            text += snippet.slice(i, end).split(',')[0];
            i = end + 2;
          }
          if (!stops.has(n)) stops.set(n, { start, end: text.length });
          continue;
        }
        if (/^\$\{?[A-Za-z_]/.test(rest)) throw new Error(`snippet variable at offset ${i} of ${JSON.stringify(snippet)}; expected tab stops only`);
      }
      text += c;
      i++;
    }
    if (inPlaceholder) throw new Error(`unclosed placeholder in ${JSON.stringify(snippet)}`);
  };
  parse(false);
  const numbered = [...stops.keys()].filter((n) => n > 0).sort((a, b) => a - b);
  return { text, stops, first: numbered.length ? stops.get(numbered[0]!) : stops.get(0) };
}
