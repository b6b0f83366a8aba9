/**
 * `pnpm --filter @pantau/server witness --url <instance> [--url <another>] --dir <folder> [--interval <s>] [--once]`:
 * an independent witness of Pantau's score logs. Every round it reads each log's newest signed
 * head from every instance, checks the signature and the consistency with the head it kept last,
 * mirrors the new entries into its folder and keeps the head. The moment a log was rewritten or
 * forked it prints the alarm, naming the first entry that differs, and exits 2. Needs no database
 * and no credentials: only the public HTTP + JSON protocol (docs/ledger.md).
 */
import { log } from '../logger.js';
import { describeAlarm, witnessRound } from '../witness/witness.js';
import { parseCliArgs, UsageError, wholeNumber } from './args.js';
import { runCli } from './run.js';

export const WITNESS_USAGE = 'usage: pnpm --filter @pantau/server witness --url <instance> [--url <another>] --dir <folder> [--interval <seconds>] [--once]';

function options(args: string[]) {
  const parsed = parseCliArgs(
    args,
    {
      url: { type: 'string', multiple: true },
      dir: { type: 'string' },
      interval: { type: 'string', default: '10' },
      once: { type: 'boolean', default: false },
    },
    WITNESS_USAGE,
  ).values;
  const urls = parsed.url ?? [];
  if (!urls.length || !parsed.dir) throw new UsageError(`--url and --dir are required (${WITNESS_USAGE})`);
  for (const u of urls) if (!/^https?:\/\//.test(u)) throw new UsageError(`--url must be an http(s) URL, got "${u}"`);
  const interval = wholeNumber('interval', parsed.interval, { min: 1, max: 86_400, usage: WITNESS_USAGE });
  return { urls, dir: parsed.dir, intervalMs: interval * 1000, once: parsed.once };
}

runCli(async (args) => {
  const { urls, dir, intervalMs, once } = options(args);
  for (;;) {
    for (const url of urls) {
      let round: Awaited<ReturnType<typeof witnessRound>>;
      try {
        round = await witnessRound(url, dir);
      } catch (err) {
        if (once) throw err;
        log.warn({ err, url }, 'witness round failed; trying again next round');
        continue;
      }
      for (const line of round.lines) console.log(`${new Date().toISOString()} ${url} ${line}`);
      if (round.alarms.length) {
        console.error(
          `WITNESS ALARM: ${round.alarms.length} log${round.alarms.length === 1 ? '' : 's'} of ${url} differ from what this witness kept in ${dir}`,
        );
        for (const alarm of round.alarms) console.error(`  ${alarm.origin}: ${describeAlarm(alarm)}`);
        process.exitCode = 2;
        return;
      }
    }
    if (once) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
});
