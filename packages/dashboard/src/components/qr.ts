/**
 * QR codes drawn in the browser (uqr), as one SVG path of dark modules: sharp at any size, on a
 * poster or across the room on a kiosk. Free of React, so the survey poster (no React) and the
 * public screen share it.
 */
import { encode } from 'uqr';

export interface QrModules {
  /** Width and height in modules, quiet zone included. */
  size: number;
  /** SVG path data of the dark modules, one unit per module. */
  path: string;
}

/** The modules of `text`'s QR code (error correction M, the standard 4-module quiet zone). */
export function qrModules(text: string): QrModules {
  const { data, size } = encode(text, { ecc: 'M', border: 4 });
  const path = data.flatMap((row, y) => row.flatMap((dark, x) => (dark ? [`M${x} ${y}h1v1h-1z`] : []))).join('');
  return { size, path };
}
