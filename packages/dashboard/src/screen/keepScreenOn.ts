interface WakeLockSentinelLike {
  release(): Promise<void>;
}

/**
 * Keeps the screen on (Wake Lock API where the browser has it), asking again whenever the page
 * is shown; returns the function that lets it sleep again. Free of React, so the public screen's
 * hook and the survey kiosk (which loads no React) share it.
 */
export function keepScreenOn(): () => void {
  const wakeLock = (navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<WakeLockSentinelLike> } }).wakeLock;
  if (!wakeLock) return () => {};
  let sentinel: WakeLockSentinelLike | undefined;
  let stopped = false;
  const request = () => {
    if (document.visibilityState !== 'visible') return;
    wakeLock.request('screen').then(
      (s) => {
        if (stopped) void s.release();
        else sentinel = s;
      },
      () => {}, // refused (battery saver, no user gesture): the screen's own settings apply
    );
  };
  request();
  document.addEventListener('visibilitychange', request);
  return () => {
    stopped = true;
    document.removeEventListener('visibilitychange', request);
    void sentinel?.release();
  };
}
