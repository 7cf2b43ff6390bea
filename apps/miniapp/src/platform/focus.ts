/** weapp: focus is the platform's (no keyboard); nothing to move. */
export function focusById(_id: string): void {}
