import { PAY_PAGE_SCRIPT } from './pay-page.script.js';

/** What the page needs to know; every string is escaped before it reaches HTML. */
export interface PayPageModel {
  prepayId: string;
  returnUrl: string;
  /** Absent when the order cannot be paid: then `problem` is the err_msg the page returns. */
  order?: {
    mode: 'PASSWORD_FREE' | 'NORMAL';
    merchantName: string;
    description: string;
    amountTotal: number;
    /** A pay-redirect pre-sign is attached: the offer may follow the payment. */
    displayAccount?: string;
  };
  problem?: { text: string; errMsg: string };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
export const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

const STYLE = `
body{margin:0;font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#ededed;color:#111}
header{padding:12px 16px;background:#f7f7f7;font-size:15px}
header a{color:#111;text-decoration:none}
main{margin:16px;padding:24px 20px;background:#fff;border-radius:8px;text-align:center}
.amount{font-size:34px;font-weight:600;margin:8px 0 4px}
.merchant{color:#555;margin:4px 0 16px}
.mode{color:#888;font-size:13px}
#dots{font-size:22px;letter-spacing:8px;margin:16px 0}
.pad{display:grid;grid-template-columns:repeat(3,1fr);gap:8px}
.pad button{margin:0;background:#f7f7f7;color:#111}
button{display:block;width:100%;margin-top:12px;padding:12px;border:0;border-radius:6px;font-size:17px}
#pay,#offer-accept{background:#07c160;color:#fff}
#cancel,#offer-decline{background:#f2f2f2;color:#07c160}
.problem{color:#fa5151}`;

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '', '0', 'del'];

function pad(): string {
  const key = (k: string) =>
    k === ''
      ? '<span></span>'
      : k === 'del'
        ? '<button id="key-del" data-testid="key-del">⌫</button>'
        : `<button id="key-${k}" data-testid="key-${k}">${k}</button>`;
  return `<p>请输入支付密码</p><div id="dots" data-testid="dots">○○○○○○</div>
<div class="pad">${KEYS.map(key).join('')}</div>`;
}

function sheet(order: NonNullable<PayPageModel['order']>): string {
  const head = `<p class="merchant">${escapeHtml(order.merchantName)} · ${escapeHtml(order.description)}</p>
<p class="amount" data-testid="amount">${yuan(order.amountTotal)}</p>`;
  const action =
    order.mode === 'PASSWORD_FREE'
      ? '<p class="mode">已开通免密支付，无需输入密码</p><button id="pay" data-testid="pay">免密支付</button>'
      : pad();
  const offer = order.displayAccount
    ? `<section id="offer" hidden><h1>支付成功</h1><p>开通免密支付，下次在 ${escapeHtml(order.merchantName)} 消费无需输入密码</p>
<p>免密支付账户：<strong>${escapeHtml(order.displayAccount)}</strong></p>
<button id="offer-accept" data-testid="offer-accept">开通免密支付</button>
<button id="offer-decline" data-testid="offer-decline">暂不开通</button></section>`
    : '';
  return `<section id="sheet">${head}${action}<button id="cancel" data-testid="cancel">取消支付</button></section>${offer}`;
}

/** The browser stand-in for WeChat's payment sheet (what requestPayment opens in the H5 preview). */
export function renderPayPage(model: PayPageModel): string {
  const body = model.order
    ? sheet(model.order)
    : `<h1>无法支付</h1><p class="problem">${escapeHtml(model.problem?.text ?? '')}</p>
<button id="cancel" data-testid="cancel">返回商户</button>`;
  const cfg = { prepayId: model.prepayId, returnUrl: model.returnUrl, problem: model.problem?.errMsg };
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>微信支付</title><style>${STYLE}</style></head>
<body>
<header><a href="#" id="back" data-testid="back">‹ 返回</a></header>
<main>${body}</main>
<script>
const cfg = ${scriptJson(cfg)};
${PAY_PAGE_SCRIPT}
</script>
</body></html>`;
}
