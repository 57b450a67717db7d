/** The files of the VSIX, from the repository root; a folder ships whole. */
export declare const SHIPPED: readonly string[];
