import { useEffect } from 'react';
import { keepScreenOn } from './keepScreenOn.ts';

/** Keeps the screen on while the component is shown (see keepScreenOn). */
export function useWakeLock(): void {
  useEffect(() => keepScreenOn(), []);
}
