import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SimClock } from './clock.js';

describe('SimClock', () => {
  let now = 1_700_000_000_000;
  beforeEach(() => {
    vi.useFakeTimers();
    now = 1_700_000_000_000;
  });
  afterEach(() => vi.useRealTimers());

  const clock = (timeScale: number) => new SimClock({ now: () => now, timeScale });
  const pass = (ms: number) => {
    now += ms;
    vi.advanceTimersByTime(ms);
  };

  it('runs WeChat time 1/timeScale faster than real time', () => {
    const c = clock(0.01);
    const start = c.ticks();
    now += 1000;
    expect(c.ticks() - start).toBe(100_000);
    expect(c.realNow()).toBe(now);
  });

  it('fires a scheduled task after the scaled delay, not before', () => {
    const c = clock(0.01);
    const run = vi.fn();
    c.schedule(15_000, run);
    pass(149);
    expect(run).not.toHaveBeenCalled();
    pass(1);
    expect(run).toHaveBeenCalledOnce();
  });

  it('advance() moves WeChat time and fires what became due, leaving real time alone', () => {
    const c = clock(1);
    const due = vi.fn();
    const later = vi.fn();
    c.schedule(15_000, due);
    c.schedule(60_000, later);
    c.advance(15);
    vi.advanceTimersByTime(0);
    expect(due).toHaveBeenCalledOnce();
    expect(later).not.toHaveBeenCalled();
    expect(c.wechatNow() - c.realNow()).toBe(15_000);
    expect(c.advancedSeconds).toBe(15);
  });

  it('keeps ticks continuous across a time-scale change and re-arms pending tasks', () => {
    const c = clock(1);
    const run = vi.fn();
    c.schedule(10_000, run);
    pass(5_000);
    const before = c.ticks();
    c.setTimeScale(0.1);
    expect(c.ticks()).toBe(before);
    pass(499);
    expect(run).not.toHaveBeenCalled();
    pass(1);
    expect(run).toHaveBeenCalledOnce();
  });

  it('cancels one task or all of them', () => {
    const c = clock(1);
    const a = vi.fn();
    const b = vi.fn();
    const cancelA = c.schedule(1000, a);
    c.schedule(1000, b);
    cancelA();
    pass(1000);
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledOnce();
    c.schedule(1000, a);
    c.cancelAll();
    pass(1000);
    expect(a).not.toHaveBeenCalled();
  });

  it('rejects a non-positive scale or a negative advance', () => {
    const c = clock(1);
    expect(() => c.setTimeScale(0)).toThrow(RangeError);
    expect(() => c.advance(-1)).toThrow(RangeError);
  });
});
