import { fireEvent, screen, within } from '@testing-library/react';
import { expect } from 'vitest';
import { OPENING_TAP_GUARD_MS } from '../../src/components/half-screen-dialog';
import { clock } from '../../src/lib/clock';
import { isDisabled } from './components.mock';

/** The home page's main button, and whether it is enabled — as Taro's prop and as aria-disabled. */
export const openButton = (): HTMLElement => screen.getByRole('button', { name: '开通免密支付' });

export function expectOpenEnabled(enabled: boolean): void {
  const button = openButton();
  expect(isDisabled(button)).toBe(!enabled);
  expect(button.getAttribute('aria-disabled')).toBe(enabled ? 'false' : 'true');
}

/** The page's messages (notices); it shows at most one. */
export const notices = (): Element[] => Array.from(document.querySelectorAll('.notice'));

/**
 * 「解约」 on the status opens the half-screen dialog; past its opening-tap guard (the clock moved on)
 * the chosen button is tapped.
 */
export async function answerTerminateDialog(choice: '解约' | '再想想'): Promise<void> {
  fireEvent.click(await screen.findByRole('button', { name: '解约免密支付' }));
  const dialog = await screen.findByRole('dialog');
  const later = clock.now() + OPENING_TAP_GUARD_MS;
  clock.now = () => later;
  fireEvent.click(within(dialog).getByRole('button', { name: choice }));
}
