import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface Proc {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts a process, collecting stdout+stderr; resolves once `ready` matches the output. */
export function startProcess(
  args: string[],
  options: { cwd: string; env: Record<string, string | undefined>; ready: RegExp; timeoutMs?: number },
): Promise<Proc & { match: RegExpMatchArray }> {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: 'pipe' });
  let text = '';
  const proc: Proc = {
    child,
    output: () => text,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void proc.stop();
      reject(new Error(`process did not become ready:\n${text}`));
    }, options.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = options.ready.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve({ ...proc, match });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited with ${code} before it was ready:\n${text}`));
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
