/**
 * Attributes Taro's component types omit (role, tabIndex, key handlers): h5 renders them on the
 * element, weapp's templates drop them. One cast here instead of one per component.
 */
export const a11y = (attrs: Record<string, unknown>): object => attrs;
