import { Button, View } from '@tarojs/components';
import { ErrorNotice } from '../../components/error-notice';
import { ReturnBanner } from '../../components/return-banner';
import { ServiceIntro } from '../../components/service-intro';
import { StatusCard } from '../../components/status-card';
import { useHome } from '../../hooks/use-home';
import { flag } from '../../lib/flag';
import './index.css';

export default function IndexPage() {
  const home = useHome();
  const signed = home.contract?.state === 'SIGNED';
  return (
    <View className="page">
      <ServiceIntro />
      {home.session.status === 'error' ? (
        <ErrorNotice error={home.session.error} onRetry={home.session.retry} />
      ) : null}
      <ReturnBanner
        state={home.signingReturn.state}
        onRefresh={home.signingReturn.refresh}
        onDismiss={home.signingReturn.dismiss}
      />
      {home.contractLoaded ? (
        <StatusCard contract={home.contract} terminating={home.terminating} onTerminate={home.terminate} />
      ) : null}
      <ErrorNotice error={home.contractError} onRetry={home.reloadContract} />
      <ErrorNotice error={home.terminateError} />
      {signed ? null : (
        <View className="actions">
          <Button
            type="primary"
            disabled={flag(!home.canOpen)}
            loading={flag(home.presign.status === 'loading')}
            onClick={home.open}
          >
            开通免密支付
          </Button>
          {home.presign.status === 'error' ? (
            <ErrorNotice error={home.presign.error} onRetry={home.retryPresign} />
          ) : null}
          <ErrorNotice error={home.launchError} onRetry={home.open} />
        </View>
      )}
    </View>
  );
}
