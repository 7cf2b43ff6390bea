import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker folds the WAL back into the database file. */
export const CHECKPOINT_INTERVAL_MS = 200;
/**
 * A passive checkpoint never waits for the writer, and the WAL restarts from its beginning only when
 * a write begins with every frame copied: under non-stop writes the file would keep growing. Past
 * this many frames (4 KiB pages: ~64 MiB) the worker forces a RESTART checkpoint, which holds writers
 * back while it finishes (tens of ms in a synthetic write loop; bounded by their 1 s busy time-out).
 * Auto-checkpoints stalled a commit that long every ~4 MiB; this does it at most every ~64 MiB.
 */
export const WAL_MAX_FRAMES = 16_384;
/** A WAL restarted after a complete checkpoint is cut back to this size (set on both connections). */
export const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;
const STOP_GRACE_MS = 2_000;

/**
 * Runs in a worker thread with its own connection: the checkpoint's copy and fsync happen off the
 * event loop, so requests never wait for them. CommonJS, evaluated, so it also works from sources.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
db.pragma('journal_size_limit = ' + workerData.journalSizeLimit);
let timer;
const tick = () => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r && r.log > workerData.maxFrames) db.pragma('wal_checkpoint(RESTART)');
  } catch {
    // Locked by another process, or the file went away: the next tick tries again.
  }
  timer = setTimeout(tick, workerData.intervalMs);
};
timer = setTimeout(tick, workerData.intervalMs);
parentPort.on('message', () => {
  clearTimeout(timer);
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
  db.close();
  process.exit(0);
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/** `onLost` runs if the worker dies unasked: the caller must checkpoint some other way then. */
export function startCheckpointer(path: string, onLost: () => void): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver,
      path,
      intervalMs: CHECKPOINT_INTERVAL_MS,
      maxFrames: WAL_MAX_FRAMES,
      busyTimeoutMs: 1_000,
      journalSizeLimit: JOURNAL_SIZE_LIMIT,
    },
  });
  // A checkpoint failure must never take the BFF down; the connection itself still works.
  worker.on('error', () => {});
  worker.unref();
  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  void exited.then(() => {
    try {
      if (!stopping) onLost();
    } catch {
      // The connection is already closed: nothing left to checkpoint.
    }
  });
  return {
    async stop() {
      stopping = true;
      worker.postMessage('stop');
      const timer = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
