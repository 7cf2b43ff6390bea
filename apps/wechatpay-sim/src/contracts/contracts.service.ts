import type {
  PresignMiniProgramRequest,
  PresignMiniProgramResponse,
  QueryContractResponse,
  TerminateContractResponse,
} from '@kit/contract-types';
import type { SimClock } from '../clock.js';
import type { Identity, SubMerchant } from '../identity/identity.js';
import type { NotificationEvent } from '../notifications/notification.types.js';
import { ControlError, invalidRequest, notFound } from '../protocol/errors.js';
import { contractId } from './contract-ids.js';
import type { Contract, ContractStore, PresignSession } from './contract-store.js';
import { notificationPayload, queryView } from './contract-views.js';
import { openPresignSession, subMerchantOf } from './presign-session.js';

/** WeChat's signing mini program; sign_mp_appid/path are opaque to callers. */
export const SIGN_MP_APPID = 'wxbd687630cd02ce1d';
export const SESSION_TTL_MS = 2 * 3600_000;
/** Only "USER_TERMINATE" is public; the merchant-API mode name is our assumption. */
export const TERMINATION_MODES = { user: 'USER_TERMINATE', merchantApi: 'MCH_API_TERMINATE' } as const;
export const EVENT_TYPES = {
  sign: 'PASSWORD_EXEMPT_CONTRACT.SIGN',
  terminate: 'PASSWORD_EXEMPT_CONTRACT.TERMINATE',
} as const;

export interface ContractsDeps {
  identity: Identity;
  store: ContractStore;
  clock: SimClock;
  notify: (event: NotificationEvent) => void;
}

/** WeChat Pay's side of password-exempt contracts: the APIs plus what the user does in WeChat. */
export class ContractsService {
  constructor(private readonly deps: ContractsDeps) {}

  presign(req: PresignMiniProgramRequest): PresignMiniProgramResponse {
    const { identity, store } = this.deps;
    const session = openPresignSession(this.deps, req, 'MINI_PROGRAM');
    store.addSession(session);
    return {
      pre_entrustweb_id: session.preEntrustwebId,
      mchid: identity.mchid,
      sub_mchid: session.subMchid,
      service_id: session.serviceId,
      out_contract_code: session.outContractCode,
      sign_mp_appid: SIGN_MP_APPID,
      sign_mp_path: `pages/index/index?pre_entrustweb_id=${encodeURIComponent(session.preEntrustwebId)}`,
    };
  }

  query(serviceId: number, outContractCode: string): QueryContractResponse {
    return queryView(this.sp(), this.signedOrTerminated(serviceId, outContractCode));
  }

  terminate(serviceId: number, outContractCode: string, remark: string): TerminateContractResponse {
    const contract = this.signedOrTerminated(serviceId, outContractCode);
    if (contract.state === 'TERMINATED') throw invalidRequest('协议已解约');
    this.end(contract, TERMINATION_MODES.merchantApi, remark);
    return { mchid: this.deps.identity.mchid, service_id: serviceId, out_contract_code: outContractCode };
  }

  /** The user taps 「同意并开通」 in the signing mini program. */
  confirm(preEntrustwebId: string): Contract {
    const { store, clock } = this.deps;
    const session = this.pendingSession(preEntrustwebId);
    if (store.contract(session.outContractCode)) {
      throw new ControlError(409, 'CONTRACT_EXISTS', 'out_contract_code is already signed or terminated');
    }
    if (store.activeContractOf(session.subMchid, session.serviceId, session.spOpenid)) {
      throw new ControlError(
        409,
        'USER_ALREADY_SIGNED',
        'the user already has a signed contract for this service',
      );
    }
    session.status = 'CONFIRMED';
    const contract: Contract = {
      outContractCode: session.outContractCode,
      contractId: contractId(clock.wechatNow()),
      subMchid: session.subMchid,
      subAppid: session.subAppid,
      spOpenid: session.spOpenid,
      serviceId: session.serviceId,
      displayAccount: session.displayAccount,
      notifyUrl: session.notifyUrl,
      state: 'SIGNED',
      signedAt: clock.wechatNow(),
    };
    if (session.subOpenid) contract.subOpenid = session.subOpenid;
    store.addContract(contract);
    this.emit(EVENT_TYPES.sign, '签约成功', contract);
    return contract;
  }

  /**
   * The user leaves the signing mini program without signing: WeChat Pay sends nothing, and the
   * pre_entrustweb_id stays valid for the rest of its 2 h — merchants reuse a fresh pre-sign, so the
   * user can tap again and sign with the same session.
   */
  cancel(preEntrustwebId: string): PresignSession {
    const session = this.pendingSession(preEntrustwebId);
    session.abandoned += 1;
    return session;
  }

  /** The user ends the contract inside WeChat (Me → Pay → password-exempt services). */
  userTerminate(outContractCode: string): Contract {
    const contract = this.deps.store.contract(outContractCode);
    if (!contract)
      throw new ControlError(404, 'NO_CONTRACT', 'no signed contract with this out_contract_code');
    if (contract.state === 'TERMINATED')
      throw new ControlError(409, 'ALREADY_TERMINATED', 'already terminated');
    this.end(contract, TERMINATION_MODES.user);
    return contract;
  }

  /** A session the user can still act on, or the control error explaining why not. */
  pendingSession(preEntrustwebId: string): PresignSession {
    const session = this.deps.store.session(preEntrustwebId);
    if (!session) throw new ControlError(404, 'NO_SESSION', 'unknown pre_entrustweb_id');
    if (session.status !== 'PENDING') {
      throw new ControlError(
        409,
        `SESSION_${session.status}`,
        `the session is already ${session.status.toLowerCase()}`,
      );
    }
    if (this.isExpired(session))
      throw new ControlError(410, 'SESSION_EXPIRED', 'the pre-sign session expired (2 h)');
    return session;
  }

  isExpired(session: PresignSession): boolean {
    return this.deps.clock.ticks() - session.createdTicks >= SESSION_TTL_MS;
  }

  subMerchant(subMchid: string): SubMerchant {
    return subMerchantOf(this.deps.identity, subMchid);
  }

  private end(contract: Contract, mode: string, remark?: string): void {
    contract.state = 'TERMINATED';
    contract.terminate = { mode, terminatedAt: this.deps.clock.wechatNow() };
    if (remark) contract.terminate.remark = remark;
    this.emit(EVENT_TYPES.terminate, '解约成功', contract);
  }

  private signedOrTerminated(serviceId: number, outContractCode: string): Contract {
    const contract = this.deps.store.contract(outContractCode);
    if (!contract || contract.serviceId !== serviceId) throw notFound('协议不存在');
    return contract;
  }

  private emit(eventType: string, summary: string, contract: Contract): void {
    const payload = notificationPayload(this.sp(), contract);
    this.deps.notify({
      eventType,
      summary,
      notifyUrl: contract.notifyUrl,
      payload,
      resourceType: 'contract',
      ref: { out_contract_code: contract.outContractCode },
    });
  }

  private sp() {
    return { mchid: this.deps.identity.mchid, spAppid: this.deps.identity.spAppid };
  }
}
