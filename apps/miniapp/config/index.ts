import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

// Taro only defines TARO_APP_* found in .env files; CI and turbo pass them through the shell,
// so they are forwarded here. Every key is always defined (possibly '') so no bare
// `process.env.X` survives into the mini program bundle, where `process` does not exist.
const APP_ENV_KEYS = [
  'TARO_APP_BFF_URL',
  'TARO_APP_SIM_URL',
  'TARO_APP_APPID',
  'TARO_APP_MERCHANT_NAME',
] as const;
const appEnv = Object.fromEntries(APP_ENV_KEYS.map((key) => [key, JSON.stringify(process.env[key] ?? '')]));

// The h5 dev server proxies /v1 to the BFF, so `TARO_APP_BFF_URL=/` avoids CORS in the preview.
const bffProxyTarget = process.env.BFF_PROXY_TARGET ?? 'http://127.0.0.1:3000';

const outputRoot = process.env.MINIAPP_OUTPUT_ROOT || `dist/${process.env.TARO_ENV}`;
// weapp's darkmode reads the bar colours from theme.json (written by scripts/weui-subset.mjs).
const copyPatterns =
  process.env.TARO_ENV === 'weapp' ? [{ from: 'src/theme.json', to: `${outputRoot}/theme.json` }] : [];

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'kit-miniapp',
    date: '2026-11-28',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // MINIAPP_OUTPUT_ROOT lets the local stack and the e2e suite build an h5 bundle for their own
    // ports and appid without overwriting dist/.
    outputRoot,
    plugins: [],
    env: appEnv,
    defineConstants: {},
    copy: { patterns: copyPatterns, options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      postcss: {
        // Styles are in CSS px on WeUI's 375-wide metrics (see src/styles/): no rpx/rem conversion,
        // so text follows the user's zoom and font settings.
        pxtransform: { enable: false, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      devServer: {
        host: '127.0.0.1',
        port: 10086,
        proxy: { '/v1': { target: bffProxyTarget, changeOrigin: true } },
      },
      postcss: {
        pxtransform: { enable: false, config: {} },
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      // The preview bundle is Taro's h5 runtime (~320 KB); webpack's 244 KB hint is noise here.
      webpackChain(chain) {
        chain.performance.hints(false);
      },
    },
  };
  return merge({}, baseConfig, process.env.NODE_ENV === 'development' ? devConfig : prodConfig);
});
