import { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { type ApiError, toApiError } from '../services/api-error';
import type { ContractView } from '../services/contract-view';
import { contractsService } from '../services/contracts.service';

export interface CurrentContract {
  contract: ContractView | null;
  /** True once the first answer (a contract or none) arrived. */
  loaded: boolean;
  error: ApiError | undefined;
  reload: () => Promise<void>;
  set: (contract: ContractView) => void;
}

/** GET /v1/contracts/current once the session is ready, and again whenever the page shows. */
export function useCurrentContract(enabled: boolean): CurrentContract {
  const [contract, setContract] = useState<ContractView | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<ApiError>();
  const seq = useRef(0);
  const enabledRef = useRef(enabled);
  enabledRef.current = enabled;

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const next = await contractsService.current();
      if (mine !== seq.current) return;
      setContract(next);
      setLoaded(true);
      setError(undefined);
    } catch (err) {
      if (mine === seq.current) setError(toApiError(err));
    }
  }, []);

  const set = useCallback((next: ContractView) => {
    seq.current++;
    setContract(next);
    setLoaded(true);
    setError(undefined);
  }, []);

  useEffect(() => {
    if (enabled) void reload();
  }, [enabled, reload]);

  useDidShow(() => {
    if (enabledRef.current) void reload();
  });

  return { contract, loaded, error, reload, set };
}
