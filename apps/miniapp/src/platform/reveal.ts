import Taro from '@tarojs/taro';

/** weapp: scroll the page so the element is in view (a payment's outcome below the products). */
export function revealById(id: string): void {
  Taro.pageScrollTo({ selector: `#${id}`, duration: 200 }).catch(() => {});
}
