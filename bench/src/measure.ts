export interface Rate {
  /** Operations per second of this process's CPU time: what one core does, immune to being descheduled. */
  perCpuS: number;
  /** Operations per wall-clock second (lower than perCpuS when the machine took the core away). */
  perWallS: number;
}

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Calls `fn` in batches until `minMs` of wall time have passed (after a short warm-up). */
export function opsPerSecond(fn: (i: number) => void, minMs: number): Rate {
  const warmUntil = performance.now() + Math.min(200, minMs / 5);
  let i = 0;
  while (performance.now() < warmUntil) fn(i++);
  let ops = 0;
  const cpuStart = cpuSeconds();
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let k = 0; k < 16; k++) fn(i++);
    ops += 16;
    elapsed = performance.now() - start;
  }
  return { perCpuS: ops / (cpuSeconds() - cpuStart), perWallS: (ops * 1000) / elapsed };
}

/** Nearest-rank percentile of unsorted samples (milliseconds in, milliseconds out). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
