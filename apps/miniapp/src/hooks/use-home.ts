import { useDidShow } from '@tarojs/taro';
import { homeReducer, initialHomeState } from '../home/home.state';
import { homeView } from '../home/home.view';
import type { MessageAction } from '../home/page-message';
import { useStore } from '../lib/use-store';
import { returnStore } from '../return/return-store';
import { useContractStatus } from './use-contract-status';
import { usePayActions } from './use-pay-actions';
import { usePresign } from './use-presign';
import { useSession } from './use-session';
import { useSignLaunch } from './use-sign-launch';
import { useSigningReturn } from './use-signing-return';
import { useTerminate } from './use-terminate';

const initial = () => initialHomeState(returnStore.get());

/**
 * The home page's state and handlers. The page renders `view` only; every handler re-derives the
 * view from the latest state and ignores a tap on anything the user sees disabled.
 */
export function useHome() {
  const store = useStore(homeReducer, initial);
  const { dispatch, get } = store;
  const view = homeView(store.state);
  const sessionReady = store.state.session.value === true;

  const session = useSession(dispatch);
  const status = useContractStatus(store, sessionReady);
  const signingReturn = useSigningReturn(store, () => void status.reload());
  const presign = usePresign(store, view.wantsPresign, () => void status.reload());
  const launch = useSignLaunch(dispatch);
  const terminate = useTerminate(dispatch);
  const pay = usePayActions(store, sessionReady, status.reload);
  useDidShow(() => dispatch({ type: 'page/shown' }));

  /** The tap handler: synchronous, so navigateToMiniProgram still counts as the user's tap. */
  const open = (): void => {
    if (!homeView(get()).open?.enabled) return;
    const usable = presign.usable();
    if (!usable) {
      void presign.refresh();
      return;
    }
    launch(usable);
  };

  const actions: Record<MessageAction, () => void> = {
    retrySession: session.retry,
    reloadStatus: () => void status.reload(),
    refreshReturn: signingReturn.refresh,
    retryPresign: () => void presign.refresh(),
    retryLaunch: open,
    ...pay.messageActions,
  };

  return {
    view,
    open,
    buy: pay.buy,
    /** 「解约」 on the status: opens the confirmation. */
    terminate: (): void => {
      const shown = homeView(get()).status;
      if (shown.kind === 'signed' && shown.terminate.enabled) dispatch({ type: 'terminate/asked' });
    },
    confirmTerminate: (): void => {
      const shown = homeView(get());
      if (
        shown.status.kind === 'signed' &&
        shown.terminateDialog.open &&
        shown.terminateDialog.confirm.enabled
      )
        void terminate(shown.status.contract.out_contract_code);
    },
    cancelTerminate: (): void => {
      if (!homeView(get()).terminateDialog.confirm.busy) dispatch({ type: 'terminate/dismissed' });
    },
    runMessageAction: (action: MessageAction): void => {
      const shown = homeView(get()).message;
      const button = [shown?.action, shown?.secondary].find((b) => b?.run === action);
      if (button && !button.busy) actions[action]();
    },
    dismissMessage: (): void => {
      const shown = homeView(get()).message;
      if (!shown?.dismissible) return;
      if (shown.owner === 'payment') {
        pay.dismiss();
        return;
      }
      // A cancelled jump makes an earlier return's outcome stale too: both go.
      dispatch({ type: 'launch/dismissed' });
      signingReturn.dismiss();
    },
  };
}
