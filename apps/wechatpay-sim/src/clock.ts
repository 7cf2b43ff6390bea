/**
 * WeChat-side time. Three notions, kept apart on purpose:
 * - `realNow()`: the injected wall clock. Signature timestamps (±300 s) are checked against it,
 *   because the caller's clock is real and must stay comparable.
 * - `wechatNow()`: real time plus whatever `advance()` added — what WeChat Pay reports
 *   (contract_signed_time, create_time).
 * - `ticks()`: WeChat's elapsed time, running 1/timeScale times faster than real time, plus every
 *   `advance()`. Expiries and retry intervals are measured in ticks, so SIM_TIME_SCALE=0.01 makes a
 *   15 s retry happen after 150 ms, and `advance(7200)` expires a 2 h session at once.
 */
export interface ClockOptions {
  now?: () => number;
  timeScale?: number;
}

interface Task {
  due: number;
  run: () => void;
  timer?: NodeJS.Timeout;
}

export class SimClock {
  private readonly now: () => number;
  private scale: number;
  private baseReal: number;
  private baseTicks = 0;
  private offsetMs = 0;
  private readonly tasks = new Set<Task>();

  constructor(options: ClockOptions = {}) {
    this.now = options.now ?? Date.now;
    this.scale = options.timeScale ?? 1;
    this.baseReal = this.now();
  }

  realNow(): number {
    return this.now();
  }

  wechatNow(): number {
    return this.now() + this.offsetMs;
  }

  ticks(): number {
    return this.baseTicks + (this.now() - this.baseReal) / this.scale + this.offsetMs;
  }

  get timeScale(): number {
    return this.scale;
  }

  get advancedSeconds(): number {
    return this.offsetMs / 1000;
  }

  setTimeScale(scale: number): void {
    if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError('time scale must be a number > 0');
    // Rebase so that ticks() stays continuous across the change.
    this.baseTicks = this.ticks() - this.offsetMs;
    this.baseReal = this.now();
    this.scale = scale;
    this.rearm();
  }

  /** Makes WeChat-side time jump forward; due retries and expiries happen right away. */
  advance(seconds: number): void {
    if (!(seconds >= 0) || !Number.isFinite(seconds)) throw new RangeError('advance must be a number >= 0');
    this.offsetMs += seconds * 1000;
    this.rearm();
  }

  /** Runs `run` after `delayMs` of WeChat-side time. */
  schedule(delayMs: number, run: () => void): () => void {
    const task: Task = { due: this.ticks() + delayMs, run };
    this.tasks.add(task);
    this.arm(task);
    return () => {
      clearTimeout(task.timer);
      this.tasks.delete(task);
    };
  }

  /** Real milliseconds for a WeChat-side delay (used for waits that are not scheduled tasks). */
  toRealMs(delayMs: number): number {
    return delayMs * this.scale;
  }

  cancelAll(): void {
    for (const task of this.tasks) clearTimeout(task.timer);
    this.tasks.clear();
  }

  private arm(task: Task): void {
    clearTimeout(task.timer);
    const realDelay = Math.max(0, (task.due - this.ticks()) * this.scale);
    task.timer = setTimeout(() => {
      this.tasks.delete(task);
      task.run();
    }, Math.ceil(realDelay));
    task.timer.unref();
  }

  private rearm(): void {
    for (const task of this.tasks) this.arm(task);
  }
}
