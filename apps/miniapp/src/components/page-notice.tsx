import { Text, View } from '@tarojs/components';
import type { PageMessage } from '../home/home.view';
import type { MessageAction, MessageButton } from '../home/page-message';
import { type ResultIcon, ResultPage } from './result-page';
import { TapButton } from './tap-button';

interface Props {
  message: PageMessage;
  onAction: (action: MessageAction) => void;
  onDismiss: () => void;
}

const ICON: Record<PageMessage['tone'], ResultIcon> = {
  success: 'success',
  error: 'warn',
  warning: 'waiting',
  info: 'info-circle',
};

/**
 * The page's one message as a WeUI result: an outcome (开通成功 / 支付成功 / 支付未完成 / 确认中) in
 * full, a failure as a compact alert with its 重试. Buttons are busy until the answer.
 */
export function PageNotice({ message, onAction, onDismiss }: Props) {
  const failure = message.tone === 'error';
  const size = failure ? 'mini' : undefined;
  const button = (b: MessageButton, primary: boolean) => (
    <TapButton
      size={size}
      type={primary && !failure ? 'primary' : 'default'}
      control={{ enabled: true, busy: b.busy }}
      onTap={() => onAction(b.run)}
    >
      {b.label}
    </TapButton>
  );
  const { action, secondary } = message;
  const hasButtons = action || secondary || message.dismissible;
  const buttons = (
    <>
      {action ? button(action, true) : null}
      {secondary ? button(secondary, false) : null}
      {message.dismissible ? (
        <TapButton size={size} control={{ enabled: true, busy: false }} onTap={onDismiss}>
          关闭
        </TapButton>
      ) : null}
    </>
  );
  return (
    <ResultPage
      className={`notice notice-${message.tone}`}
      icon={message.progress ? 'waiting' : ICON[message.tone]}
      title={message.text}
      badge={message.badge}
      desc={message.desc}
      live={failure ? 'alert' : 'status'}
      compact={failure}
      progress={message.progress === true}
      actions={hasButtons ? buttons : undefined}
    >
      {message.details?.length ? (
        <View className="kit-details">
          {message.details.map((d) => (
            <View key={d.label} className="kit-details__row">
              <Text className="kit-details__label">{d.label}</Text>
              <Text className="kit-details__value">{d.value}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </ResultPage>
  );
}
