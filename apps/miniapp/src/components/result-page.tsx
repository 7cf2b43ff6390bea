import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { a11y } from '../lib/a11y';
import { Loading } from './loading';
import '../styles/msg.css';

export type ResultIcon = 'success' | 'warn' | 'waiting' | 'info-circle';

interface Props {
  icon: ResultIcon;
  title: string;
  desc?: string;
  /** A short tag beside the title (免密). */
  badge?: string;
  /** Figures between the description and the actions (amount, time). */
  children?: ReactNode;
  /** The block's buttons (TapButton), stacked. */
  actions?: ReactNode;
  /** `alert` for a failure (announced at once), `status` for an outcome (announced politely). */
  live: 'alert' | 'status';
  /** A one-line notice (icon, text, one button) instead of the full result block. */
  compact?: boolean;
  /** A request is running for it: a loading ring beside the title. */
  progress?: boolean;
  className?: string;
}

/** A WeUI result (msg): icon, title, description, actions. */
export function ResultPage(props: Props) {
  const { icon, title, badge, desc, actions, live, compact, progress, className, children } = props;
  const classes = ['weui-msg', compact ? 'weui-msg_compact' : '', icon === 'warn' ? 'weui-msg_error' : ''];
  return (
    <View className={`${classes.filter(Boolean).join(' ')} ${className ?? ''}`} {...a11y({ role: live })}>
      <View className={`weui-icon weui-icon-${icon}`} aria-hidden="true" />
      <View className="weui-msg__title">
        {progress ? <Loading /> : null}
        <Text className="kit-inline__text">{title}</Text>
        {badge ? <Text className="kit-badge">{badge}</Text> : null}
      </View>
      {desc ? <Text className="weui-msg__desc">{desc}</Text> : null}
      {children}
      {actions ? <View className="weui-msg__opr">{actions}</View> : null}
    </View>
  );
}
