import { useLaunch } from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { registerReturnHandling } from './return/return-handler';
import './styles/weui.subset.css';
import './styles/base.css';

/** The return from the signing mini program arrives at app level only: register once, at launch. */
function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    registerReturnHandling();
  });
  return children;
}

export default App;
