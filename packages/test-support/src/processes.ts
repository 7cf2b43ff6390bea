import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface Proc {
  child: ChildProcess;
  pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM (graceful) and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL and wait for the exit: a crash, no shutdown code runs. */
  kill(): Promise<void>;
}

export interface StartOptions {
  name?: string;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Matched against the whole output so far; the promise resolves on the first match. */
  ready: RegExp;
  timeoutMs?: number;
  /** Every chunk of output is appended here too (kept for inspection after the run). */
  logFile?: string;
}

/** Starts `node <args>`, collecting stdout+stderr; resolves once `ready` matches the output. */
export function startProcess(args: string[], o: StartOptions): Promise<Proc & { match: RegExpMatchArray }> {
  const name = o.name ?? args.join(' ');
  const child = spawn(process.execPath, args, { cwd: o.cwd, env: o.env, stdio: 'pipe' });
  let text = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  const proc: Proc = {
    child,
    pid: child.pid ?? -1,
    output: () => text,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
  };
  return new Promise((resolve, reject) => {
    let ready = false;
    const timer = setTimeout(() => {
      void proc.kill();
      reject(new Error(`${name} did not become ready:\n${text.slice(-4000)}`));
    }, o.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      const s = chunk.toString('utf8');
      text += s;
      if (o.logFile) appendFileSync(o.logFile, s);
      if (ready) return;
      const match = o.ready.exec(text);
      if (match) {
        ready = true;
        clearTimeout(timer);
        resolve({ ...proc, match });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, sig) => {
      if (ready) return;
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? sig}) before it was ready:\n${text.slice(-4000)}`));
    });
  });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Resident set size of a process in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? Number.NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

/** KEY=value lines with optional double quotes (the simulator's bff.env). */
export function readEnvFile(path: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    const raw = m[2] ?? '';
    env[m[1] as string] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(["\\])/g, '$1') : raw;
  }
  return env;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value; throws with the last observation after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 120_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} ${String(last ?? '')}`);
    await sleep(everyMs);
  }
}

/** Until `url` answers 2xx (a server's readiness endpoint). */
export function waitForOk(url: string, timeoutMs = 30_000): Promise<true> {
  return until(url, async () => ((await fetch(url)).ok ? true : undefined), timeoutMs);
}
