import { View } from '@tarojs/components';
import '../styles/loading.css';

/** WeUI's loading ring; decorative: the control or text beside it says what is running. */
export function Loading() {
  return <View className="weui-loading" aria-hidden="true" />;
}
