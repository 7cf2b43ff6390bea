import type { KeyboardEvent, ReactNode } from 'react';

/** DOM stand-ins for Taro's components: enough to render, click, type and read our pages. */
interface Common {
  className?: string;
  children?: ReactNode;
  onClick?: () => void;
  onKeyDown?: (e: KeyboardEvent) => void;
  id?: string;
  role?: string;
  tabIndex?: number;
  hoverClass?: string;
  [aria: `aria-${string}`]: string | number | undefined;
}

/** Like Taro's H5 View: attributes pass through (role, tabindex, aria-*), as h5 renders them. */
export function View({ children, hoverClass: _hover, ...attrs }: Common) {
  return <div {...attrs}>{children}</div>;
}

export function Text({ children, hoverClass: _hover, ...attrs }: Common) {
  return <span {...attrs}>{children}</span>;
}

/** Whether a rendered control says it is disabled (the page's buttons are role=button Views). */
export const isDisabled = (el: HTMLElement): boolean => el.getAttribute('aria-disabled') === 'true';
/** Whether a rendered control shows its request running. */
export const isLoading = (el: HTMLElement): boolean => el.getAttribute('aria-busy') === 'true';
