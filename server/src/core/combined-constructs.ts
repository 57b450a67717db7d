// micromark combines its default constructs with the syntax extensions at the start of every
// parse (`parse()` in micromark/lib/parse.js): about 20-45 µs, paid once per section, and a
// document is parsed section by section. The bundles route micromark's import of
// micromark-util-combine-extensions here (scripts/build.mjs), so that the same list of
// extension objects (the default constructs and a processor's extensions, made once per
// processor) is combined once. micromark only reads the combined object. Pure.
import { combineExtensions as combineAll, combineHtmlExtensions } from 'micromark-util-combine-extensions';

export { combineHtmlExtensions };

type Extension = Parameters<typeof combineAll>[0][number];
type Combined = ReturnType<typeof combineAll>;

/** Lists combined so far, by their first extension; a processor's list is the same objects each time. */
const combined = new Map<Extension, Array<{ extensions: Extension[]; result: Combined }>>();

/** Lists kept per first extension: one per processor (32 GFM subsets), with room to spare. */
const KEPT = 64;

/**
 * What micromark-util-combine-extensions' `combineExtensions` returns, the same object for the
 * same extension objects in the same order. The caller must not change the result (micromark
 * does not).
 */
export function combineExtensions(extensions: Extension[]): Combined {
  const first = extensions[0];
  if (first === undefined) return combineAll(extensions);
  let lists = combined.get(first);
  if (!lists) combined.set(first, (lists = []));
  for (const entry of lists) {
    if (entry.extensions.length === extensions.length && entry.extensions.every((e, i) => e === extensions[i])) return entry.result;
  }
  const result = combineAll(extensions);
  if (lists.length < KEPT) lists.push({ extensions: [...extensions], result });
  return result;
}
