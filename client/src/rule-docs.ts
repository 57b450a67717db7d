import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

/** The command that opens a rule's bundled documentation in the Markdown preview. */
export const RULE_DOCS_COMMAND = 'planlint.openRuleDocs';

/** A `command:` link that runs {@link RULE_DOCS_COMMAND} for `ruleId`. */
export function ruleDocsLink(ruleId: string): vscode.Uri {
  return vscode.Uri.parse(`command:${RULE_DOCS_COMMAND}?${encodeURIComponent(JSON.stringify([ruleId]))}`);
}

/**
 * Points the rule link of planlint diagnostics (the code in the hover and in Problems) at the
 * bundled page instead of the web, so that it opens in the Markdown preview offline. Other
 * editors keep the server's web link.
 */
export function withBundledDocs(diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
  for (const d of diagnostics) {
    if (d.source !== 'planlint' || typeof d.code !== 'object' || typeof d.code.value !== 'string') continue;
    d.code = { value: d.code.value, target: ruleDocsLink(d.code.value) };
  }
  return diagnostics;
}

/** Language client middleware applying {@link withBundledDocs} to pushed and pulled diagnostics. */
export const ruleDocsMiddleware: Middleware = {
  handleDiagnostics: (uri, diagnostics, next) => next(uri, withBundledDocs(diagnostics)),
  provideDiagnostics: async (document, previousResultId, token, next) => {
    const report = await next(document, previousResultId, token);
    if (report && 'items' in report) withBundledDocs(report.items);
    return report;
  },
};
