import { useMemo } from 'react';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json';
import { NUMERIC_TO_ALPHA2 } from '../map/iso-codes.js';

type Ring = [number, number][];

/**
 * Equirectangular projection, clipped to latitudes 84°N..58°S (little lives beyond, and Antarctica
 * would take a fifth of the height): plain and good enough for a choropleth of countries.
 */
const W = 960;
const TOP = 84;
const BOTTOM = -58;
const H = Math.round((W * (TOP - BOTTOM)) / 360);
const project = ([lon, lat]: [number, number]): [number, number] => [((lon + 180) / 360) * W, ((TOP - lat) / (TOP - BOTTOM)) * H];

function ringPath(ring: Ring): string {
  let d = '';
  let prevX: number | undefined;
  for (const [i, p] of ring.entries()) {
    const [x, y] = project(p);
    // A jump across the antimeridian starts a new sub-path instead of a line across the world.
    const jump = prevX !== undefined && Math.abs(x - prevX) > W / 2;
    d += `${i === 0 || jump ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
    prevX = x;
  }
  return `${d}Z`;
}

interface CountryShape {
  readonly code: string;
  readonly name: string;
  readonly d: string;
}

function shapes(): CountryShape[] {
  const topo = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const fc = feature(topo, topo.objects.countries);
  const out: CountryShape[] = [];
  for (const f of fc.features) {
    const code = NUMERIC_TO_ALPHA2[String(f.id ?? '')];
    if (code === undefined || code === 'AQ') continue;
    const g = f.geometry;
    const polys: Ring[][] = g.type === 'Polygon' ? [g.coordinates as Ring[]] : g.type === 'MultiPolygon' ? (g.coordinates as Ring[][]) : [];
    out.push({ code, name: f.properties?.name ?? code, d: polys.flatMap((rings) => rings.map(ringPath)).join('') });
  }
  return out;
}

/** A world map shaded by visits per country (alpha-2 code → visits); countries without visits stay neutral. */
export default function WorldMap({
  values,
  label,
  format,
}: {
  values: ReadonlyMap<string, number>;
  label: string;
  format: (n: number) => string;
}) {
  const countries = useMemo(shapes, []);
  const max = Math.max(1, ...values.values());
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="worldmap" role="img" aria-label={label}>
      {countries.map((c) => {
        const v = values.get(c.code) ?? 0;
        // Square root: a few big countries should not wash out every other one.
        const level = v === 0 ? 0 : 0.15 + 0.85 * Math.sqrt(v / max);
        return (
          <path
            key={c.code}
            d={c.d}
            className={v === 0 ? 'country' : 'country has-visits'}
            style={v === 0 ? undefined : { fillOpacity: level }}
          >
            <title>{`${c.name}: ${format(v)}`}</title>
          </path>
        );
      })}
    </svg>
  );
}
