/** What the app's onShow / launch options carry that matters for the signing return. */
export interface ShowOptions {
  scene?: number;
  referrerInfo?: { appId?: string; extraData?: unknown };
}

export type ShowListener = (options: ShowOptions | undefined) => void;
