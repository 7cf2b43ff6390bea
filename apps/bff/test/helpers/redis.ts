import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { freePort, until } from '@kit/test-support';
import { Redis } from 'ioredis';

/** CI's Redis: shared, so every test run uses its own key prefix. */
export const SHARED_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const uniquePrefix = () => `bfftest:${randomBytes(6).toString('hex')}:`;

/** A Redis of the test's own (no persistence) that the test may kill and start again on its port. */
export interface OwnRedis {
  url: string;
  kill(): Promise<void>;
  start(): Promise<void>;
}

export async function ownRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const self: OwnRedis = {
    url,
    async start() {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {
          stdio: 'ignore',
        },
      );
      await until(
        `redis on ${port}`,
        async () => {
          const probe = new Redis(url, {
            lazyConnect: true,
            maxRetriesPerRequest: 0,
            retryStrategy: () => null,
          });
          probe.on('error', () => {});
          try {
            await probe.connect();
            return (await probe.ping()) === 'PONG' ? true : undefined;
          } finally {
            probe.disconnect();
          }
        },
        10_000,
        50,
      );
    },
    async kill() {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((resolve) => c.once('exit', resolve));
      c.kill('SIGKILL');
      await exited;
    },
  };
  await self.start();
  return self;
}
