import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { env } from '../../src/env';
import { clock } from '../../src/lib/clock';
import { returnStore } from '../../src/return/return-store';
import { bff } from './fake-bff';
import { releaseHeld } from './held';
import { resetTaro } from './taro.mock';

const realClock = { ...clock };

// The fake BFF is real HTTP: on a loaded 2-core CI machine a round trip can exceed waitFor's 1 s
// default (seen: the pre-sign arrived late and the enabled-button checks failed).
configure({ asyncUtilTimeout: 5_000 });

beforeAll(async () => {
  await bff.start();
  env.bffUrl = bff.url;
});

afterAll(async () => {
  await bff.stop();
});

beforeEach(() => {
  bff.reset();
  resetTaro();
  returnStore.set({ kind: 'idle' });
});

afterEach(() => {
  releaseHeld();
  cleanup();
  Object.assign(clock, realClock);
});
