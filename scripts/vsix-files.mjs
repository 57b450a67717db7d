// The files of the VSIX (paths from the repository root; a folder ships whole): what the
// extension loads or contributes: its bundles, static contributions, rule docs, its page and
// metadata. scripts/package-vsix.mjs stages them; tests read the list to check links.
export const SHIPPED = [
  'dist/extension.js',
  'dist/server.js',
  'docs/marketplace.md',
  'CHANGELOG.md',
  'LICENSE',
  'images/icon.png',
  'schemas/planlintrc.editor.schema.json',
  'snippets/plan.code-snippets',
  'syntaxes/planlint.injection.tmLanguage.json',
  'docs/rules',
];
