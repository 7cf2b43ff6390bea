import { Text, View } from '@tarojs/components';
import { serviceIntro } from '../copy/signing-copy';

/** The sub-merchant's explanation of the service; after opening it no longer says 「开通后」. */
export function ServiceIntro({ signed }: { signed: boolean }) {
  return (
    <View className="kit-section">
      {serviceIntro(signed).map((line) => (
        <Text key={line} className="kit-desc">
          {line}
        </Text>
      ))}
    </View>
  );
}
