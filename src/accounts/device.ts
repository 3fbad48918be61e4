import Bowser from 'bowser';

/** A user agent as a person reads it ("Chrome on Linux"), or null when it says nothing useful. */
export function readableDevice(userAgent: string | null): { browser: string; os: string } | null {
  if (!userAgent) return null;
  const { browser, os } = Bowser.parse(userAgent);
  if (!browser.name && !os.name) return null;
  return { browser: browser.name ?? '?', os: os.name ?? '?' };
}
