import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { env } from '../../src/env';
import { clock } from '../../src/lib/clock';
import { returnStore } from '../../src/return/return-store';
import { bff } from './fake-bff';
import { resetTaro } from './taro.mock';

const realClock = { ...clock };

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
  cleanup();
  Object.assign(clock, realClock);
});
