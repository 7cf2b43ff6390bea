import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../helpers/harness.js';

let h: Harness | undefined;
let dir: string | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('readiness on SQLite', () => {
  it('regression: /readyz answered ok while another connection held the SQLite database locked', async () => {
    dir = mkdtempSync(join(tmpdir(), 'bff-lock-'));
    const file = join(dir, 'bff.sqlite');
    h = await createHarness({ env: { DATABASE_URL: `file:${file}` } });
    expect((await h.app.inject({ url: '/readyz' })).statusCode).toBe(200);

    const other = new Sqlite(file);
    other.exec('begin exclusive');
    try {
      const locked = await h.app.inject({ url: '/readyz' });
      expect(locked.statusCode).toBe(503);
      expect(locked.json()).toEqual({ status: 'unavailable' });
    } finally {
      other.exec('rollback');
      other.close();
    }
    // Recovers by itself, and the connection keeps its normal busy timeout for real work.
    expect((await h.app.inject({ url: '/readyz' })).statusCode).toBe(200);
    expect(h.database.engine).toBe('sqlite');
  });
});
