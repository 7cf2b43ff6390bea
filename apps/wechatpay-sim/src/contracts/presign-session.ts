import type { PresignMiniProgramRequest } from '@kit/contract-types';
import type { SimClock } from '../clock.js';
import type { Identity, SubMerchant } from '../identity/identity.js';
import { invalidRequest, noAuth, paramError } from '../protocol/errors.js';
import { derivedSpOpenid, newPreEntrustwebId } from './contract-ids.js';
import type { ContractStore, PresignSession, SessionOrigin } from './contract-store.js';

/** The sub-merchant the provider acts for; an unknown one is 403 NO_AUTH, as WeChat Pay answers. */
export function subMerchantOf(identity: Identity, subMchid: string): SubMerchant {
  const sub = identity.subMerchants.find((s) => s.sub_mchid === subMchid);
  if (!sub) throw noAuth('服务商与该子商户无授权关系');
  return sub;
}

/** The user as the provider's AppID sees them, whichever openid the caller sent. */
export function spOpenidOf(identity: Identity, who: { sp_openid?: string; sub_openid?: string }): string {
  return who.sp_openid ?? derivedSpOpenid(identity.spAppid, who.sub_openid!);
}

/**
 * The business rules both pre-signs share (mini program and pay-redirect), then a new PENDING
 * session: the same contract store, the same confirm, the same SIGN notification.
 */
export function openPresignSession(
  deps: { identity: Identity; store: ContractStore; clock: SimClock },
  req: PresignMiniProgramRequest,
  origin: SessionOrigin,
): PresignSession {
  const { identity, store, clock } = deps;
  if (req.sp_appid !== identity.spAppid) {
    throw paramError('sp_appid 与服务商商户号不匹配', field('sp_appid', req.sp_appid, 'not bound to mchid'));
  }
  const sub = subMerchantOf(identity, req.sub_mchid);
  if (req.sub_appid !== sub.sub_appid) {
    throw paramError(
      'sub_appid 与子商户号不匹配',
      field('sub_appid', req.sub_appid, 'not bound to sub_mchid'),
    );
  }
  if (req.service_id !== sub.service_id) {
    throw paramError('service_id 无效', field('service_id', req.service_id, 'not a service of sub_mchid'));
  }
  if (store.contract(req.out_contract_code)) {
    throw invalidRequest('out_contract_code 已签约或已解约，不可重复使用');
  }
  const session: PresignSession = {
    preEntrustwebId: newPreEntrustwebId(),
    origin,
    outContractCode: req.out_contract_code,
    subMchid: req.sub_mchid,
    subAppid: req.sub_appid,
    spOpenid: spOpenidOf(identity, req),
    serviceId: req.service_id,
    notifyUrl: req.notify_url,
    displayAccount: req.contract_display_account,
    createdTicks: clock.ticks(),
    status: 'PENDING',
    abandoned: 0,
  };
  if (req.sub_openid) session.subOpenid = req.sub_openid;
  return session;
}

export function field(name: string, value: unknown, issue: string) {
  return { field: name, value, issue: `${name} ${issue}`, location: 'body' as const };
}
