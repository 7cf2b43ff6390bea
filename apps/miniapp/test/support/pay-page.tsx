import { render, screen, waitFor } from '@testing-library/react';
import { expect } from 'vitest';
import IndexPage from '../../src/pages/index/index';
import { isDisabled } from './components.mock';
import { bff, contract, errorReply, HOUR, presign, session } from './fake-bff';
import { productsReply } from './orders';

/** The fixed scene of the payment page tests. */
export const NOW = Date.parse('2026-11-28T02:00:00Z');
export const SIGNED = contract('occ1', 'SIGNED', { signed_at: '2026-11-20T02:00:00Z', contract_id: 'C1' });

/** A product's buy button by its visible label (its accessible name adds the description). */
export const buyButton = (label: string) => screen.getByRole('button', { name: new RegExp(`^${label}，`) });
export const orderCalls = () => bff.callsTo('POST /v1/orders');

export function signedUser(): void {
  bff.on('POST /v1/session', session('tok-1', NOW));
  bff.on('GET /v1/contracts/current', { status: 200, body: SIGNED });
  bff.on('GET /v1/products', productsReply);
}

export function newUser(): void {
  bff.on('POST /v1/session', session('tok-1', NOW));
  bff.on('GET /v1/contracts/current', errorReply(404, 'NO_CONTRACT'));
  bff.on('POST /v1/contracts/pre-sign', { status: 200, body: presign('1', NOW + 2 * HOUR) });
  bff.on('GET /v1/products', productsReply);
}

/** The page, once the button with this label can be tapped. */
export async function ready(label: string): Promise<HTMLElement> {
  render(<IndexPage />);
  await waitFor(() => expect(isDisabled(buyButton(label))).toBe(false));
  return buyButton(label);
}
