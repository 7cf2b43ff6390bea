import { Button, Text, View } from '@tarojs/components';
import { flag } from '../lib/flag';
import { formatDateTime } from '../lib/format';
import type { ContractView } from '../services/contract-view';

interface Props {
  contract: ContractView | null;
  terminating: boolean;
  onTerminate: () => void;
}

function statusLine(contract: ContractView | null): string {
  if (contract?.state === 'SIGNED') return `已开通 · ${formatDateTime(contract.signed_at)} 开通`;
  if (contract?.state === 'TERMINATED') return `已解约 · ${formatDateTime(contract.terminated_at)}`;
  return '未开通';
}

export function StatusCard({ contract, terminating, onTerminate }: Props) {
  const signed = contract?.state === 'SIGNED';
  return (
    <View className="card">
      <Text className="status">{statusLine(contract)}</Text>
      {signed ? (
        <View>
          <View className="row">扣款账户：{contract.contract_display_account}</View>
          {contract.contract_id ? <View className="row">协议编号：{contract.contract_id}</View> : null}
          <Button
            className="btn-small"
            size="mini"
            loading={flag(terminating)}
            disabled={flag(terminating)}
            onClick={onTerminate}
          >
            解约
          </Button>
        </View>
      ) : null}
    </View>
  );
}
