#!/usr/bin/env node
// Prints a GitHub Actions workflow command (::error, ::warning, ::notice) for each result of a
// planlint SARIF report, so that the findings show on the lines of the pull request.
// Usage: node annotate.mjs planlint.sarif   (action.yml runs it; docs/integrations.md)
// File paths are given relative to GITHUB_WORKSPACE (else the working directory), as GitHub expects.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const COMMAND = { error: 'error', warning: 'warning', note: 'notice', none: 'notice' };

/** Escapes the message of a workflow command. */
const data = (s) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** Escapes a property (file, title) of a workflow command. */
const property = (s) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** The path of a SARIF artifact location, relative to `root`, with forward slashes. */
function artifactPath(location, bases, root) {
  const base = location.uriBaseId ? bases[location.uriBaseId]?.uri : undefined;
  const url = new URL(location.uri, base ?? 'file:///');
  const file = url.protocol === 'file:' ? fileURLToPath(url) : location.uri;
  return path.relative(root, file).split(path.sep).join('/');
}

/**
 * The workflow commands for every result of `log` (a SARIF 2.1.0 log object).
 *
 * @param {object} log
 * @param {string} root the directory paths are made relative to
 * @returns {string[]} one line per result
 */
export function annotations(log, root) {
  const lines = [];
  for (const run of log.runs ?? []) {
    for (const result of run.results ?? []) {
      const physical = result.locations?.[0]?.physicalLocation;
      if (!physical?.artifactLocation) continue;
      const region = physical.region ?? {};
      const props = [
        `file=${property(artifactPath(physical.artifactLocation, run.originalUriBaseIds ?? {}, root))}`,
        `line=${region.startLine ?? 1}`,
        ...(region.endLine ? [`endLine=${region.endLine}`] : []),
        ...(region.startColumn && (!region.endLine || region.endLine === region.startLine) ? [`col=${region.startColumn}`] : []),
        ...(region.endColumn && (!region.endLine || region.endLine === region.startLine) ? [`endColumn=${region.endColumn}`] : []),
        `title=${property(`planlint ${result.ruleId}`)}`,
      ];
      lines.push(`::${COMMAND[result.level] ?? 'warning'} ${props.join(',')}::${data(result.message?.text ?? '')}`);
    }
  }
  return lines;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node annotate.mjs <planlint.sarif>\n');
    process.exit(2);
  }
  const log = JSON.parse(readFileSync(file, 'utf8'));
  const lines = annotations(log, process.env.GITHUB_WORKSPACE || process.cwd());
  if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
}
