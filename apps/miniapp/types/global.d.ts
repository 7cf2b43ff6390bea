/// <reference types="@tarojs/taro" />

declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test';
    TARO_ENV: 'weapp' | 'h5';
    TARO_APP_BFF_URL?: string;
    TARO_APP_SIM_URL?: string;
    TARO_APP_APPID?: string;
  }
}
