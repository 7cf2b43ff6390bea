import { Text, View } from '@tarojs/components';
import { useEffect, useRef } from 'react';
import type { Control } from '../home/home.view';
import { a11y } from '../lib/a11y';
import { clock } from '../lib/clock';
import { focusById } from '../platform/focus';
import { TapButton } from './tap-button';
import '../styles/dialog.css';

/** Taps this soon after opening are the tail of the tap that opened it (a double tap), not a choice. */
export const OPENING_TAP_GUARD_MS = 300;

interface Props {
  id: string;
  open: boolean;
  title: string;
  /** The consequence, stated before the user decides. */
  desc: string;
  confirmLabel: string;
  cancelLabel: string;
  /** A destructive confirmation is drawn in WeUI's warn red. */
  destructive?: boolean;
  confirm: Control;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A WeUI half-screen dialog: a sheet from the bottom edge, so its buttons are not under the finger
 * that opened it from the page above; taps in the first 300 ms are ignored all the same.
 */
export function HalfScreenDialog(props: Props) {
  const { id, open, title, desc, confirm, onConfirm, onCancel } = props;
  const openedAt = useRef(0);
  const wasOpen = useRef(false);
  if (open && !wasOpen.current) openedAt.current = clock.now();
  wasOpen.current = open;
  useEffect(() => {
    if (open) focusById(`${id}-cancel`);
  }, [open, id]);
  if (!open) return null;

  const settled = () => clock.now() - openedAt.current >= OPENING_TAP_GUARD_MS;
  const guard = (fn: () => void) => () => {
    if (settled()) fn();
  };
  const cancel: Control = { enabled: !confirm.busy, busy: false };
  return (
    <View>
      <View className="weui-mask" aria-hidden="true" onClick={guard(onCancel)} />
      <View
        className="weui-half-screen-dialog"
        {...a11y({
          role: 'dialog',
          onKeyDown: (e: { key: string }) => {
            if (e.key === 'Escape' && cancel.enabled) onCancel();
          },
        })}
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
      >
        <Text id={`${id}-title`} className="weui-half-screen-dialog__title">
          {title}
        </Text>
        <Text id={`${id}-desc`} className="weui-half-screen-dialog__desc">
          {desc}
        </Text>
        <View className="weui-half-screen-dialog__ft">
          <TapButton id={`${id}-cancel`} control={cancel} onTap={guard(onCancel)}>
            {props.cancelLabel}
          </TapButton>
          <TapButton
            id={`${id}-confirm`}
            type={props.destructive ? 'warn' : 'primary'}
            control={confirm}
            onTap={guard(onConfirm)}
          >
            {props.confirmLabel}
          </TapButton>
        </View>
      </View>
    </View>
  );
}
