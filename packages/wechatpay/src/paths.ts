/**
 * The WeChat Pay paths the kit uses, each written once as its documented template
 * (`…/{service_id}/…`): the client builds them, the simulator routes them, test fakes match them.
 */

/** The `{name}` placeholders of a template, as a union of names. */
export type PathParams<T extends string> = T extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PathParams<Rest>
  : never;

export interface ApiPath<T extends string> {
  /** As documented: `/v3/…/service-id/{service_id}/…`. */
  readonly template: T;
  /** The same path as a Fastify route: `/v3/…/service-id/:service_id/…`. */
  readonly route: string;
  /** Fills every placeholder, URL-encoded (the path is signed as sent). */
  build(params: Record<PathParams<T>, string | number>): string;
  /** The decoded placeholders of a request path (query ignored), or undefined for any other path. */
  match(url: string): Record<PathParams<T>, string> | undefined;
}

const PLACEHOLDER = /\{([a-z_]+)\}/g;

export function apiPath<const T extends string>(template: T): ApiPath<T> {
  const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as PathParams<T>);
  const literal = template.split(PLACEHOLDER).filter((_, i) => i % 2 === 0);
  const pattern = new RegExp(`^${literal.map(escapeRegExp).join('([^/]+)')}$`);
  return {
    template,
    route: template.replace(PLACEHOLDER, ':$1'),
    build: (params) =>
      template.replace(PLACEHOLDER, (_, name: PathParams<T>) => encodeURIComponent(String(params[name]))),
    match(url) {
      const found = pattern.exec(url.split('?')[0] ?? '');
      if (!found) return undefined;
      try {
        return Object.fromEntries(
          names.map((name, i) => [name, decodeURIComponent(found[i + 1] as string)]),
        ) as Record<PathParams<T>, string>;
      } catch {
        return undefined; // a malformed %-escape is no path of ours
      }
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const CONTRACTS = '/v3/password-exempt-contract/contracts';
const CONTRACT = `${CONTRACTS}/service-id/{service_id}/out-contract-code/{out_contract_code}` as const;
const PRE_ENTRUST_SIGN = `${CONTRACTS}/service-provider/pre-entrust-sign` as const;
const TRANSACTIONS = '/v3/pay/partner/transactions';
const TRANSACTION = `${TRANSACTIONS}/out-trade-no/{out_trade_no}` as const;

/** wechatpay-apiv3.md §1, §2 (contracts), §7 (login) and §8 (payments with a contract). */
export const API_PATHS = {
  presignMiniProgram: apiPath(`${PRE_ENTRUST_SIGN}/mini-program`),
  /** Sign after paying: the pre-sign fields plus the `prepay_id` of an ordinary order. */
  payRedirectSign: apiPath(`${PRE_ENTRUST_SIGN}/pay-redirect-sign`),
  queryContract: apiPath(CONTRACT),
  terminateContract: apiPath(`${CONTRACT}/terminate`),
  jsapiWithContract: apiPath(`${TRANSACTIONS}/jsapi-with-contract`),
  jsapi: apiPath(`${TRANSACTIONS}/jsapi`),
  /** Needs `?sp_mchid=&sub_mchid=`: build it with `queryTransactionPath`. */
  queryTransaction: apiPath(TRANSACTION),
  closeTransaction: apiPath(`${TRANSACTION}/close`),
  jscode2session: apiPath('/sns/jscode2session'),
} as const;

export interface TransactionRef {
  outTradeNo: string;
  spMchid: string;
  subMchid: string;
}

/** `GET /v3/pay/partner/transactions/out-trade-no/{out_trade_no}?sp_mchid=…&sub_mchid=…` */
export function queryTransactionPath({ outTradeNo, spMchid, subMchid }: TransactionRef): string {
  const query = new URLSearchParams({ sp_mchid: spMchid, sub_mchid: subMchid });
  return `${API_PATHS.queryTransaction.build({ out_trade_no: outTradeNo })}?${query}`;
}
