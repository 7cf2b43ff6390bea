/** What the page needs to know; every string is escaped before it reaches HTML. */
export interface SignPageModel {
  preEntrustwebId: string;
  returnUrl: string;
  referrerAppId: string;
  /** undefined when the session cannot be signed (unknown, expired, already used). */
  merchantName?: string;
  displayAccount?: string;
  problem?: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON inside <script>: `<` escaped so no value can close the tag. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const STYLE = `
body{margin:0;font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#ededed;color:#111}
header{padding:12px 16px;background:#f7f7f7;font-size:15px}
header a{color:#111;text-decoration:none}
main{margin:16px;padding:24px 20px;background:#fff;border-radius:8px;text-align:center}
h1{font-size:20px;margin:8px 0 16px}
.account{font-size:15px;margin:12px 0}
.hint{color:#888;font-size:13px;line-height:1.6;text-align:left}
button{display:block;width:100%;margin-top:12px;padding:12px;border:0;border-radius:6px;font-size:17px}
#confirm{background:#07c160;color:#fff}
#cancel{background:#f2f2f2;color:#07c160}
.problem{color:#fa5151}`;

/**
 * The browser stand-in for WeChat's signing mini program. Its buttons call the control API and then
 * go back to return_url carrying what the mini program would hand back on scene 1038.
 */
export function renderSignPage(model: SignPageModel): string {
  const ok = model.problem === undefined;
  const body = ok
    ? `<h1>开通免密支付</h1>
<p>${escapeHtml(model.merchantName ?? '')} 申请开通免密支付</p>
<p class="account">免密支付账户：<strong>${escapeHtml(model.displayAccount ?? '')}</strong></p>
<p class="hint">开通后，在该商户消费时将通过微信支付免密扣款，无需输入支付密码。你可以随时在「我 → 服务 → 钱包 → 支付设置」中关闭。</p>
<button id="confirm" data-testid="confirm">同意并开通</button>
<button id="cancel" data-testid="cancel">取消</button>`
    : `<h1>无法开通</h1><p class="problem">${escapeHtml(model.problem ?? '')}</p>
<button id="cancel" data-testid="cancel">返回商户</button>`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>开通免密支付</title><style>${STYLE}</style></head>
<body>
<header><a href="#" id="back" data-testid="back">‹ 返回</a></header>
<main>${body}</main>
<script>
const cfg = ${scriptJson({ id: model.preEntrustwebId, returnUrl: model.returnUrl, appId: model.referrerAppId, problem: model.problem })};
function back(extra) {
  const url = new URL(cfg.returnUrl);
  url.searchParams.set('scene', '1038');
  url.searchParams.set('referrer_appid', cfg.appId);
  if (extra) url.searchParams.set('extra_data', JSON.stringify(extra));
  location.replace(url.toString());
}
async function act(action) {
  const res = await fetch('/sim/pre-entrustweb/' + encodeURIComponent(cfg.id) + '/' + action, { method: 'POST' });
  return { ok: res.ok, body: await res.json().catch(() => ({})) };
}
const confirmButton = document.getElementById('confirm');
if (confirmButton) confirmButton.addEventListener('click', async () => {
  confirmButton.disabled = true;
  const r = await act('confirm');
  if (r.ok) back({ return_code: 'SUCCESS', return_msg: '签约成功', contract_id: r.body.contract_id });
  else back({ return_code: 'FAIL', return_msg: r.body.message || '签约失败' });
});
document.getElementById('cancel').addEventListener('click', async () => {
  if (!cfg.problem) await act('cancel');
  back({ return_code: 'FAIL', return_msg: cfg.problem || '用户取消' });
});
document.getElementById('back').addEventListener('click', async (event) => {
  event.preventDefault();
  if (!cfg.problem) await act('cancel');
  back(undefined);
});
</script>
</body></html>`;
}
