import { formatPrice } from '../lib/format';

/** The buy button: the mode the BFF will use for this user, and the price it will charge. */
export const buyLabel = (passwordFree: boolean, fen: number): string =>
  `${passwordFree ? '免密支付' : '微信支付'} ${formatPrice(fen)}`;

export const PAY_COPY = {
  productsTitle: '商品',
  creating: '正在创建订单…',
  paying: '请在微信支付中完成付款',
  confirming: '正在确认支付结果…',
  confirmingDesc: '正在向微信支付查询，请稍候',
  paid: '支付成功',
  passwordFreeBadge: '免密',
  unpaid: '支付未完成',
  unpaidDesc: '订单尚未付款，可重新支付或关闭订单',
  closed: '订单已关闭',
  closedDesc: '未扣款，可重新选择商品购买',
  refused: '免密支付未成功',
  refusedDesc: '本次未扣款。可改用微信支付，输入支付密码完成付款',
  pending: '确认中',
  pendingDesc: '微信支付尚未返回结果，请稍后刷新；请勿重复付款',
  signedAfterPay: '已开通免密支付，下次购买无需输入密码',
  amount: '金额',
  paidAt: '支付时间',
  payMode: '支付方式',
} as const;
