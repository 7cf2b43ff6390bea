/**
 * The simulator's pages return by redirecting to `return_url` with parameters added. Hash routing
 * puts the page in the fragment, so they may sit before it or inside it: both are read and removed.
 */
export function queryParts(href: string): URLSearchParams[] {
  const url = new URL(href);
  const parts = [url.searchParams];
  const hashQuery = url.hash.indexOf('?');
  if (hashQuery >= 0) parts.push(new URLSearchParams(url.hash.slice(hashQuery + 1)));
  return parts;
}

/** `href` without `keys`, wherever they sit (query or hash route). */
export function removeParams(href: string, keys: readonly string[]): string {
  const url = new URL(href);
  for (const key of keys) url.searchParams.delete(key);
  const hashQuery = url.hash.indexOf('?');
  if (hashQuery >= 0) {
    const inner = new URLSearchParams(url.hash.slice(hashQuery + 1));
    for (const key of keys) inner.delete(key);
    const rest = inner.toString();
    url.hash = url.hash.slice(0, hashQuery) + (rest ? `?${rest}` : '');
  }
  return url.toString();
}
