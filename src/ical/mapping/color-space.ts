// Color distance as people see it: sRGB hex → CIELAB (D65 white, IEC 61966-2-1 transfer curve),
// and the two standard differences, ΔE*76 (Euclidean in Lab) and CIEDE2000 (Sharma, Wu & Dalal
// 2005, kL = kC = kH = 1). RGB distance would call a dark blue nearer to black than to navy;
// Lab distance follows perception, which is what "nearest category color" has to mean.

export interface Lab {
  L: number;
  a: number;
  b: number;
}

const DEG = Math.PI / 180;
// D65 reference white of the sRGB primaries (the Y = 1 row of the matrix below).
const WHITE = { x: 0.95047, y: 1.0, z: 1.08883 };

/** "#rrggbb" → [r, g, b] in 0..255; the caller passes a parsed color (colors.ts parseColor). */
export function hexToRgb(params: { hex: string }): [number, number, number] {
  const n = Number.parseInt(params.hex.replace(/^#/, ""), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

function linear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function labF(t: number): number {
  const d = 6 / 29;
  return t > d ** 3 ? Math.cbrt(t) : t / (3 * d * d) + 4 / 29;
}

export function srgbToLab(params: { hex: string }): Lab {
  const [r, g, b] = hexToRgb(params).map(linear) as [number, number, number];
  const x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = 0.0193339 * r + 0.119192 * g + 0.9503041 * b;
  const fx = labF(x / WHITE.x);
  const fy = labF(y / WHITE.y);
  const fz = labF(z / WHITE.z);
  return { L: 116 * fy - 16, a: 500 * (fx - fy), b: 200 * (fy - fz) };
}

export function deltaE76(params: { a: Lab; b: Lab }): number {
  const { a, b } = params;
  return Math.hypot(a.L - b.L, a.a - b.a, a.b - b.b);
}

/** Hue angle in degrees, 0..360; 0 for a neutral color (a = b = 0), as the formula defines. */
function hue(b: number, a: number): number {
  if (a === 0 && b === 0) return 0;
  const h = Math.atan2(b, a) / DEG;
  return h < 0 ? h + 360 : h;
}

export function deltaE2000(params: { a: Lab; b: Lab }): number {
  const { a: c1, b: c2 } = params;
  const cBar = (Math.hypot(c1.a, c1.b) + Math.hypot(c2.a, c2.b)) / 2;
  const g = 0.5 * (1 - Math.sqrt(cBar ** 7 / (cBar ** 7 + 25 ** 7)));
  const a1 = (1 + g) * c1.a;
  const a2 = (1 + g) * c2.a;
  const cp1 = Math.hypot(a1, c1.b);
  const cp2 = Math.hypot(a2, c2.b);
  const h1 = hue(c1.b, a1);
  const h2 = hue(c2.b, a2);

  const dL = c2.L - c1.L;
  const dC = cp2 - cp1;
  let dh = 0;
  if (cp1 * cp2 !== 0) {
    dh = h2 - h1;
    if (dh > 180) dh -= 360;
    else if (dh < -180) dh += 360;
  }
  const dH = 2 * Math.sqrt(cp1 * cp2) * Math.sin((dh / 2) * DEG);

  const lBar = (c1.L + c2.L) / 2;
  const cpBar = (cp1 + cp2) / 2;
  let hBar = h1 + h2;
  if (cp1 * cp2 !== 0) {
    if (Math.abs(h1 - h2) <= 180) hBar = (h1 + h2) / 2;
    else hBar = h1 + h2 < 360 ? (h1 + h2 + 360) / 2 : (h1 + h2 - 360) / 2;
  }
  const t =
    1 - 0.17 * Math.cos((hBar - 30) * DEG) + 0.24 * Math.cos(2 * hBar * DEG) + 0.32 * Math.cos((3 * hBar + 6) * DEG) - 0.2 * Math.cos((4 * hBar - 63) * DEG);
  const dTheta = 30 * Math.exp(-(((hBar - 275) / 25) ** 2));
  const rC = 2 * Math.sqrt(cpBar ** 7 / (cpBar ** 7 + 25 ** 7));
  const sL = 1 + (0.015 * (lBar - 50) ** 2) / Math.sqrt(20 + (lBar - 50) ** 2);
  const sC = 1 + 0.045 * cpBar;
  const sH = 1 + 0.015 * cpBar * t;
  const rT = -Math.sin(2 * dTheta * DEG) * rC;
  const l = dL / sL;
  const c = dC / sC;
  const h = dH / sH;
  return Math.sqrt(l * l + c * c + h * h + rT * c * h);
}
