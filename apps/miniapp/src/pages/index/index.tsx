import { View } from '@tarojs/components';
import { PageNotice } from '../../components/page-notice';
import { ServiceIntro } from '../../components/service-intro';
import { StatusCard } from '../../components/status-card';
import { TapButton } from '../../components/tap-button';
import { useHome } from '../../hooks/use-home';
import './index.css';

export default function IndexPage() {
  const home = useHome();
  const { status, message, open } = home.view;
  return (
    <View className="page">
      <ServiceIntro />
      {message ? (
        <PageNotice message={message} onAction={home.runMessageAction} onDismiss={home.dismissMessage} />
      ) : null}
      <StatusCard status={status} onTerminate={home.terminate} />
      {open ? (
        <View className="actions">
          <TapButton type="primary" control={open} onTap={home.open}>
            开通免密支付
          </TapButton>
        </View>
      ) : null}
    </View>
  );
}
