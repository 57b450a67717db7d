/** The path of mdast-util-from-markdown's compiler file, which {@link shareHandlerContext} applies to. */
export declare const FROM_MARKDOWN_FILE: RegExp;

/**
 * `source` (mdast-util-from-markdown's lib/index.js) with each per-event handler context replaced
 * by the one shared context, its `sliceSerialize` set for the event.
 *
 * @throws Error naming `file` when `source` does not have exactly the three expected contexts
 */
export declare function shareHandlerContext(source: string, file?: string): string;
