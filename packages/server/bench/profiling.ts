/**
 * The sampling profiler around a piece of load, for `pnpm run profile` and the fan-out suite's
 * FANOUT_PROFILE: one way to take a profile and one place it is written.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { repoRoot } from '../src/paths.js';
import { flameGraphSvg, type CpuProfile } from './flame.js';

/** Runs `run` under V8's sampling profiler (a sample every 100 µs) in this process. */
export async function underProfiler<T>(run: () => Promise<T>): Promise<{ result: T; profile: CpuProfile }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const stop = async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    return profile as CpuProfile;
  };
  let result: T;
  try {
    result = await run();
  } catch (err) {
    await stop();
    throw err;
  }
  return { result, profile: await stop() };
}

/**
 * Writes `bench/results/profile-<name>.cpuprofile` (for DevTools or speedscope) and its flame
 * graph beside it as `.svg`, plus the graph to each of `alsoSvg` (paths from the repository root).
 */
export function writeProfile(name: string, profile: CpuProfile, title: string, alsoSvg: string[] = []): void {
  const out = path.join(repoRoot, 'bench/results', `profile-${name}.cpuprofile`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(profile));
  const svg = flameGraphSvg(profile, title);
  const files = [out, out.replace(/\.cpuprofile$/, '.svg'), ...alsoSvg.map((file) => path.resolve(repoRoot, file))];
  for (const file of files.slice(1)) fs.writeFileSync(file, svg);
  console.log(`wrote ${files.map((file) => path.relative(repoRoot, file)).join(', ')}`);
}
