import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { queryView, type SpIdentity } from '../contracts/contract-views.js';
import { sheetView } from '../orders/order-views.js';
import type { PaymentSheetService } from '../orders/payment-sheet.service.js';
import { controlValidator } from './control.schemas.js';

export interface PaymentControlDeps {
  sp: SpIdentity;
  sheet: PaymentSheetService;
}

const validatePay = controlValidator<{ password?: string }>(
  Type.Object({ password: Type.Optional(Type.String()) }, { additionalProperties: false }),
);

type ById = { Params: { prepay_id: string } };

/** `/sim/prepay/:prepay_id/…`: the user on WeChat's payment sheet (inside controlRoutes' scope). */
export async function paymentControlRoutes(app: FastifyInstance, deps: PaymentControlDeps): Promise<void> {
  const { sp, sheet } = deps;
  const view = (order: Parameters<typeof sheetView>[1]) => sheetView(sp, order);

  app.get('/sim/orders', async () => ({ orders: sheet.all().map(view) }));

  app.get<ById>('/sim/prepay/:prepay_id', async (request) => view(sheet.find(request.params.prepay_id)));

  app.post<ById>('/sim/prepay/:prepay_id/pay', async (request) => {
    const { password } = validatePay(request.body ?? {});
    return view(sheet.pay(request.params.prepay_id, password));
  });

  app.post<ById>('/sim/prepay/:prepay_id/cancel', async (request) =>
    view(sheet.cancel(request.params.prepay_id)),
  );

  app.post<ById>('/sim/prepay/:prepay_id/refuse-password-free', async (request) =>
    view(sheet.refusePasswordFree(request.params.prepay_id)),
  );

  app.post<ById>('/sim/prepay/:prepay_id/sign-offer/accept', async (request) => {
    const contract = sheet.acceptOffer(request.params.prepay_id);
    return { ...view(sheet.find(request.params.prepay_id)), contract: queryView(sp, contract) };
  });

  app.post<ById>('/sim/prepay/:prepay_id/sign-offer/decline', async (request) =>
    view(sheet.declineOffer(request.params.prepay_id)),
  );
}
