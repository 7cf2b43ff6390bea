import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type RunningSimulator, type StartOptions, startSimulator } from '../../src/index.js';
import { IndependentClient } from './independent-client.js';

export interface TestSim extends RunningSimulator {
  dir: string;
  stop(): Promise<void>;
}

/** A simulator on 127.0.0.1:0 with a fresh identity folder; 1000× faster WeChat time by default. */
export async function startTestSim(options: StartOptions = {}): Promise<TestSim> {
  const dir = options.identityDir ?? (await mkdtemp(join(tmpdir(), 'wechatpay-sim-')));
  const sim = await startSimulator({
    port: 0,
    timeScale: 0.001,
    notifyTimeoutMs: 2000,
    ...options,
    identityDir: dir,
  });
  return {
    ...sim,
    dir,
    stop: async () => {
      await sim.close();
      if (!options.identityDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** JSON helper for the control API (no signatures there). */
export async function control<T = unknown>(
  sim: { url: string },
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Polls `check` until it returns a value (deliveries happen asynchronously). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** One simulator per test file, with an independent client signing for it; stopped after the file. */
export function useTestSim(options: StartOptions = {}): { sim: TestSim; client: IndependentClient } {
  const ctx = {} as { sim: TestSim; client: IndependentClient };
  beforeAll(async () => {
    ctx.sim = await startTestSim(options);
    ctx.client = new IndependentClient(ctx.sim);
  });
  afterAll(() => ctx.sim?.stop());
  return ctx;
}
