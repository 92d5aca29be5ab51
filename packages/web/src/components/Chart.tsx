import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  readonly label: string;
  readonly values: readonly (number | null)[];
  readonly dashed?: boolean;
}

/**
 * A line chart drawn by uPlot on a canvas. Its colours come from CSS custom properties, so it follows
 * the light or dark theme. The data is also given as a table next to it for screen readers.
 */
export default function Chart({ labels, series, height = 240 }: { labels: readonly string[]; series: readonly Series[]; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const css = getComputedStyle(document.documentElement);
    const colour = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
    const axis = { stroke: colour('--fg-muted', '#555'), grid: { stroke: colour('--border', '#ddd'), width: 1 }, ticks: { show: false } };
    const opts: uPlot.Options = {
      width: Math.max(280, el.clientWidth),
      height,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false } },
      axes: [
        { ...axis, space: 90, values: (_u, splits) => splits.map((i) => labels[Math.round(i)] ?? '') },
        { ...axis, size: 56 },
      ],
      series: [
        { label: '', value: (_u, i) => (i === null ? '' : (labels[Math.round(i)] ?? '')) },
        ...series.map((s, i) => ({
          label: s.label,
          stroke: colour(i === 0 ? '--accent' : '--accent-2', i === 0 ? '#0b62c4' : '#8a4b08'),
          width: 2,
          ...(s.dashed ? { dash: [6, 4] } : {}),
          points: { show: labels.length < 40 },
        })),
      ],
    };
    const data: uPlot.AlignedData = [labels.map((_, i) => i), ...series.map((s) => s.values.map((v) => v ?? null))];
    const plot = new uPlot(opts, data, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [labels, series, height]);
  return <div ref={box} className="chart" aria-hidden="true" />;
}
