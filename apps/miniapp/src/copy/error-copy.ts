import type { AppErrorCode } from '../services/api-error';

/** Short Chinese copy for every BFF error code and the client's own codes (the type keeps it total). */
export const ERROR_COPY: Record<AppErrorCode, string> = {
  VALIDATION_FAILED: '请求参数有误，请重试',
  BAD_REQUEST: '请求格式有误，请重试',
  UNAUTHENTICATED: '登录已失效，请重新进入小程序',
  UNKNOWN_APPID: '当前小程序未开通此服务',
  LOGIN_CODE_INVALID: '登录失败，请重试',
  NOT_FOUND: '未找到相关记录',
  NO_CONTRACT: '尚未开通免密支付',
  CONTRACT_ALREADY_ACTIVE: '您已开通免密支付',
  CONTRACT_NOT_ACTIVE: '免密支付未开通或已解约',
  NO_SUCH_PRODUCT: '商品已下架，请刷新后重试',
  IDEMPOTENCY_KEY_REQUIRED: '下单请求不完整，请重试',
  IDEMPOTENCY_KEY_REUSED: '下单请求重复，请重新下单',
  ORDER_ALREADY_PAID: '订单已支付，无需重复操作',
  ORDER_CLOSED: '订单已关闭，请重新下单',
  PASSWORD_FREE_REFUSED: '免密支付未成功，可使用微信支付完成付款',
  PAYLOAD_TOO_LARGE: '请求内容过大',
  REQUEST_TIMEOUT: '网络较慢，请求超时，请重试',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  UPSTREAM_REJECTED: '微信支付拒绝了本次请求，请稍后再试',
  UPSTREAM_UNVERIFIED: '微信支付应答校验失败，请稍后再试',
  UPSTREAM_UNAVAILABLE: '微信支付暂时不可用，请稍后再试',
  INTERNAL_ERROR: '服务异常，请稍后再试',
  NETWORK_ERROR: '网络不给力，请检查网络后重试',
  BAD_RESPONSE: '服务响应异常，请稍后再试',
  LOGIN_FAILED: '微信登录失败，请重试',
  LAUNCH_FAILED: '无法打开签约页面，请重试',
};

const FALLBACK = '出了点问题，请稍后再试';

/** Copy for a code; an unknown code from a newer BFF still gets a sentence, never a raw code. */
export function errorCopy(code: string): string {
  return (ERROR_COPY as Record<string, string>)[code] ?? FALLBACK;
}
