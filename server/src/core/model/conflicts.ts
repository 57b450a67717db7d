import type { LineIndex } from '../text.js';
import type { ConflictMarker } from './plan.js';

/**
 * Merge conflict markers: raw lines starting with seven `<`, `>`, `=` or `|`, outside the code
 * blocks at `codeRanges` (0-based `[start, end)` offsets, sorted). Separators and base markers
 * count only between an "ours" and a "theirs" marker.
 */
export function findConflictMarkers(text: string, lines: LineIndex, codeRanges: Array<[number, number]>): ConflictMarker[] {
  const conflictMarkers: ConflictMarker[] = [];
  let inConflict = false;
  let code = 0;
  for (const m of text.matchAll(/^(?:<{7}|>{7}|={7}|\|{7})[^\r\n]*/gm)) {
    const at = m.index ?? 0;
    while (code < codeRanges.length && codeRanges[code]![1] <= at) code++;
    if (code < codeRanges.length && codeRanges[code]![0] <= at) continue;
    const t = m[0];
    const span = lines.span(at, at + t.length);
    if (/^<{7}(?: |$)/.test(t)) {
      conflictMarkers.push({ kind: 'ours', span });
      inConflict = true;
    } else if (/^>{7}(?: |$)/.test(t)) {
      conflictMarkers.push({ kind: 'theirs', span });
      inConflict = false;
    } else if (inConflict && /^={7}\s*$/.test(t)) conflictMarkers.push({ kind: 'separator', span });
    else if (inConflict && /^\|{7}(?: |$)/.test(t)) conflictMarkers.push({ kind: 'base', span });
  }
  return conflictMarkers;
}
