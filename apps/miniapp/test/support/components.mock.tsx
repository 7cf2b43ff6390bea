import type { ReactNode } from 'react';

/** DOM stand-ins for Taro's components: enough to render, click and read our pages. */
interface Common {
  className?: string;
  children?: ReactNode;
  onClick?: () => void;
}

export function View({ className, children, onClick }: Common) {
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents lint/a11y/noStaticElementInteractions: test stand-in for Taro's View
    <div className={className} onClick={onClick}>
      {children}
    </div>
  );
}

export function Text({ className, children, onClick }: Common) {
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents lint/a11y/noStaticElementInteractions: test stand-in for Taro's Text
    <span className={className} onClick={onClick}>
      {children}
    </span>
  );
}

interface ButtonProps extends Common {
  disabled?: boolean;
  loading?: boolean;
  type?: string;
  size?: string;
  'aria-disabled'?: 'true' | 'false';
}

/**
 * Like Taro's H5 button, and unlike a native one: a `disabled` button still fires onClick (the
 * prop is only reflected, as `data-disabled` here). Read the state with `isDisabled()`.
 */
export function Button({ className, children, onClick, disabled, loading, ...aria }: ButtonProps) {
  return (
    <button
      type="button"
      className={className}
      data-disabled={disabled ? 'true' : undefined}
      aria-disabled={aria['aria-disabled']}
      data-loading={loading ? 'true' : undefined}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

/** The Taro `disabled` prop of a rendered Button. */
export const isDisabled = (el: HTMLElement): boolean => el.dataset.disabled === 'true';
/** The Taro `loading` prop of a rendered Button. */
export const isLoading = (el: HTMLElement): boolean => el.dataset.loading === 'true';
