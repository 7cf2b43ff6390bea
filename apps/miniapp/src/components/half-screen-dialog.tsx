import { Text, View } from '@tarojs/components';
import { useEffect, useRef } from 'react';
import type { Control } from '../home/home.view';
import { a11y } from '../lib/a11y';
import { clock } from '../lib/clock';
import { focusById, trapFocus } from '../platform/focus';
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
  /** The control that opened it: focus goes back there on close (if it is still on the page). */
  returnFocusId: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A WeUI half-screen dialog: a sheet from the bottom edge, so its buttons are not under the finger
 * that opened it from the page above; taps in the first 300 ms are ignored all the same. While it
 * is open, Tab stays inside and Escape cancels; on close focus goes back to its opener.
 */
export function HalfScreenDialog(props: Props) {
  const { id, open, title, desc, confirm, returnFocusId, onConfirm, onCancel } = props;
  const openedAt = useRef(0);
  const wasOpen = useRef(false);
  if (open && !wasOpen.current) openedAt.current = clock.now();
  wasOpen.current = open;
  const cancel: Control = { enabled: !confirm.busy, busy: false };
  const onEscape = useRef(() => {});
  onEscape.current = () => {
    if (cancel.enabled) onCancel();
  };
  useEffect(() => {
    if (!open) return;
    focusById(`${id}-cancel`);
    const release = trapFocus(id, () => onEscape.current());
    return () => {
      release();
      focusById(returnFocusId);
    };
  }, [open, id, returnFocusId]);
  if (!open) return null;

  const settled = () => clock.now() - openedAt.current >= OPENING_TAP_GUARD_MS;
  const guard = (fn: () => void) => () => {
    if (settled()) fn();
  };
  return (
    <View>
      <View className="weui-mask" aria-hidden="true" onClick={guard(onCancel)} />
      <View
        id={id}
        className="weui-half-screen-dialog"
        {...a11y({ role: 'dialog' })}
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
