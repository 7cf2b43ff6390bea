import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import type { Control } from '../home/home.view';
import { a11y } from '../lib/a11y';
import { Loading } from './loading';
import '../styles/button.css';

interface Props {
  control: Control;
  onTap: () => void;
  children: ReactNode;
  type?: 'primary' | 'default' | 'warn';
  size?: 'default' | 'mini';
  className?: string;
  id?: string;
  /** The accessible name when the visible label alone is ambiguous (e.g. 「重试」 of what). */
  label?: string;
}

/** Enter and Space act as a tap does, as on a native button. */
export const activatesOnKey = (key: string): boolean => key === 'Enter' || key === ' ';

/**
 * The one button: a WeUI-styled View that is a real control on h5 (Taro's H5 button element has no
 * role and is not focusable): role, tabindex, Enter/Space, aria-disabled / aria-busy. Disabled and
 * busy both ignore taps; the control stays focusable so assistive technology can say why.
 */
export function TapButton({ control, onTap, children, type = 'default', size, className, label, id }: Props) {
  const inactive = !control.enabled || control.busy;
  const act = () => {
    if (!inactive) onTap();
  };
  const classes = ['weui-btn', `weui-btn_${type}`, size === 'mini' ? 'weui-btn_mini' : '', className ?? ''];
  if (inactive) classes.push('weui-btn_disabled');
  if (control.busy) classes.push('weui-btn_loading');
  return (
    <View
      id={id}
      className={classes.filter(Boolean).join(' ')}
      hoverClass={inactive ? 'none' : 'weui-btn_hover'}
      aria-disabled={inactive ? 'true' : 'false'}
      aria-busy={control.busy ? 'true' : 'false'}
      aria-label={label}
      {...a11y({
        role: 'button',
        tabIndex: 0,
        onKeyDown: (e: { key: string; preventDefault: () => void }) => {
          if (!activatesOnKey(e.key)) return;
          e.preventDefault();
          act();
        },
      })}
      onClick={act}
    >
      {control.busy ? <Loading /> : null}
      <Text className="weui-btn__label">{children}</Text>
    </View>
  );
}
