import { HeartbeatDocument } from '@pantau/schema';
import { useSubscription } from 'urql';
import { useI18n } from './i18n.ts';

/** Shows the latest server heartbeat, so a public screen visibly proves it is still receiving live data. */
export function LiveStatus() {
  const { t } = useI18n();
  const [{ data, error }] = useSubscription({ query: HeartbeatDocument });
  const beat = data?.heartbeat;
  const live = Boolean(beat) && !error;
  return (
    <span className={live ? 'live live-on' : 'live'} role="status" data-testid="live-status">
      {live && beat ? `${t.live} · ${beat.instance} #${beat.sequence}` : t.waitingForServer}
    </span>
  );
}
