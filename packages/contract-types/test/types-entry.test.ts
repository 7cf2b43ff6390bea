import { expect, it } from 'vitest';
import * as typesOnly from '../src/types.js';

// The mini program imports this entry: a run-time value here would pull TypeBox into the weapp bundle.
it('the types-only entry exports no run-time value', () => {
  expect(Object.keys(typesOnly)).toEqual([]);
});
