import { Text, View } from '@tarojs/components';
import { useEffect } from 'react';
import { HalfScreenDialog } from '../../components/half-screen-dialog';
import { PageNotice } from '../../components/page-notice';
import { ProductList } from '../../components/product-list';
import { ServiceIntro } from '../../components/service-intro';
import { StatusCard, TERMINATE_OPENER_ID } from '../../components/status-card';
import { TapButton } from '../../components/tap-button';
import { TERMINATE_DIALOG } from '../../copy/signing-copy';
import { env } from '../../env';
import { useHome } from '../../hooks/use-home';
import { a11y } from '../../lib/a11y';
import { revealById } from '../../platform/reveal';

/**
 * Top to bottom: what the service is, the status, the one action, the products, then the one
 * message. A message arrives below every button, so it never moves what the user is about to tap.
 */
export default function IndexPage() {
  const home = useHome();
  const { status, message, open, terminateDialog } = home.view;
  // A purchase's progress and outcome sit below the products: brought into view as they change.
  const paymentMessage = message?.owner === 'payment' ? message.text : undefined;
  useEffect(() => {
    if (paymentMessage) revealById('kit-message');
  }, [paymentMessage]);
  return (
    <View className="kit-root">
      <View className="kit-header" {...a11y({ role: 'banner' })}>
        <Text className="kit-title" {...a11y({ role: 'heading', 'aria-level': 1 })}>
          免密支付
        </Text>
        <Text className="kit-subtitle">{`${env.merchantName} · 微信支付`}</Text>
      </View>
      <View {...a11y({ role: 'main' })}>
        <ServiceIntro signed={status.kind === 'signed'} />
        <StatusCard status={status} onTerminate={home.terminate} />
        {open ? (
          <View className="kit-actions">
            <TapButton type="primary" control={open} onTap={home.open}>
              开通免密支付
            </TapButton>
          </View>
        ) : null}
        <ProductList products={home.view.products} onBuy={home.buy} />
        <View id="kit-message" className="kit-section" aria-live="polite">
          {message ? (
            <PageNotice message={message} onAction={home.runMessageAction} onDismiss={home.dismissMessage} />
          ) : null}
        </View>
      </View>
      <HalfScreenDialog
        id="terminate-dialog"
        open={terminateDialog.open}
        title={TERMINATE_DIALOG.title}
        desc={TERMINATE_DIALOG.desc()}
        confirmLabel={TERMINATE_DIALOG.confirm}
        cancelLabel={TERMINATE_DIALOG.cancel}
        destructive
        confirm={terminateDialog.confirm}
        returnFocusId={TERMINATE_OPENER_ID}
        onConfirm={home.confirmTerminate}
        onCancel={home.cancelTerminate}
      />
    </View>
  );
}
