/**
 * Taro's H5 button reflects a false boolean prop as `disabled="false"`, and its stylesheet matches
 * `[disabled]` by presence — an enabled button then looks disabled. Passing undefined instead of
 * false leaves the attribute out; weapp treats both the same.
 */
export const flag = (on: boolean): true | undefined => (on ? true : undefined);
