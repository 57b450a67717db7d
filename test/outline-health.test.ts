import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { HoverRequest, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { healthRow, sectionRow, severityIcon, stageTooltip } from '../client/src/health-view.js';
import { OutlineRequest } from '../server/src/protocol.js';
import { LspSession } from '../server/src/tools/lsp-session.js';
import { CORPUS, hasCorpus } from './helpers/corpus.js';
import { SERVER } from './helpers/server.js';

const sessions: LspSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.dispose()));
});

async function outlineOf(name: string, text: string) {
  const s = new LspSession(SERVER);
  sessions.push(s);
  await s.initialize({ textDocument: { publishDiagnostics: { versionSupport: true } } });
  const dir = mkdtempSync(path.join(tmpdir(), 'planlint-outline-'));
  writeFileSync(path.join(dir, name), text);
  const uri = pathToFileURL(path.join(dir, name)).href;
  await s.open(uri, text);
  const published = await s.diagnostics((p) => p.uri === uri);
  const outline = await s.connection.sendRequest(OutlineRequest, { textDocument: { uri } });
  return { s, uri, diagnostics: published.diagnostics, outline: outline! };
}

// No stage names an owner, so missing-owner reports nothing: the outline must not say "owner" is missing.
const PLAN = [
  '# Plan: add CSV export',
  '',
  '## Stage 1: Build the exporter',
  '',
  '- [ ] T001 Write the CSV writer',
  '',
  '**Tests:** unit tests for the writer, run by `npm test`.',
  '',
  '**DoD:** `npm test` passes and a 10,000-row export takes under 2 s.',
  '',
  '## Stage 2: Build the importer', // line 10
  '',
  '- [ ] T002 Write the CSV reader',
  '',
].join('\n');

describe('one health model: the outline says what Problems says', () => {
  it('flags an item only when Problems has its finding, and marks a stage by its worst severity', async () => {
    const { s, uri, diagnostics, outline } = await outlineOf('plan.md', PLAN);
    expect(diagnostics.map((d) => [d.range.start.line, d.code, d.severity])).toEqual([
      [10, 'missing-dod', 2],
      [10, 'undefined-tests', 2],
    ]);
    const [stage1, stage2] = outline.stages;
    expect(stage1!.health.worst).toBeUndefined();
    expect(stage1!.health.owner).toEqual({ present: false });
    // Three of four items absent, but only warnings: a warning, never an error.
    expect(stage2!.health.worst).toBe('warning');
    expect(severityIcon(stage2!.health.worst).icon).toBe('warning');
    expect(stage2!.health.dod.finding).toMatchObject({ ruleId: 'missing-dod', severity: 'warning' });
    expect(stage2!.health.owner.finding).toBeUndefined();
    expect(stageTooltip(stage2!)).toBe('Missing: DoD, tests (2 findings)');
    expect(stageTooltip(stage1!)).toBe('No findings');
    expect(healthRow('Owner', stage2!.health.owner, 'line 11').description).toBe('not required');
    expect(healthRow('Definition of Done', stage2!.health.dod, 'line 11')).toMatchObject({ description: 'missing', icon: { icon: 'warning' } });
    expect(healthRow('Definition of Done', stage1!.health.dod, 'line 9')).toMatchObject({ description: 'DoD', icon: { icon: 'check' } });
    // The hover card on a stage reference reads the same model.
    const hover = (await s.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 10, character: 5 } })) as Hover | null;
    expect((hover!.contents as MarkupContent).value).toContain('DoD ✘ · Tests ✘ · Rollback n/a · Owner n/a');
  });

  it('an error among the findings makes the stage an error', async () => {
    const text = PLAN.replace('- [ ] T002 Write the CSV reader', '- [ ] T002 Write the CSV reader\n- [ ] T002 Write it again');
    const { diagnostics, outline } = await outlineOf('plan.md', text);
    expect(diagnostics.some((d) => d.code === 'duplicate-id' && d.severity === 1)).toBe(true);
    expect(outline.stages[1]!.health.worst).toBe('error');
  });

  it.skipIf(!hasCorpus)('shows the main sections of a KEP, which has no stages, with their findings', async () => {
    const file = path.join(CORPUS, 'public', 'kubernetes__enhancements__keps__sig-node__753-sidecar-containers__README.md');
    const { diagnostics, outline } = await outlineOf('README.md', readFileSync(file, 'utf8'));
    expect(outline.stages.map((st) => st.title)).toEqual(['KEP-753: Sidecar containers']);
    const titles = outline.sections.map((x) => `${x.role}: ${x.title}`);
    expect(titles).toEqual(expect.arrayContaining(['risks: Risks and Mitigations', 'tests: Test Plan', 'dod: Graduation Criteria', 'prr: Production Readiness Review Questionnaire']));
    const prr = outline.sections.find((x) => x.role === 'prr')!;
    expect(prr.children.map((c) => c.title)).toContain('Feature Enablement and Rollback');
    // Each section's count is the findings Problems has inside it.
    const risks = outline.sections.find((x) => x.role === 'risks')!;
    const inside = diagnostics.filter((d) => d.range.start.line >= risks.range.start.line && d.range.start.line < risks.range.end.line);
    expect(risks.findings).toBe(inside.length);
    expect(risks.findings).toBeGreaterThan(0);
    expect(risks.worst).toBe('warning');
    expect(sectionRow(risks).icon.icon).toBe('warning');
  });
});
