import { Button } from '@tarojs/components';
import type { ReactNode } from 'react';
import type { Control } from '../home/home.view';
import { flag } from '../lib/flag';

interface Props {
  control: Control;
  onTap: () => void;
  children: ReactNode;
  type?: 'primary' | 'default' | 'warn';
  size?: 'default' | 'mini';
  className?: string;
}

/**
 * A button that is disabled for real: Taro's H5 button still fires onClick while `disabled`, so the
 * handler checks too; busy (a request running) also means disabled. `aria-disabled` tells assistive
 * technology on h5 (weapp's template drops it; its native `disabled` says the same).
 */
export function TapButton({ control, onTap, children, type, size, className }: Props) {
  const inactive = !control.enabled || control.busy;
  return (
    <Button
      type={type}
      size={size}
      className={className}
      disabled={flag(inactive)}
      loading={flag(control.busy)}
      aria-disabled={inactive ? 'true' : 'false'}
      onClick={() => {
        if (!inactive) onTap();
      }}
    >
      {children}
    </Button>
  );
}
