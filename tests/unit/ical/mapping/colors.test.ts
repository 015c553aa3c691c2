// Color math for the color option: sRGB → CIELAB against published values, CIEDE2000 against
// Sharma, Wu & Dalal's test data, nearest palette color, every calendar-color spelling, and RFC 7986
// CSS color names both ways.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cssColorHex, cssColorName, deltaE2000, deltaE76, fetchedColor, nearestColor, OUTLOOK_CATEGORY_COLORS, parseColor, srgbToLab, type Lab,
} from "../../../../src/ical";

const lab = (L: number, a: number, b: number): Lab => ({ L, a, b });
const hexColor = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map((c) => `#${c.map((x) => x.toString(16).padStart(2, "0")).join("")}`);

describe("srgbToLab", () => {
  it.each([
    ["#ffffff", 100, 0, 0],
    ["#000000", 0, 0, 0],
    ["#808080", 53.585, 0, 0],
    ["#ff0000", 53.2408, 80.0925, 67.2032],
    ["#0000ff", 32.297, 79.1875, -107.8602],
  ] as const)("%s", (hex, L, a, b) => {
    const out = srgbToLab({ hex });
    expect(out.L).toBeCloseTo(L, 3);
    expect(out.a).toBeCloseTo(a, 3);
    expect(out.b).toBeCloseTo(b, 3);
  });

  it("ΔE76 of pure red and pure green is 170.57", () => {
    expect(deltaE76({ a: srgbToLab({ hex: "#ff0000" }), b: srgbToLab({ hex: "#00ff00" }) })).toBeCloseTo(170.565, 2);
  });
});

describe("deltaE2000 (Sharma, Wu & Dalal 2005 test pairs)", () => {
  it.each([
    [lab(50, 2.6772, -79.7751), lab(50, 0, -82.7485), 2.0425],
    [lab(50, 3.1571, -77.2803), lab(50, 0, -82.7485), 2.8615],
    [lab(50, 2.8361, -74.02), lab(50, 0, -82.7485), 3.4412],
    [lab(50, 0, 0), lab(50, -1, 2), 2.3669],
    [lab(50, 2.5, 0), lab(73, 25, -18), 27.1492],
    [lab(50, 2.5, 0), lab(61, -5, 29), 22.8977],
    [lab(50, 2.5, 0), lab(56, -27, -3), 31.903],
    [lab(50, 2.5, 0), lab(58, 24, 15), 19.4535],
    [lab(50, 2.5, 0), lab(50, 3.1736, 0.5854), 1.0],
    [lab(60.2574, -34.0099, 36.2677), lab(60.4626, -34.1751, 39.4387), 1.2644],
    [lab(63.0109, -31.0961, -5.8663), lab(62.8187, -29.7946, -4.0864), 1.263],
    [lab(22.7233, 20.0904, -46.694), lab(23.0331, 14.973, -42.5619), 2.0373],
  ])("%o vs %o = %f, in either order", (a, b, expected) => {
    expect(deltaE2000({ a, b })).toBeCloseTo(expected, 4);
    expect(deltaE2000({ a: b, b: a })).toBeCloseTo(expected, 4);
  });
});

describe("parseColor", () => {
  it.each([
    ["#FF8800FF", "#ff8800"], // Apple / Nextcloud / DAVx5 write alpha; it is dropped
    ["#ff880080", "#ff8800"],
    ["ff8800", "#ff8800"],
    ["#F80", "#ff8800"],
    ["#F80C", "#ff8800"],
    [" SteelBlue ", "#4682b4"],
    ["rebeccapurple", "#663399"],
    ["#12345", undefined],
    ["not-a-color", undefined],
    ["", undefined],
  ] as const)("%j → %s", (value, expected) => {
    expect(parseColor({ value })).toBe(expected);
  });
});

describe("nearestColor", () => {
  it("a palette color is its own nearest color, at distance 0", () => {
    fc.assert(
      fc.property(fc.nat(OUTLOOK_CATEGORY_COLORS.length - 1), (i) => {
        const entry = OUTLOOK_CATEGORY_COLORS[i]!;
        expect(nearestColor({ color: entry.hex.toUpperCase() + "FF", palette: OUTLOOK_CATEGORY_COLORS })).toEqual({ entry, deltaE: 0 });
      }),
    );
  });

  it.each([
    ["#d32f2f", "Red"], // Material red
    ["#0082c9", "Blue"], // Nextcloud's default calendar blue
    ["#000000", "Black"],
    ["#ffeb3b", "Yellow"],
    ["#1b5e20", "DarkGreen"],
  ] as const)("%s → Outlook %s", (color, id) => {
    expect(nearestColor({ color, palette: OUTLOOK_CATEGORY_COLORS })?.entry.id).toBe(id);
  });

  it("is undefined for an empty palette or an unreadable color", () => {
    expect(nearestColor({ color: "#ffffff", palette: [] })).toBeUndefined();
    expect(nearestColor({ color: "nope", palette: OUTLOOK_CATEGORY_COLORS })).toBeUndefined();
  });

  it("never picks an entry farther than another one", () => {
    fc.assert(
      fc.property(hexColor, (color) => {
        const best = nearestColor({ color, palette: OUTLOOK_CATEGORY_COLORS })!;
        const target = srgbToLab({ hex: color });
        for (const e of OUTLOOK_CATEGORY_COLORS) expect(deltaE2000({ a: target, b: srgbToLab({ hex: e.hex }) })).toBeGreaterThanOrEqual(best.deltaE - 1e-9);
      }),
    );
  });
});

describe("fetchedColor", () => {
  it("takes the server color as it is when Thunderbird needs no palette", () => {
    expect(fetchedColor({ serverColor: "#0082C9FF" })).toBe("#0082c9");
  });

  it("maps onto the palette when one is given", () => {
    expect(fetchedColor({ serverColor: "#0082C9FF", palette: OUTLOOK_CATEGORY_COLORS })).toBe("#3267b8");
  });

  it("is undefined when the server has no readable color", () => {
    expect(fetchedColor({ serverColor: undefined })).toBeUndefined();
    expect(fetchedColor({ serverColor: "transparent", palette: OUTLOOK_CATEGORY_COLORS })).toBeUndefined();
  });
});

describe("CSS color names (RFC 7986 COLOR)", () => {
  it("reads names case-insensitively", () => {
    expect(cssColorHex({ name: "SteelBlue" })).toBe("#4682b4");
    expect(cssColorHex({ name: "Grey" })).toBe("#808080");
    expect(cssColorHex({ name: "steel blue" })).toBeUndefined();
  });

  it("writes the first name of a color that has two, else the nearest name", () => {
    expect(cssColorName({ hex: "#00ffff" })).toBe("aqua");
    expect(cssColorName({ hex: "#808080" })).toBe("gray");
    expect(cssColorName({ hex: "#663399" })).not.toBe("rebeccapurple"); // CSS Color 4, not CSS3
    expect(cssColorName({ hex: "#4682b5" })).toBe("steelblue");
  });

  it("a written name reads back as the nearest CSS color", () => {
    fc.assert(
      fc.property(hexColor, (hex) => {
        const back = cssColorHex({ name: cssColorName({ hex }) })!;
        expect(cssColorName({ hex: back })).toBe(cssColorName({ hex }));
      }),
    );
  });
});
