import { Button, Text, View } from '@tarojs/components';
import { errorCopy } from '../copy/error-copy';
import type { ReturnState } from '../return/return-store';

interface Props {
  state: ReturnState;
  onRefresh: () => void;
  onDismiss: () => void;
}

const TEXT: Record<Exclude<ReturnState['kind'], 'idle' | 'error'>, string> = {
  confirming: '正在确认开通结果…',
  signed: '开通成功',
  not_completed: '未完成开通，可再次点击开通',
  pending: '确认中：微信支付尚未返回结果',
};

export function ReturnBanner({ state, onRefresh, onDismiss }: Props) {
  if (state.kind === 'idle') return null;
  const text = state.kind === 'error' ? errorCopy(state.error.code) : TEXT[state.kind];
  const canRefresh = state.kind === 'pending' || state.kind === 'error';
  return (
    <View className={`notice notice-${state.kind}`}>
      <Text>{text}</Text>
      {canRefresh ? (
        <Button className="btn-small" size="mini" onClick={onRefresh}>
          刷新
        </Button>
      ) : null}
      {state.kind !== 'confirming' ? (
        <Text className="link" onClick={onDismiss}>
          关闭
        </Text>
      ) : null}
    </View>
  );
}
