import { Text, View } from '@tarojs/components';

/** The sub-merchant's explanation of the password-exempt service, shown before the user opens it. */
export function ServiceIntro() {
  return (
    <View className="card">
      <Text className="title">免密支付</Text>
      <View className="row">开通后，在本商户消费时由微信支付自动扣款，无需输入支付密码。</View>
      <View className="row">可随时在此页面或微信「服务-钱包-支付设置」中解约。</View>
    </View>
  );
}
