import {
  PayRedirectSignRequest,
  PayRedirectSignResponse,
  PresignMiniProgramRequest,
  PresignMiniProgramResponse,
  QueryContractResponse,
  TerminateContractRequest,
  TerminateContractResponse,
} from '@kit/contract-types';
import { API_PATHS } from '../paths.js';
import type { WechatPayClient } from '../transport.js';
import { checked, compact } from './request.js';

export interface ContractRef {
  serviceId: number | string;
  outContractCode: string;
}

export interface TerminateContractInput extends ContractRef {
  remark: string;
}

const contractParams = ({ serviceId, outContractCode }: ContractRef) => ({
  service_id: serviceId,
  out_contract_code: outContractCode,
});

/** Pre-sign in the mini-program scene (service-provider mode). */
export async function presignMiniProgram(
  client: WechatPayClient,
  input: PresignMiniProgramRequest,
): Promise<PresignMiniProgramResponse> {
  const body = checked(PresignMiniProgramRequest, compact(input), 'pre-sign');
  const res = await client.request({
    method: 'POST',
    path: API_PATHS.presignMiniProgram.template,
    body,
    schema: PresignMiniProgramResponse,
  });
  return res.data;
}

/**
 * Sign after paying (支付后预签约): attaches a pre-sign to an ordinary order's `prepay_id` before the
 * prepay is handed to the mini program. The answer has no `pre_entrustweb_id` and no jump target:
 * WeChat's payment sheet offers the signing once the payment succeeds.
 */
export async function presignPayRedirect(
  client: WechatPayClient,
  input: PayRedirectSignRequest,
): Promise<PayRedirectSignResponse> {
  const body = checked(PayRedirectSignRequest, compact(input), 'pay-redirect pre-sign');
  const res = await client.request({
    method: 'POST',
    path: API_PATHS.payRedirectSign.template,
    body,
    schema: PayRedirectSignResponse,
  });
  return res.data;
}

export async function queryContract(
  client: WechatPayClient,
  ref: ContractRef,
): Promise<QueryContractResponse> {
  const path = API_PATHS.queryContract.build(contractParams(ref));
  const res = await client.request({ method: 'GET', path, schema: QueryContractResponse });
  return res.data;
}

export async function terminateContract(
  client: WechatPayClient,
  { remark, ...ref }: TerminateContractInput,
): Promise<TerminateContractResponse> {
  const body = checked(TerminateContractRequest, { contract_termination_remark: remark }, 'terminate');
  const res = await client.request({
    method: 'POST',
    path: API_PATHS.terminateContract.build(contractParams(ref)),
    body,
    schema: TerminateContractResponse,
  });
  return res.data;
}
