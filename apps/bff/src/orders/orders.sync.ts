import { closeOrder, queryOrder, WechatPayApiError } from '@kit/wechatpay';
import type { FastifyBaseLogger } from 'fastify';
import { AppError, upstreamError } from '../lib/errors.js';
import { iso } from '../lib/time.js';
import type { WechatPort } from '../upstream/wechat.port.js';
import { transactionMatches, transitionFromTransaction } from './orders.match.js';
import type { OrdersRepo } from './orders.repo.js';
import type { OrderRecord, OrderTransition } from './orders.types.js';

/** The order query (or an expiry close) runs for one CREATED order at most this often, across instances. */
export const ORDER_QUERY_THROTTLE_MS = 5_000;

const apiCode = (error: unknown) => (error instanceof WechatPayApiError ? error.apiCode : undefined);
const notFound = (error: unknown) =>
  error instanceof WechatPayApiError && (error.status === 404 || error.apiCode === 'ORDER_NOT_EXIST');

export interface OrderSync {
  /** Asks the order query; undefined = still payable, unknown to WeChat, or an answer that is not ours. */
  learn(row: OrderRecord, log: FastifyBaseLogger): Promise<OrderTransition | undefined>;
  /**
   * Through the close API, then CLOSED; an order WeChat says is paid comes back PAID instead.
   * Upstream failures throw the mapped AppError.
   */
  close(row: OrderRecord, reason: string, log: FastifyBaseLogger): Promise<OrderRecord>;
  /**
   * For a CREATED order (throttled): past `expires_at` close it, else ask the order query, and
   * record what is learned. Upstream failures are logged, not thrown: the caller shows what we know.
   * `throttleMs`: skip it when anyone asked within that long.
   */
  refresh(row: OrderRecord, log: FastifyBaseLogger, throttleMs?: number): Promise<OrderRecord>;
}

export function createOrderSync(
  repo: OrdersRepo,
  wechat: WechatPort,
  spMchid: string,
  now: () => number,
): OrderSync {
  const ref = (row: OrderRecord) => ({
    sp_mchid: spMchid,
    sub_mchid: row.sub_mchid,
    out_trade_no: row.out_trade_no,
  });
  const reread = async (row: OrderRecord) => (await repo.findByNo(row.out_trade_no)) ?? row;

  const learn: OrderSync['learn'] = async (row, log) => {
    let tx: Awaited<ReturnType<typeof queryOrder>>;
    try {
      tx = await queryOrder(wechat.client, ref(row));
    } catch (error) {
      if (notFound(error)) return undefined;
      throw upstreamError(error, log, 'query order');
    }
    if (!transactionMatches(row, tx, spMchid)) {
      log.error({ outTradeNo: row.out_trade_no }, 'order query answer does not match the order');
      return undefined;
    }
    return transitionFromTransaction(tx, now());
  };

  const close: OrderSync['close'] = async (row, reason, log) => {
    try {
      await closeOrder(wechat.client, ref(row));
    } catch (error) {
      if (apiCode(error) === 'ORDERPAID') {
        const learned = await learn(row, log);
        if (learned?.to === 'PAID')
          await repo.transition(row.out_trade_no, learned, { source: 'query', now: iso(now()) });
        return reread(row);
      }
      // Never reached WeChat Pay (the create call failed before it): nothing there to close.
      if (!notFound(error)) throw upstreamError(error, log, 'close order');
    }
    const nowIso = iso(now());
    await repo.transition(
      row.out_trade_no,
      { to: 'CLOSED', closedAt: nowIso, reason },
      { source: 'close', now: nowIso },
    );
    return reread(row);
  };

  return {
    learn,
    close,
    async refresh(row, log, throttleMs = ORDER_QUERY_THROTTLE_MS) {
      if (row.state !== 'CREATED') return row;
      const nowMs = now();
      if (!(await repo.claimQuery(row.out_trade_no, iso(nowMs), iso(nowMs - throttleMs)))) return row;
      try {
        if (row.expires_at <= iso(nowMs)) return await close(row, 'EXPIRED', log);
        const learned = await learn(row, log);
        if (learned) await repo.transition(row.out_trade_no, learned, { source: 'query', now: iso(now()) });
      } catch (error) {
        // Logged by upstreamError; the next read asks again.
        if (!(error instanceof AppError)) throw error;
      }
      return reread(row);
    },
  };
}
