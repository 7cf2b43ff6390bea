import type { LoadResult } from './loadgen.js';

type Measured = LoadResult & { cpuMsPerRequest: number };

/** Order creation and TRANSACTION.SUCCESS notifications, at the BFF and at the relay. */
export interface PaymentFigures {
  /** The BFF's password-free orders (one order call, one answer verification, one paySign each). */
  orders: Measured;
  /** The relay's: the same order call and paySign, nothing else. */
  relayOrders: Measured;
  /** TRANSACTION.SUCCESS for each of the BFF's orders, committed (every answer 204, orders PAID). */
  paid: Measured;
  relayPaid: Measured;
}
