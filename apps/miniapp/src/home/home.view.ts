import {
  type ContractPageView,
  type Control,
  contractView,
  type StatusView,
  type TerminateDialogView,
} from './contract.view';
import type { HomeState } from './home.state';
import { type PayView, type ProductItem, payView } from './order.view';
import type { PageMessage } from './page-message';
import { sessionMessage } from './session.slice';

export type { Control, PageMessage, ProductItem, StatusView, TerminateDialogView };

/** What the page renders, derived from the state alone: nothing on screen can contradict it. */
export type HomeView = ContractPageView & { products: PayView['products'] };

/**
 * One message, by priority: the login (nothing works without it), then the purchase (the user's
 * latest act), then the contract's, then a failed catalog load.
 */
export function homeView(s: HomeState): HomeView {
  const sessionReady = s.session.value === true;
  const contract = contractView(s.contract, sessionReady);
  const pay = payView(s.order, {
    sessionReady,
    status: contract.status,
    contractChanging: contract.changing,
  });
  const message = sessionMessage(s.session) ?? pay.message ?? contract.message ?? pay.productsMessage;
  // 「开通免密支付」 waits while a purchase runs: a jump now would leave its outcome unseen.
  const open = contract.open && pay.running ? { ...contract.open, enabled: false } : contract.open;
  return { ...contract, open, products: pay.products, message };
}
