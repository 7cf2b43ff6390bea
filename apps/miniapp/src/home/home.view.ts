import {
  type ContractPageView,
  type Control,
  contractView,
  type StatusView,
  type TerminateDialogView,
} from './contract.view';
import type { HomeState } from './home.state';
import type { PageMessage } from './page-message';
import { sessionMessage } from './session.slice';

export type { Control, PageMessage, StatusView, TerminateDialogView };

/** What the page renders, derived from the state alone: nothing on screen can contradict it. */
export type HomeView = ContractPageView;

export function homeView(s: HomeState): HomeView {
  const contract = contractView(s.contract, s.session.value === true);
  // Without a session nothing else can succeed: its failure is the one message.
  return { ...contract, message: sessionMessage(s.session) ?? contract.message };
}
