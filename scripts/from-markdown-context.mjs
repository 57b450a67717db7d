// The one change planlint makes to a dependency's code, applied when it is bundled (build.mjs)
// and when the unit tests load it (vitest.config.mts), so that both run the same code.
//
// mdast-util-from-markdown 2.x calls each event's handler on a new object,
// `{...context, sliceSerialize}`. On the V8 of Node 20 an object made by a spread and then
// given one more property survives the next young-generation collection, dead or not (a
// three-line loop shows it: 3 million such objects promote 540 MiB, the same object written as a
// literal promotes none). Building the tree makes one per event, so a 100,000-line plan moved
// about 180 MiB of them per analysis into the old generation, where only full collections free
// them: a third of the analysis's CPU time and most of its peak memory. The handlers read
// `this.sliceSerialize` during the call and never keep `this` or add to it, so one context
// object, its `sliceSerialize` set before each call, gives them the same values.
//
// The match is exact: if a new version of the library changes these lines, the build and the
// unit tests fail here instead of silently running without the change.

/** The path of the file the change applies to (forward slashes). */
export const FROM_MARKDOWN_FILE = /mdast-util-from-markdown[\\/](?:dev[\\/])?lib[\\/]index\.js$/;

const SPREAD = /\{\s*\.\.\.context,\s*sliceSerialize: events\[index\]\[2\]\.sliceSerialize\s*\}/g;

/** How many handler contexts the library's compiler makes per event (before, on, after). */
const EXPECTED = 3;

/**
 * `source` (mdast-util-from-markdown's lib/index.js) with each per-event context object replaced
 * by the one shared context, its `sliceSerialize` set for the event.
 *
 * @throws Error naming the file when `source` does not have exactly the three expected spreads
 */
export function shareHandlerContext(source, file = 'mdast-util-from-markdown/lib/index.js') {
  const found = source.match(SPREAD)?.length ?? 0;
  if (found !== EXPECTED) {
    throw new Error(`${file}: expected ${EXPECTED} handler contexts written as {...context, sliceSerialize: events[index][2].sliceSerialize}, found ${found}; the library changed, see scripts/from-markdown-context.mjs`);
  }
  return source.replace(SPREAD, '(context.sliceSerialize = events[index][2].sliceSerialize, context)');
}
