import { Text, View } from '@tarojs/components';
import { a11y } from '../lib/a11y';
import '../styles/loading.css';

/** WeUI's loading ring; decorative: the control or text beside it says what is running. */
export function Loading() {
  return <View className="weui-loading" aria-hidden="true" />;
}

interface ToastProps {
  text: string;
  /** A spinner above the text while something runs. */
  loading?: boolean;
}

/** A WeUI toast drawn by the page (not the platform's), so assistive technology hears it. */
export function Toast({ text, loading }: ToastProps) {
  return (
    <View className="weui-toast" {...a11y({ role: 'status' })} aria-live="polite">
      {loading ? <Loading /> : null}
      <Text>{text}</Text>
    </View>
  );
}
