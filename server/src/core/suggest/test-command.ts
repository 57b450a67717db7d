import type { Plan, Stage } from '../model/plan.js';
import { codeSegments, mostFrequent } from './code.js';

/**
 * A command that runs a test suite, with its arguments up to the end of the command (`npm test`,
 * `npm run test:unit`, `pnpm vitest run`, `pytest tests/ -q`, `go test ./...`, `cargo test`,
 * `./gradlew test`, `dotnet test`, `bundle exec rspec`, `make test`…). Group 1 is the command.
 */
const TEST_COMMAND = new RegExp(
  String.raw`(?:^|[\s;&|(]|\$\s)(` +
    [
      String.raw`(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?test(?::[\w:-]+)?`,
      String.raw`(?:npx|pnpm|yarn|bunx)\s+(?:vitest|jest|mocha|ava|playwright\s+test|cypress\s+run)`,
      String.raw`(?:python3?\s+-m\s+)?pytest`,
      String.raw`go\s+test`,
      String.raw`cargo\s+(?:test|nextest\s+run)`,
      String.raw`(?:\./)?(?:mvnw?|gradlew?)\s+(?:[\w:-]+\s+)*?(?:test|check|verify)`,
      String.raw`dotnet\s+test`,
      String.raw`(?:bundle\s+exec\s+)?(?:rspec|rake\s+test)`,
      String.raw`(?:bin/)?rails\s+test`,
      String.raw`make\s+(?:test|check)`,
      String.raw`(?:mix|deno|swift|flutter|dart)\s+test`,
      String.raw`(?:vendor/bin/)?phpunit`,
      String.raw`(?:ctest|tox|nox)`,
    ].join('|') +
    String.raw`)(?![\w-])([^\r\n;&|#` + '`' + String.raw`]*)`,
);

/** A test command the plan uses, and where. */
export interface TestCommand {
  /** The command as written, arguments included (`pytest tests/test_auth.py -v`). */
  command: string;
  /** 0-based offset where it was found. */
  offset: number;
}

/** The test commands in code in `[start, end)` of the plan, in document order. */
function testCommandsIn(plan: Plan, start: number, end: number): TestCommand[] {
  const out: TestCommand[] = [];
  for (const seg of codeSegments(plan, start, end)) {
    const m = TEST_COMMAND.exec(seg.text);
    if (!m) continue;
    const args = m[2]!.trim().split(/\s+/).filter(Boolean).slice(0, 4).join(' ');
    const command = `${m[1]!.replace(/\s+/g, ' ')}${args ? ` ${args}` : ''}`.slice(0, 80).trim();
    out.push({ command, offset: seg.offset + (m.index ?? 0) });
  }
  return out;
}

/**
 * The test command that fits `stage`: the one its own code uses most, else the one the whole plan
 * uses most (in inline code or code blocks), else `undefined`. Without a stage, the plan's.
 */
export function planTestCommand(plan: Plan, stage?: Stage): TestCommand | undefined {
  const own = stage && stage.source !== 'implicit' ? testCommandsIn(plan, stage.start, stage.end) : [];
  const found = mostFrequent(own, (c) => c.command);
  if (found) return found;
  // The whole plan's answer, read once per plan however many stages ask (a plan is never changed).
  if (!wholePlan.has(plan)) wholePlan.set(plan, mostFrequent(testCommandsIn(plan, 0, plan.text.length), (c) => c.command));
  return wholePlan.get(plan);
}

/** The test command of each plan analysed, by plan; a weak map lets a plan's entry go with it. */
const wholePlan = new WeakMap<Plan, TestCommand | undefined>();
