// Colours and sizes of the two looks: the everyday one and presentation mode (large type,
// black on white with heavier lines). Every text colour meets WCAG AA on its background on
// screen, and AAA (7:1) in presentation, where it is read from the back of a room.

export interface Theme {
  name: "normal" | "presentation";
  font: string;
  fontSize: number;
  smallSize: number;
  bg: string;
  ink: string;
  inkSoft: string;
  grid: string;
  gridMajor: string;
  laneAlt: string;
  laneLine: string;
  gutterBg: string;
  axisBg: string;
  groupBg: string;
  bandFill: string;
  bandFillActive: string;
  /** A band's edges: light, so many bands side by side stay calm. */
  bandEdge: string;
  bandInk: string;
  bandChip: string;
  unseenFill: string;
  unseenInk: string;
  select: string;
  focus: string;
  link: string;
  gutter: number;
  axisH: number;
  bandH: number;
  /** The flag strip's height (one small mark per flag, above the lanes). */
  flagH: number;
  groupH: number;
  minLaneH: number;
  /** The least lane height accepted to fit every lane on the screen (see layout.ts). */
  fitLaneH: number;
  maxLaneH: number;
  glyphR: number;
  lineW: number;
  labelMax: number;
}

const FONT = '"DejaVu Sans", "Noto Sans", "Segoe UI", system-ui, sans-serif';

export const NORMAL: Theme = {
  name: "normal",
  font: FONT,
  fontSize: 12,
  smallSize: 11,
  bg: "#ffffff",
  ink: "#1d2733",
  inkSoft: "#4a5866",
  grid: "#eef0f2",
  gridMajor: "#c9ced4",
  laneAlt: "#f7f8f9",
  laneLine: "#e1e4e8",
  gutterBg: "#f6f5f1",
  axisBg: "#f6f5f1",
  groupBg: "#e9edf1",
  bandFill: "rgba(15,107,115,0.035)",
  bandFillActive: "rgba(15,107,115,0.12)",
  bandEdge: "rgba(15,107,115,0.22)",
  bandInk: "#0b4f55",
  bandChip: "#dcefee",
  unseenFill: "rgba(106,61,154,0.07)",
  unseenInk: "#553080",
  select: "#0f6b73",
  focus: "#8a5a00",
  link: "#4a5866",
  gutter: 124,
  axisH: 44,
  bandH: 24,
  flagH: 22,
  groupH: 22,
  minLaneH: 40,
  fitLaneH: 40,
  maxLaneH: 96,
  glyphR: 5,
  lineW: 1.25,
  labelMax: 200,
};

export const PRESENTATION: Theme = {
  ...NORMAL,
  name: "presentation",
  // Labels of at least 24 px: read from the back of a meeting room on a 1280x720 projector.
  fontSize: 24,
  smallSize: 24,
  ink: "#000000",
  inkSoft: "#1f1f1f",
  grid: "#e6e6e6",
  gridMajor: "#8c8c8c",
  laneAlt: "#f3f3f3",
  laneLine: "#bdbdbd",
  gutterBg: "#ffffff",
  axisBg: "#ffffff",
  groupBg: "#dedede",
  bandFill: "rgba(0,90,100,0.04)",
  bandFillActive: "rgba(0,90,100,0.12)",
  bandEdge: "rgba(0,90,100,0.3)",
  bandInk: "#00363b",
  bandChip: "#cfe7e8",
  unseenInk: "#3d1a66",
  select: "#005a64",
  focus: "#6b4500",
  link: "#1f1f1f",
  gutter: 190,
  axisH: 62,
  bandH: 34,
  // No flag strip: in presentation flags are steps, each drawn in full when it is reached,
  // and the lanes keep the room (every lane shows on a 1280x720 projector).
  flagH: 0,
  groupH: 30,
  minLaneH: 44,
  fitLaneH: 25,
  maxLaneH: 130,
  glyphR: 8,
  lineW: 2,
  labelMax: 320,
};

/** Relative luminance and contrast ratio (WCAG 2.x), for tests of the themes. */
export function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const v = hex.replace("#", "");
    const c = [0, 2, 4].map((i) => parseInt(v.slice(i, i + 2), 16) / 255).map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4));
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
