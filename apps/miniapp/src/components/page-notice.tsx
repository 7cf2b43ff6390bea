import { Text, View } from '@tarojs/components';
import type { PageMessage } from '../home/home.view';
import type { MessageAction } from '../home/page-message';
import { TapButton } from './tap-button';

interface Props {
  message: PageMessage;
  onAction: (action: MessageAction) => void;
  onDismiss: () => void;
}

/** The page's one message: its text, one button (重试 / 刷新, busy until the answer) and 「关闭」. */
export function PageNotice({ message, onAction, onDismiss }: Props) {
  const { action } = message;
  return (
    <View className={`notice notice-${message.tone}`}>
      <Text>{message.text}</Text>
      {action ? (
        <TapButton
          className="btn-small"
          size="mini"
          control={{ enabled: true, busy: action.busy }}
          onTap={() => onAction(action.run)}
        >
          {action.label}
        </TapButton>
      ) : null}
      {message.dismissible ? (
        <Text className="link" onClick={onDismiss}>
          关闭
        </Text>
      ) : null}
    </View>
  );
}
