import { html, nothing, svg, type TemplateResult } from 'lit';
import { linearScale, niceTicks } from '../../explain/chart-scale';
import type { NumberCurve } from '../../explain/what-if-curves';
import { axisTitle, describeCurve } from '../../explain/what-if-summary';
import { classLabel, type ModelManifest } from '../../manifest/manifest-types';
import { formatProbability } from '../formcast-result/formcast-result.component';

// Drawing units are CSS pixels: the chart is drawn at the width it is shown at (`width`), so its
// text keeps its size from a phone to a desktop column instead of scaling with a fixed viewBox.
const H = 160;
const M = { left: 44, right: 10, top: 16, bottom: 38 };
const Y_TICKS = [0, 0.5, 1];
/** Series styles cycle (colour and dash, so lines differ without colour too). */
export const SERIES_STYLES = 6;

export interface ChartView {
  readonly manifest: ModelManifest;
  readonly curve: NumberCurve;
  /** Width of the plot in CSS pixels. */
  readonly width: number;
  /** The data table is open (it is only rendered then: 120 rows are not free per keystroke). */
  readonly tableOpen: boolean;
  readonly onTableToggle: (input: string, open: boolean) => void;
}

function renderPlot(view: ChartView, title: string): TemplateResult {
  const { curve, manifest, width: W } = view;
  const points = curve.points;
  const x = linearScale([points[0]!.x, points.at(-1)!.x], [M.left, W - M.right]);
  const y = linearScale([0, 1], [H - M.bottom, M.top]);
  const current = points[curve.currentIndex]!;
  const classes = manifest.outputs.classes;
  const xTicks = niceTicks(points[0]!.x, points.at(-1)!.x, Math.max(2, Math.round(W / 80)));
  const cx = x(current.x);
  return html`<svg
    class="plot"
    viewBox="0 0 ${W} ${H}"
    width=${W}
    height=${H}
    role="img"
    aria-label="Line chart: probability of each class as ${title} varies from ${
      points[0]!.x
    } to ${points.at(-1)!.x}, the other inputs held; the current value ${current.x} is marked."
  >
    ${Y_TICKS.map(
      (t) =>
        svg`<line class="grid" x1=${M.left} x2=${W - M.right} y1=${y(t)} y2=${y(t)}></line>
          <text class="tick" x=${M.left - 4} y=${y(t) + 3} text-anchor="end">${t * 100}%</text>`,
    )}
    ${xTicks.map(
      (t) =>
        svg`<line class="axis" x1=${x(t)} x2=${x(t)} y1=${H - M.bottom} y2=${H - M.bottom + 4}></line>
          <text class="tick" x=${x(t)} y=${H - M.bottom + 14} text-anchor="middle">${t}</text>`,
    )}
    <line class="axis" x1=${M.left} x2=${W - M.right} y1=${H - M.bottom} y2=${H - M.bottom}></line>
    <text class="axis-title" x=${(M.left + W - M.right) / 2} y=${H - 6} text-anchor="middle">
      ${title}
    </text>
    <text
      class="axis-title"
      transform="rotate(-90)"
      x=${-(M.top + H - M.bottom) / 2}
      y="10"
      text-anchor="middle"
    >
      Probability
    </text>
    ${classes.map(
      (label, i) =>
        svg`<polyline
          class="series s${i % SERIES_STYLES} ${label === current.label ? 'top' : ''}"
          data-class=${label}
          points=${points.map((p) => `${x(p.x).toFixed(1)},${y(p.probabilities[i]!).toFixed(1)}`).join(' ')}
        ></polyline>`,
    )}
    <line class="marker" x1=${cx} x2=${cx} y1=${M.top - 4} y2=${H - M.bottom}></line>
    <circle
      class="marker-dot"
      cx=${cx}
      cy=${y(current.probabilities[classes.indexOf(current.label)]!)}
      r="3.5"
    ></circle>
    <text
      class="marker-label"
      x=${cx}
      y=${M.top - 6}
      text-anchor=${cx > W - 80 ? 'end' : cx < 80 ? 'start' : 'middle'}
    >
      now ${current.x}: ${classLabel(manifest, current.label)}
    </text>
  </svg>`;
}

function renderTable(view: ChartView, title: string): TemplateResult {
  const { curve, manifest } = view;
  const classes = manifest.outputs.classes;
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="Data: ${title}">
    <table data-input=${curve.spec.name}>
      <thead>
        <tr>
          <th scope="col">${title}</th>
          <th scope="col">Prediction</th>
          ${classes.map((c) => html`<th scope="col">${classLabel(manifest, c)}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${curve.points.map(
          (p, i) =>
            html`<tr
              class=${i === curve.currentIndex ? 'current' : ''}
              data-x=${p.x}
              data-label=${p.label}
            >
              <th scope="row">${p.x}${i === curve.currentIndex ? ' (current)' : ''}</th>
              <td>${classLabel(manifest, p.label)}</td>
              ${p.probabilities.map(
                (v, j) =>
                  html`<td data-class=${classes[j]!} data-value=${v}>${formatProbability(v)}</td>`,
              )}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/**
 * One number input's what-if chart: the probability of each class across the input's range, the
 * current value marked, a sentence saying where the prediction changes, and the points as a
 * table behind a disclosure (keyboard- and screen-reader-readable data).
 */
export function renderWhatIfChart(view: ChartView): TemplateResult {
  const { curve, manifest } = view;
  const title = axisTitle(curve);
  const name = curve.spec.name;
  return html`<figure
    class="chart"
    data-input=${name}
    data-current=${curve.points[curve.currentIndex]!.x}
  >
    <figcaption>
      <span class="chart-title">${title}</span>
      <span class="summary" data-testid="what-if-summary">${describeCurve(curve, manifest)}</span>
    </figcaption>
    ${renderPlot(view, title)}
    <details
      class="data"
      ?open=${view.tableOpen}
      @toggle=${(e: Event) => view.onTableToggle(name, (e.target as HTMLDetailsElement).open)}
    >
      <summary>Data table: ${title}, ${curve.points.length} points</summary>
      ${view.tableOpen ? renderTable(view, title) : nothing}
    </details>
  </figure>`;
}

/** The classes' line styles, once for all charts (the tables and sentences carry the same). */
export function renderLegend(manifest: ModelManifest): TemplateResult {
  return html`<ul class="legend" aria-hidden="true">
    ${manifest.outputs.classes.map(
      (label, i) =>
        html`<li>
          <svg viewBox="0 0 24 8" width="24" height="8">
            <line class="series s${i % SERIES_STYLES}" x1="0" x2="24" y1="4" y2="4"></line>
          </svg>
          ${classLabel(manifest, label)}
        </li>`,
    )}
  </ul>`;
}
