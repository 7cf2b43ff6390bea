// weapp follows the system theme (`darkmode`): the bar colours come from theme.json, the page's from
// the WeUI tokens under prefers-color-scheme. h5 has no native bar to colour.
const weappTheme =
  process.env.TARO_ENV === 'weapp'
    ? {
        darkmode: true,
        themeLocation: 'theme.json',
        window: {
          backgroundTextStyle: '@bgTxtStyle',
          backgroundColor: '@bgColor',
          navigationBarBackgroundColor: '@navBgColor',
          navigationBarTitleText: '免密支付',
          navigationBarTextStyle: '@navTxtStyle',
        },
      }
    : {
        window: {
          backgroundTextStyle: 'light',
          navigationBarBackgroundColor: '#ededed',
          navigationBarTitleText: '免密支付',
          navigationBarTextStyle: 'black',
        },
      };

export default defineAppConfig({
  pages: ['pages/index/index'],
  ...weappTheme,
});
