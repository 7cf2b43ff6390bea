import { screen } from '@testing-library/react';
import { expect } from 'vitest';
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
