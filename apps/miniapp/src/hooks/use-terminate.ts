import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { type ApiError, toApiError } from '../services/api-error';
import type { ContractView } from '../services/contract-view';
import { contractsService } from '../services/contracts.service';

/** 「解约」: confirm modal → POST terminate → the returned view replaces the current one. */
export function useTerminate(onTerminated: (contract: ContractView) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  const terminate = useCallback(
    async (code: string) => {
      const { confirm } = await Taro.showModal({
        title: '解约免密支付',
        content: '解约后，付款时需要输入支付密码。确定解约吗？',
        confirmText: '解约',
        cancelText: '再想想',
      });
      if (!confirm) return;
      setBusy(true);
      setError(undefined);
      try {
        onTerminated(await contractsService.terminate(code));
        Taro.showToast({ title: '已解约', icon: 'success' });
      } catch (err) {
        setError(toApiError(err));
      } finally {
        setBusy(false);
      }
    },
    [onTerminated],
  );

  return { terminate, busy, error };
}
