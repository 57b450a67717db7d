/** Median and 95th percentile of a set of samples (milliseconds unless a caller says otherwise). */
export interface Stats {
  median: number;
  p95: number;
}

/** {@link Stats} of `samples` (nearest-rank percentiles; `samples` is not modified). */
export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95) };
}

/** A duration for a table cell: no decimals from 100, one from 10, two below. */
export const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** `median / p95`, or a note when the measurement ran over its time limit. */
export const fmtStats = (s: Stats | undefined) => (s ? `${fmt(s.median)} / ${fmt(s.p95)}` : 'over the time limit');
