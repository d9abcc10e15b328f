/** Minimal SVG building: numbers in mm with 2 decimals, text escaped. */

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function mm(x: number): string {
  return (Math.round(x * 100) / 100).toString();
}

export function attrs(a: Record<string, string | number | undefined>): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? mm(v) : esc(v as string)}"`)
    .join('');
}

export function text(x: number, y: number, content: string, a: Record<string, string | number | undefined> = {}): string {
  return `<text${attrs({ x, y, 'font-family': 'Helvetica, Arial, sans-serif', 'font-size': 3, ...a })}>${esc(content)}</text>`;
}

export function rect(x: number, y: number, width: number, height: number, a: Record<string, string | number | undefined> = {}): string {
  return `<rect${attrs({ x, y, width, height, ...a })}/>`;
}

export function line(x1: number, y1: number, x2: number, y2: number, a: Record<string, string | number | undefined> = {}): string {
  return `<line${attrs({ x1, y1, x2, y2, ...a })}/>`;
}

/** "hh:mm:ss" from seconds. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export const SEVERITY_COLOUR: Record<string, string> = { urgent: '#d62728', warning: '#ff7f0e', info: '#1f77b4' };
export const LABEL_COLOUR: Record<string, string> = { N: '#222222', S: '#1f5fbf', V: '#d62728', Q: '#888888' };
