import type { ContractView, PresignResponse } from '@kit/contract-types/types';
import { isApiError } from './api-error';
import { authedRequest } from './session.service';

const contractPath = (code: string): string => `/v1/contracts/${encodeURIComponent(code)}`;

export const contractsService = {
  /** The caller's reusable or fresh pre-sign; 409 CONTRACT_ALREADY_ACTIVE when already signed. */
  presign(): Promise<PresignResponse> {
    return authedRequest<PresignResponse>({ method: 'POST', path: '/v1/contracts/pre-sign' });
  },

  /** The caller's status: the signed contract, else the latest terminated one; null = none (404 NO_CONTRACT). */
  async current(): Promise<ContractView | null> {
    try {
      return await authedRequest<ContractView>({ method: 'GET', path: '/v1/contracts/current' });
    } catch (err) {
      if (isApiError(err) && err.code === 'NO_CONTRACT') return null;
      throw err;
    }
  },

  /** While PRESIGNED the BFF confirms with WeChat Pay: this is what the return handler polls. */
  get(code: string): Promise<ContractView> {
    return authedRequest<ContractView>({ method: 'GET', path: contractPath(code) });
  },

  terminate(code: string): Promise<ContractView> {
    return authedRequest<ContractView>({ method: 'POST', path: `${contractPath(code)}/terminate` });
  },
};
