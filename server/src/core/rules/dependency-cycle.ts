import * as z from 'zod';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'dependency-cycle',
  title: 'Dependencies form no cycle',
  rationale: 'If A waits for B and B waits for A, neither starts. A cycle in the plan is a schedule that cannot be executed.',
  defaultSeverity: 'error',
  fixable: false,
  options: z.strictObject({}),
  messages: {
    cycle: 'Dependency of {from} on {to} closes a cycle ({cycle}); expected dependencies that can be ordered',
  },
  notes: [
    'Declarations: "Depends on:", "Dependencies:", "Blocked by:", "Requires:", "After:" labels, "depends on / blocked by / after Stage N" in prose, and dependency columns of stage or task tables. Nodes are stage keys (Stage 2, Phase 3) and task IDs (T001).',
    'Every declaration that is part of the cycle is reported, each on its own line.',
  ],
  *check({ plan }) {
    const graph = new Map<string, Set<string>>();
    for (const d of plan.dependencies) {
      const set = graph.get(d.from) ?? new Set<string>();
      for (const t of d.to) set.add(t);
      graph.set(d.from, set);
    }
    const component = stronglyConnected(graph);
    for (const d of plan.dependencies) {
      const c = component.get(d.from);
      if (c === undefined) continue;
      for (const t of d.to) {
        if (component.get(t) !== c) continue;
        const members = [...component.entries()].filter(([, v]) => v === c).map(([k]) => k);
        if (members.length < 2) continue;
        const others = plan.dependencies.filter((o) => o !== d && component.get(o.from) === c && o.to.some((x) => component.get(x) === c));
        yield {
          messageId: 'cycle',
          data: { from: d.from, to: t, cycle: members.join(' → ') },
          span: d.span,
          related: others.map((o) => ({ span: o.span, message: `${o.from} depends on ${o.to.filter((x) => component.get(x) === c).join(', ')}` })),
        };
        break;
      }
    }
  },
});

/** Tarjan's strongly connected components: node → component number. */
function stronglyConnected(graph: Map<string, Set<string>>): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const comp = new Map<string, number>();
  let next = 0;
  let count = 0;
  const connect = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.set(w, count);
      } while (w !== v);
      count++;
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return comp;
}
