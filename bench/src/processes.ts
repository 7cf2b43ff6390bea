import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A child `node` process of the bench (simulator or BFF). */
export interface Proc {
  name: string;
  child: ChildProcess;
  pid: number;
  logFile: string;
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}

/**
 * Starts `node [nodeArgs] script` with its stdout/stderr going straight to a file (the bench process
 * does not pay for reading the logs) and resolves once `ready()` says so.
 */
export async function startNode(opts: {
  name: string;
  script: string;
  env: Record<string, string | undefined>;
  logFile: string;
  nodeArgs?: string[];
  args?: string[];
  ready: (log: () => string) => Promise<boolean>;
  timeoutMs?: number;
}): Promise<Proc> {
  const fd = openSync(opts.logFile, 'w');
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), opts.script, ...(opts.args ?? [])], {
    env: opts.env,
    stdio: ['ignore', fd, fd],
  });
  const proc: Proc = { name: opts.name, child, pid: child.pid ?? -1, logFile: opts.logFile };
  const log = () => readFileSync(opts.logFile, 'utf8');
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${opts.name} exited (${child.exitCode}):\n${log()}`);
    if (await opts.ready(log).catch(() => false)) return proc;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`${opts.name} not ready in time:\n${log()}`);
}

/** SIGTERM and wait (a --cpu-prof profile is written on the way out); SIGKILL after `graceMs`. */
export function stop(proc: Proc | undefined, graceMs = 15_000): Promise<void> {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
    proc.child.once('exit', () => {
      clearTimeout(timer);
      ok();
    });
    proc.child.kill('SIGTERM');
  });
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export interface CpuTimes {
  userMs: number;
  systemMs: number;
}

/**
 * User and system CPU time of a process (all its threads) in milliseconds, from /proc/<pid>/stat;
 * with `mainThread`, of its main (event loop) thread only, from /proc/<pid>/task/<pid>/stat.
 */
export function cpuTimes(pid: number, mainThread = false): CpuTimes {
  const stat = readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    userMs: (Number(fields[11]) * 1000) / TICKS_PER_SECOND,
    systemMs: (Number(fields[12]) * 1000) / TICKS_PER_SECOND,
  };
}

export interface CpuUse {
  /** User + system milliseconds. */
  ms: number;
  /** Share of it spent in user space (the rest is the kernel: sockets, file writes). */
  userShare: number;
}

export function cpuSince(pid: number, before: CpuTimes, mainThread = false): CpuUse {
  const now = cpuTimes(pid, mainThread);
  const user = now.userMs - before.userMs;
  const system = now.systemMs - before.systemMs;
  return { ms: user + system, userShare: user + system > 0 ? user / (user + system) : 0 };
}
