import { env } from '../env';

/** Where a user terminates inside WeChat, written once for every screen that names it. */
export const WECHAT_TERMINATE_PATH = '微信「我 → 服务 → 钱包 → 支付设置」';

/** The service explanation, before and after opening (the page never says 「开通后」 once open). */
export function serviceIntro(signed: boolean, merchant = env.merchantName): string[] {
  const how = `在${merchant}消费时由微信支付自动扣款，无需输入支付密码。`;
  return signed
    ? [`已开通：${how}`, `可随时在本页或${WECHAT_TERMINATE_PATH}中解约。`]
    : [
        `开通后，${how}`,
        '扣款账户：你的微信支付账户，按微信支付设置中的扣款顺序扣款；签约页会显示具体账户。',
        `可随时在本页或${WECHAT_TERMINATE_PATH}中解约。`,
      ];
}

export const TERMINATE_DIALOG = {
  title: '解约免密支付',
  desc: (merchant = env.merchantName) => `解约后，在${merchant}付款时需要输入支付密码，需要时可再次开通。`,
  confirm: '解约',
  cancel: '再想想',
} as const;
