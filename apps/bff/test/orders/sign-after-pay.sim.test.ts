import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshSchema } from '../helpers/pg.js';
import { createSimHarness, type SimHarness } from '../helpers/sim-harness.js';
import { orderUser, prepayOf, type Sheet, sheet } from '../helpers/sim-orders.js';

const AMERICANO = { product_id: 'americano' };

describe.each(['sqlite', 'postgres'] as const)(
  'sign after paying beside a mini-program pre-sign on %s',
  (engine) => {
    let h: SimHarness;
    let wx: Sheet;
    let dropSchema: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      const pg = engine === 'postgres' ? await freshSchema() : undefined;
      dropSchema = pg?.drop;
      h = await createSimHarness(pg ? { pgSchema: pg.schema } : {});
      wx = sheet(h);
    });
    afterEach(() => {
      h.dropNotifications = false;
    });
    afterAll(async () => {
      await h?.close();
      await dropSchema?.();
    });

    it('the pay-redirect pre-sign is signed: it is the status, the pre-fetched one can no longer be used', async () => {
      const user = orderUser(h, await h.login('u-both'));
      const prefetched = await user.presign();
      expect(prefetched.status).toBe(200);
      const created = await user.order(AMERICANO, 'attempt-both-0001');
      expect(created.json.sign_after_pay).toBe(true);
      const offer = (await wx.view(prepayOf(created))).json.sign_offer;
      expect(offer.out_contract_code).not.toBe(prefetched.json.out_contract_code);
      // The mini-program pre-sign is not handed out for the pay-redirect one, nor the other way round.
      expect((await user.presign()).json.out_contract_code).toBe(prefetched.json.out_contract_code);

      await wx.pay(prepayOf(created), '123456');
      expect((await wx.acceptOffer(prepayOf(created))).status).toBe(200);
      await h.notificationsSettled(offer.out_contract_code, 1);
      expect((await user.current()).json).toMatchObject({
        out_contract_code: offer.out_contract_code,
        state: 'SIGNED',
        origin: 'PAY_REDIRECT',
      });
      expect((await h.confirm(prefetched.json.pre_entrustweb_id)).status).toBe(409);
      expect((await user.presign()).json.code).toBe('CONTRACT_ALREADY_ACTIVE');
      expect((await user.get(prefetched.json.out_contract_code)).json).toMatchObject({
        state: 'PRESIGNED',
        origin: 'MINI_PROGRAM',
      });
    });

    it('with its SIGN notification lost, current still finds the pay-redirect contract signed', async () => {
      const user = orderUser(h, await h.login('u-lost-sign'));
      const created = await user.order(AMERICANO, 'attempt-lost-sign');
      const offer = (await wx.view(prepayOf(created))).json.sign_offer;
      await wx.pay(prepayOf(created), '123456');
      await wx.paymentsSettled(created.json.out_trade_no, 1);
      h.dropNotifications = true;
      await wx.acceptOffer(prepayOf(created));
      expect((await h.repo.findByCode(offer.out_contract_code))?.state).toBe('PRESIGNED');
      expect((await user.current()).json).toMatchObject({
        out_contract_code: offer.out_contract_code,
        state: 'SIGNED',
        origin: 'PAY_REDIRECT',
      });
    });
  },
);
