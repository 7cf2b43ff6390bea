import type { PageMessage } from '../home/home.view';
import type { MessageAction } from '../home/page-message';
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
 * The page's one message as a WeUI result: an outcome (开通成功 / 未完成开通 / 确认中) in full, a
 * failure as a compact alert with its 重试. Buttons are busy until the answer.
 */
export function PageNotice({ message, onAction, onDismiss }: Props) {
  const { action } = message;
  const failure = message.tone === 'error';
  const buttons = (
    <>
      {action ? (
        <TapButton
          size={failure ? 'mini' : undefined}
          type={failure ? 'default' : 'primary'}
          control={{ enabled: true, busy: action.busy }}
          onTap={() => onAction(action.run)}
        >
          {action.label}
        </TapButton>
      ) : null}
      {message.dismissible ? (
        <TapButton
          size={failure ? 'mini' : undefined}
          control={{ enabled: true, busy: false }}
          onTap={onDismiss}
        >
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
      desc={message.desc}
      live={failure ? 'alert' : 'status'}
      compact={failure}
      progress={message.progress === true}
      actions={action || message.dismissible ? buttons : undefined}
    />
  );
}
