import type { ListItem } from 'mdast';
import { firstLineSpan, plain, spanOf, visit } from './mdast.js';
import type { Task } from './plan.js';
import { gateItem, riskItem } from './risks-gates.js';
import type { BlockContext, WalkContext } from './section-walk.js';

/** A task ID opening an item ("T001 Create...", "**T002**:"), not a range such as "T015-T018". */
export const TASK_ID = /^(?:\*\*)?((?:T|TASK-)\d{2,})(?:\*\*)?(?=[\s:.)]|$)(?!\s*[-–]\s*T\d)/;

/**
 * What a list item says by being one: a task (a checkbox or a task ID, with its unchecked
 * sub-items), and, when `topLevel` in its section's list, a DoD criterion, a risk or a gate
 * as `block` says.
 */
export function handleListItem(ctx: WalkContext, item: ListItem, block: BlockContext, topLevel: boolean): void {
  const { out, lines } = ctx;
  const span = spanOf(item);
  const firstChild = item.children[0];
  const ownText = firstChild && firstChild.type === 'paragraph' ? plain(firstChild).trim() : '';
  if (typeof item.checked === 'boolean' || TASK_ID.test(ownText)) {
    const id = TASK_ID.exec(ownText)?.[1];
    let unchecked = 0;
    visit(item, (n) => {
      if (n !== item && n.type === 'listItem' && n.checked === false) unchecked++;
      return true;
    });
    const task: Task = { text: ownText, span: firstLineSpan(lines, span), checked: typeof item.checked === 'boolean' ? item.checked : null, id, uncheckedChildren: unchecked };
    out.tasks.push(task);
    // A checklist item defines its task ID; a plain item defines it only when a description
    // follows, not a relation ("T005 depends on T003", "T010 → T012" restate IDs).
    const relation = /^(?:\*\*)?(?:T|TASK-)\d{2,}(?:\*\*)?\s*(?:[:.)]\s*)?(?:depends\s+on|blocked\s+by|blocks|after|before|requires|needs|then|and|or|,|→|->|=>|<-|\+|&|\/|\()/i;
    if (id && (task.checked !== null || !relation.test(ownText))) out.idDefinitions.push({ id, kind: 'task', span: task.span });
  }
  if (block.dod && topLevel) out.criteria.push({ text: ownText, span: firstLineSpan(lines, span) });
  if (block.risk && topLevel) riskItem(ctx, item, ownText, span, block.drawback);
  if (block.gate && topLevel) gateItem(ctx, item, ownText, span);
}
