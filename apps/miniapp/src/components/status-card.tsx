import { Text, View } from '@tarojs/components';
import type { StatusView } from '../home/home.view';
import { formatDateTime } from '../lib/format';
import { Cell, CellGroup } from './cell';
import { Loading } from './loading';
import { TapButton } from './tap-button';

/** 「解约」, which opens the confirmation: focus comes back to it when the dialog closes. */
export const TERMINATE_OPENER_ID = 'status-terminate';

interface Props {
  status: StatusView;
  onTerminate: () => void;
}

/**
 * The status cell: 未开通 / 已开通 (since …, 扣款账户, 协议编号, 「解约」) / 已解约. Drawn from the first
 * frame (正在查询… while unknown, as tall as 未开通) so the button below never moves when it arrives.
 */
export function StatusCard({ status, onTerminate }: Props) {
  return (
    <View aria-live="polite">
      <CellGroup title="开通状态" className="kit-section">
        <StatusRows status={status} onTerminate={onTerminate} />
      </CellGroup>
    </View>
  );
}

function StatusRows({ status, onTerminate }: Props) {
  switch (status.kind) {
    case 'unknown':
      return (
        <Cell
          title={
            <View className="kit-inline">
              <Loading />
              <Text className="kit-inline__text">正在查询…</Text>
            </View>
          }
          desc="查询开通状态"
        />
      );
    case 'none':
      return <Cell title="未开通" desc="开通后付款无需输入支付密码" />;
    case 'terminated':
      return <Cell title="已解约" desc={`${formatDateTime(status.contract.terminated_at)} 解约`} />;
    case 'signed': {
      const { contract } = status;
      return (
        <>
          <Cell
            title="已开通"
            desc={`自 ${formatDateTime(contract.signed_at)} 起`}
            extra={
              <TapButton
                id={TERMINATE_OPENER_ID}
                size="mini"
                control={status.terminate}
                onTap={onTerminate}
                label="解约免密支付"
              >
                解约
              </TapButton>
            }
          />
          <Cell title="扣款账户" value={contract.contract_display_account} />
          {contract.contract_id ? (
            <Cell title="协议编号" desc={contract.contract_id} className="kit-cell_code" />
          ) : null}
        </>
      );
    }
  }
}
