import {
  CloseOrderRequest,
  JsapiWithContractRequest,
  OutTradeNo,
  PartnerJsapiOrderRequest,
  PartnerTransaction,
  PrepayResponse,
} from '@kit/contract-types';
import { API_PATHS, queryTransactionPath } from '../paths.js';
import type { WechatPayClient } from '../transport.js';
import { checked, compact } from './request.js';

/** An order as WeChat Pay files it: the two merchants and our `out_trade_no`. */
export interface OrderRef extends CloseOrderRequest {
  out_trade_no: string;
}

function checkedRef({ sp_mchid, sub_mchid, out_trade_no }: OrderRef, what: string) {
  // Checked before it goes into a path: an odd out_trade_no would be signed and sent, then refused.
  checked(OutTradeNo, out_trade_no, what);
  return { merchants: checked(CloseOrderRequest, { sp_mchid, sub_mchid }, what), out_trade_no };
}

/** JSAPI下单并授权: an order paid without a password under `contract_info.password_free_contract_id`. */
export async function jsapiWithContract(
  client: WechatPayClient,
  input: JsapiWithContractRequest,
): Promise<PrepayResponse> {
  const body = checked(JsapiWithContractRequest, compact(input), 'jsapi-with-contract');
  const res = await client.request({
    method: 'POST',
    path: API_PATHS.jsapiWithContract.template,
    body,
    schema: PrepayResponse,
  });
  return res.data;
}

/** An ordinary partner JSAPI order: the user pays with the password. */
export async function jsapiPrepay(
  client: WechatPayClient,
  input: PartnerJsapiOrderRequest,
): Promise<PrepayResponse> {
  const body = checked(PartnerJsapiOrderRequest, compact(input), 'jsapi');
  const res = await client.request({
    method: 'POST',
    path: API_PATHS.jsapi.template,
    body,
    schema: PrepayResponse,
  });
  return res.data;
}

/** By `out_trade_no`; `sp_mchid`/`sub_mchid` travel in the query string, which is signed with the path. */
export async function queryOrder(client: WechatPayClient, ref: OrderRef): Promise<PartnerTransaction> {
  const { merchants, out_trade_no } = checkedRef(ref, 'order query');
  const path = queryTransactionPath({
    outTradeNo: out_trade_no,
    spMchid: merchants.sp_mchid,
    subMchid: merchants.sub_mchid,
  });
  const res = await client.request({ method: 'GET', path, schema: PartnerTransaction });
  return res.data;
}

/**
 * Closes an unpaid order. WeChat Pay answers 204 with no body; the transport still verifies the
 * signature over the empty body, so a forged "closed" is refused like any other answer.
 */
export async function closeOrder(client: WechatPayClient, ref: OrderRef): Promise<void> {
  const { merchants, out_trade_no } = checkedRef(ref, 'order close');
  await client.request({
    method: 'POST',
    path: API_PATHS.closeTransaction.build({ out_trade_no }),
    body: merchants,
  });
}
