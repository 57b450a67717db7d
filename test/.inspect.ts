import { readFileSync } from 'node:fs';
import { analyze } from '../server/src/core/index.js';
const f = process.argv[2]!;
const r = analyze(readFileSync(f, 'utf8'), undefined, { force: true });
for (const s of r.plan!.stages) console.log(s.headingSpan.start.line, s.title.slice(0, 50), '| owner:', s.owner?.text, s.owner?.span.start.line, '| dod:', s.dod?.text, '| tests:', s.tests?.text?.slice(0, 30), '| rb:', s.rollback?.text?.slice(0, 30), s.changesRunningSystem, s.production);
