import {
  PresignMiniProgramRequest,
  PresignMiniProgramResponse,
  QueryContractResponse,
  TerminateContractRequest,
  TerminateContractResponse,
} from '@kit/contract-types';
import type { TSchema } from 'typebox';
import { InvalidRequestError } from '../errors.js';
import { API_PATHS } from '../paths.js';
import type { WechatPayClient } from '../transport.js';
import { describeErrors, isValid } from '../validation.js';

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

/** Top-level fields that are undefined or null are left out: APIv3 rejects `null`. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== undefined && field !== null) out[key] = field;
  }
  return out as T;
}

function checked<T>(schema: TSchema, value: T, what: string): T {
  if (!isValid(schema, value)) {
    throw new InvalidRequestError(`invalid ${what} request`, describeErrors(schema, value));
  }
  return value;
}

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
