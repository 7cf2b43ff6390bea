export default definePageConfig({
  navigationBarTitleText: '免密支付',
});
