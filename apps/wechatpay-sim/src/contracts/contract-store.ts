/** Where the user is offered the contract: the signing mini program, or WeChat's payment sheet. */
export type SessionOrigin = 'MINI_PROGRAM' | 'PAY_REDIRECT';

/**
 * A pre-sign session: what the signing mini program (or, for a pay-redirect pre-sign, the payment
 * sheet after the payment) shows until the user acts or 2 h pass.
 */
export interface PresignSession {
  /** For PAY_REDIRECT an internal id: the real API hands none out. */
  preEntrustwebId: string;
  origin: SessionOrigin;
  /** PAY_REDIRECT: the ordinary order whose payment sheet offers the contract. */
  prepayId?: string;
  outContractCode: string;
  subMchid: string;
  subAppid: string;
  spOpenid: string;
  subOpenid?: string;
  serviceId: number;
  notifyUrl: string;
  displayAccount: string;
  /** WeChat-side ticks (see SimClock) at creation, for the 2 h expiry. */
  createdTicks: number;
  status: 'PENDING' | 'CONFIRMED';
  /** How often the user left the signing mini program without signing (it stays signable). */
  abandoned: number;
}

export interface TerminateInfo {
  mode: string;
  terminatedAt: number;
  remark?: string;
}

/** A contract the user has signed; it only moves forward SIGNED → TERMINATED. */
export interface Contract {
  outContractCode: string;
  contractId: string;
  subMchid: string;
  subAppid: string;
  spOpenid: string;
  subOpenid?: string;
  serviceId: number;
  displayAccount: string;
  notifyUrl: string;
  state: 'SIGNED' | 'TERMINATED';
  signedAt: number;
  terminate?: TerminateInfo;
}

/** In-memory state of the simulated WeChat Pay (lost on restart, like a fresh sandbox). */
export class ContractStore {
  private readonly sessions = new Map<string, PresignSession>();
  private readonly contracts = new Map<string, Contract>();

  addSession(session: PresignSession): void {
    this.sessions.set(session.preEntrustwebId, session);
  }

  session(id: string): PresignSession | undefined {
    return this.sessions.get(id);
  }

  allSessions(): PresignSession[] {
    return [...this.sessions.values()];
  }

  addContract(contract: Contract): void {
    this.contracts.set(contract.outContractCode, contract);
  }

  contract(outContractCode: string): Contract | undefined {
    return this.contracts.get(outContractCode);
  }

  /** By WeChat Pay's `contract_id` (what `password_free_contract_id` names). */
  contractById(contractId: string): Contract | undefined {
    for (const contract of this.contracts.values()) if (contract.contractId === contractId) return contract;
    return undefined;
  }

  allContracts(): Contract[] {
    return [...this.contracts.values()];
  }

  /** The user's signed contract for this service, if any: a user cannot sign the same service twice. */
  activeContractOf(subMchid: string, serviceId: number, spOpenid: string): Contract | undefined {
    for (const contract of this.contracts.values()) {
      if (
        contract.state === 'SIGNED' &&
        contract.subMchid === subMchid &&
        contract.serviceId === serviceId &&
        contract.spOpenid === spOpenid
      ) {
        return contract;
      }
    }
    return undefined;
  }
}
