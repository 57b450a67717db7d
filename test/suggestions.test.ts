import { describe, expect, it } from 'vitest';
import { analyze, applyEdits, sectionFix, type Finding } from '../server/src/core/index.js';
import { isSlotLine } from '../server/src/core/model/slots.js';
import { escapeSnippet, plainLines, slot, snippetLines } from '../server/src/core/suggest/snippet.js';

/** The first suggestion of the first finding of `rule` in `text` (analysed as a plan). */
function suggestion(text: string, rule: string): { finding: Finding; text: string; snippet: string | undefined } {
  const finding = analyze(text, undefined, { force: true }).findings.find((f) => f.ruleId === rule && f.suggestions?.length);
  if (!finding) throw new Error(`no ${rule} suggestion`);
  const edit = finding.suggestions![0]!.edits[0]!;
  return { finding, text: edit.text, snippet: edit.snippet };
}

describe('unfilled slots', () => {
  it.each([
    'TBD',
    '- [ ] TBD',
    '- TBC: `npm test` passes',
    '- [ ] TBC: T001 and T002 are complete',
    '- Trigger: TBD',
    '- Steps: TBC: `helm rollback api`',
    '**Tests:** TBD',
    'TBD - pick the region',
  ])('"%s" is a slot', (line) => expect(isSlotLine(line)).toBe(true));

  it.each([
    '',
    '- [ ] `npm test` passes',
    'TBDs are tracked in the issue',
    'The TBD items are listed below: none left',
    '- Steps: `helm rollback api`',
    'Note: TBD means to be decided',
  ])('"%s" is not', (line) => expect(isSlotLine(line)).toBe(false));
});

describe('snippets', () => {
  it('numbers slots in reading order, ends with $0, and escapes $, } and \\ in text from the plan', () => {
    const lines = [['- Steps: ', slot('TBC: `echo ${HOME}\\n`')], ['- Verify: ', slot('TBD')]];
    expect(snippetLines(lines)).toEqual(['- Steps: ${1:TBC: `echo \\${HOME\\}\\\\n`}', '- Verify: ${2:TBD}$0']);
    expect(plainLines(lines)).toEqual(['- Steps: TBC: `echo ${HOME}\\n`', '- Verify: TBD']);
    expect(escapeSnippet('a$b}c\\d{e')).toBe('a\\$b\\}c\\\\d{e');
  });

  it('gives a seeded suggestion a snippet whose tab stops hold the plain text', () => {
    const plan = '# Plan: cache\n\n## Stage 1: Build\n\n- [ ] T001 Build it\n\nRun `go test ./...` until green.\n';
    const s = suggestion(plan, 'missing-dod');
    expect(s.text).toBe('\n### Definition of Done\n\n- [ ] TBC: T001 is complete\n- [ ] TBC: `go test ./...` passes\n');
    expect(s.snippet).toBe('\n### Definition of Done\n\n- [ ] ${1:TBC: T001 is complete}\n- [ ] ${2:TBC: `go test ./...` passes}$0\n');
  });
});

describe('seeding from the plan', () => {
  it('seeds a DoD from verification lines, expected results with their command, and task ID ranges, at most four', () => {
    const plan = [
      '# Plan: import',
      '',
      '## Stage 1: Importer',
      '',
      ...[1, 2, 3, 4, 5, 6].map((n) => `- [ ] T00${n} Step ${n}`),
      '- Verify the importer skips duplicate rows',
      '',
      '```sh',
      'python -m importer --dry-run',
      '```',
      '',
      'Expected: 0 errors',
      '',
      '- Confirm the row count matches the source',
      '- Check the audit log',
      '',
    ].join('\n');
    // "Expected: …" is DoD evidence itself: the Insert Definition of Done command (same seeding) shows it.
    const model = analyze(plan, undefined, { force: true }).plan!;
    const s = { text: sectionFix(model, model.stages[0]!, 'dod')!.edits[0]!.text };
    expect(s.text.split('\n').filter((l) => l.startsWith('- '))).toEqual([
      '- [ ] TBC: Verify the importer skips duplicate rows',
      '- [ ] TBC: `python -m importer --dry-run` gives 0 errors',
      '- [ ] TBC: Confirm the row count matches the source',
      '- [ ] TBC: Check the audit log',
    ]);
    const ids = suggestion(plan.replace(/- Verify[\s\S]*$/, ''), 'missing-dod');
    expect(ids.text).toContain('- [ ] TBC: T001 to T006 (6 tasks) are complete\n');
  });

  it('seeds Tests with the stage\'s own test command, else the one the plan uses most', () => {
    const plan = [
      '# Plan: api',
      '',
      '## Stage 1: Models',
      '',
      '- [ ] Add the models; `pytest tests/models -q` covers them',
      '',
      '## Stage 2: Views',
      '',
      '- [ ] Add the views',
      '',
      '## Stage 3: Docs',
      '',
      'CI runs `pytest` on every push; locally `pytest` too.',
      '',
    ].join('\n');
    const findings = analyze(plan, undefined, { force: true }).findings.filter((f) => f.ruleId === 'undefined-tests');
    const texts = findings.flatMap((f) => f.suggestions ?? []).map((s) => s.edits[0]!.text);
    expect(texts.some((t) => t.includes('### Tests\n\n- TBC: `pytest` runs the tests this stage adds'))).toBe(true);
    expect(texts.every((t) => !t.includes('tests/models'))).toBe(true);
  });

  it.each([
    ['kubectl with the deployment and namespace the plan names', '`kubectl -n shop apply -f k8s/` then `kubectl rollout status deployment/checkout -n shop`', '`kubectl rollout undo deployment/checkout -n shop`'],
    ['Helm, past its flags', '`helm upgrade --install -n prod checkout ./chart`', '`helm rollback checkout`'],
    ['Argo Rollouts rather than kubectl', '`kubectl argo rollouts set image checkout app=v2` and `kubectl apply -f rollout.yaml`', '`kubectl argo rollouts undo checkout`'],
    ['Alembic', '`alembic upgrade head`', '`alembic downgrade -1`'],
    ['Prisma Migrate with npx', '`npx prisma migrate deploy`', '`npx prisma db execute --file down.sql`, then `npx prisma migrate resolve --rolled-back <migration>`'],
    ['Flyway', '`flyway -url=jdbc:postgresql://db/app migrate`', '`flyway undo`'],
    ['Rails', '`bin/rails db:migrate`', '`bin/rails db:rollback`'],
    ['a named feature flag', 'the `new_checkout` flag at 10%', 'turn the `new_checkout` flag off'],
  ])('seeds a Rollback with the undo command of %s', (_name, prose, steps) => {
    const plan = `# Plan: checkout\n\n## Stage 1: Deploy to production\n\nShip it with ${prose}.\n`;
    const s = suggestion(plan, 'missing-rollback');
    expect(s.text).toContain(`- Steps: TBC: ${steps}\n`);
    expect(s.text).toContain('- Trigger: TBD\n');
  });

  it('seeds Risks with the stages that change a running system, each with its way back', () => {
    const plan = '# Plan: checkout\n\n## Stage 1: Build\n\n- [ ] build\n\n## Stage 2: Migrate the orders table\n\n- [ ] `alembic upgrade head`\n\n## Stage 3: Deploy to production\n\n- [ ] `helm upgrade checkout ./chart`\n';
    const s = suggestion(plan, 'missing-risks');
    expect(s.text).toBe(
      '\n## Risks\n\n- TBC: "Stage 2: Migrate the orders table" fails in production; mitigation: `alembic downgrade -1`\n- TBC: "Stage 3: Deploy to production" fails in production; mitigation: `helm rollback checkout`\n',
    );
  });

  it('keeps every seeded finding open until its slots are filled, then closes it', () => {
    const plan = '# Plan: cache\n\n## Stage 1: Build\n\n- [ ] T001 Build it\n\n## Stage 2: Tune\n\n**Done when:** p95 < 50 ms.\n';
    const s = suggestion(plan, 'missing-dod');
    const applied = applyEdits(plan, s.finding.suggestions![0]!.edits).text;
    const open = analyze(applied, undefined, { force: true });
    expect(open.findings.find((f) => f.ruleId === 'missing-dod')?.messageId).toBe('unfilled');
    expect(open.score!.total).toBeLessThanOrEqual(analyze(plan, undefined, { force: true }).score!.total);
    const filled = applied.replace('TBC: ', '');
    expect(analyze(filled, undefined, { force: true }).findings.filter((f) => f.ruleId === 'missing-dod')).toEqual([]);
  });
});
