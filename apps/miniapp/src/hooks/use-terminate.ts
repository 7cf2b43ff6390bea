import Taro from '@tarojs/taro';
import { useCallback } from 'react';
import type { Dispatch } from '../home/home.events';
import { toApiError } from '../services/api-error';
import { contractsService } from '../services/contracts.service';

/** 「解约」: confirm modal → POST terminate → the returned view is the status. */
export function useTerminate(dispatch: Dispatch) {
  return useCallback(
    async (code: string) => {
      const { confirm } = await Taro.showModal({
        title: '解约免密支付',
        content: '解约后，付款时需要输入支付密码。确定解约吗？',
        confirmText: '解约',
        cancelText: '再想想',
      });
      if (!confirm) return;
      dispatch({ type: 'terminate/started' });
      try {
        dispatch({ type: 'terminate/done', contract: await contractsService.terminate(code) });
        Taro.showToast({ title: '已解约', icon: 'success' });
      } catch (err) {
        dispatch({ type: 'terminate/failed', error: toApiError(err) });
      }
    },
    [dispatch],
  );
}
