import Taro from '@tarojs/taro';
import type { ShowListener } from '../return/types';

/**
 * weapp: the return from the signing mini program arrives only at app level. A cold start carries
 * it in the launch options; a warm one in onAppShow (page useDidShow gets no options in Taro).
 */
export function watchAppShows(listener: ShowListener): void {
  listener(Taro.getLaunchOptionsSync());
  Taro.onAppShow((options) => listener(options));
}
