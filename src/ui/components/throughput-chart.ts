// Finished deliveries per hour over the last 24 hours, as inline SVG drawn on the server: stacked
// bars (delivered, rejected, failed), with each hour's numbers in its tooltip.
import type { ThroughputHour } from '../../operations/operations.ts';
import { kyivTime } from '../format/dates.ts';
import { html } from '../html.ts';

const W = 760;
const H = 190;
const PAD = { left: 36, right: 8, top: 10, bottom: 24 };
const HOUR_MS = 3_600_000;
const SERIES = [
  { key: 'delivered', label: 'доставлено', color: '#1f7a3d' },
  { key: 'rejected', label: 'відхилено ДМС', color: '#a15c00' },
  { key: 'failed', label: 'не доставлено', color: '#b3261e' },
] as const;

/** The smallest "round" number (1, 2, 5 × 10^n) not below n, so the axis reads easily. */
function niceCeiling(n: number): number {
  if (n <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(n));
  return ([1, 2, 5, 10].find((f) => f * magnitude >= n) as number) * magnitude;
}

export function ThroughputChart({ hours }: { hours: ThroughputHour[] }) {
  const total = (h: ThroughputHour) => h.delivered + h.rejected + h.failed;
  const max = niceCeiling(Math.max(0, ...hours.map(total)));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, hours.length);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const sum = hours.reduce((s, h) => s + total(h), 0);

  const bars = (h: ThroughputHour, x: number) => {
    let base = 0;
    return SERIES.map((s) => {
      const v = h[s.key];
      if (v === 0) return null;
      const rect = html`<rect x="${x}" width="${slot * 0.7}" y="${y(base + v)}" height="${y(base) - y(base + v)}" fill="${s.color}"/>`;
      base += v;
      return rect;
    });
  };

  return html`<figure class="chart" style="margin:0">
    <svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="Завершені доставки за 24 години: ${sum}">
      <line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(0)}" y2="${y(0)}" stroke="#b9c2cd"/>
      <line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(max)}" y2="${y(max)}" stroke="#eef1f4"/>
      <text x="${PAD.left - 6}" y="${y(max) + 4}" text-anchor="end">${max}</text>
      <text x="${PAD.left - 6}" y="${y(0) + 4}" text-anchor="end">0</text>
      ${hours.map((h, i) => {
        const x = PAD.left + i * slot + slot * 0.15;
        return html`<g>
          <title>${kyivTime(h.hourStart)}–${kyivTime(h.hourStart + HOUR_MS)}: доставлено ${h.delivered}, відхилено ${h.rejected}, не доставлено ${h.failed}</title>
          ${bars(h, x)}
          ${i % 3 === 0 ? html`<text x="${x + slot * 0.35}" y="${H - 6}" text-anchor="middle">${kyivTime(h.hourStart)}</text>` : null}
        </g>`;
      })}
    </svg>
    <figcaption class="legend">
      ${SERIES.map((s) => html`<span><i style="background:${s.color}"></i>${s.label}</span>`)}
      <span>усього за 24 год: ${sum}</span>
    </figcaption>
  </figure>`;
}
