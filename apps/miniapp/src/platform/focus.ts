/** weapp: focus is the platform's (no keyboard); nothing to move or trap. */
export function focusById(_id: string): void {}

export function trapFocus(_id: string, _onEscape: () => void): () => void {
  return () => {};
}
