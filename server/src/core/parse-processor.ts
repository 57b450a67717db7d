// The remark processor a piece of a document is parsed with: CommonMark, front matter, GFM task
// list items, and those GFM extensions whose syntax the piece's text contains. Pure.
//
// An extension can only make a node of its own from text that contains its marker: a table
// needs a `|` or a delimiter cell (`:-`, `-:`), strikethrough a `~`, a footnote `[^`, an autolink
// literal `@`, `www` or `http` (or a numeric character reference, which the autolink transform
// reads decoded). Without that text the extension's tokenizers are tried at every word, line or
// bracket and always fail, leaving the tree as it is, so leaving them out gives the same tree
// for less work: about 40% of a parse is spent in those failed attempts (autolink literals try
// an e-mail address at every word). A test parses the corpus, the fixtures and generated text
// with both processors and compares the trees.
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { autolinkLiteralFromMarkdown } from './autolink-blocks.js';

/**
 * A GFM extension that may be left out, as a bit of a processor's mask. `autolinkEmail` is the
 * e-mail part of the autolink literal syntax: it is tried at the start of every word and can only
 * match at an `@`, so a text with URLs and no `@` is parsed with the `www.` and `http://` parts alone.
 */
export const GFM = { autolinkLiteral: 1, footnote: 2, strikethrough: 4, table: 8, autolinkEmail: 16 } as const;

/** Every extension: the processor remark-gfm configures. */
export const ALL_GFM = GFM.autolinkLiteral | GFM.footnote | GFM.strikethrough | GFM.table | GFM.autolinkEmail;

/** Text an autolink literal (or the transform that finds bare URLs and e-mail addresses in text nodes) needs. */
const AUTOLINK_TEXT = /@|www|http|&#|&commat;/i;
/** A delimiter cell with an alignment colon: a table needs it when no row has a `|`. */
const TABLE_DELIMITER = /:-|-:/;

/**
 * The extensions `input` can use (a mask of {@link GFM} bits): those whose marker it contains.
 *
 * @param input the exact text the parser is given
 * @param autolinks false to leave autolink literals out whatever the text
 */
export function gfmNeeds(input: string, autolinks = true): number {
  let mask = 0;
  if (autolinks && AUTOLINK_TEXT.test(input)) mask |= GFM.autolinkLiteral | (input.includes('@') ? GFM.autolinkEmail : 0);
  if (input.includes('[^')) mask |= GFM.footnote;
  if (input.includes('~')) mask |= GFM.strikethrough;
  if (input.includes('|') || TABLE_DELIMITER.test(input)) mask |= GFM.table;
  return mask;
}

/**
 * The autolink literal syntax without its e-mail construct: the same tree for a text without an
 * `@` (the construct's failed attempts leave nothing, and the text's data runs are joined either
 * way). The tree extension still turns a decoded `&#64;` into a link, as it does with the construct.
 */
function autolinkLiteralWithoutEmail(): ReturnType<typeof gfmAutolinkLiteral> {
  const text: Record<number, unknown> = {};
  for (const [code, constructs] of Object.entries(gfmAutolinkLiteral().text ?? {})) {
    const kept = [constructs].flat().filter((c) => c?.name !== 'emailAutolink');
    if (kept.length > 0) text[Number(code)] = kept.length === 1 ? kept[0] : kept;
  }
  return { text } as ReturnType<typeof gfmAutolinkLiteral>;
}

/** Each GFM extension that may be left out: its bit, its syntax (for a processor's mask) and its tree extension, in remark-gfm's order. */
const OPTIONAL_GFM = [
  { bit: GFM.autolinkLiteral, syntax: (mask: number) => (mask & GFM.autolinkEmail ? gfmAutolinkLiteral() : autolinkLiteralWithoutEmail()), tree: autolinkLiteralFromMarkdown },
  { bit: GFM.footnote, syntax: () => gfmFootnote(), tree: gfmFootnoteFromMarkdown },
  { bit: GFM.strikethrough, syntax: () => gfmStrikethrough(), tree: gfmStrikethroughFromMarkdown },
  { bit: GFM.table, syntax: () => gfmTable(), tree: gfmTableFromMarkdown },
] as const;

/** Processors by mask, made on first use (each is configured once and never changed). */
const processors: Array<Processor | undefined> = [];

/**
 * A remark processor with CommonMark, front matter (YAML and TOML), GFM task list items and the
 * GFM extensions in `mask`, in remark-gfm's order. With {@link ALL_GFM} it parses as
 * `unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml'])`.
 */
export function processorFor(mask: number): Processor {
  // The e-mail construct is part of the autolink literal syntax: without it, the bit means nothing.
  if (!(mask & GFM.autolinkLiteral)) mask &= ~GFM.autolinkEmail;
  let p = processors[mask];
  if (!p) {
    const gfmSubset = function (this: Processor): void {
      const data = this.data();
      const syntax = (data.micromarkExtensions ??= []);
      const trees = (data.fromMarkdownExtensions ??= []);
      for (const extension of OPTIONAL_GFM) {
        if (!(mask & extension.bit)) continue;
        syntax.push(extension.syntax(mask));
        trees.push(extension.tree());
      }
      syntax.push(gfmTaskListItem());
      trees.push(gfmTaskListItemFromMarkdown());
    };
    p = unified().use(remarkParse).use(gfmSubset).use(remarkFrontmatter, ['yaml', 'toml']) as unknown as Processor;
    processors[mask] = p;
  }
  return p;
}
