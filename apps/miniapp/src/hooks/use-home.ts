import { useEffect } from 'react';
import { useCurrentContract } from './use-current-contract';
import { usePresign } from './use-presign';
import { useSession } from './use-session';
import { useSignLaunch } from './use-sign-launch';
import { useSigningReturn } from './use-signing-return';
import { useTerminate } from './use-terminate';

/** Everything the home page shows and does; the page itself only renders. */
export function useHome() {
  const session = useSession();
  const ready = session.status === 'ready';
  const signingReturn = useSigningReturn();
  const current = useCurrentContract(ready);
  const returnKind = signingReturn.state.kind;

  useEffect(() => {
    const state = signingReturn.state;
    if (state.kind === 'signed') current.set(state.contract);
    else if (state.kind === 'not_completed') void current.reload();
  }, [signingReturn.state, current.set, current.reload]);

  const signed = current.contract?.state === 'SIGNED';
  const wantPresign = ready && current.loaded && !signed && returnKind !== 'confirming';
  const presign = usePresign(wantPresign, () => void current.reload());
  const { launch, launchError } = useSignLaunch();
  const termination = useTerminate(current.set);

  /** The tap handler: synchronous, so navigateToMiniProgram still counts as the user's tap. */
  const open = (): void => {
    const usable = presign.usable();
    if (!usable) {
      void presign.refresh();
      return;
    }
    launch(usable);
  };

  const terminate = (): void => {
    if (current.contract) void termination.terminate(current.contract.out_contract_code);
  };

  return {
    session,
    contract: current.contract,
    contractLoaded: current.loaded,
    contractError: current.error,
    reloadContract: () => void current.reload(),
    signingReturn,
    presign: presign.state,
    retryPresign: () => void presign.refresh(),
    canOpen: wantPresign && presign.state.status === 'ready',
    open,
    launchError,
    terminate,
    terminating: termination.busy,
    terminateError: termination.error,
  };
}
