import type { BffReply } from './fake-bff';

const releases: Array<() => void> = [];

/** A fake-BFF reply held back until the test releases it, to look at the page while the request runs. */
export function held(reply: BffReply) {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  releases.push(release);
  const handler = async (): Promise<BffReply> => {
    await gate;
    return reply;
  };
  return { handler, release };
}

/** After each test (setup.ts): a failing test must not leave a request hanging on the fake BFF. */
export function releaseHeld(): void {
  for (const release of releases.splice(0)) release();
}
