// The legend: each entry kind belongs to one of nine categories, each with its own shape and
// a colour from the Okabe–Ito palette (distinguishable with the common colour-vision
// deficiencies; the shapes carry the meaning on their own in greyscale print).

export type Shape = "arrow" | "diamond" | "square" | "circle" | "ring" | "triangle" | "hexagon" | "bar" | "dot";

export interface Category {
  id: string;
  label: string;
  shape: Shape;
  colour: string;
  kinds: string[];
}

export const CATEGORIES: Category[] = [
  {
    id: "handover",
    label: "Referral, transfer, information shared",
    shape: "arrow",
    colour: "#0072B2",
    kinds: ["referral", "case_transfer", "information_shared", "information_request"],
  },
  {
    id: "decision",
    label: "Receipt, decision, assessment",
    shape: "diamond",
    colour: "#009E73",
    kinds: ["referral_received", "threshold_decision", "manager_decision", "assessment"],
  },
  {
    id: "meeting",
    label: "Meeting, conference, strategy discussion",
    shape: "square",
    colour: "#CC79A7",
    kinds: ["strategy_discussion", "child_protection_conference", "core_group", "cin_meeting", "marac", "meeting"],
  },
  { id: "contact", label: "Visit, appointment, contact", shape: "circle", colour: "#56B4E9", kinds: ["home_visit", "appointment", "contact"] },
  { id: "missed", label: "No access, missed appointment", shape: "ring", colour: "#E69F00", kinds: ["no_access_visit", "missed_appointment"] },
  {
    id: "concern",
    label: "Concern, incident, injury",
    shape: "triangle",
    colour: "#D55E00",
    kinds: ["concern_raised", "incident", "injury", "hospital_attendance"],
  },
  { id: "challenge", label: "Escalation, disagreement", shape: "hexagon", colour: "#1d2733", kinds: ["escalation", "disagreement"] },
  { id: "case", label: "Case opened, closed, family moved", shape: "bar", colour: "#6b6b6b", kinds: ["case_opened", "case_closed", "family_moved"] },
  { id: "note", label: "Note", shape: "dot", colour: "#8a8a8a", kinds: ["note"] },
];

const byKind = new Map<string, number>();
for (const [i, c] of CATEGORIES.entries()) for (const k of c.kinds) byKind.set(k, i);

/** The category index of an entry kind (unknown kinds are notes). */
export function categoryOf(kind: string): number {
  return byKind.get(kind) ?? CATEGORIES.length - 1;
}

/** The subset of a 2D context the drawing code uses (the canvas's, or the SVG writer's). */
export interface Pen {
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  closePath(): void;
  arc(x: number, y: number, r: number, a0: number, a1: number): void;
  rect(x: number, y: number, w: number, h: number): void;
}

/** Adds the glyph's outline centred on (x, y) with radius r to the current path. */
export function glyphPath(p: Pen, shape: Shape, x: number, y: number, r: number) {
  switch (shape) {
    case "arrow":
      p.moveTo(x - r, y - r);
      p.lineTo(x + r * 1.1, y);
      p.lineTo(x - r, y + r);
      p.closePath();
      break;
    case "diamond":
      p.moveTo(x, y - r * 1.2);
      p.lineTo(x + r * 1.2, y);
      p.lineTo(x, y + r * 1.2);
      p.lineTo(x - r * 1.2, y);
      p.closePath();
      break;
    case "square":
      p.rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
      break;
    case "circle":
    case "ring":
      p.moveTo(x + r, y);
      p.arc(x, y, r, 0, Math.PI * 2);
      p.closePath();
      break;
    case "triangle":
      p.moveTo(x, y - r * 1.15);
      p.lineTo(x + r * 1.1, y + r * 0.85);
      p.lineTo(x - r * 1.1, y + r * 0.85);
      p.closePath();
      break;
    case "hexagon":
      for (let i = 0; i < 6; i++) {
        const a = (Math.PI / 3) * i;
        const px = x + r * 1.1 * Math.cos(a),
          py = y + r * 1.1 * Math.sin(a);
        if (i === 0) p.moveTo(px, py);
        else p.lineTo(px, py);
      }
      p.closePath();
      break;
    case "bar":
      p.rect(x - r * 0.4, y - r * 1.3, r * 0.8, r * 2.6);
      break;
    case "dot":
      p.moveTo(x + r * 0.6, y);
      p.arc(x, y, r * 0.6, 0, Math.PI * 2);
      p.closePath();
      break;
  }
}

/**
 * How each kind of flag is drawn: one small mark in the flag strip above the lanes, its shape
 * and a colour from the Okabe–Ito palette (told apart with the common colour-vision
 * deficiencies and on a projector; the shape and the word carry the meaning on their own),
 * with a short word. The selected flag is drawn in full across the lanes (`drawn`). `means`
 * says in plain English what the flag points at (the legend).
 */
export const FLAG_STYLES: Record<string, { label: string; short: string; shape: Shape; colour: string; drawn: string; means: string }> = {
  lost_transfer: {
    label: "Lost transfer",
    short: "Lost transfer",
    shape: "triangle",
    colour: "#D55E00",
    drawn: "broken arrow to the lane that never answered",
    means: "information sent to another agency, with no record that it arrived or was acted on",
  },
  missed_escalation: {
    label: "Missed escalation",
    short: "Escalation",
    shape: "diamond",
    colour: "#E69F00",
    drawn: "pennant marker above the entry",
    means: "a concern serious enough to escalate that was not escalated",
  },
  delayed_response: {
    label: "Delayed response",
    short: "Delay",
    shape: "square",
    colour: "#0072B2",
    drawn: "bracket over the delay, with its length",
    means: "a response that came later than the concern called for",
  },
  child_not_seen: {
    label: "Child not seen",
    short: "Not seen",
    shape: "circle",
    colour: "#CC79A7",
    drawn: "hatched band over the period",
    means: "a long period in which no professional saw the child",
  },
  contradicting_records: {
    label: "Contradicting records",
    short: "Contradiction",
    shape: "hexagon",
    colour: "#009E73",
    drawn: "zigzag between the records",
    means: "records of the same event or fact that disagree",
  },
  repeated_concern: {
    label: "Repeated concern",
    short: "Repeated",
    shape: "arrow",
    colour: "#000000",
    drawn: "dotted chain through the concerns",
    means: "the same concern raised again and again without a change in what was done",
  },
};

/** A glyph's outline as SVG path data (for icons in the page, drawn like the canvas's). */
export function glyphD(shape: Shape, x: number, y: number, r: number): string {
  const d: string[] = [];
  const f = (v: number) => Math.round(v * 100) / 100;
  const pen: Pen = {
    beginPath() {},
    moveTo: (px, py) => void d.push(`M${f(px)} ${f(py)}`),
    lineTo: (px, py) => void d.push(`L${f(px)} ${f(py)}`),
    closePath: () => void d.push("Z"),
    arc: (cx, cy, cr) => void d.push(`M${f(cx + cr)} ${f(cy)}A${f(cr)} ${f(cr)} 0 1 0 ${f(cx - cr)} ${f(cy)}A${f(cr)} ${f(cr)} 0 1 0 ${f(cx + cr)} ${f(cy)}`),
    rect: (rx, ry, w, h) => void d.push(`M${f(rx)} ${f(ry)}h${f(w)}v${f(h)}h${f(-w)}Z`),
  };
  glyphPath(pen, shape, x, y, r);
  return d.join("");
}
