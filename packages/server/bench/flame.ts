/**
 * A static flame graph (SVG) of a V8 CPU profile, so the docs can show where a request's time
 * goes without asking the reader to open DevTools. Frames are merged by function and file along
 * each stack (as flame graphs do), widths are samples, idle time is left out, and the colour says
 * who owns the frame: this project, Prisma, GraphQL/Yoga/Pothos, or Node itself.
 */

export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples?: number[];
}

interface Frame {
  name: string;
  owner: string;
  samples: number;
  children: Map<string, Frame>;
}

const WIDTH = 1200;
const ROW = 17;
/** Frames narrower than this many pixels are dropped (with their children): unreadable anyway. */
const MIN_PX = 0.6;

const COLOURS: Record<string, string> = {
  pantau: '#4e9a06',
  prisma: '#3465a4',
  graphql: '#c061cb',
  node: '#e9b96e',
  other: '#ef7f45',
};

/** Who owns a script URL, for the colour and the legend. */
export function ownerOf(url: string): string {
  if (!url || url.startsWith('node:')) return 'node';
  if (/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?(@prisma|pg|pg-protocol|pg-types|@electric-sql)\//.test(url)) return 'prisma';
  if (
    /node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?(graphql|graphql-yoga|@graphql-yoga|@graphql-tools|@envelop|@pothos|@whatwg-node|@escape\.tech)\//.test(url)
  )
    return 'graphql';
  if (url.includes('node_modules')) return 'other';
  return 'pantau';
}

/** A script URL as a reader wants it: the package path inside node_modules, or the path in this package. */
export const shortFile = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '')
    .replace(/.*\/packages\/server\//, '');

const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The profile as a merged stack tree: a frame's samples include its children's. */
function mergedTree(profile: CpuProfile): Frame {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const hits = new Map<number, number>();
  for (const id of profile.samples ?? []) hits.set(id, (hits.get(id) ?? 0) + 1);
  const root: Frame = { name: 'all', owner: 'node', samples: 0, children: new Map() };
  /** Every frame after its parent (the order they are made in). */
  const made: Frame[] = [root];
  // Iterative walk: profiles of deep recursion must not overflow the stack.
  const pending: Array<[number, Frame]> = (profile.nodes[0]!.children ?? []).map((id) => [id, root]);
  while (pending.length) {
    const [id, parent] = pending.pop()!;
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    const name = url ? `${functionName || '(anonymous)'} ${shortFile(url)}:${lineNumber + 1}` : functionName || '(anonymous)';
    let frame = parent.children.get(name);
    if (!frame) {
      frame = { name, owner: ownerOf(url), samples: 0, children: new Map() };
      parent.children.set(name, frame);
      made.push(frame);
    }
    frame.samples += hits.get(id) ?? 0;
    for (const child of node.children ?? []) pending.push([child, frame]);
  }
  // Self samples so far; children's added in reverse order of making, so each child is whole first.
  for (let i = made.length - 1; i >= 0; i--) for (const child of made[i]!.children.values()) made[i]!.samples += child.samples;
  return root;
}

/** An SVG flame graph of `profile` titled `title`. */
export function flameGraphSvg(profile: CpuProfile, title: string): string {
  const root = mergedTree(profile);
  const scale = root.samples ? WIDTH / root.samples : 0;
  const rects: string[] = [];
  let depthMax = 0;
  const pending: Array<[Frame, number, number]> = [[root, 0, 0]];
  while (pending.length) {
    const [frame, x, depth] = pending.pop()!;
    const width = frame.samples * scale;
    if (width < MIN_PX) continue;
    depthMax = Math.max(depthMax, depth);
    const pct = ((100 * frame.samples) / root.samples).toFixed(1);
    const label = width > 40 ? xmlText(frame.name.slice(0, Math.floor(width / 6.5))) : '';
    rects.push(
      `<g><title>${xmlText(frame.name)} (${pct}%)</title><rect x="${x.toFixed(1)}" y="{y${depth}}" width="${width.toFixed(1)}" height="${ROW - 1}" fill="${COLOURS[frame.owner]}"/>` +
        (label ? `<text x="${(x + 3).toFixed(1)}" y="{t${depth}}">${label}</text>` : '') +
        '</g>',
    );
    let childX = x;
    for (const child of [...frame.children.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      pending.push([child, childX, depth + 1]);
      childX += child.samples * scale;
    }
  }
  const top = 40;
  const height = top + (depthMax + 1) * ROW + 10;
  // Root at the bottom, callees above, as flame graphs are drawn.
  const body = rects
    .join('\n')
    .replace(/\{y(\d+)\}/g, (_, d) => String(height - 10 - (Number(d) + 1) * ROW))
    .replace(/\{t(\d+)\}/g, (_, d) => String(height - 10 - Number(d) * ROW - 5));
  const legend = Object.entries(COLOURS)
    .map(([owner, colour], i) => `<rect x="${760 + i * 88}" y="12" width="12" height="12" fill="${colour}"/><text x="${776 + i * 88}" y="22">${owner}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="monospace" font-size="11">
<title>${xmlText(title)}</title>
<rect width="100%" height="100%" fill="#fff"/>
<text x="4" y="22" font-size="14">${xmlText(title)}</text>${legend}
${body}
</svg>
`;
}
