/**
 * The only module that reads process.env. `RELIABILITY_FULL=1` runs the sizes of the issue
 * (minutes); the default (CI) sizes keep the whole suite within a few minutes on 2 cores.
 */
const env = process.env;
export const FULL = env.RELIABILITY_FULL === '1';

function size(name: string, ci: number, full: number): number {
  const raw = env[name];
  if (raw && /^\d+$/.test(raw)) return Number(raw);
  return FULL ? full : ci;
}

export const SIZES = {
  /** Scenario 1: contracts signed during the crash storm. */
  stormContracts: size('REL_STORM_CONTRACTS', 300, 2000),
  /** Scenario 1b: orders placed (and most paid) during the order storm, 4 per user. */
  stormOrders: size('REL_STORM_ORDERS', 1000, 3000),
  /** Scenario 2: notifications, and the concurrent copies of each. */
  dupNotifications: size('REL_DUP_NOTIFICATIONS', 10, 50),
  dupCopies: size('REL_DUP_COPIES', 100, 100),
  /** Scenario 2b: orders whose TRANSACTION.SUCCESS is sent as concurrent copies (same id, then new ids). */
  dupPayments: size('REL_DUP_PAYMENTS', 10, 50),
  /** Scenario 3: seconds of sustained load (after the rate search). */
  loadSeconds: size('REL_LOAD_SECONDS', 12, 60),
  /** Scenario 5: fuzz cases for notifications and for BFF routes. */
  fuzzNotifications: size('REL_FUZZ_NOTIFICATIONS', 1500, 10_000),
  fuzzRoutes: size('REL_FUZZ_ROUTES', 1500, 10_000),
};

export const PG_URL = env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const BASE_PATH = env.PATH;
/** Fixed per run, so a failing fuzz run can be replayed with REL_SEED. */
export const SEED = Number(env.REL_SEED ?? Date.now() % 1_000_000);
