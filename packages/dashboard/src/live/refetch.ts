import { useEffect, useRef } from 'react';
import type { OperationContext } from 'urql';

/**
 * Fetches a query again (from the network) whenever `refresh` changes after the first render: a
 * live push's sequence or time is the cue for views whose data the push does not carry itself.
 */
export function useRefetchOn(refresh: unknown, reexecute: (context?: Partial<OperationContext>) => void): void {
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `refresh` is the cue to fetch again, not a value the effect reads
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    reexecute({ requestPolicy: 'network-only' });
  }, [refresh, reexecute]);
}
