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
}

export function Button({ className, children, onClick, disabled, loading }: ButtonProps) {
  return (
    <button
      type="button"
      className={className}
      disabled={disabled}
      data-loading={loading ? 'true' : undefined}
      onClick={onClick}
    >
      {children}
    </button>
  );
}
