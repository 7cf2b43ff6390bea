/**
 * The payment page's browser script (plain ES2020, no DOM beyond getElementById, textContent,
 * hidden, disabled and addEventListener, so tests can run it in a VM). `cfg` is injected before it.
 * It acts through the control API, then returns to return_url like requestPayment's callbacks.
 */
export const PAY_PAGE_SCRIPT = `
const $ = (id) => document.getElementById(id);
function back(result, errMsg, signOffer) {
  const url = new URL(cfg.returnUrl);
  url.searchParams.set('sim_pay', '1');
  url.searchParams.set('prepay_id', cfg.prepayId);
  url.searchParams.set('result', result);
  url.searchParams.set('err_msg', errMsg);
  if (signOffer) url.searchParams.set('sign_offer', signOffer);
  location.replace(url.toString());
}
async function act(path, body) {
  const res = await fetch('/sim/prepay/' + encodeURIComponent(cfg.prepayId) + '/' + path, {
    method: 'POST',
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return { ok: res.ok, body: await res.json().catch(() => ({})) };
}
const failMsg = (body) => 'requestPayment:fail ' + (body.code || 'SYSTEM_ERROR') + ' ' + (body.message || '');
async function pay(password) {
  const r = await act('pay', password ? { password } : undefined);
  if (!r.ok) return back('fail', failMsg(r.body));
  const offer = r.body.sign_offer;
  if (offer && offer.status === 'OFFERED') {
    $('sheet').hidden = true;
    $('offer').hidden = false;
    return;
  }
  back('success', 'requestPayment:ok');
}
async function leave() {
  if (!cfg.problem) await act('cancel');
  back(cfg.problem ? 'fail' : 'cancel', cfg.problem ? cfg.problem : 'requestPayment:fail cancel');
}
$('back').addEventListener('click', (event) => {
  event.preventDefault();
  return leave();
});
$('cancel').addEventListener('click', leave);
if ($('pay')) $('pay').addEventListener('click', () => {
  $('pay').disabled = true;
  return pay(undefined);
});
let digits = '';
const show = () => { $('dots').textContent = '●'.repeat(digits.length) + '○'.repeat(6 - digits.length); };
for (let d = 0; d <= 9; d += 1) {
  const key = $('key-' + d);
  if (key) key.addEventListener('click', () => {
    if (digits.length >= 6) return;
    digits += String(d);
    show();
    if (digits.length === 6) return pay(digits);
  });
}
if ($('key-del')) $('key-del').addEventListener('click', () => { digits = digits.slice(0, -1); show(); });
if ($('offer-accept')) $('offer-accept').addEventListener('click', async () => {
  $('offer-accept').disabled = true;
  const r = await act('sign-offer/accept');
  back('success', 'requestPayment:ok', r.ok ? 'accepted' : 'failed');
});
if ($('offer-decline')) $('offer-decline').addEventListener('click', async () => {
  await act('sign-offer/decline');
  back('success', 'requestPayment:ok', 'declined');
});
`;
