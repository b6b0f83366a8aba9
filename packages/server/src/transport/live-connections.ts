/**
 * Live connections (graphql-ws sockets and SSE streams) counted per caller address, in one place
 * for both transports, so one address cannot hold the server's memory and file descriptors.
 */
export const CLOSE_TOO_MANY_CONNECTIONS = 4029;
export const CLOSE_TOO_SLOW = 4030;

export class LiveConnections {
  readonly #open = new Map<string, number>();

  constructor(private readonly maxPerAddress: number) {}

  /** Counts a new connection from `address`; false (and nothing counted) when it is over the limit. */
  tryOpen(address: string): boolean {
    const open = this.#open.get(address) ?? 0;
    if (open >= this.maxPerAddress) return false;
    this.#open.set(address, open + 1);
    return true;
  }

  /** Forgets one connection from `address`. */
  closed(address: string): void {
    const open = (this.#open.get(address) ?? 1) - 1;
    if (open > 0) this.#open.set(address, open);
    else this.#open.delete(address);
  }
}
