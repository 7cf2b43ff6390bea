import { Text, View } from '@tarojs/components';
import type { StatusView } from '../home/home.view';
import { formatDateTime } from '../lib/format';
import { TapButton } from './tap-button';

interface Props {
  status: StatusView;
  onTerminate: () => void;
}

/** 未开通 / 已开通 · … (with 「解约」) / 已解约 · …; nothing until the first answer. */
export function StatusCard({ status, onTerminate }: Props) {
  if (status.kind === 'unknown') return null;
  if (status.kind === 'none') {
    return (
      <View className="card">
        <Text className="status">未开通</Text>
      </View>
    );
  }
  if (status.kind === 'terminated') {
    return (
      <View className="card">
        <Text className="status">{`已解约 · ${formatDateTime(status.contract.terminated_at)}`}</Text>
      </View>
    );
  }
  const { contract } = status;
  return (
    <View className="card">
      <Text className="status">{`已开通 · ${formatDateTime(contract.signed_at)} 开通`}</Text>
      <View className="row">扣款账户：{contract.contract_display_account}</View>
      {contract.contract_id ? <View className="row">协议编号：{contract.contract_id}</View> : null}
      <TapButton className="btn-small" size="mini" control={status.terminate} onTap={onTerminate}>
        解约
      </TapButton>
    </View>
  );
}
