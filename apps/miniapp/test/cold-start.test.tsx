import { render, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import App from '../src/app';
import { clock } from '../src/lib/clock';
import { PENDING_KEY } from '../src/return/pending';
import { returnStore } from '../src/return/return-store';
import { bff, contract, HOUR, session } from './support/fake-bff';
import Taro, { emitAppShow, memoryStorage } from './support/taro.mock';

// Its own file: registration is once per app, so this needs a fresh module graph.
const NOW = Date.parse('2026-11-28T02:00:00Z');
const back = {
  scene: 1038,
  referrerInfo: { appId: 'wxbd687630cd02ce1d', extraData: { return_code: 'SUCCESS' } },
};

describe('cold start', () => {
  it('reads Taro.getLaunchOptionsSync at launch, registers onAppShow once, confirms once', async () => {
    clock.now = () => NOW;
    clock.sleep = async () => {};
    bff.on('POST /v1/session', session('tok-1', NOW));
    bff.on('GET /v1/contracts/occ1', { status: 200, body: contract('occ1', 'SIGNED') });
    memoryStorage.set(PENDING_KEY, {
      out_contract_code: 'occ1',
      sign_mp_appid: 'wxbd687630cd02ce1d',
      expires_at: new Date(NOW + HOUR).toISOString(),
    });
    vi.mocked(Taro.getLaunchOptionsSync).mockReturnValue(back);

    const { rerender } = render(
      <App>
        <div />
      </App>,
    );
    rerender(
      <App>
        <span />
      </App>,
    );

    await waitFor(() => expect(returnStore.get().kind).toBe('signed'));
    expect(Taro.getLaunchOptionsSync).toHaveBeenCalled();
    expect(Taro.onAppShow).toHaveBeenCalledTimes(1);
    // Some base library versions also deliver the launch through onAppShow: nothing happens twice.
    emitAppShow(back);
    expect(bff.callsTo('GET /v1/contracts/occ1')).toHaveLength(1);
    expect(memoryStorage.has(PENDING_KEY)).toBe(false);
  });
});
