import { connect, createServer, type Server, type Socket } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.js';
import { freshSchema, PG_URL } from '../helpers/pg.js';

/** A TCP proxy to PostgreSQL that can drop every connection (the shared server stays up). */
function proxy(target: URL) {
  const sockets = new Set<Socket>();
  let open = true;
  const server: Server = createServer((client) => {
    if (!open) return client.destroy();
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  return {
    server,
    cut() {
      open = false;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    restore() {
      open = true;
    },
  };
}

describe('PostgreSQL connection loss', () => {
  let p: ReturnType<typeof proxy>;
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let database: Database;

  beforeAll(async () => {
    schema = await freshSchema();
    p = proxy(new URL(PG_URL));
    await new Promise<void>((resolve) => p.server.listen(0, '127.0.0.1', resolve));
    const url = new URL(PG_URL);
    url.host = `127.0.0.1:${(p.server.address() as { port: number }).port}`;
    database = await openDatabase({ engine: 'postgres', url: url.toString() }, { searchPath: schema.schema });
  });
  afterAll(async () => {
    await database?.close().catch(() => {});
    p?.cut();
    await new Promise<void>((resolve) => p?.server.close(() => resolve()));
    await schema?.drop();
  });

  it('regression: losing the connection during a transaction crashed the process (unhandled pg client error)', async () => {
    const inTransaction = database.db
      .transaction()
      .execute(async (trx) => {
        await sql`select 1`.execute(trx);
        await sql`select pg_sleep(2)`.execute(trx);
      })
      .then(
        () => 'committed',
        () => 'failed',
      );
    await new Promise((r) => setTimeout(r, 300));
    p.cut();
    // Before the fix the client's 'error' event had no listener: an uncaught exception here.
    expect(await inTransaction).toBe('failed');
    await expect(database.ping()).rejects.toThrow();
    p.restore();
    await database.ping();
    expect((await sql<{ n: number }>`select 1 as n`.execute(database.db)).rows).toEqual([{ n: 1 }]);
  });
});
